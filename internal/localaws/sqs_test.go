package localaws_test

import (
	"bytes"
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// createQueue creates a queue and returns its URL.
func createQueue(t *testing.T, e *env, name string, attrs map[string]string) string {
	t.Helper()
	out, err := e.sqs.CreateQueue(ctx(t), &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	must(t, err)
	return aws.ToString(out.QueueUrl)
}

// queueAttrs reads queue attributes (all of them without names).
func queueAttrs(t *testing.T, e *env, url string, names ...types.QueueAttributeName) map[string]string {
	t.Helper()
	if len(names) == 0 {
		names = []types.QueueAttributeName{types.QueueAttributeNameAll}
	}
	out, err := e.sqs.GetQueueAttributes(ctx(t), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: names})
	must(t, err)
	return out.Attributes
}

func send(t *testing.T, e *env, url, body string) string {
	t.Helper()
	out, err := e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	must(t, err)
	return aws.ToString(out.MessageId)
}

// receive receives without waiting, with the given visibility timeout.
func receive(t *testing.T, e *env, url string, limit, visibility int32) []types.Message {
	t.Helper()
	out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: limit,
		VisibilityTimeout: visibility, WaitTimeSeconds: 0,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll}})
	must(t, err)
	return out.Messages
}

func TestSQSQueueLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "orders", map[string]string{"VisibilityTimeout": "45"})
	if want := e.srv.URL() + "/000000000000/orders"; url != want {
		t.Fatalf("queue URL %s, want %s", url, want)
	}
	if again := createQueue(t, e, "orders", map[string]string{"VisibilityTimeout": "45"}); again != url {
		t.Fatalf("idempotent create returned %s", again)
	}
	_, err := e.sqs.CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("orders"), Attributes: map[string]string{"VisibilityTimeout": "46"}})
	wantCode(t, err, "QueueAlreadyExists")
	var exists *types.QueueNameExists
	if !errors.As(err, &exists) {
		t.Fatalf("want QueueNameExists, got %T", err)
	}
	_, err = e.sqs.CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("orders.fifo"), Attributes: map[string]string{"FifoQueue": "true"}})
	wantCode(t, err, "AWS.SimpleQueueService.UnsupportedOperation")
	got, err := e.sqs.GetQueueUrl(c, &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	must(t, err)
	if aws.ToString(got.QueueUrl) != url {
		t.Fatalf("GetQueueUrl %s", aws.ToString(got.QueueUrl))
	}

	attrs := queueAttrs(t, e, url)
	want := map[string]string{"VisibilityTimeout": "45", "MessageRetentionPeriod": "345600", "DelaySeconds": "0",
		"ReceiveMessageWaitTimeSeconds": "0", "MaximumMessageSize": "262144", "SqsManagedSseEnabled": "true",
		"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0", "ApproximateNumberOfMessagesDelayed": "0",
		"QueueArn": "arn:aws:sqs:us-east-1:000000000000:orders"}
	for k, v := range want {
		if attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, attrs[k], v)
		}
	}
	if attrs["CreatedTimestamp"] == "" || attrs["LastModifiedTimestamp"] == "" {
		t.Errorf("timestamps missing: %v", attrs)
	}
	_, err = e.sqs.SetQueueAttributes(c, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url),
		Attributes: map[string]string{"DelaySeconds": "5", "KmsMasterKeyId": "alias/aws/sqs"}})
	must(t, err)
	named := queueAttrs(t, e, url, types.QueueAttributeNameDelaySeconds, types.QueueAttributeNameKmsMasterKeyId, types.QueueAttributeNameSqsManagedSseEnabled)
	if len(named) != 3 || named["DelaySeconds"] != "5" || named["KmsMasterKeyId"] != "alias/aws/sqs" || named["SqsManagedSseEnabled"] != "false" {
		t.Fatalf("named attributes %v", named)
	}
	_, err = e.sqs.SetQueueAttributes(c, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"VisibilityTimeout": "50000"}})
	wantCode(t, err, "InvalidAttributeValue")
	_, err = e.sqs.SetQueueAttributes(c, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"Bogus": "1"}})
	wantCode(t, err, "InvalidAttributeName")

	_, err = e.sqs.TagQueue(c, &sqs.TagQueueInput{QueueUrl: aws.String(url), Tags: map[string]string{"team": "security", "env": "dev"}})
	must(t, err)
	_, err = e.sqs.UntagQueue(c, &sqs.UntagQueueInput{QueueUrl: aws.String(url), TagKeys: []string{"env"}})
	must(t, err)
	tags, err := e.sqs.ListQueueTags(c, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	must(t, err)
	if len(tags.Tags) != 1 || tags.Tags["team"] != "security" {
		t.Fatalf("tags %v", tags.Tags)
	}

	_, err = e.sqs.DeleteQueue(c, &sqs.DeleteQueueInput{QueueUrl: aws.String(url)})
	must(t, err)
	_, err = e.sqs.GetQueueAttributes(c, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url)})
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")
	var missing *types.QueueDoesNotExist
	if !errors.As(err, &missing) {
		t.Fatalf("want QueueDoesNotExist, got %T", err)
	}
	_, err = e.sqs.GetQueueUrl(c, &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")
}

