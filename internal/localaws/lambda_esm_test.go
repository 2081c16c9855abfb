package localaws_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// waitForLog polls a function's log group until a line holds want.
func waitForLog(t *testing.T, e *env, function, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String("/aws/lambda/" + function), FilterPattern: aws.String(`"` + want + `"`)})
		if err == nil && len(out.Events) > 0 {
			return
		}
		if time.Now().After(deadline) {
			all, _ := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/" + function)})
			var lines []string
			if all != nil {
				for _, ev := range all.Events {
					lines = append(lines, aws.ToString(ev.Message))
				}
			}
			t.Fatalf("no log line of %s holds %q (last error %v); the log holds:\n%s", function, want, err, strings.Join(lines, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// queueCounts reads a queue's visible and in-flight message counts.
func queueCounts(t *testing.T, e *env, url string) (string, string) {
	t.Helper()
	out, err := e.sqs.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Attributes["ApproximateNumberOfMessages"], out.Attributes["ApproximateNumberOfMessagesNotVisible"]
}

func TestLambdaSQSEventSourceMappingWithPartialBatchFailures(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "consumer", 5, nil)
	q, err := e.sqs.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("work"),
		Attributes: map[string]string{"VisibilityTimeout": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	arn := "arn:aws:sqs:us-east-1:000000000000:work"
	m, err := e.lambda().CreateEventSourceMapping(ctx(t), &lambda.CreateEventSourceMappingInput{
		FunctionName: aws.String("consumer"), EventSourceArn: aws.String(arn), BatchSize: aws.Int32(5),
		FunctionResponseTypes: []lambdatypes.FunctionResponseType{lambdatypes.FunctionResponseTypeReportBatchItemFailures},
	})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(m.State) == "" || aws.ToString(m.UUID) == "" {
		t.Errorf("mapping %+v", m)
	}
	for _, body := range []string{"m1", "fail", "m3"} {
		if _, err := e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	waitForLog(t, e, "consumer", "got: m1")
	waitForLog(t, e, "consumer", "got: m3")
	// "fail" stays in the queue: it is delivered again after its visibility timeout.
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String("/aws/lambda/consumer"), FilterPattern: aws.String(`"got: fail"`)})
		if err == nil && len(out.Events) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the failed item was not delivered again")
		}
		time.Sleep(100 * time.Millisecond)
	}
	visible, inFlight := queueCounts(t, e, aws.ToString(q.QueueUrl))
	if visible+inFlight != "01" && visible+inFlight != "10" {
		t.Errorf("visible %s, in flight %s: only the failed item should remain", visible, inFlight)
	}
	if _, err := e.lambda().DeleteEventSourceMapping(ctx(t), &lambda.DeleteEventSourceMappingInput{UUID: m.UUID}); err != nil {
		t.Fatal(err)
	}
	list, err := e.lambda().ListEventSourceMappings(ctx(t), &lambda.ListEventSourceMappingsInput{FunctionName: aws.String("consumer")})
	if err != nil || len(list.EventSourceMappings) != 0 {
		t.Errorf("after delete: %v %+v", err, list)
	}
}

func TestLambdaSQSMappingLeavesAFailedBatchForTheDeadLetterQueue(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "failing-consumer", 5, nil)
	if _, err := e.sqs.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("dlq")}); err != nil {
		t.Fatal(err)
	}
	q, err := e.sqs.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("input"),
		Attributes: map[string]string{"VisibilityTimeout": "1",
			"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":"2"}`}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.lambda().CreateEventSourceMapping(ctx(t), &lambda.CreateEventSourceMappingInput{
		FunctionName: aws.String("failing-consumer"), EventSourceArn: aws.String("arn:aws:sqs:us-east-1:000000000000:input")}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String("error")}); err != nil {
		t.Fatal(err)
	}
	dlq, _ := e.sqs.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("dlq")})
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: dlq.QueueUrl, WaitTimeSeconds: 1})
		if err == nil && len(out.Messages) == 1 && strings.Contains(aws.ToString(out.Messages[0].Body), "error") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the failing message never reached the dead-letter queue: %v", err)
		}
	}
}

func TestLambdaDynamoDBStreamEventSourceMapping(t *testing.T) {
	e := startEnv(t)
	createGoFunction(t, e, "stream-consumer", 5, nil)
	table, err := e.ddb.CreateTable(ctx(t), &dynamodb.CreateTableInput{TableName: aws.String("alerts"),
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		StreamSpecification:  &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewAndOldImages},
	})
	if err != nil {
		t.Fatal(err)
	}
	put := func(id string) {
		if _, err := e.ddb.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String("alerts"),
			Item: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: id}}}); err != nil {
			t.Fatal(err)
		}
	}
	put("before-the-mapping")
	if _, err := e.lambda().CreateEventSourceMapping(ctx(t), &lambda.CreateEventSourceMappingInput{
		FunctionName: aws.String("stream-consumer"), EventSourceArn: table.TableDescription.LatestStreamArn,
		StartingPosition: lambdatypes.EventSourcePositionLatest}); err != nil {
		t.Fatal(err)
	}
	put("alert-1")
	waitForLog(t, e, "stream-consumer", `stream: INSERT`)
	waitForLog(t, e, "stream-consumer", `alert-1`)
	out, err := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{
		LogGroupName: aws.String("/aws/lambda/stream-consumer"), FilterPattern: aws.String(`"before-the-mapping"`)})
	if err != nil || len(out.Events) != 0 {
		t.Errorf("a LATEST mapping delivered a record from before it: %v %d", err, len(out.Events))
	}
}

func TestLambdaStateFileKeepsFunctionsAndMappings(t *testing.T) {
	path := t.TempDir() + "/state.json"
	first := startEnv(t, func(o *localaws.Options) { o.StateFile = path })
	createGoFunction(t, first, "durable", 5, map[string]string{"GREETING": "kept"})
	if _, err := first.sqs.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String("durable-input")}); err != nil {
		t.Fatal(err)
	}
	if _, err := first.lambda().CreateEventSourceMapping(ctx(t), &lambda.CreateEventSourceMappingInput{
		FunctionName: aws.String("durable"), EventSourceArn: aws.String("arn:aws:sqs:us-east-1:000000000000:durable-input")}); err != nil {
		t.Fatal(err)
	}
	must(t, first.srv.Close())

	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	second := newEnv(t, srv, "AKIDEXAMPLE")
	_, doc := invokeJSON(t, second, "durable", map[string]string{"action": "echo"}, false)
	if doc["env"] != "kept" {
		t.Errorf("after a restart the function answered %v", doc)
	}
	url, err := second.sqs.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("durable-input")})
	must(t, err)
	_, err = second.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: url.QueueUrl, MessageBody: aws.String("after-restart")})
	must(t, err)
	waitForLog(t, second, "durable", "got: after-restart")
}
