package localaws_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

func createTopic(t *testing.T, e *env, name string) string {
	t.Helper()
	out, err := e.sns.CreateTopic(ctx(t), &sns.CreateTopicInput{Name: aws.String(name)})
	must(t, err)
	return aws.ToString(out.TopicArn)
}

// subscribeQueue creates a queue and subscribes it; it returns the queue
// URL and the subscription ARN.
func subscribeQueue(t *testing.T, e *env, topic, queue string, attrs map[string]string) (string, string) {
	t.Helper()
	url := createQueue(t, e, queue, nil)
	arn := queueAttrs(t, e, url, types.QueueAttributeNameQueueArn)["QueueArn"]
	out, err := e.sns.Subscribe(ctx(t), &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("sqs"),
		Endpoint: aws.String(arn), Attributes: attrs, ReturnSubscriptionArn: true})
	must(t, err)
	return url, aws.ToString(out.SubscriptionArn)
}

// receiveAll drains what a queue holds now.
func receiveAll(t *testing.T, e *env, url string) []types.Message {
	t.Helper()
	out, err := e.sqs.ReceiveMessage(ctx(t), &sqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 10,
		MessageAttributeNames: []string{"All"}, MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll}})
	must(t, err)
	return out.Messages
}

func TestSNSTopicLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	out, err := e.sns.CreateTopic(c, &sns.CreateTopicInput{Name: aws.String("alerts"),
		Attributes: map[string]string{"DisplayName": "Alerts"}, Tags: []snstypes.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}})
	must(t, err)
	arn := aws.ToString(out.TopicArn)
	if arn != "arn:aws:sns:us-east-1:000000000000:alerts" {
		t.Fatalf("arn %s", arn)
	}
	again, err := e.sns.CreateTopic(c, &sns.CreateTopicInput{Name: aws.String("alerts"), Attributes: map[string]string{"DisplayName": "Alerts"}})
	must(t, err)
	if aws.ToString(again.TopicArn) != arn {
		t.Fatal("CreateTopic is not idempotent")
	}
	_, err = e.sns.CreateTopic(c, &sns.CreateTopicInput{Name: aws.String("alerts"), Attributes: map[string]string{"DisplayName": "Other"}})
	wantCode(t, err, "InvalidParameter")
	_, err = e.sns.CreateTopic(c, &sns.CreateTopicInput{Name: aws.String("bad name")})
	wantCode(t, err, "InvalidParameter")

	attrs, err := e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	must(t, err)
	a := attrs.Attributes
	if a["TopicArn"] != arn || a["DisplayName"] != "Alerts" || a["Owner"] != "000000000000" || a["SubscriptionsConfirmed"] != "0" ||
		a["SubscriptionsPending"] != "0" || a["SubscriptionsDeleted"] != "0" || !strings.Contains(a["Policy"], "__default_statement_ID") {
		t.Fatalf("attributes %v", a)
	}
	_, err = e.sns.SetTopicAttributes(c, &sns.SetTopicAttributesInput{TopicArn: aws.String(arn), AttributeName: aws.String("KmsMasterKeyId"), AttributeValue: aws.String("alias/aws/sns")})
	must(t, err)
	attrs, err = e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	must(t, err)
	if attrs.Attributes["KmsMasterKeyId"] != "alias/aws/sns" {
		t.Fatalf("KmsMasterKeyId %v", attrs.Attributes)
	}

	_, err = e.sns.TagResource(c, &sns.TagResourceInput{ResourceArn: aws.String(arn), Tags: []snstypes.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}})
	must(t, err)
	_, err = e.sns.UntagResource(c, &sns.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"team"}})
	must(t, err)
	tags, err := e.sns.ListTagsForResource(c, &sns.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	must(t, err)
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "env" {
		t.Fatalf("tags %+v", tags.Tags)
	}

	for i := range 105 {
		createTopic(t, e, fmt.Sprintf("t%03d", i))
	}
	var listed []string
	p := sns.NewListTopicsPaginator(e.sns, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		pg, err := p.NextPage(c)
		must(t, err)
		for _, tp := range pg.Topics {
			listed = append(listed, aws.ToString(tp.TopicArn))
		}
	}
	if len(listed) != 106 {
		t.Fatalf("listed %d topics", len(listed))
	}
	_, err = e.sns.DeleteTopic(c, &sns.DeleteTopicInput{TopicArn: aws.String(arn)})
	must(t, err)
	_, err = e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(arn)})
	wantCode(t, err, "NotFound")
}

func TestSNSSubscriptionLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "subs")
	_, sub := subscribeQueue(t, e, topic, "subq", map[string]string{"RawMessageDelivery": "true"})
	if !strings.HasPrefix(sub, topic+":") {
		t.Fatalf("subscription arn %s", sub)
	}
	attrs, err := e.sns.GetSubscriptionAttributes(c, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub)})
	must(t, err)
	if a := attrs.Attributes; a["RawMessageDelivery"] != "true" || a["PendingConfirmation"] != "false" || a["Protocol"] != "sqs" || a["TopicArn"] != topic {
		t.Fatalf("subscription attributes %v", a)
	}
	_, err = e.sns.SetSubscriptionAttributes(c, &sns.SetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub),
		AttributeName: aws.String("FilterPolicy"), AttributeValue: aws.String(`{"kind":[{"bogus":1}]}`)})
	wantCode(t, err, "InvalidParameter")
	list, err := e.sns.ListSubscriptionsByTopic(c, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	must(t, err)
	if len(list.Subscriptions) != 1 || aws.ToString(list.Subscriptions[0].SubscriptionArn) != sub {
		t.Fatalf("subscriptions %+v", list.Subscriptions)
	}
	all, err := e.sns.ListSubscriptions(c, &sns.ListSubscriptionsInput{})
	must(t, err)
	if len(all.Subscriptions) != 1 {
		t.Fatalf("all subscriptions %+v", all.Subscriptions)
	}
	_, err = e.sns.Subscribe(c, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("email"), Endpoint: aws.String("a@b.c")})
	wantCode(t, err, "InvalidParameter")
	_, err = e.sns.Unsubscribe(c, &sns.UnsubscribeInput{SubscriptionArn: aws.String(sub)})
	must(t, err)
	_, err = e.sns.GetSubscriptionAttributes(c, &sns.GetSubscriptionAttributesInput{SubscriptionArn: aws.String(sub)})
	wantCode(t, err, "NotFound")
}

func TestSNSToSQSEnvelope(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "envelope")
	url, sub := subscribeQueue(t, e, topic, "envelope-q", nil)
	pub, err := e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("hello <world> & co"),
		Subject: aws.String("greeting"), MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"color": {DataType: aws.String("String"), StringValue: aws.String("blue")},
			"count": {DataType: aws.String("Number"), StringValue: aws.String("3")},
			"blob":  {DataType: aws.String("Binary"), BinaryValue: []byte{1, 2}},
		}})
	must(t, err)
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 {
		t.Fatalf("received %d", len(msgs))
	}
	var env map[string]any
	must(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &env))
	if env["Type"] != "Notification" || env["MessageId"] != aws.ToString(pub.MessageId) || env["TopicArn"] != topic ||
		env["Subject"] != "greeting" || env["Message"] != "hello <world> & co" || env["SignatureVersion"] != "1" ||
		env["Signature"] == "" || !strings.HasSuffix(env["SigningCertURL"].(string), ".pem") ||
		!strings.Contains(env["UnsubscribeURL"].(string), "Action=Unsubscribe&SubscriptionArn="+sub) {
		t.Fatalf("envelope %v", env)
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", env["Timestamp"].(string)); err != nil {
		t.Fatalf("timestamp %v", env["Timestamp"])
	}
	attrs := env["MessageAttributes"].(map[string]any)
	if fmt.Sprint(attrs["color"]) != "map[Type:String Value:blue]" || fmt.Sprint(attrs["count"]) != "map[Type:Number Value:3]" ||
		fmt.Sprint(attrs["blob"]) != "map[Type:Binary Value:AQI=]" {
		t.Fatalf("message attributes %v", attrs)
	}
	if strings.Contains(aws.ToString(msgs[0].Body), `\u003c`) {
		t.Fatal("the envelope escapes HTML characters, as AWS does not")
	}
}