func TestSQSListQueuesPrefixAndPaging(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	for i := range 7 {
		createQueue(t, e, fmt.Sprintf("panther-%d", i), nil)
	}
	createQueue(t, e, "other", nil)
	all, err := e.sqs.ListQueues(c, &sqs.ListQueuesInput{})
	must(t, err)
	if len(all.QueueUrls) != 8 || all.NextToken != nil {
		t.Fatalf("ListQueues %v next %v", all.QueueUrls, all.NextToken)
	}
	p := sqs.NewListQueuesPaginator(e.sqs, &sqs.ListQueuesInput{QueueNamePrefix: aws.String("panther-"), MaxResults: aws.Int32(3)})
	var urls []string
	pages := 0
	for p.HasMorePages() {
		out, err := p.NextPage(c)
		must(t, err)
		urls = append(urls, out.QueueUrls...)
		pages++
	}
	if len(urls) != 7 || pages != 3 || !strings.HasSuffix(urls[6], "/panther-6") {
		t.Fatalf("paged %d pages: %v", pages, urls)
	}
}

// TestSQSQueueURLFromAnyHost sends to a queue URL naming another host and
// through an endpoint with a path: the queue is found by the URL's account
// and name, and routing by X-Amz-Target ignores the path.
func TestSQSQueueURLFromAnyHost(t *testing.T) {
	e := startEnv(t)
	createQueue(t, e, "anywhere", nil)
	send(t, e, "https://sqs.us-east-1.amazonaws.com/000000000000/anywhere", "one")
	pathed := sqs.NewFromConfig(e.cfg, func(o *sqs.Options) { o.BaseEndpoint = aws.String(e.srv.URL() + "/000000000000/anywhere") })
	out, err := pathed.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String("http://queue.internal:9324/000000000000/anywhere")})
	must(t, err)
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "one" {
		t.Fatalf("messages %+v", out.Messages)
	}
}

