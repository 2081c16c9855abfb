package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

const rootLoginID = "8c7f2a0e9b1d4c3fa6e5d4c3b2a19081"

func webhookOutput(id, url string) outputsapi.Output {
	return outputsapi.Output{OutputID: id, DisplayName: id, OutputType: "customwebhook", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"},
		OutputConfig: &outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: url}}}
}

func TestAnOutputStillPendingAtTheSoftDeadlineTimesOutRetryably(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	store, retries := &alertStore{}, &retrySink{}
	svc := &delivery.Service{Alerts: store, Retries: retries, Settings: delivery.DefaultSettings(), DeadlineMargin: time.Second,
		Outputs: &staticOutputs{outputs: []outputsapi.Output{webhookOutput("fast", ""), webhookOutput("slow", "")}},
		// The slow sender ignores its context: the deadline must not depend on senders.
		Sender: sendFunc(func(_ context.Context, o *outputsapi.Output, _ *deliveryapi.Alert) senders.Result {
			if o.OutputID == "slow" {
				<-release
			}
			return senders.Result{StatusCode: http.StatusOK, Success: true, Message: "ok"}
		})}
	// A Lambda deadline 2.3 s away, less the margin of 1 s, leaves the senders 1.3 s.
	ctx, cancel := context.WithTimeout(context.Background(), 2300*time.Millisecond)
	defer cancel()
	start := time.Now()
	answer, err := svc.Invoke(ctx, queued(t, rootLogin()))
	if elapsed := time.Since(start); elapsed < 1200*time.Millisecond || elapsed > 2200*time.Millisecond {
		t.Fatalf("the dispatch stopped after %s, want about 1.3 s", elapsed)
	}
	if err != nil || len(batchFailures(t, answer)) != 0 {
		t.Fatalf("%v %+v", err, answer)
	}
	attempts := store.attempts(rootLoginID)
	if len(attempts) != 2 || !attempts[0].Success || attempts[1].OutputID != "slow" || attempts[1].StatusCode != http.StatusGatewayTimeout ||
		!strings.HasPrefix(attempts[1].Message, "Timeout") {
		t.Fatalf("attempts: %+v", attempts)
	}
	if r := retries.alerts(t); len(r) != 1 || strings.Join(r[0].OutputIDs, ",") != "slow" || r[0].RetryCount != 1 {
		t.Fatalf("retries: %+v", r)
	}
}

func TestAPanickingSenderFailsForGoodWithoutStoppingTheOthers(t *testing.T) {
	var logs bytes.Buffer
	store, retries := &alertStore{}, &retrySink{}
	svc := &delivery.Service{Alerts: store, Retries: retries, Settings: delivery.DefaultSettings(), Log: slog.New(slog.NewJSONHandler(&logs, nil)),
		Outputs: &staticOutputs{outputs: []outputsapi.Output{webhookOutput("boom", ""), webhookOutput("fine", "")}},
		Sender: sendFunc(func(_ context.Context, o *outputsapi.Output, _ *deliveryapi.Alert) senders.Result {
			if o.OutputID == "boom" {
				panic("the token is panic-secret")
			}
			return senders.Result{StatusCode: http.StatusOK, Success: true}
		})}
	if _, err := svc.Invoke(context.Background(), queued(t, rootLogin())); err != nil {
		t.Fatal(err)
	}
	attempts := store.attempts(rootLoginID)
	if len(attempts) != 2 || attempts[0].OutputID != "boom" || attempts[0].StatusCode != http.StatusInternalServerError || attempts[0].Success || !attempts[1].Success {
		t.Fatalf("attempts: %+v", attempts)
	}
	if r := retries.alerts(t); len(r) != 0 {
		t.Fatalf("a panic was retried: %+v", r)
	}
	if strings.Contains(logs.String(), "panic-secret") || !strings.Contains(logs.String(), "the sender panicked") {
		t.Fatalf("logs: %s", logs.String())
	}
}