func TestSNSRawMessageDelivery(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "raw")
	url, _ := subscribeQueue(t, e, topic, "raw-q", map[string]string{"RawMessageDelivery": "true"})
	_, err := e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(`{"a":1}`),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{"color": {DataType: aws.String("String"), StringValue: aws.String("red")}}})
	must(t, err)
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 || aws.ToString(msgs[0].Body) != `{"a":1}` ||
		aws.ToString(msgs[0].MessageAttributes["color"].StringValue) != "red" {
		t.Fatalf("raw delivery %+v", msgs)
	}
}

func TestSNSMessageStructureJSON(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "structured")
	url, _ := subscribeQueue(t, e, topic, "structured-q", map[string]string{"RawMessageDelivery": "true"})
	_, err := e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), MessageStructure: aws.String("json"),
		Message: aws.String(`{"default":"d","sqs":"for queues"}`)})
	must(t, err)
	if msgs := receiveAll(t, e, url); len(msgs) != 1 || aws.ToString(msgs[0].Body) != "for queues" {
		t.Fatalf("structured %+v", msgs)
	}
	_, err = e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), MessageStructure: aws.String("json"), Message: aws.String(`{"sqs":"x"}`)})
	wantCode(t, err, "InvalidParameter")
}

func TestSNSFilterPolicy(t *testing.T) {
	type attrs = map[string]snstypes.MessageAttributeValue
	str := func(v string) snstypes.MessageAttributeValue {
		return snstypes.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	num := func(v string) snstypes.MessageAttributeValue {
		return snstypes.MessageAttributeValue{DataType: aws.String("Number"), StringValue: aws.String(v)}
	}
	arr := func(v string) snstypes.MessageAttributeValue {
		return snstypes.MessageAttributeValue{DataType: aws.String("String.Array"), StringValue: aws.String(v)}
	}
	cases := []struct {
		name, policy, scope, body string
		attrs                     attrs
		want                      bool
	}{
		{"exact match", `{"color":["blue"]}`, "", "m", attrs{"color": str("blue")}, true},
		{"exact mismatch", `{"color":["blue"]}`, "", "m", attrs{"color": str("red")}, false},
		{"or of values", `{"color":["red","blue"]}`, "", "m", attrs{"color": str("red")}, true},
		{"missing attribute", `{"color":["blue"]}`, "", "m", nil, false},
		{"and of keys", `{"color":["blue"],"size":["L"]}`, "", "m", attrs{"color": str("blue"), "size": str("M")}, false},
		{"anything-but", `{"color":[{"anything-but":["red"]}]}`, "", "m", attrs{"color": str("blue")}, true},
		{"anything-but excluded", `{"color":[{"anything-but":"red"}]}`, "", "m", attrs{"color": str("red")}, false},
		{"anything-but prefix", `{"color":[{"anything-but":{"prefix":"re"}}]}`, "", "m", attrs{"color": str("red")}, false},
		{"prefix", `{"color":[{"prefix":"bl"}]}`, "", "m", attrs{"color": str("blue")}, true},
		{"prefix mismatch", `{"color":[{"prefix":"gr"}]}`, "", "m", attrs{"color": str("blue")}, false},
		{"numeric equal", `{"n":[{"numeric":["=",3]}]}`, "", "m", attrs{"n": num("3.0")}, true},
		{"numeric range", `{"n":[{"numeric":[">",0,"<=",5]}]}`, "", "m", attrs{"n": num("5")}, true},
		{"numeric out of range", `{"n":[{"numeric":[">",0,"<",5]}]}`, "", "m", attrs{"n": num("5")}, false},
		{"numeric >=", `{"n":[{"numeric":[">=",10]}]}`, "", "m", attrs{"n": num("9")}, false},
		{"exact number", `{"n":[7]}`, "", "m", attrs{"n": num("7")}, true},
		{"exists true", `{"color":[{"exists":true}]}`, "", "m", attrs{"color": str("x")}, true},
		{"exists false", `{"color":[{"exists":false}]}`, "", "m", nil, true},
		{"exists false present", `{"color":[{"exists":false}]}`, "", "m", attrs{"color": str("x")}, false},
		{"string array", `{"tags":["b"]}`, "", "m", attrs{"tags": arr(`["a","b"]`)}, true},
		{"body scope", `{"detail":{"kind":["alert"]}}`, "MessageBody", `{"detail":{"kind":"alert"}}`, nil, true},
		{"body scope mismatch", `{"detail":{"kind":["alert"]}}`, "MessageBody", `{"detail":{"kind":"info"}}`, nil, false},
		{"body scope not json", `{"kind":["alert"]}`, "MessageBody", `not json`, nil, false},
	}
	e := startEnv(t)
	c := ctx(t)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			topic := createTopic(t, e, fmt.Sprintf("filter%d", i))
			sa := map[string]string{"FilterPolicy": tc.policy, "RawMessageDelivery": "true"}
			if tc.scope != "" {
				sa["FilterPolicyScope"] = tc.scope
			}
			url, _ := subscribeQueue(t, e, topic, fmt.Sprintf("filter%d", i), sa)
			_, err := e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String(tc.body), MessageAttributes: tc.attrs})
			must(t, err)
			if got := len(receiveAll(t, e, url)) == 1; got != tc.want {
				t.Fatalf("delivered %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSNSCrossAccountConfirmation(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "shared")
	other := newEnv(t, e.srv, "111111111111")
	url := createQueue(t, other, "theirs", nil)
	queueArn := queueAttrs(t, other, url, types.QueueAttributeNameQueueArn)["QueueArn"]
	out, err := other.sns.Subscribe(c, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("sqs"), Endpoint: aws.String(queueArn)})
	must(t, err)
	if aws.ToString(out.SubscriptionArn) != "pending confirmation" {
		t.Fatalf("subscription arn %s", aws.ToString(out.SubscriptionArn))
	}
	attrs, err := e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	must(t, err)
	if attrs.Attributes["SubscriptionsPending"] != "1" {
		t.Fatalf("topic attributes %v", attrs.Attributes)
	}
	_, err = e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("before")})
	must(t, err)
	msgs := receiveAll(t, other, url)
	if len(msgs) != 1 {
		t.Fatalf("want only the confirmation, got %d", len(msgs))
	}
	var conf map[string]string
	must(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &conf))
	if conf["Type"] != "SubscriptionConfirmation" || conf["Token"] == "" || !strings.Contains(conf["SubscribeURL"], "Action=ConfirmSubscription") {
		t.Fatalf("confirmation %v", conf)
	}
	_, err = other.sns.ConfirmSubscription(c, &sns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String("wrong")})
	wantCode(t, err, "InvalidParameter")
	confirmed, err := other.sns.ConfirmSubscription(c, &sns.ConfirmSubscriptionInput{TopicArn: aws.String(topic), Token: aws.String(conf["Token"])})
	must(t, err)
	if !strings.HasPrefix(aws.ToString(confirmed.SubscriptionArn), topic+":") {
		t.Fatalf("confirmed %s", aws.ToString(confirmed.SubscriptionArn))
	}
	_, err = e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("after")})
	must(t, err)
	msgs = receiveAll(t, other, url)
	if len(msgs) != 1 || !strings.Contains(aws.ToString(msgs[0].Body), `"Message":"after"`) {
		t.Fatalf("after confirmation %+v", msgs)
	}
}