func TestSQSVisibilityTimeoutExpiry(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "work", nil)
	id := send(t, e, url, "job")
	first := receive(t, e, url, 10, 1)
	if len(first) != 1 || aws.ToString(first[0].MessageId) != id || first[0].Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("first receive %+v", first)
	}
	if again := receive(t, e, url, 10, 1); len(again) != 0 {
		t.Fatalf("in-flight message received again: %+v", again)
	}
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessagesNotVisible"] != "1" || a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("counts while in flight %v", a)
	}
	time.Sleep(1100 * time.Millisecond)
	second := receive(t, e, url, 10, 30)
	if len(second) != 1 || second[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after expiry %+v", second)
	}
	if aws.ToString(second[0].ReceiptHandle) == aws.ToString(first[0].ReceiptHandle) {
		t.Fatal("receipt handle did not change between receives")
	}
	if second[0].Attributes["ApproximateFirstReceiveTimestamp"] != first[0].Attributes["ApproximateFirstReceiveTimestamp"] {
		t.Fatalf("first receive timestamp changed: %v vs %v", first[0].Attributes, second[0].Attributes)
	}
	// A stale handle deletes nothing and succeeds; a malformed one fails.
	_, err := e.sqs.DeleteMessage(c, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: first[0].ReceiptHandle})
	must(t, err)
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("stale handle deleted the message: %v", a)
	}
	_, err = e.sqs.DeleteMessage(c, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String("not-a-handle")})
	wantCode(t, err, "ReceiptHandleIsInvalid")
	// Visibility 0 makes the message visible again at once.
	_, err = e.sqs.ChangeMessageVisibility(c, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: second[0].ReceiptHandle, VisibilityTimeout: 0})
	must(t, err)
	_, err = e.sqs.ChangeMessageVisibility(c, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: second[0].ReceiptHandle, VisibilityTimeout: 10})
	wantCode(t, err, "AWS.SimpleQueueService.MessageNotInflight")
	third := receive(t, e, url, 10, 30)
	if len(third) != 1 {
		t.Fatalf("after ChangeMessageVisibility 0: %+v", third)
	}
	batch, err := e.sqs.ChangeMessageVisibilityBatch(c, &sqs.ChangeMessageVisibilityBatchInput{QueueUrl: aws.String(url),
		Entries: []types.ChangeMessageVisibilityBatchRequestEntry{
			{Id: aws.String("ok"), ReceiptHandle: third[0].ReceiptHandle, VisibilityTimeout: 0},
			{Id: aws.String("stale"), ReceiptHandle: first[0].ReceiptHandle, VisibilityTimeout: 0}}})
	must(t, err)
	if len(batch.Successful) != 1 || len(batch.Failed) != 1 || aws.ToString(batch.Failed[0].Id) != "stale" {
		t.Fatalf("visibility batch %+v", batch)
	}
	fourth := receive(t, e, url, 10, 30)
	_, err = e.sqs.DeleteMessage(c, &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: fourth[0].ReceiptHandle})
	must(t, err)
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessagesNotVisible"] != "0" || a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("after delete %v", a)
	}
}

func TestSQSLongPollingReturnsWhenMessageArrives(t *testing.T) {
	e := startEnv(t)
	url := createQueue(t, e, "poll", nil)
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, _ = e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("late")})
	}()
	start := time.Now()
	out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 10})
	must(t, err)
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "late" {
		t.Fatalf("messages %+v", out.Messages)
	}
	if d := time.Since(start); d < 250*time.Millisecond || d > 3*time.Second {
		t.Fatalf("long poll returned after %v", d)
	}
}

// TestSQSLongPollingTimesOutEmpty also checks that a waiting poller does
// not hold the emulator's lock: other calls answer meanwhile.
func TestSQSLongPollingTimesOutEmpty(t *testing.T) {
	e := startEnv(t)
	url := createQueue(t, e, "quiet", map[string]string{"ReceiveMessageWaitTimeSeconds": "1"})
	done := make(chan time.Duration)
	go func() {
		start := time.Now()
		out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
		if err != nil || len(out.Messages) != 0 {
			t.Errorf("empty poll: %v %+v", err, out)
		}
		done <- time.Since(start)
	}()
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	queueAttrs(t, e, url)
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Fatalf("GetQueueAttributes waited %v behind a long poll", d)
	}
	if d := <-done; d < 900*time.Millisecond || d > 3*time.Second {
		t.Fatalf("queue wait time 1s, poll returned after %v", d)
	}
}

