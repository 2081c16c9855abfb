package localaws_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func TestAdminFaultsRequestLogAndReset(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	must(t, e.admin.Health(c))

	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("bkt")})
	must(t, err)
	rule, err := e.admin.AddFault(c, admin.FaultRule{Service: "s3", Operation: "PutObject", Resource: "bkt/locked", ErrorCode: "AccessDenied", HTTPStatus: 403, Count: 1})
	must(t, err)
	if rule.ID == "" {
		t.Fatal("fault rule got no ID")
	}
	put := func(key string) error {
		_, err := e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("bkt"), Key: aws.String(key), Body: bytes.NewReader([]byte("x"))})
		return err
	}
	must(t, put("other"))
	wantCode(t, put("locked"), "AccessDenied")
	must(t, put("locked")) // the counted rule is used up
	rules, err := e.admin.Faults(c)
	must(t, err)
	if len(rules) != 0 {
		t.Fatalf("counted rule still installed: %+v", rules)
	}

	n, err := e.admin.CountMutating(c, "s3")
	must(t, err)
	if n != 4 { // CreateBucket and three PutObject calls
		t.Fatalf("mutating s3 calls: %d", n)
	}
	records, err := e.admin.Requests(c)
	must(t, err)
	var denied int
	for _, r := range records {
		if r.ErrorCode == "AccessDenied" && r.Status == 403 && r.Resource == "bkt/locked" {
			denied++
		}
	}
	if denied != 1 {
		t.Fatalf("request log did not record the injected fault: %+v", records)
	}

	must(t, e.admin.SetLatencyScale(c, 2.5))
	scale, err := e.admin.LatencyScale(c)
	must(t, err)
	if scale != 2.5 {
		t.Fatalf("latency scale %v", scale)
	}

	raw, err := e.admin.State(c)
	must(t, err)
	var state struct {
		Buckets map[string]json.RawMessage `json:"buckets"`
	}
	must(t, json.Unmarshal(raw, &state))
	if _, ok := state.Buckets["bkt"]; !ok {
		t.Fatalf("state dump lacks bucket bkt: %s", raw)
	}

	must(t, e.admin.Reset(c))
	out, err := e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	if len(out.Buckets) != 0 {
		t.Fatalf("reset kept %d buckets", len(out.Buckets))
	}
}

func TestAdminFaultRemoveAndLatency(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	rule, err := e.admin.AddFault(c, admin.FaultRule{Service: "s3", ErrorCode: "AccessDenied", HTTPStatus: 403})
	must(t, err)
	_, err = e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	wantCode(t, err, "AccessDenied")
	must(t, e.admin.RemoveFault(c, rule.ID))
	_, err = e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	if err := e.admin.RemoveFault(c, rule.ID); err == nil {
		t.Fatal("removing an unknown rule succeeded")
	}
	// A latency-only rule delays without failing.
	_, err = e.admin.AddFault(c, admin.FaultRule{Service: "s3", Latency: 1})
	must(t, err)
	_, err = e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	must(t, e.admin.ClearFaults(c))
}