func TestSNSPublishBatchPartialFailure(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	topic := createTopic(t, e, "batch")
	url, _ := subscribeQueue(t, e, topic, "batch-q", map[string]string{"RawMessageDelivery": "true"})
	out, err := e.sns.PublishBatch(c, &sns.PublishBatchInput{TopicArn: aws.String(topic), PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
		{Id: aws.String("ok1"), Message: aws.String("one")},
		{Id: aws.String("bad"), Message: aws.String("two"), MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"n": {DataType: aws.String("Number"), StringValue: aws.String("not a number")}}},
		{Id: aws.String("ok2"), Message: aws.String("three")},
	}})
	must(t, err)
	if len(out.Successful) != 2 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Id) != "bad" ||
		aws.ToString(out.Failed[0].Code) != "ParameterValueInvalid" || !out.Failed[0].SenderFault {
		t.Fatalf("batch %+v %+v", out.Successful, out.Failed)
	}
	if msgs := receiveAll(t, e, url); len(msgs) != 2 {
		t.Fatalf("delivered %d", len(msgs))
	}
	_, err = e.sns.PublishBatch(c, &sns.PublishBatchInput{TopicArn: aws.String(topic), PublishBatchRequestEntries: []snstypes.PublishBatchRequestEntry{
		{Id: aws.String("x"), Message: aws.String("a")}, {Id: aws.String("x"), Message: aws.String("b")}}})
	wantCode(t, err, "BatchEntryIdsNotDistinct")
}

