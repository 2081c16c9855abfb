package cloud

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

const dataBucket = "panther-data-123456789012-us-east-1"

func TestCleanupBucketTags(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		reply  reply
		want   map[string]string
	}{
		{
			name: "tagged", reason: "ownership is decided on these tags",
			reply: s3OK(`<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>` +
				`<Tag><Key>panther.io/deployment</Key><Value>prod</Value></Tag><Tag><Key>aws:cloudformation:stack-name</Key><Value>panther-core</Value></Tag>` +
				`</TagSet></Tagging>`),
			want: map[string]string{"panther.io/deployment": "prod", "aws:cloudformation:stack-name": "panther-core"},
		},
		{
			name: "no tags", reason: "S3 answers a bucket without tags with NoSuchTagSet: a fact about the bucket, not an error, and not a missing bucket",
			reply: s3Error(404, "NoSuchTagSet", "The TagSet does not exist"), want: map[string]string{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stub := newStub(t, map[string][]reply{"GetBucketTagging": {tc.reply}})
			got, err := (&cleanup{s3: stub.s3()}).BucketTags(context.Background(), dataBucket)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("BucketTags = %v, %v, want %v (%s)", got, err, tc.want, tc.reason)
			}
		})
	}
}

// deleteRequest is the body of a DeleteObjects request.
type deleteRequest struct {
	Quiet   bool `xml:"Quiet"`
	Objects []struct {
		Key       string `xml:"Key"`
		VersionID string `xml:"VersionId"`
	} `xml:"Object"`
}