func TestEveryOutputIsSentToAtOnce(t *testing.T) {
	const n = 6
	var started sync.WaitGroup
	started.Add(n)
	allStarted := make(chan struct{})
	go func() { started.Wait(); close(allStarted) }()
	var outputs []outputsapi.Output
	for i := range n {
		outputs = append(outputs, webhookOutput(outputID(i), ""))
	}
	store := &alertStore{}
	svc := &delivery.Service{Alerts: store, Retries: &retrySink{}, Settings: delivery.DefaultSettings(), Outputs: &staticOutputs{outputs: outputs},
		// Each send waits until every send has started: sequential sends would never get there.
		Sender: sendFunc(func(context.Context, *outputsapi.Output, *deliveryapi.Alert) senders.Result {
			started.Done()
			select {
			case <-allStarted:
				return senders.Result{StatusCode: http.StatusOK, Success: true}
			case <-time.After(5 * time.Second):
				return senders.Result{StatusCode: http.StatusInternalServerError, Message: "sent one at a time"}
			}
		})}
	if _, err := svc.Invoke(context.Background(), queued(t, rootLogin())); err != nil {
		t.Fatal(err)
	}
	for _, a := range store.attempts(rootLoginID) {
		if !a.Success {
			t.Fatalf("attempt: %+v", a)
		}
	}
}

func TestUnknownTypesFailForGoodAndSecretsStayOutOfResultsAndLogs(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close() // nothing listens there any more: a network error
	failing := newReceiver(t, http.StatusServiceUnavailable, "try later")
	var logs bytes.Buffer
	store, retries := &alertStore{}, &retrySink{}
	outputs := []outputsapi.Output{
		{OutputID: "a-pigeon", OutputType: "carrierpigeon", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"}, OutputConfig: &outputsapi.OutputConfig{}},
		webhookOutput("b-unreachable", closedURL+"/hooks/unreachable-secret"),
		{OutputID: "c-opsgenie", OutputType: "opsgenie", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"},
			OutputConfig: &outputsapi.OutputConfig{Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "genie-secret", ServiceRegion: "US"}}},
		{OutputID: "d-slack", OutputType: "slack", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"},
			OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: "https://hooks.slack.com/services/%zz-slack-secret"}}},
		{OutputID: "e-sns", OutputType: "sns", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"}, OutputConfig: &outputsapi.OutputConfig{}},
	}
	svc := &delivery.Service{Alerts: store, Retries: retries, Settings: delivery.DefaultSettings(), Outputs: &staticOutputs{outputs: outputs},
		Log:    slog.New(slog.NewJSONHandler(&logs, nil)),
		Sender: &senders.Senders{Endpoints: senders.Endpoints{OpsgenieUS: failing.URL}}}
	if _, err := svc.Invoke(context.Background(), queued(t, rootLogin())); err != nil {
		t.Fatal(err)
	}
	attempts := store.attempts(rootLoginID)
	want := []struct {
		status  int
		message string
	}{
		{http.StatusInternalServerError, `unknown output type "carrierpigeon"`},
		{http.StatusBadGateway, "request failed: "},
		{http.StatusServiceUnavailable, "try later"},
		{http.StatusInternalServerError, "the output's URL is not a valid URL"},
		{http.StatusInternalServerError, "the output has no sns config"},
	}
	if len(attempts) != len(want) {
		t.Fatalf("attempts: %+v", attempts)
	}
	for i, w := range want {
		if attempts[i].Success || attempts[i].StatusCode != w.status || !strings.HasPrefix(attempts[i].Message, w.message) {
			t.Errorf("%s: %+v, want %d %q", attempts[i].OutputID, attempts[i], w.status, w.message)
		}
	}
	// Network errors and error answers may pass later; the rest cannot.
	var retried []string
	for _, r := range retries.alerts(t) {
		retried = append(retried, r.OutputIDs...)
	}
	if strings.Join(retried, ",") != "b-unreachable,c-opsgenie" {
		t.Fatalf("retried: %v", retried)
	}
	recorded, _ := json.Marshal(attempts)
	for _, secret := range []string{"unreachable-secret", "genie-secret", "slack-secret"} {
		if strings.Contains(string(recorded), secret) || strings.Contains(logs.String(), secret) {
			t.Errorf("%s shows in the results or the logs:\n%s\n%s", secret, recorded, logs.String())
		}
	}
	if got := failing.received(); len(got) != 1 || got[0].Headers["Authorization"] != "GenieKey genie-secret" {
		t.Fatalf("opsgenie received %+v", got)
	}
}
