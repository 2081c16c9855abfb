package localaws_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// s3Event is the part of S3's event JSON the tests check.
type s3Event struct {
	Records []struct {
		EventVersion, EventSource, AwsRegion, EventTime, EventName string
		S3                                                         struct {
			ConfigurationID string `json:"configurationId"`
			Bucket          struct{ Name, Arn string }
			Object          struct {
				Key, ETag, VersionID, Sequencer string
				Size                            *int
			}
		}
	}
}

func decodeEvent(t *testing.T, body string) s3Event {
	t.Helper()
	var ev s3Event
	must(t, json.Unmarshal([]byte(body), &ev))
	if len(ev.Records) != 1 {
		t.Fatalf("event %s", body)
	}
	return ev
}

// notifiedBucket creates a bucket and a queue and points the bucket's
// notifications at the queue; it returns the queue URL, drained of the
// test event.
func notifiedBucket(t *testing.T, e *env, bucket string, events []s3types.Event, rules []s3types.FilterRule) string {
	t.Helper()
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	must(t, err)
	url := createQueue(t, e, bucket+"-events", nil)
	arn := queueAttrs(t, e, url, types.QueueAttributeNameQueueArn)["QueueArn"]
	qc := s3types.QueueConfiguration{Id: aws.String("to-queue"), QueueArn: aws.String(arn), Events: events}
	if rules != nil {
		qc.Filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: rules}}
	}
	_, err = e.s3.PutBucketNotificationConfiguration(c, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String(bucket),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{qc}}})
	must(t, err)
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 || !strings.Contains(aws.ToString(msgs[0].Body), `"Event":"s3:TestEvent"`) {
		t.Fatalf("test event %+v", msgs)
	}
	return url
}

func putObject(t *testing.T, e *env, bucket, key, body string) {
	t.Helper()
	_, err := e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)})
	must(t, err)
}

func TestS3NotificationTestEvent(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("tested")})
	must(t, err)
	url := createQueue(t, e, "tested-events", nil)
	arn := queueAttrs(t, e, url, types.QueueAttributeNameQueueArn)["QueueArn"]
	_, err = e.s3.PutBucketNotificationConfiguration(c, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("tested"),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{
			{QueueArn: aws.String(arn), Events: []s3types.Event{"s3:ObjectCreated:*"}}}}})
	must(t, err)
	msgs := receiveAll(t, e, url)
	var test map[string]string
	must(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &test))
	if test["Service"] != "Amazon S3" || test["Event"] != "s3:TestEvent" || test["Bucket"] != "tested" || test["RequestId"] == "" || test["Time"] == "" {
		t.Fatalf("test event %v", test)
	}
	_, err = e.s3.PutBucketNotificationConfiguration(c, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("tested"),
		NotificationConfiguration: &s3types.NotificationConfiguration{QueueConfigurations: []s3types.QueueConfiguration{
			{QueueArn: aws.String("arn:aws:sqs:us-east-1:000000000000:missing"), Events: []s3types.Event{"s3:ObjectCreated:*"}}}}})
	wantCode(t, err, "InvalidArgument")
	if !strings.Contains(err.Error(), "Unable to validate the following destination configurations") {
		t.Fatalf("error %v", err)
	}
}

func TestS3UploadNotifiesQueueWithEncodedKey(t *testing.T) {
	e := startEnv(t)
	url := notifiedBucket(t, e, "uploads", []s3types.Event{"s3:ObjectCreated:*"}, nil)
	putObject(t, e, "uploads", "logs/my file=1.json", "hello")
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 {
		t.Fatalf("received %d", len(msgs))
	}
	ev := decodeEvent(t, aws.ToString(msgs[0].Body))
	r := ev.Records[0]
	if r.EventVersion != "2.1" || r.EventSource != "aws:s3" || r.AwsRegion != "us-east-1" || r.EventName != "ObjectCreated:Put" ||
		r.S3.ConfigurationID != "to-queue" || r.S3.Bucket.Name != "uploads" || r.S3.Bucket.Arn != "arn:aws:s3:::uploads" ||
		r.S3.Object.Key != "logs/my+file%3D1.json" || r.S3.Object.Size == nil || *r.S3.Object.Size != 5 ||
		r.S3.Object.ETag != "5d41402abc4b2a76b9719d911017c592" || r.S3.Object.Sequencer == "" {
		t.Fatalf("record %+v", r)
	}
}

