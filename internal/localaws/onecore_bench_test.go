package localaws_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// BenchmarkDynamoDBPutItemOneCore replays one SDK-signed PutItem against localaws on one core.
func BenchmarkDynamoDBPutItemOneCore(b *testing.B) {
	e := startOneCoreEnv(b)
	benchTable(b, e)
	rec := &recorder{}
	client := dynamodb.NewFromConfig(recordingConfig(e, rec))
	if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem(1)}); err != nil {
		b.Fatal(err)
	}
	raw := rec.last
	n := replayParallel(b, e, 16, func(p *replayer) (int, error) {
		_, err := p.do(raw)
		return 1, err
	})
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkDynamoDBGetItemOneCore replays one SDK-signed GetItem against localaws on one core.
func BenchmarkDynamoDBGetItemOneCore(b *testing.B) {
	e := startOneCoreEnv(b)
	benchTable(b, e)
	rec := &recorder{}
	client := dynamodb.NewFromConfig(recordingConfig(e, rec))
	if _, err := client.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem(7)}); err != nil {
		b.Fatal(err)
	}
	key := map[string]ddbtypes.AttributeValue{"pk": &ddbtypes.AttributeValueMemberS{Value: "k7"}}
	if _, err := client.GetItem(context.Background(), &dynamodb.GetItemInput{TableName: aws.String("bench"), Key: key}); err != nil {
		b.Fatal(err)
	}
	raw := rec.last
	n := replayParallel(b, e, 16, func(p *replayer) (int, error) {
		body, err := p.do(raw)
		if err == nil && !bytes.Contains(body, []byte(`"detection"`)) {
			err = errNoItem
		}
		return 1, err
	})
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "ops/s")
}

// BenchmarkSQSSendReceiveDeleteOneCore moves batches of 10 as the SDK benchmark does, with
// requests the SDK signed once, against localaws on one core; DeleteMessageBatch carries the
// receipt handles just received.
func BenchmarkSQSSendReceiveDeleteOneCore(b *testing.B) {
	e := startOneCoreEnv(b)
	c := context.Background()
	rec := &recorder{}
	client := sqs.NewFromConfig(recordingConfig(e, rec))
	q, err := client.CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	entries := make([]sqstypes.SendMessageBatchRequestEntry, 10)
	for i := range entries {
		entries[i] = sqstypes.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String(strings.Repeat("x", 256))}
	}
	if _, err := client.SendMessageBatch(c, &sqs.SendMessageBatchInput{QueueUrl: q.QueueUrl, Entries: entries}); err != nil {
		b.Fatal(err)
	}
	send := rec.last
	if _, err := client.ReceiveMessage(c, &sqs.ReceiveMessageInput{QueueUrl: q.QueueUrl, MaxNumberOfMessages: 10}); err != nil {
		b.Fatal(err)
	}
	receive := rec.last
	one := []sqstypes.DeleteMessageBatchRequestEntry{{Id: aws.String("d"), ReceiptHandle: aws.String("none")}}
	if _, err := client.DeleteMessageBatch(c, &sqs.DeleteMessageBatchInput{QueueUrl: q.QueueUrl, Entries: one}); err != nil {
		b.Fatal(err)
	}
	deleteTemplate := rec.last
	type entry struct{ Id, ReceiptHandle string }
	n := replayParallel(b, e, 16, func(p *replayer) (int, error) {
		if _, err := p.do(send); err != nil {
			return 0, err
		}
		body, err := p.do(receive)
		if err != nil {
			return 0, err
		}
		var received struct {
			Messages []struct{ ReceiptHandle string }
		}
		if err := json.Unmarshal(body, &received); err != nil || len(received.Messages) == 0 {
			return 0, err
		}
		del := make([]entry, len(received.Messages))
		for i, m := range received.Messages {
			del[i] = entry{Id: fmt.Sprint("d", i), ReceiptHandle: m.ReceiptHandle}
		}
		doc, _ := json.Marshal(map[string]any{"QueueUrl": aws.ToString(q.QueueUrl), "Entries": del})
		raw, err := withBody(deleteTemplate, doc)
		if err == nil {
			_, err = p.do(raw)
		}
		return len(del), err
	})
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "messages/s")
}

// BenchmarkLambdaWarmInvokeOneCore replays one SDK-signed Invoke of the Go test function
// against localaws on one core from warmCallers connections at once, each instance a process
// of its own as on AWS: Lambda's throughput is invocations across warm instances. Every
// instance is started before the timer, so no cold start is counted.
func BenchmarkLambdaWarmInvokeOneCore(b *testing.B) {
	benchWarmInvoke(b, warmCallers)
}

// BenchmarkLambdaWarmInvokeLatencyOneCore is one caller, one call at a time, so one warm
// instance answers them all: each invocation's round trip from the caller through localaws to
// the function's process and back.
func BenchmarkLambdaWarmInvokeLatencyOneCore(b *testing.B) {
	benchWarmInvoke(b, 1)
}

// warmCallers is how many callers the throughput benchmark runs at once: fewer than the
// function's concurrency limit, so no call is throttled.
const warmCallers = 4

func benchWarmInvoke(b *testing.B, callers int) {
	e := startOneCoreEnv(b)
	createGoFunction(b, e, "bench", 10, nil)
	rec := &recorder{}
	client := lambda.NewFromConfig(recordingConfig(e, rec))
	warmInstances(b, client, callers)
	in := &lambda.InvokeInput{FunctionName: aws.String("bench"), Payload: []byte(`{"action":"echo","value":"x"}`)}
	if _, err := client.Invoke(context.Background(), in); err != nil {
		b.Fatal(err)
	}
	raw := rec.last
	step := func(p *replayer) (int, error) {
		body, err := p.do(raw)
		if err == nil && !bytes.Contains(body, []byte(`"x"`)) {
			err = fmt.Errorf("invoke answered %s", body)
		}
		return 1, err
	}
	var n int
	if callers == 1 {
		n = replaySequential(b, e, step)
	} else {
		// replayParallel runs its connections per GOMAXPROCS: this many make callers in all.
		n = replayParallel(b, e, max(1, callers/runtime.GOMAXPROCS(0)), step)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "invokes/s")
	b.ReportMetric(float64(b.Elapsed().Microseconds())*float64(callers)/float64(n), "µs/invoke")
}

// replaySequential runs step on one connection until the benchmark ends.
func replaySequential(b *testing.B, e *env, step func(p *replayer) (int, error)) int {
	p, err := newReplayer(e)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = p.conn.Close() }()
	n := 0
	for b.Loop() {
		k, err := step(p)
		if err != nil {
			b.Fatal(err)
		}
		n += k
	}
	return n
}

// warmInstances starts n instances of the benchmark's function: n invocations at once, each
// holding its instance for a moment.
func warmInstances(b *testing.B, client *lambda.Client, n int) {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := client.Invoke(context.Background(), &lambda.InvokeInput{FunctionName: aws.String("bench"),
				Payload: []byte(`{"action":"sleep","millis":300}`)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			b.Fatal(err)
		}
	}
}
