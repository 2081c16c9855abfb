package delivery_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

func invoke(t *testing.T, svc *delivery.Service, payload string) (any, *api.Error) {
	t.Helper()
	out, err := svc.Invoke(context.Background(), json.RawMessage(payload))
	var apiErr *api.Error
	if err != nil && !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	return out, apiErr
}

func TestATestAlertLinksToTheAppAndIsRecordedNowhere(t *testing.T) {
	hook := newReceiver(t, http.StatusInternalServerError, "receiver broken")
	store, retries := &alertStore{}, &retrySink{}
	svc := &delivery.Service{Alerts: store, Retries: retries, Settings: delivery.DefaultSettings(), Now: func() time.Time { return created },
		Outputs: &staticOutputs{outputs: []outputsapi.Output{webhookOutput("hook", hook.URL)}},
		Sender:  &senders.Senders{Links: senders.Links{AlertURLPrefix: "https://panther.acme.example/log-analysis/alerts/", AppDomainURL: "https://panther.acme.example"}}}
	out, err := invoke(t, svc, `{"sendTestAlert":{"outputIds":["hook"]}}`)
	if err != nil {
		t.Fatal(err)
	}
	responses := out.([]deliveryapi.DeliveryResponse)
	if len(responses) != 1 || responses[0].Success || responses[0].StatusCode != http.StatusInternalServerError || responses[0].Message != "receiver broken" {
		t.Fatalf("answer: %+v", responses)
	}
	got := hook.received()
	if len(got) != 1 {
		t.Fatalf("received %d", len(got))
	}
	body := got[0].Body.(map[string]any)
	if body["link"] != "https://panther.acme.example" || body["title"] != "New Alert: This is a test alert" || body["id"] != "Test.Alert" ||
		body["severity"] != "INFO" || body["createdAt"] != "2024-05-01T12:00:00Z" {
		t.Fatalf("the test alert: %+v", body)
	}
	if len(store.recorded) != 0 || len(retries.alerts(t)) != 0 {
		t.Fatalf("a test alert was recorded %+v or retried %+v", store.recorded, retries.alerts(t))
	}
}

func TestDirectInvocationsCheckTheirInput(t *testing.T) {
	store := &alertStore{stored: map[string]*alertsapi.Summary{"stored": {AlertID: "stored", Type: "RULE", Severity: "LOW"}}}
	svc := &delivery.Service{Alerts: store, Retries: &retrySink{}, Settings: delivery.DefaultSettings(),
		Outputs: &staticOutputs{outputs: []outputsapi.Output{webhookOutput("hook", "")}},
		Sender: sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
			return senders.Result{StatusCode: http.StatusOK, Success: true}
		})}
	cases := []struct{ payload, errType, mentions string }{
		{`{"sendTestAlert":{"outputIds":[]}}`, "InvalidInputError", "outputIds"},
		{`{"sendTestAlert":{"outputIds":["hook","gone"]}}`, "InvalidInputError", `"gone"`},
		{`{"deliverAlert":{"outputIds":["hook"]}}`, "InvalidInputError", "alertId"},
		{`{"deliverAlert":{"alertId":"stored","outputIds":["gone"]}}`, "InvalidInputError", `"gone"`},
		{`{"deliverAlert":{"alertId":"missing","outputIds":["hook"]}}`, "DoesNotExistError", "missing"},
		{`{"somethingElse":{}}`, "InvalidInputError", "deliverAlert, sendTestAlert"},
		{`["not", "an", "object"]`, "InvalidInputError", "neither a queue batch nor a request"},
	}
	for _, c := range cases {
		if _, err := invoke(t, svc, c.payload); err == nil || err.Type != c.errType || !strings.Contains(err.Message, c.mentions) {
			t.Errorf("%s: %v, want %s mentioning %s", c.payload, err, c.errType, c.mentions)
		}
	}
	if len(store.recorded) != 0 {
		t.Fatalf("a refused request recorded %+v", store.recorded)
	}
	store.recordErr = errRecord
	if _, err := svc.Invoke(context.Background(), json.RawMessage(`{"deliverAlert":{"alertId":"stored","outputIds":["hook"]}}`)); !errors.Is(err, errRecord) {
		t.Fatalf("an unrecorded re-send: %v", err)
	}
}

func TestOutputsAreCachedForTheRefreshIntervalExceptForDirectInvocations(t *testing.T) {
	clock := created
	outputs := &staticOutputs{outputs: []outputsapi.Output{webhookOutput("hook", "")}}
	svc := &delivery.Service{Outputs: outputs, Alerts: &alertStore{}, Retries: &retrySink{}, Settings: delivery.DefaultSettings(),
		Now: func() time.Time { return clock },
		Sender: sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
			return senders.Result{StatusCode: http.StatusOK, Success: true}
		})}
	deliver := func() {
		if _, err := svc.Invoke(context.Background(), queued(t, rootLogin())); err != nil {
			t.Fatal(err)
		}
	}
	deliver()
	clock = clock.Add(29 * time.Second)
	deliver()
	if n := outputs.callCount(); n != 1 {
		t.Fatalf("within 30 s the outputs were listed %d times", n)
	}
	clock = clock.Add(time.Second)
	deliver()
	if n := outputs.callCount(); n != 2 {
		t.Fatalf("after 30 s the outputs were listed %d times in all", n)
	}
	// A user who just added an output tests it at once: the list is fresh.
	outputs.mu.Lock()
	outputs.outputs = append(outputs.outputs, webhookOutput("new", ""))
	outputs.mu.Unlock()
	if _, err := invoke(t, svc, `{"sendTestAlert":{"outputIds":["new"]}}`); err != nil {
		t.Fatalf("testing a new output: %v", err)
	}
	if n := outputs.callCount(); n != 3 {
		t.Fatalf("the direct invocation listed the outputs %d times in all", n)
	}
}