func TestS3NotificationFilters(t *testing.T) {
	e := startEnv(t)
	url := notifiedBucket(t, e, "filtered", []s3types.Event{"s3:ObjectCreated:Put"}, []s3types.FilterRule{
		{Name: s3types.FilterRuleNamePrefix, Value: aws.String("in/")}, {Name: s3types.FilterRuleNameSuffix, Value: aws.String(".gz")}})
	putObject(t, e, "filtered", "in/a.gz", "x")
	putObject(t, e, "filtered", "out/b.gz", "x")
	putObject(t, e, "filtered", "in/c.txt", "x")
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 || decodeEvent(t, aws.ToString(msgs[0].Body)).Records[0].S3.Object.Key != "in/a.gz" {
		t.Fatalf("filtered %+v", msgs)
	}
}

func TestS3ObjectRemovedNotifications(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := notifiedBucket(t, e, "removals", []s3types.Event{"s3:ObjectRemoved:*"}, nil)
	putObject(t, e, "removals", "gone", "x")
	_, err := e.s3.DeleteObject(c, &s3.DeleteObjectInput{Bucket: aws.String("removals"), Key: aws.String("gone")})
	must(t, err)
	_, err = e.s3.PutBucketVersioning(c, &s3.PutBucketVersioningInput{Bucket: aws.String("removals"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}})
	must(t, err)
	putObject(t, e, "removals", "kept", "x")
	_, err = e.s3.DeleteObjects(c, &s3.DeleteObjectsInput{Bucket: aws.String("removals"),
		Delete: &s3types.Delete{Objects: []s3types.ObjectIdentifier{{Key: aws.String("kept")}}}})
	must(t, err)
	msgs := receiveAll(t, e, url)
	if len(msgs) != 2 {
		t.Fatalf("received %d", len(msgs))
	}
	names := map[string]string{}
	for _, m := range msgs {
		r := decodeEvent(t, aws.ToString(m.Body)).Records[0]
		names[r.EventName] = r.S3.Object.Key + " " + r.S3.Object.VersionID
	}
	if !strings.HasPrefix(names["ObjectRemoved:Delete"], "gone") || !strings.HasPrefix(names["ObjectRemoved:DeleteMarkerCreated"], "kept ") ||
		names["ObjectRemoved:DeleteMarkerCreated"] == "kept " {
		t.Fatalf("removal events %v", names)
	}
}

// TestS3ToSNSToSQS is the path Panther uses: a bucket notifies a topic, a
// queue subscribes to it, and the queue's message is the SNS envelope whose
// Message is the S3 event JSON.
func TestS3ToSNSToSQS(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "s3-events")
	url, _ := subscribeQueue(t, e, topic, "s3-events-q", nil)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("chained")})
	must(t, err)
	_, err = e.s3.PutBucketNotificationConfiguration(c, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("chained"),
		NotificationConfiguration: &s3types.NotificationConfiguration{TopicConfigurations: []s3types.TopicConfiguration{
			{TopicArn: aws.String(topic), Events: []s3types.Event{"s3:ObjectCreated:*"}}}}})
	must(t, err)
	if msgs := receiveAll(t, e, url); len(msgs) != 1 || !strings.Contains(aws.ToString(msgs[0].Body), "s3:TestEvent") {
		t.Fatalf("test event through SNS %+v", msgs)
	}
	putObject(t, e, "chained", "data/one two.log", "abc")
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 {
		t.Fatalf("received %d", len(msgs))
	}
	var env map[string]any
	must(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &env))
	if env["Type"] != "Notification" || env["Subject"] != "Amazon S3 Notification" || env["TopicArn"] != topic {
		t.Fatalf("envelope %v", env)
	}
	r := decodeEvent(t, env["Message"].(string)).Records[0]
	if r.EventName != "ObjectCreated:Put" || r.S3.Object.Key != "data/one+two.log" || r.S3.Bucket.Name != "chained" {
		t.Fatalf("record %+v", r)
	}
}
