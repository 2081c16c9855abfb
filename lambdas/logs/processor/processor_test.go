package processor_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
)

// world is a localaws with the pipeline's queues, topics and buckets, and SDK clients.
type world struct {
	cfg                     aws.Config
	s3                      *s3.Client
	sqs                     *sqs.Client
	sns                     *sns.Client
	inputURL, dlqURL, check string
	topic                   string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	w := &world{cfg: cfg, s3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), sqs: sqs.NewFromConfig(cfg), sns: sns.NewFromConfig(cfg)}
	ctx := context.Background()
	for _, b := range []string{"customer-trail", "processed-data"} {
		must(t, err2(w.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)})))
	}
	dlq := w.queue(t, "input-dlq", nil)
	w.dlqURL = dlq
	w.inputURL = w.queue(t, "input", map[string]string{"VisibilityTimeout": "1",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:input-dlq","maxReceiveCount":"2"}`})
	w.check = w.queue(t, "processed-check", nil)
	notifications := w.topicTo(t, "input-notifications", w.inputURL)
	w.topic = w.topicTo(t, "processed-data-notifications", w.check)
	_, err := w.s3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("customer-trail"),
		NotificationConfiguration: &s3types.NotificationConfiguration{TopicConfigurations: []s3types.TopicConfiguration{{
			TopicArn: aws.String(notifications), Events: []s3types.Event{"s3:ObjectCreated:*"}}}}})
	must(t, err)
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func err2[T any](_ T, err error) error { return err }

func (w *world) queue(t *testing.T, name string, attrs map[string]string) string {
	out, err := w.sqs.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	must(t, err)
	return aws.ToString(out.QueueUrl)
}

func (w *world) topicTo(t *testing.T, name, queueURL string) string {
	ctx := context.Background()
	topic, err := w.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)})
	must(t, err)
	attrs, err := w.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(queueURL), AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	must(t, err)
	_, err = w.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(attrs.Attributes["QueueArn"])})
	must(t, err)
	return aws.ToString(topic.TopicArn)
}

// cloudTrailFile is a gzip CloudTrail delivery of n records spread over two hours.
func cloudTrailFile(t *testing.T, n int) []byte {
	var doc strings.Builder
	doc.WriteString(`{"Records":[`)
	for i := range n {
		if i > 0 {
			doc.WriteByte(',')
		}
		at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Second)
		fmt.Fprintf(&doc, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::210987654321:user/u%d","accountId":"210987654321","userName":"u%d"},"eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.%d","requestParameters":{"bucketName":"b","key":"k%d"},"eventID":"e-%d","eventType":"AwsApiCall","recipientAccountId":"210987654321"}`,
			i%7, i%7, at.Format(time.RFC3339), i%250, i, i)
	}
	doc.WriteString(`]}`)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(doc.String()))
	must(t, zw.Close())
	return buf.Bytes()
}

type staticSources []sourceapi.Integration

func (s staticSources) ListSources(context.Context) ([]sourceapi.Integration, error) { return s, nil }

func natives(_ context.Context, names []string) ([]*parsers.LogType, error) {
	reg, err := logtypes.Native()
	if err != nil {
		return nil, err
	}
	var out []*parsers.LogType
	for _, n := range names {
		if lt, ok := reg.Get(n); ok {
			out = append(out, lt)
		}
	}
	return out, nil
}

func (w *world) processor() *processor.Processor {
	objects := &awsx.Objects{Config: w.cfg, Client: w.s3, ClientOptions: []func(*s3.Options){func(o *s3.Options) { o.UsePathStyle = true }}}
	topics := &awsx.Topics{Client: w.sns}
	src := sourceapi.Integration{IntegrationID: "5d1c3a8e-0000-4000-8000-000000000001", IntegrationLabel: "trail", IntegrationType: sourceapi.TypeS3,
		S3Bucket: "customer-trail", S3PrefixLogTypes: []sourceapi.PrefixLogTypes{{Prefix: "AWSLogs/", LogTypes: []string{"AWS.CloudTrail"}}}}
	return &processor.Processor{Sources: processor.NewSources(staticSources{src}, nil), Reader: objects, Confirm: topics,
		LogTypes: natives, Output: processor.NewOutput("processed-data", w.topic, objects, topics, nil),
		RowIDs: pantherlog.NewRowIDs([6]byte{1}, time.Now())}
}

func (w *world) put(t *testing.T, key string, body []byte) {
	_, err := w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("customer-trail"), Key: aws.String(key), Body: bytes.NewReader(body)})
	must(t, err)
}

// depth is the number of messages a queue holds, visible or not.
func (w *world) depth(t *testing.T, url string) string {
	out, err := w.sqs.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
	must(t, err)
	return out.Attributes["ApproximateNumberOfMessages"] + "+" + out.Attributes["ApproximateNumberOfMessagesNotVisible"]
}