func TestSQSConcurrentLongPollersAndSenders(t *testing.T) {
	e := startEnv(t)
	url := createQueue(t, e, "busy", nil)
	const senders, pollers, perSender = 4, 4, 25
	var received sync.Map
	var count atomic.Int32
	var wg sync.WaitGroup
	for range pollers {
		wg.Go(func() {
			for count.Load() < senders*perSender {
				out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 1, MaxNumberOfMessages: 10})
				if err != nil {
					t.Error(err)
					return
				}
				for _, m := range out.Messages {
					if _, dup := received.LoadOrStore(aws.ToString(m.Body), true); dup {
						t.Errorf("message %s received twice", aws.ToString(m.Body))
					}
					count.Add(1)
					_, err := e.sqs.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
					if err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	for s := range senders {
		wg.Go(func() {
			for i := range perSender {
				_, err := e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(fmt.Sprintf("%d-%d", s, i))})
				if err != nil {
					t.Error(err)
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
	wg.Wait()
	if n := count.Load(); n != senders*perSender {
		t.Fatalf("received %d messages", n)
	}
}

func TestSQSDelay(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "later", map[string]string{"DelaySeconds": "1"})
	send(t, e, url, "queue delay")
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessagesDelayed"] != "1" || a["ApproximateNumberOfMessages"] != "0" {
		t.Fatalf("counts %v", a)
	}
	if now := receive(t, e, url, 10, 30); len(now) != 0 {
		t.Fatalf("delayed message received at once: %+v", now)
	}
	start := time.Now()
	out, err := e.sqs.ReceiveMessage(c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 5})
	must(t, err)
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != "queue delay" {
		t.Fatalf("delayed receive %+v", out.Messages)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("delayed message arrived after %v", d)
	}

	// A per-message delay overrides the queue's.
	plain := createQueue(t, e, "plain", nil)
	_, err = e.sqs.SendMessage(c, &sqs.SendMessageInput{QueueUrl: aws.String(plain), MessageBody: aws.String("own delay"), DelaySeconds: 1})
	must(t, err)
	if now := receive(t, e, plain, 10, 30); len(now) != 0 {
		t.Fatalf("message with its own delay received at once: %+v", now)
	}
	time.Sleep(1100 * time.Millisecond)
	if later := receive(t, e, plain, 10, 30); len(later) != 1 {
		t.Fatalf("message with its own delay after it: %+v", later)
	}
	_, err = e.sqs.SendMessage(c, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x"), DelaySeconds: 901})
	wantCode(t, err, "InvalidParameterValue")
}

func TestSQSRedriveToDeadLetterQueue(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	dlq := createQueue(t, e, "work-dlq", nil)
	dlqArn := queueAttrs(t, e, dlq)["QueueArn"]
	// Visibility 0: each receive makes the message visible again at once.
	url := createQueue(t, e, "work", map[string]string{"VisibilityTimeout": "0",
		"RedrivePolicy": fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":"2"}`, dlqArn)})
	if rp := queueAttrs(t, e, url)["RedrivePolicy"]; rp != fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":2}`, dlqArn) {
		t.Fatalf("RedrivePolicy %s", rp)
	}
	_, err := e.sqs.CreateQueue(c, &sqs.CreateQueueInput{QueueName: aws.String("broken"), Attributes: map[string]string{
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:nope","maxReceiveCount":2}`}})
	wantCode(t, err, "InvalidParameterValue")
	id := send(t, e, url, "poison")
	for i := range 2 {
		if got := receive(t, e, url, 1, 0); len(got) != 1 {
			t.Fatalf("receive %d: %+v", i+1, got)
		}
	}
	if got := receive(t, e, url, 1, 0); len(got) != 0 {
		t.Fatalf("message delivered past maxReceiveCount: %+v", got)
	}
	moved := receive(t, e, dlq, 10, 30)
	if len(moved) != 1 || aws.ToString(moved[0].MessageId) != id || moved[0].Attributes["DeadLetterQueueSourceArn"] != queueAttrs(t, e, url)["QueueArn"] {
		t.Fatalf("dead-letter queue %+v", moved)
	}
	sources, err := e.sqs.ListDeadLetterSourceQueues(c, &sqs.ListDeadLetterSourceQueuesInput{QueueUrl: aws.String(dlq)})
	must(t, err)
	if len(sources.QueueUrls) != 1 || sources.QueueUrls[0] != url {
		t.Fatalf("dead-letter sources %v", sources.QueueUrls)
	}
}

func TestSQSSendMessageBatchPartialFailure(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "batch", nil)
	tooMany := map[string]types.MessageAttributeValue{}
	for i := range 11 {
		tooMany[fmt.Sprint("a", i)] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String("v")}
	}
	out, err := e.sqs.SendMessageBatch(c, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("good"), MessageBody: aws.String("fine")},
		{Id: aws.String("control"), MessageBody: aws.String("bad \x01 char")},
		{Id: aws.String("attrs"), MessageBody: aws.String("x"), MessageAttributes: tooMany},
		{Id: aws.String("late"), MessageBody: aws.String("fine too"), DelaySeconds: 2},
	}})
	must(t, err)
	var ok, failed []string
	for _, s := range out.Successful {
		ok = append(ok, aws.ToString(s.Id))
	}
	codes := map[string]string{}
	for _, f := range out.Failed {
		failed = append(failed, aws.ToString(f.Id))
		codes[aws.ToString(f.Id)] = aws.ToString(f.Code)
		if !f.SenderFault {
			t.Errorf("entry %s not a sender fault", aws.ToString(f.Id))
		}
	}
	sort.Strings(ok)
	sort.Strings(failed)
	if fmt.Sprint(ok) != "[good late]" || fmt.Sprint(failed) != "[attrs control]" ||
		codes["control"] != "InvalidMessageContents" || codes["attrs"] != "InvalidParameterValue" {
		t.Fatalf("successful %v failed %v codes %v", ok, failed, codes)
	}
	_, err = e.sqs.SendMessageBatch(c, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("same"), MessageBody: aws.String("1")}, {Id: aws.String("same"), MessageBody: aws.String("2")}}})
	wantCode(t, err, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")
	eleven := make([]types.SendMessageBatchRequestEntry, 11)
	for i := range eleven {
		eleven[i] = types.SendMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("m", i)), MessageBody: aws.String("b")}
	}
	_, err = e.sqs.SendMessageBatch(c, &sqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: eleven})
	wantCode(t, err, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest")

	got := receive(t, e, url, 10, 30)
	del := []types.DeleteMessageBatchRequestEntry{{Id: aws.String("bad"), ReceiptHandle: aws.String("%%%")}}
	for i, m := range got {
		del = append(del, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint("d", i)), ReceiptHandle: m.ReceiptHandle})
	}
	res, err := e.sqs.DeleteMessageBatch(c, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: del})
	must(t, err)
	if len(got) != 1 || len(res.Successful) != 1 || len(res.Failed) != 1 || aws.ToString(res.Failed[0].Code) != "ReceiptHandleIsInvalid" {
		t.Fatalf("received %d, delete batch %+v", len(got), res)
	}
}

