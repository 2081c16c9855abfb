package localaws_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

const benchTemplate = `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"},"T":{"Type":"AWS::SNS::Topic"}}}`

func BenchmarkDescribeStacks(b *testing.B) {
	e := startEnvB(b)
	_, err := e.cfn.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String("bench"), TemplateBody: aws.String(benchTemplate)})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String("bench")}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkPutObject(b *testing.B) {
	e := startEnvB(b)
	if _, err := e.s3.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String("bench")}); err != nil {
		b.Fatal(err)
	}
	body := bytes.Repeat([]byte("x"), 1024)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		_, err := e.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("bench"), Key: aws.String(fmt.Sprint("k", i%100)), Body: bytes.NewReader(body)})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkMemory1000Stacks reports the heap held by 1,000 small stacks.
func BenchmarkMemory1000Stacks(b *testing.B) {
	for b.Loop() {
		e := startEnvB(b)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range 1000 {
			_, err := e.cfn.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String(fmt.Sprint("s", i)), TemplateBody: aws.String(benchTemplate)})
			if err != nil {
				b.Fatal(err)
			}
		}
		waitAllSettled(b, e)
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB/1000stacks")
	}
}

// waitAllSettled polls until no stack is in a transitional status.
func waitAllSettled(b *testing.B, e *env) {
	for {
		busy := 0
		p := cloudformation.NewDescribeStacksPaginator(e.cfn, &cloudformation.DescribeStacksInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(context.Background())
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range page.Stacks {
				if strings.HasSuffix(string(s.StackStatus), "_IN_PROGRESS") {
					busy++
				}
			}
		}
		if busy == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// BenchmarkSQSSendReceiveDelete reports messages/s through the SDK moving
// batches of 10: SendMessageBatch, ReceiveMessage (10) and
// DeleteMessageBatch per iteration.
func BenchmarkSQSSendReceiveDelete(b *testing.B) {
	e := startEnvB(b)
	c := context.Background()
	q, err := e.sqs.CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	url := q.QueueUrl
	entries := make([]sqstypes.SendMessageBatchRequestEntry, 10)
	for i := range entries {
		entries[i] = sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(strings.Repeat("x", 256))}
	}
	moved := 0
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.sqs.SendMessageBatch(c, &sqs.SendMessageBatchInput{QueueUrl: url, Entries: entries}); err != nil {
			b.Fatal(err)
		}
		out, err := e.sqs.ReceiveMessage(c, &sqs.ReceiveMessageInput{QueueUrl: url, MaxNumberOfMessages: 10})
		if err != nil {
			b.Fatal(err)
		}
		del := make([]sqstypes.DeleteMessageBatchRequestEntry, len(out.Messages))
		for i, m := range out.Messages {
			del[i] = sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("d", i)), ReceiptHandle: m.ReceiptHandle}
		}
		if len(del) > 0 {
			if _, err := e.sqs.DeleteMessageBatch(c, &sqs.DeleteMessageBatchInput{QueueUrl: url, Entries: del}); err != nil {
				b.Fatal(err)
			}
		}
		moved += len(del)
	}
	b.ReportMetric(float64(moved)/b.Elapsed().Seconds(), "messages/s")
}

// benchTable creates the table the DynamoDB benchmarks use.
func benchTable(b *testing.B, e *env) {
	_, err := e.ddb.CreateTable(context.Background(), &dynamodb.CreateTableInput{TableName: aws.String("bench"), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: ddbtypes.ScalarAttributeTypeS}}})
	if err != nil {
		b.Fatal(err)
	}
}

func benchItem(i int) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: fmt.Sprint("k", i%1000)},
		"name": &ddbtypes.AttributeValueMemberS{Value: "detection"}, "count": &ddbtypes.AttributeValueMemberN{Value: fmt.Sprint(i)},
		"enabled": &ddbtypes.AttributeValueMemberBOOL{Value: true}}
}

func BenchmarkDynamoDBPutItem(b *testing.B) {
	e := startEnvB(b)
	benchTable(b, e)
	i := 0
	for b.Loop() {
		i++
		if _, err := e.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem(i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}

func BenchmarkDynamoDBGetItem(b *testing.B) {
	e := startEnvB(b)
	benchTable(b, e)
	for i := range 1000 {
		if _, err := e.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem(i)}); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for b.Loop() {
		i++
		key := map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: fmt.Sprint("k", i%1000)}}
		if _, err := e.ddb.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("bench"), Key: key}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