func TestACloudTrailDeliveryBecomesPartitionedProcessedData(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.put(t, "AWSLogs/210987654321/CloudTrail/us-east-1/2026/03/14/210987654321_CloudTrail_us-east-1_20260314T0900Z_AbCdEf123456.json.gz", cloudTrailFile(t, 1000))
	p := w.processor()
	// What the run's scaling reads: S3's test event and the delivery's notification.
	if depth, err := (&awsx.Queue{Client: w.sqs, URL: w.inputURL}).Depth(ctx); err != nil || depth != 2 {
		t.Fatalf("depth %d %v", depth, err)
	}
	res, err := p.Drain(ctx, &awsx.Queue{Client: w.sqs, URL: w.inputURL}, 10, time.Now().Add(time.Minute))
	must(t, err)
	// The configuration sent S3's test event first: read and deleted too.
	if res.Received != 2 || res.Deleted != 2 || p.Stats.Events["AWS.CloudTrail"] != 1000 || p.Stats.Failures != 0 {
		t.Fatalf("drain %+v stats %+v", res, p.Stats)
	}
	if d := w.depth(t, w.inputURL); d != "0+0" {
		t.Fatalf("input queue still holds %s", d)
	}
	metrics := cloudwatch.NewFromConfig(w.cfg)
	must(t, (&awsx.Metrics{Client: metrics}).PutMetrics(ctx, p.Metrics(res)))
	stats, err := metrics.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Panther"), MetricName: aws.String("EventsProcessed"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String("LogType"), Value: aws.String("AWS.CloudTrail")}},
		StartTime:  aws.Time(time.Now().Add(-time.Hour)), EndTime: aws.Time(time.Now().Add(time.Minute)), Period: aws.Int32(3600),
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	must(t, err)
	if len(stats.Datapoints) != 1 || aws.ToFloat64(stats.Datapoints[0].Sum) != 1000 {
		t.Fatalf("EventsProcessed datapoints %+v", stats.Datapoints)
	}
	// 1000 records 7 s apart from 09:00 span hours 09 and 10: one file each.
	listed, err := w.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("processed-data")})
	must(t, err)
	events := 0
	for _, obj := range listed.Contents {
		key := aws.ToString(obj.Key)
		if !strings.HasPrefix(key, "logs/aws_cloudtrail/year=2026/month=03/day=14/hour=") || !strings.HasSuffix(key, ".json.gz") {
			t.Fatalf("key %s", key)
		}
		events += countLines(t, w, key)
	}
	if len(listed.Contents) != 2 || events != 1000 {
		t.Fatalf("%d files with %d events", len(listed.Contents), events)
	}
	got, err := w.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(w.check), MaxNumberOfMessages: 10})
	must(t, err)
	if len(got.Messages) != 2 || !strings.Contains(aws.ToString(got.Messages[0].Body), `\"eventName\":\"ObjectCreated:Put\"`) ||
		!strings.Contains(aws.ToString(got.Messages[0].Body), `"id":{"Type":"String","Value":"AWS.CloudTrail"}`) {
		t.Fatalf("notifications %d: %v", len(got.Messages), got.Messages)
	}
}

func countLines(t *testing.T, w *world, key string) int {
	obj, err := w.s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String("processed-data"), Key: aws.String(key)})
	must(t, err)
	zr, err := gzip.NewReader(obj.Body)
	must(t, err)
	data, err := io.ReadAll(zr)
	must(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if !strings.Contains(lines[0], `"p_log_type":"AWS.CloudTrail"`) || !strings.Contains(lines[0], `"p_source_label":"trail"`) {
		t.Fatalf("event %s", lines[0])
	}
	return len(lines)
}

func TestACorruptFileGoesToTheDLQAndDoesNotBlockTheNext(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	corrupt := cloudTrailFile(t, 10)
	corrupt = corrupt[:len(corrupt)/2]
	w.put(t, "AWSLogs/210987654321/CloudTrail/us-east-1/2026/03/14/210987654321_CloudTrail_us-east-1_20260314T0900Z_Corrupt00001.json.gz", corrupt)
	w.put(t, "AWSLogs/210987654321/CloudTrail/us-east-1/2026/03/14/210987654321_CloudTrail_us-east-1_20260314T0905Z_Good00000001.json.gz", cloudTrailFile(t, 20))
	q := &awsx.Queue{Client: w.sqs, URL: w.inputURL}
	p := w.processor()
	for range 3 {
		_, err := p.Drain(ctx, q, 10, time.Now().Add(time.Minute))
		must(t, err)
		time.Sleep(1100 * time.Millisecond) // the visibility timeout
	}
	if p.Stats.Events["AWS.CloudTrail"] != 20 {
		t.Fatalf("events %v", p.Stats.Events)
	}
	if d := w.depth(t, w.inputURL); d != "0+0" {
		t.Fatalf("input queue holds %s", d)
	}
	if d := w.depth(t, w.dlqURL); d != "1+0" {
		t.Fatalf("DLQ holds %s, want the corrupt file's message", d)
	}
}