// attributesMD5 computes MD5OfMessageAttributes the way AWS documents it,
// independently of the emulator's code.
func attributesMD5(attrs map[string]types.MessageAttributeValue) string {
	var buf bytes.Buffer
	field := func(b []byte) {
		_ = binary.Write(&buf, binary.BigEndian, int32(len(b)))
		buf.Write(b)
	}
	var names []string
	for n := range attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		a := attrs[n]
		field([]byte(n))
		field([]byte(aws.ToString(a.DataType)))
		if a.BinaryValue != nil {
			buf.WriteByte(2)
			field(a.BinaryValue)
		} else {
			buf.WriteByte(1)
			field([]byte(aws.ToString(a.StringValue)))
		}
	}
	sum := md5.Sum(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

func TestSQSMessageAttributesMD5(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "attrs", nil)
	attrs := map[string]types.MessageAttributeValue{
		"event":        {DataType: aws.String("String"), StringValue: aws.String("alert.created")},
		"severity":     {DataType: aws.String("Number"), StringValue: aws.String("4")},
		"payload":      {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 255}},
		"custom.trace": {DataType: aws.String("String.uuid"), StringValue: aws.String("3f2a")},
	}
	// The SDK validates MD5OfMessageBody itself and fails the call on a
	// mismatch; the attributes' MD5 is checked here.
	out, err := e.sqs.SendMessage(c, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("héllo ✓"), MessageAttributes: attrs})
	must(t, err)
	if want := attributesMD5(attrs); aws.ToString(out.MD5OfMessageAttributes) != want {
		t.Fatalf("MD5OfMessageAttributes %s, want %s", aws.ToString(out.MD5OfMessageAttributes), want)
	}
	got, err := e.sqs.ReceiveMessage(c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: []string{"All"}})
	must(t, err)
	m := got.Messages[0]
	if aws.ToString(m.MD5OfMessageAttributes) != attributesMD5(attrs) || len(m.MessageAttributes) != 4 ||
		!bytes.Equal(m.MessageAttributes["payload"].BinaryValue, []byte{0, 1, 2, 255}) || aws.ToString(m.Body) != "héllo ✓" {
		t.Fatalf("received %+v", m)
	}
	_, err = e.sqs.ChangeMessageVisibility(c, &sqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
	must(t, err)
	some, err := e.sqs.ReceiveMessage(c, &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MessageAttributeNames: []string{"custom.*", "severity"}})
	must(t, err)
	subset := map[string]types.MessageAttributeValue{"custom.trace": attrs["custom.trace"], "severity": attrs["severity"]}
	if len(some.Messages[0].MessageAttributes) != 2 || aws.ToString(some.Messages[0].MD5OfMessageAttributes) != attributesMD5(subset) {
		t.Fatalf("attribute subset %+v", some.Messages[0])
	}
}

