package e2e_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// pipeline holds SDK clients of the deployment's account, as a user with the AWS CLI would.
type pipeline struct {
	s3     *s3.Client
	sqs    *sqs.Client
	sns    *sns.Client
	lambda *lambda.Client
	glue   *glue.Client
	cfn    *cloudformation.Client
}

func newPipeline() *pipeline {
	cfg, err := config.LoadDefaultConfig(context.Background())
	Expect(err).NotTo(HaveOccurred())
	return &pipeline{s3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }), sqs: sqs.NewFromConfig(cfg),
		sns: sns.NewFromConfig(cfg), lambda: lambda.NewFromConfig(cfg), glue: glue.NewFromConfig(cfg), cfn: cloudformation.NewFromConfig(cfg)}
}

// output reads an output of a deployed stack.
func (p *pipeline) output(stack, name string) string {
	out, err := p.cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: awssdk.String(stack)})
	Expect(err).NotTo(HaveOccurred())
	for _, o := range out.Stacks[0].Outputs {
		if awssdk.ToString(o.OutputKey) == name {
			return awssdk.ToString(o.OutputValue)
		}
	}
	Fail("stack " + stack + " has no output " + name)
	return ""
}

// callSourceAPI invokes panther-source-api with a one-key request.
func (p *pipeline) callSourceAPI(request string) map[string]any {
	out, err := p.lambda.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: awssdk.String("panther-source-api"), Payload: []byte(request)})
	Expect(err).NotTo(HaveOccurred())
	Expect(out.FunctionError).To(BeNil(), string(out.Payload))
	var doc map[string]any
	Expect(json.Unmarshal(out.Payload, &doc)).To(Succeed(), string(out.Payload))
	return doc
}

// queueURL is the URL of a queue by name; depth counts its messages, visible or in flight.
func (p *pipeline) queueURL(name string) string {
	out, err := p.sqs.GetQueueUrl(context.Background(), &sqs.GetQueueUrlInput{QueueName: awssdk.String(name)})
	Expect(err).NotTo(HaveOccurred())
	return awssdk.ToString(out.QueueUrl)
}

func (p *pipeline) depth(url string) int {
	out, err := p.sqs.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: awssdk.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"}})
	Expect(err).NotTo(HaveOccurred())
	visible, err := strconv.Atoi(out.Attributes["ApproximateNumberOfMessages"])
	Expect(err).NotTo(HaveOccurred())
	hidden, err := strconv.Atoi(out.Attributes["ApproximateNumberOfMessagesNotVisible"])
	Expect(err).NotTo(HaveOccurred())
	return visible + hidden
}

// cloudTrailDelivery is a gzip CloudTrail file of n records of one hour, written as CloudTrail
// writes them: one JSON object of Records.
func cloudTrailDelivery(n int) []byte {
	var doc strings.Builder
	doc.WriteString(`{"Records":[`)
	for i := range n {
		if i > 0 {
			doc.WriteByte(',')
		}
		fmt.Fprintf(&doc, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/e2e","accountId":"123456789012","userName":"e2e"},"eventTime":"2026-03-14T09:%02d:%02dZ","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.%d","eventID":"e2e-%d","eventType":"AwsApiCall","recipientAccountId":"123456789012"}`,
			(i/60)%60, i%60, i%200, i)
	}
	doc.WriteString(`]}`)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(doc.String()))
	Expect(zw.Close()).To(Succeed())
	return buf.Bytes()
}

func (p *pipeline) put(bucket, key string, body []byte) {
	_, err := p.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: awssdk.String(bucket), Key: awssdk.String(key), Body: bytes.NewReader(body)})
	Expect(err).NotTo(HaveOccurred())
}

// processedEvents counts the events under a ProcessedData prefix and lists the files' keys.
func (p *pipeline) processedEvents(bucket, prefix string) (int, []string) {
	ctx := context.Background()
	listed, err := p.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: awssdk.String(bucket), Prefix: awssdk.String(prefix)})
	Expect(err).NotTo(HaveOccurred())
	events, keys := 0, []string{}
	for _, obj := range listed.Contents {
		got, err := p.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: awssdk.String(bucket), Key: obj.Key})
		Expect(err).NotTo(HaveOccurred())
		zr, err := gzip.NewReader(got.Body)
		Expect(err).NotTo(HaveOccurred())
		data, err := io.ReadAll(zr)
		Expect(err).NotTo(HaveOccurred())
		events += bytes.Count(data, []byte("\n"))
		keys = append(keys, awssdk.ToString(obj.Key))
	}
	return events, keys
}

