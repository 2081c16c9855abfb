package cloud

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReleaseStoreEnsureBucket(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		region  string
		replies map[string][]reply
		calls   []string
		want    error // the kind of the error, nil for success
		// location is the LocationConstraint CreateBucket must send, "" for none.
		location string
	}{
		{
			name: "exists", reason: "an existing bucket is left alone", region: "us-east-1",
			replies: map[string][]reply{"HeadBucket": {s3OK("")}}, calls: []string{"HeadBucket"},
		},
		{
			name: "created in us-east-1", reason: "us-east-1 takes no location constraint", region: "us-east-1",
			replies: map[string][]reply{"HeadBucket": {headError(404)}, "CreateBucket": {s3OK("")}},
			calls:   []string{"HeadBucket", "CreateBucket"},
		},
		{
			name: "created elsewhere", reason: "any other region must be named, or S3 creates the bucket in us-east-1", region: "eu-west-1",
			replies:  map[string][]reply{"HeadBucket": {headError(404)}, "CreateBucket": {s3OK("")}},
			calls:    []string{"HeadBucket", "CreateBucket"},
			location: "eu-west-1",
		},
		{
			name: "created meanwhile by us", reason: "a concurrent publish created it: ours, so done", region: "us-east-1",
			replies: map[string][]reply{"HeadBucket": {headError(404)}, "CreateBucket": {s3Error(409, "BucketAlreadyOwnedByYou",
				"Your previous request to create the named bucket succeeded and you already own it.")}},
			calls: []string{"HeadBucket", "CreateBucket"},
		},
		{
			name: "head denied", reason: "a bucket the identity may not read is not created over", region: "us-east-1",
			replies: map[string][]reply{"HeadBucket": {headError(403)}}, calls: []string{"HeadBucket"}, want: ErrAccessDenied,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stub := newStub(t, tc.replies)
			err := (&releaseStore{s3: stub.s3(), region: tc.region}).EnsureBucket(context.Background(), "panther-releases")
			if !errors.Is(err, tc.want) {
				t.Fatalf("EnsureBucket = %v, want %v (%s)", err, tc.want, tc.reason)
			}
			if ops := stub.operations(); !reflect.DeepEqual(ops, tc.calls) {
				t.Errorf("calls = %q, want %q", ops, tc.calls)
			}
			if creates := stub.callsTo("CreateBucket"); len(creates) == 1 {
				body := creates[0].body
				if tc.location == "" && strings.Contains(body, "LocationConstraint") ||
					tc.location != "" && !strings.Contains(body, "<LocationConstraint>"+tc.location+"</LocationConstraint>") {
					t.Errorf("CreateBucket body %q, want location constraint %q", body, tc.location)
				}
			}
		})
	}
}

func TestReleaseStoreObjects(t *testing.T) {
	const hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	stub := newStub(t, map[string][]reply{
		"HeadObject": {{status: 200, header: map[string]string{"X-Amz-Meta-Sha256": hash, "Content-Length": "4"}}},
		"PutObject":  {{status: 200, header: map[string]string{"ETag": `"098f6bcd4621d373cade4e832627b4f6"`}}},
		"GetObject":  {{status: 200, contentType: "application/json", body: `{"version":"v1.0.0"}`}},
	})
	ctx := context.Background()
	store := &releaseStore{s3: stub.s3(), region: "us-east-1"}
	if got, err := store.ContentHash(ctx, "panther-releases", "v1.0.0/core.yml"); err != nil || got != hash {
		t.Errorf("ContentHash = %q, %v, want the recorded sha256 metadata", got, err)
	}
	if err := store.Put(ctx, "panther-releases", "v1.0.0/core.yml", []byte("test"), hash); err != nil {
		t.Fatal(err)
	}
	put := stub.callsTo("PutObject")[0]
	if put.body != "test" || put.header.Get("X-Amz-Meta-Sha256") != hash {
		t.Errorf("PutObject sent %q with sha256 %q, want the object's bytes and their recorded hash", put.body, put.header.Get("X-Amz-Meta-Sha256"))
	}
	data, err := (&objectReader{s3: stub.s3()}).Get(ctx, "panther-releases", "v1.0.0/manifest.json")
	if err != nil || string(data) != `{"version":"v1.0.0"}` {
		t.Errorf("Get = %q, %v", data, err)
	}
}

func TestObjectReaderURL(t *testing.T) {
	stub := newStub(t, nil)
	got, err := (&objectReader{s3: stub.s3()}).URL(context.Background(), "panther-releases", "v1.0.0/core.yml")
	want := "https://panther-releases.s3.us-east-1.amazonaws.com/v1.0.0/core.yml"
	if err != nil || got != want {
		t.Errorf("URL = %q, %v, want %q: no query string, no call to AWS", got, err, want)
	}
}

func TestIdentityIsCached(t *testing.T) {
	stub := newStub(t, map[string][]reply{"GetCallerIdentity": {queryResult("GetCallerIdentity",
		"<Arn>arn:aws:sts::123456789012:assumed-role/panther-operator/panther-operator</Arn>"+
			"<UserId>AROAEXAMPLEID:panther-operator</UserId><Account>123456789012</Account>")}})
	reader := &identityReader{sts: stub.sts()}
	want := Identity{Account: "123456789012", ARN: "arn:aws:sts::123456789012:assumed-role/panther-operator/panther-operator"}
	for range 2 { // the second read is served from the cache: only one reply is queued
		if got, err := reader.CallerIdentity(context.Background()); err != nil || got != want {
			t.Errorf("CallerIdentity = %+v, %v, want %+v", got, err, want)
		}
	}
}