func versionsPage(truncated bool, entries string) reply {
	next := ""
	if truncated {
		next = "<NextKeyMarker>logs/b.json.gz</NextKeyMarker><NextVersionIdMarker>3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY</NextVersionIdMarker>"
	}
	return s3OK(`<?xml version="1.0" encoding="UTF-8"?><ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
		`<Name>` + dataBucket + `</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>` + next +
		fmt.Sprintf("<MaxKeys>1000</MaxKeys><IsTruncated>%t</IsTruncated>", truncated) + entries + `</ListVersionsResult>`)
}

func version(key, id string) string {
	return `<Version><Key>` + key + `</Key><VersionId>` + id + `</VersionId><IsLatest>true</IsLatest>` +
		`<LastModified>2024-06-01T10:00:00.000Z</LastModified><ETag>"fba9dede5f27731c9771645a39863328"</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass></Version>`
}

func TestCleanupEmptyBucket(t *testing.T) {
	stub := newStub(t, map[string][]reply{
		"ListObjectVersions": {
			versionsPage(true, version("logs/a.json.gz", "3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")+
				`<DeleteMarker><Key>logs/b.json.gz</Key><VersionId>null</VersionId><IsLatest>true</IsLatest><LastModified>2024-06-01T10:01:00.000Z</LastModified></DeleteMarker>`),
			versionsPage(false, version("logs/b.json.gz", "QUpfdndhfd8438MNFDN93jdnJFkdmqnh893")),
		},
		"DeleteObjects": {s3OK(`<?xml version="1.0" encoding="UTF-8"?><DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></DeleteResult>`)},
	})
	n, emptied, err := (&cleanup{s3: stub.s3()}).EmptyBucket(context.Background(), dataBucket)
	if err != nil || n != 3 || !emptied {
		t.Fatalf("EmptyBucket = %d, %v, %v, want 3 versions emptied", n, emptied, err)
	}
	pages := stub.callsTo("ListObjectVersions")
	if len(pages) != 2 || pages[1].query.Get("key-marker") != "logs/b.json.gz" || pages[1].query.Get("version-id-marker") == "" {
		t.Errorf("ListObjectVersions requests = %+v, want the second page from the markers", pages)
	}
	var req deleteRequest
	if err := xml.Unmarshal([]byte(stub.callsTo("DeleteObjects")[0].body), &req); err != nil {
		t.Fatal(err)
	}
	var deleted []string
	for _, o := range req.Objects {
		deleted = append(deleted, o.Key+"@"+o.VersionID)
	}
	want := []string{"logs/a.json.gz@3/L4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY", "logs/b.json.gz@null", "logs/b.json.gz@QUpfdndhfd8438MNFDN93jdnJFkdmqnh893"}
	if !req.Quiet || !reflect.DeepEqual(deleted, want) {
		t.Errorf("DeleteObjects quiet=%v objects=%q, want quiet and every version and delete marker %q", req.Quiet, deleted, want)
	}
}

func TestCleanupEmptyBucketTooLarge(t *testing.T) {
	var entries strings.Builder
	for i := range MaxVersionsToEmpty {
		fmt.Fprintf(&entries, "<Version><Key>logs/%05d.json.gz</Key><VersionId>v1</VersionId></Version>", i)
	}
	// No DeleteObjects is queued: a bucket this large is left to expire, untouched.
	stub := newStub(t, map[string][]reply{"ListObjectVersions": {versionsPage(true, entries.String())}})
	n, emptied, err := (&cleanup{s3: stub.s3()}).EmptyBucket(context.Background(), dataBucket)
	if err != nil || n != MaxVersionsToEmpty || emptied {
		t.Errorf("EmptyBucket = %d, %v, %v, want %d versions, not emptied", n, emptied, err, MaxVersionsToEmpty)
	}
}

// TestCleanupGoneIsDone covers the answers the teardown takes as work already done.
func TestCleanupGoneIsDone(t *testing.T) {
	noBucket := s3Error(404, "NoSuchBucket", "The specified bucket does not exist")
	tests := []struct {
		name    string
		reason  string
		replies map[string][]reply
		call    func(context.Context, *cleanup) (string, error)
		want    string
	}{
		{
			name: "empty missing bucket", reason: "a bucket deleted meanwhile is empty", replies: map[string][]reply{"ListObjectVersions": {noBucket}},
			call: func(ctx context.Context, c *cleanup) (string, error) {
				n, emptied, err := c.EmptyBucket(ctx, dataBucket)
				return fmt.Sprint(n, emptied), err
			},
			want: "0 true",
		},
		{
			name: "delete missing bucket", reason: "deleting a bucket that is gone is done", replies: map[string][]reply{"DeleteBucket": {noBucket}},
			call: func(ctx context.Context, c *cleanup) (string, error) { return "", c.DeleteBucket(ctx, dataBucket) },
		},
		{
			name: "delete bucket", reason: "S3 answers a delete with 204 and no body", replies: map[string][]reply{"DeleteBucket": {{status: 204}}},
			call: func(ctx context.Context, c *cleanup) (string, error) { return "", c.DeleteBucket(ctx, dataBucket) },
		},
		{
			name: "delete missing log group", reason: "a missing log group is no error, and reported as not deleted",
			replies: map[string][]reply{"DeleteLogGroup": {jsonError(400, "ResourceNotFoundException", "The specified log group does not exist.")}},
			call:    deleteLogGroupResult, want: "false",
		},
		{
			name: "delete log group", reason: "the teardown counts the log groups it deleted",
			replies: map[string][]reply{"DeleteLogGroup": {jsonOK("")}},
			call:    deleteLogGroupResult, want: "true",
		},
		{
			name: "expire with notifications denied", reason: "clearing notifications is best effort: the lifecycle rule is what matters",
			replies: map[string][]reply{
				"PutBucketLifecycleConfiguration":    {s3OK("")},
				"PutBucketNotificationConfiguration": {s3Error(403, "AccessDenied", "Access Denied")},
			},
			call: func(ctx context.Context, c *cleanup) (string, error) { return "", c.ExpireBucket(ctx, dataBucket) },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stub := newStub(t, tc.replies)
			got, err := tc.call(context.Background(), &cleanup{s3: stub.s3(), logs: stub.logs(), region: "us-east-1"})
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v, want %q and no error (%s)", got, err, tc.want, tc.reason)
			}
		})
	}
}

func deleteLogGroupResult(ctx context.Context, c *cleanup) (string, error) {
	deleted, err := c.DeleteLogGroup(ctx, "/aws/lambda/panther-log-processor")
	return fmt.Sprint(deleted), err
}

func TestCleanupExpireBucketRule(t *testing.T) {
	stub := newStub(t, map[string][]reply{
		"PutBucketLifecycleConfiguration":    {s3OK("")},
		"PutBucketNotificationConfiguration": {s3OK("")},
	})
	if err := (&cleanup{s3: stub.s3()}).ExpireBucket(context.Background(), dataBucket); err != nil {
		t.Fatal(err)
	}
	var rule struct {
		ID         string `xml:"Rule>ID"`
		Status     string `xml:"Rule>Status"`
		Days       int    `xml:"Rule>Expiration>Days"`
		Noncurrent int    `xml:"Rule>NoncurrentVersionExpiration>NoncurrentDays"`
		Multipart  int    `xml:"Rule>AbortIncompleteMultipartUpload>DaysAfterInitiation"`
	}
	if err := xml.Unmarshal([]byte(stub.callsTo("PutBucketLifecycleConfiguration")[0].body), &rule); err != nil {
		t.Fatal(err)
	}
	if rule.ID != ExpireEverythingRule || rule.Status != "Enabled" || rule.Days != 1 || rule.Noncurrent != 1 || rule.Multipart != 1 {
		t.Errorf("lifecycle rule = %+v, want %s enabled, expiring everything after a day", rule, ExpireEverythingRule)
	}
}

func TestCleanupLogGroups(t *testing.T) {
	group := func(name string) string {
		return fmt.Sprintf(`{"logGroupName":%q,"arn":"arn:aws:logs:us-east-1:123456789012:log-group:%s:*","creationTime":1717236000000,"storedBytes":0}`, name, name)
	}
	stub := newStub(t, map[string][]reply{
		"DescribeLogGroups": {
			jsonOK(`{"logGroups":[` + group("/aws/lambda/panther-alert-delivery") + `],"nextToken":"next-groups"}`),
			jsonOK(`{"logGroups":[` + group("/aws/lambda/panther-log-processor") + `]}`),
		},
		"ListTagsForResource": {
			jsonOK(`{"tags":{"panther.io/deployment":"prod"}}`),
			jsonOK(`{"tags":{}}`),
		},
	})
	got, err := (&cleanup{logs: stub.logs()}).LogGroups(context.Background(), "/aws/lambda/panther-")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"/aws/lambda/panther-alert-delivery": {"panther.io/deployment": "prod"},
		"/aws/lambda/panther-log-processor":  {},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LogGroups = %v, want %v", got, want)
	}
	var arns []string
	for _, c := range stub.callsTo("ListTagsForResource") {
		var in struct{ ResourceArn string }
		if err := json.Unmarshal([]byte(c.body), &in); err != nil {
			t.Fatal(err)
		}
		arns = append(arns, in.ResourceArn)
	}
	wantARNs := []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/panther-alert-delivery",
		"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/panther-log-processor"}
	if !reflect.DeepEqual(arns, wantARNs) {
		t.Errorf("tags read for %q, want the log group ARNs without the :* suffix %q", arns, wantARNs)
	}
	if pages := stub.callsTo("DescribeLogGroups"); len(pages) != 2 || !strings.Contains(pages[1].body, `"nextToken":"next-groups"`) {
		t.Errorf("DescribeLogGroups requests = %+v, want the second page by its token", pages)
	}
}