// processesACloudTrailFile is the log pipeline end to end, on the deployed Panther.
func processesACloudTrailFile() {
	p := newPipeline()
	DeferCleanup(reportFunctionLogs, "panther-log-processor", "panther-source-api", "panther-datacatalog-updater")
	ctx := context.Background()
	processed := p.output("panther-bootstrap", "ProcessedDataBucket")

	By("watching the processed-data topic with a queue of our own")
	check, err := p.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: awssdk.String("e2e-processed-data")})
	Expect(err).NotTo(HaveOccurred())
	checkAttrs, err := p.sqs.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: check.QueueUrl, AttributeNames: []sqstypes.QueueAttributeName{"QueueArn"}})
	Expect(err).NotTo(HaveOccurred())
	_, err = p.sns.Subscribe(ctx, &sns.SubscribeInput{TopicArn: awssdk.String(p.output("panther-bootstrap", "ProcessedDataTopicArn")),
		Protocol: awssdk.String("sqs"), Endpoint: awssdk.String(checkAttrs.Attributes["QueueArn"])})
	Expect(err).NotTo(HaveOccurred())

	By("adding the bucket as a source through panther-source-api, with managed notifications")
	_, err = p.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String("e2e-cloudtrail")})
	Expect(err).NotTo(HaveOccurred())
	source := p.callSourceAPI(`{"putIntegration":{"integrationLabel":"e2e-trail","integrationType":"aws-s3","awsAccountId":"123456789012",
		"userId":"00000000-0000-4000-8000-000000000000","s3Bucket":"e2e-cloudtrail","managedBucketNotifications":true,
		"s3PrefixLogTypes":[{"prefix":"AWSLogs/","logTypes":["AWS.CloudTrail"]}]}}`)
	Expect(source["integrationId"]).NotTo(BeEmpty())

	By("uploading a gzip CloudTrail delivery of 1,000 records")
	key := "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/14/123456789012_CloudTrail_us-east-1_20260314T0900Z_e2eFile000001.json.gz"
	p.put("e2e-cloudtrail", key, cloudTrailDelivery(1000))
	uploaded := time.Now()

	prefix := "logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/"
	Eventually(func() int { n, _ := p.processedEvents(processed, prefix); return n }).
		WithTimeout(30*time.Second).WithPolling(time.Second).Should(Equal(1000), "the 1,000 events under "+prefix)
	GinkgoWriter.Printf("processed in %v\n", time.Since(uploaded).Round(time.Second))
	_, keys := p.processedEvents(processed, prefix)

	By("seeing the processed-data notification, the Glue partition and an empty input queue")
	Eventually(func() string {
		out, err := p.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: check.QueueUrl, MaxNumberOfMessages: 10})
		Expect(err).NotTo(HaveOccurred())
		for _, m := range out.Messages {
			if strings.Contains(awssdk.ToString(m.Body), keys[0]) {
				return awssdk.ToString(m.Body)
			}
		}
		return ""
	}).WithTimeout(10 * time.Second).Should(ContainSubstring(`"Value":"AWS.CloudTrail"`))
	Eventually(func() int {
		out, err := p.glue.GetPartitions(ctx, &glue.GetPartitionsInput{DatabaseName: awssdk.String("panther_logs"), TableName: awssdk.String("aws_cloudtrail")})
		if err != nil {
			return 0
		}
		return len(out.Partitions)
	}).WithTimeout(30 * time.Second).WithPolling(time.Second).Should(Equal(1))
	input := p.queueURL("panther-input-data-notifications-queue")
	Eventually(func() int { return p.depth(input) }).WithTimeout(30 * time.Second).Should(BeZero())
}

// sendsACorruptFileToTheDLQ: a file that is not gzip after all fails every time; after the
// queue's four receives its message is in the DLQ, and a good file behind it is processed.
func sendsACorruptFileToTheDLQ() {
	p := newPipeline()
	processed := p.output("panther-bootstrap", "ProcessedDataBucket")
	good := cloudTrailDelivery(10)
	p.put("e2e-cloudtrail", "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/14/123456789012_CloudTrail_us-east-1_20260314T1000Z_e2eCorrupt01.json.gz", good[:len(good)/2])
	p.put("e2e-cloudtrail", "AWSLogs/123456789012/CloudTrail/us-east-1/2026/03/14/123456789012_CloudTrail_us-east-1_20260314T1005Z_e2eFile000002.json.gz", good)
	Eventually(func() int {
		n, _ := p.processedEvents(processed, "logs/aws_cloudtrail/year=2026/month=03/day=14/hour=09/")
		return n
	}).
		WithTimeout(30*time.Second).WithPolling(time.Second).Should(Equal(1010), "the good file's events join the first file's")

	input, dlq := p.queueURL("panther-input-data-notifications-queue"), p.queueURL("panther-input-data-notifications-queue-dlq")
	Eventually(func() int {
		// Let the 5,400 s visibility timeout pass, so the next run receives the message again.
		sqsClock.advance(5401 * time.Second)
		return p.depth(dlq)
	}).WithTimeout(90*time.Second).WithPolling(3*time.Second).Should(Equal(1), "the corrupt file's message in the DLQ")
	Expect(p.depth(input)).To(BeZero())
}