func TestSNSLambdaSubscriptionDeliversRecords(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createGoFunction(t, e, "sns-listener", 10, nil)
	topic := createTopic(t, e, "to-lambda")
	fn := "arn:aws:lambda:us-east-1:000000000000:function:sns-listener"
	sub, err := e.sns.Subscribe(c, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("lambda"), Endpoint: aws.String(fn)})
	must(t, err)
	_, err = e.sns.Publish(c, &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("to the function"),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{"k": {DataType: aws.String("String"), StringValue: aws.String("v")}}})
	must(t, err)
	event := waitLoggedEvent(t, e, "sns-listener")
	var doc struct {
		Records []struct {
			EventSource, EventVersion, EventSubscriptionArn string
			Sns                                             map[string]any
		}
	}
	must(t, json.Unmarshal([]byte(event), &doc))
	if len(doc.Records) != 1 {
		t.Fatalf("event %s", event)
	}
	r := doc.Records[0]
	if r.EventSource != "aws:sns" || r.EventVersion != "1.0" || r.EventSubscriptionArn != aws.ToString(sub.SubscriptionArn) ||
		r.Sns["Message"] != "to the function" || r.Sns["TopicArn"] != topic || r.Sns["Subject"] != nil ||
		r.Sns["SigningCertUrl"] == nil || r.Sns["UnsubscribeUrl"] == nil ||
		fmt.Sprint(r.Sns["MessageAttributes"]) != "map[k:map[Type:String Value:v]]" {
		t.Fatalf("record %+v", r)
	}
}

// waitLoggedEvent waits for the Go test function to print an event and
// returns it.
func waitLoggedEvent(t *testing.T, e *env, function string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		out, err := e.logs.FilterLogEvents(ctx(t), &cloudwatchlogs.FilterLogEventsInput{LogGroupName: aws.String("/aws/lambda/" + function)})
		if err == nil {
			for _, ev := range out.Events {
				if rest, ok := strings.CutPrefix(aws.ToString(ev.Message), "event: "); ok {
					return strings.TrimSpace(rest)
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the function logged no event")
	return ""
}

func TestSNSStateFileKeepsTopicsAndSubscriptions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	e := newEnv(t, srv, "AKIDEXAMPLE")
	topic := createTopic(t, e, "durable")
	url, _ := subscribeQueue(t, e, topic, "durable-q", map[string]string{"RawMessageDelivery": "true"})
	must(t, srv.Close())

	srv, err = localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	e = newEnv(t, srv, "AKIDEXAMPLE")
	_, err = e.sns.Publish(ctx(t), &sns.PublishInput{TopicArn: aws.String(topic), Message: aws.String("after restart")})
	must(t, err)
	if msgs := receiveAll(t, e, url); len(msgs) != 1 || aws.ToString(msgs[0].Body) != "after restart" {
		t.Fatalf("after restart %+v", msgs)
	}
	must(t, e.admin.Reset(ctx(t)))
	_, err = e.sns.GetTopicAttributes(ctx(t), &sns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	wantCode(t, err, "NotFound")
}