func TestSQSPurgeQueue(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "purge", nil)
	for i := range 5 {
		send(t, e, url, fmt.Sprint(i))
	}
	receive(t, e, url, 2, 30)
	_, err := e.sqs.PurgeQueue(c, &sqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	must(t, err)
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessages"] != "0" || a["ApproximateNumberOfMessagesNotVisible"] != "0" {
		t.Fatalf("after purge %v", a)
	}
	_, err = e.sqs.PurgeQueue(c, &sqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	wantCode(t, err, "AWS.SimpleQueueService.PurgeQueueInProgress")
}

func TestSQSRetentionExpiresMessages(t *testing.T) {
	var offset atomic.Int64
	e := startEnv(t, func(o *localaws.Options) {
		o.Clock = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	})
	url := createQueue(t, e, "short", map[string]string{"MessageRetentionPeriod": "60"})
	send(t, e, url, "old")
	offset.Store(int64(30 * time.Second))
	send(t, e, url, "newer")
	offset.Store(int64(61 * time.Second))
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessages"] != "1" {
		t.Fatalf("after retention %v", a)
	}
	got := receive(t, e, url, 10, 30)
	if len(got) != 1 || aws.ToString(got[0].Body) != "newer" {
		t.Fatalf("received %+v", got)
	}
}

func TestSQSStateFileKeepsMessagesInFlight(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	e := newEnv(t, srv, "AKIDEXAMPLE")
	url := createQueue(t, e, "durable", map[string]string{"VisibilityTimeout": "300"})
	send(t, e, url, "first")
	send(t, e, url, "second")
	inFlight := receive(t, e, url, 1, 300)
	must(t, srv.Close())

	srv, err = localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	e = newEnv(t, srv, "AKIDEXAMPLE")
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessages"] != "1" || a["ApproximateNumberOfMessagesNotVisible"] != "1" || a["VisibilityTimeout"] != "300" {
		t.Fatalf("after restart %v", a)
	}
	got := receive(t, e, url, 10, 30)
	if len(got) != 1 || aws.ToString(got[0].Body) != "second" {
		t.Fatalf("received after restart %+v", got)
	}
	_, err = e.sqs.DeleteMessage(ctx(t), &sqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: inFlight[0].ReceiptHandle})
	must(t, err)
	if a := queueAttrs(t, e, url); a["ApproximateNumberOfMessagesNotVisible"] != "1" {
		t.Fatalf("the in-flight message's handle did not survive the restart: %v", a)
	}
	must(t, e.admin.Reset(ctx(t)))
	_, err = e.sqs.GetQueueUrl(ctx(t), &sqs.GetQueueUrlInput{QueueName: aws.String("durable")})
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")
}

func TestSQSFaultInjectionOnSendMessage(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	url := createQueue(t, e, "faulty", nil)
	_, err := e.admin.AddFault(c, admin.FaultRule{Service: "sqs", Operation: "SendMessage", Resource: "faulty", ErrorCode: "KmsAccessDenied", Count: 1})
	must(t, err)
	_, err = e.sqs.SendMessage(c, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")})
	var denied *types.KmsAccessDenied
	if !errors.As(err, &denied) {
		t.Fatalf("want injected KmsAccessDenied, got %v", err)
	}
	// A throttling fault is retried by the SDK, which then succeeds.
	_, err = e.admin.AddFault(c, admin.FaultRule{Service: "sqs", Operation: "SendMessage", ErrorCode: "ThrottlingException", Count: 1})
	must(t, err)
	must(t, e.admin.ClearRequests(c))
	send(t, e, url, "after throttling")
	reqs, err := e.admin.Requests(c)
	must(t, err)
	var sends []string
	for _, r := range reqs {
		if r.Service == "sqs" && r.Operation == "SendMessage" && r.Resource == "faulty" {
			sends = append(sends, r.ErrorCode)
		}
	}
	if fmt.Sprint(sends) != "[ThrottlingException ]" {
		t.Fatalf("logged SendMessage calls %q", sends)
	}
}
