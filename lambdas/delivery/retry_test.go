package delivery_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// alertsQueue is the alerts queue on localaws.
func alertsQueue(t *testing.T) (aws.Config, *sqs.Client, string) {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	client := sqs.NewFromConfig(cfg)
	q, err := client.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("panther-alerts-queue")})
	if err != nil {
		t.Fatal(err)
	}
	return cfg, client, aws.ToString(q.QueueUrl)
}

func TestAFailedOutputIsQueuedAgainAloneAndLater(t *testing.T) {
	cfg, client, url := alertsQueue(t)
	failing, working := newReceiver(t, http.StatusServiceUnavailable, "busy"), newReceiver(t, http.StatusOK, "ok")
	outputs := &staticOutputs{outputs: []outputsapi.Output{webhookOutput("failing", failing.URL), webhookOutput("working", working.URL)}}
	settings := delivery.DefaultSettings()
	settings.MinRetryDelay, settings.MaxRetryDelay = 0, 0 // visible at once, to read it back
	svc := &delivery.Service{Outputs: outputs, Alerts: &alertStore{}, Retries: &awsx.RetryQueue{Client: client, URL: url}, Settings: settings, Sender: &senders.Senders{}}
	original := rootLogin()
	if _, err := svc.Invoke(context.Background(), queued(t, original)); err != nil {
		t.Fatal(err)
	}
	var retry deliveryapi.Alert
	if err := json.Unmarshal([]byte(receiveOne(t, cfg, url)), &retry); err != nil {
		t.Fatal(err)
	}
	want := original
	want.OutputIDs, want.RetryCount = []string{"failing"}, 1
	if !reflect.DeepEqual(retry, want) {
		t.Fatalf("queued again\n%+v\nwant\n%+v", retry, want)
	}

	// With the default delays the retry waits in the queue.
	svc.Settings = delivery.DefaultSettings()
	if _, err := svc.Invoke(context.Background(), queued(t, original)); err != nil {
		t.Fatal(err)
	}
	attrs, err := client.GetQueueAttributes(context.Background(), &sqs.GetQueueAttributesInput{QueueUrl: aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessagesDelayed}})
	if err != nil {
		t.Fatal(err)
	}
	if n := attrs.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessagesDelayed)]; n != "1" {
		t.Fatalf("delayed messages: %s", n)
	}
}

func TestRetryDelaysSpreadAndRetriesEnd(t *testing.T) {
	var asked []int
	sink := &retrySink{}
	svc := &delivery.Service{Alerts: &alertStore{}, Retries: sink, Settings: delivery.DefaultSettings(),
		Outputs: &staticOutputs{outputs: []outputsapi.Output{webhookOutput("failing", "")}},
		Sender: sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
			return senders.Result{StatusCode: http.StatusBadGateway, Retryable: true}
		}),
		RandomInt: func(n int) int { asked = append(asked, n); return []int{0, n - 1}[len(asked)%2] }}
	for _, retryCount := range []int{0, 9, 10, 11} {
		a := rootLogin()
		a.RetryCount, a.OutputIDs = retryCount, []string{"failing"}
		if _, err := svc.Invoke(context.Background(), queued(t, a)); err != nil {
			t.Fatal(err)
		}
	}
	// Only the alerts with retries left come back, one retry later, at 30 s to 299 s.
	retries := sink.alerts(t)
	if len(retries) != 2 || retries[0].RetryCount != 1 || retries[1].RetryCount != 10 {
		t.Fatalf("retries: %+v", retries)
	}
	if len(asked) != 2 || asked[0] != 270 || sink.messages[0].DelaySeconds != 299 || sink.messages[1].DelaySeconds != 30 {
		t.Fatalf("asked %v, delays %+v", asked, sink.messages)
	}
}

func TestBatchFailuresAreTheMessagesToReceiveAgain(t *testing.T) {
	ok := sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
		return senders.Result{StatusCode: http.StatusOK, Success: true}
	})
	failing := sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
		return senders.Result{StatusCode: http.StatusBadGateway, Retryable: true}
	})
	outputs := []outputsapi.Output{webhookOutput("hook", "")}
	batch := func(t *testing.T) json.RawMessage {
		var records []map[string]string
		_ = json.Unmarshal(queued(t, rootLogin()), &struct{ Records *[]map[string]string }{&records})
		records = append(records, map[string]string{"messageId": "not-an-alert", "body": "{truncated"})
		raw, _ := json.Marshal(map[string]any{"Records": records})
		return raw
	}
	cases := []struct {
		name    string
		sender  delivery.Sender
		alerts  *alertStore
		retries *retrySink
		outputs *staticOutputs
		want    []string
	}{
		{"a body that is no alert", ok, &alertStore{}, &retrySink{}, &staticOutputs{outputs: outputs}, []string{"not-an-alert"}},
		{"attempts that could not be recorded", ok, &alertStore{recordErr: errRecord}, &retrySink{}, &staticOutputs{outputs: outputs}, []string{"not-an-alert", "message-a"}},
		{"an alert that no longer exists", ok, &alertStore{recordErr: &api.Error{Type: "DoesNotExistError", Message: "no alert"}}, &retrySink{}, &staticOutputs{outputs: outputs}, []string{"not-an-alert"}},
		{"retries that could not be queued", failing, &alertStore{}, &retrySink{err: errors.New("queue unavailable")}, &staticOutputs{outputs: outputs}, []string{"not-an-alert", "message-a"}},
		{"outputs that could not be listed", ok, &alertStore{}, &retrySink{}, &staticOutputs{err: errors.New("outputs-api unavailable")}, []string{"not-an-alert", "message-a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc := &delivery.Service{Outputs: c.outputs, Alerts: c.alerts, Retries: c.retries, Sender: c.sender, Settings: delivery.DefaultSettings()}
			answer, err := svc.Invoke(context.Background(), batch(t))
			if err != nil {
				t.Fatal(err)
			}
			if got := batchFailures(t, answer); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("failures %v, want %v", got, c.want)
			}
		})
	}
}
