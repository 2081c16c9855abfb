package delivery_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// sentTo delivers alerts through a sender that succeeds and notes the outputs it was asked
// to send to, per alert ID.
func sentTo(t *testing.T, outputs []outputsapi.Output, alerts ...deliveryapi.Alert) map[string]string {
	t.Helper()
	var mu sync.Mutex
	got := map[string][]string{}
	svc := &delivery.Service{Outputs: &staticOutputs{outputs: outputs}, Alerts: &alertStore{}, Retries: &retrySink{}, Settings: delivery.DefaultSettings(),
		Sender: sendFunc(func(_ context.Context, o *outputsapi.Output, a *deliveryapi.Alert) senders.Result {
			mu.Lock()
			defer mu.Unlock()
			got[*a.AlertID] = append(got[*a.AlertID], o.OutputID)
			return senders.Result{StatusCode: http.StatusOK, Success: true}
		})}
	answer, err := svc.Invoke(context.Background(), queued(t, alerts...))
	if err != nil || len(batchFailures(t, answer)) != 0 {
		t.Fatalf("%v %+v", err, answer)
	}
	out := map[string]string{}
	for id, ids := range got {
		slices.Sort(ids)
		out[id] = strings.Join(ids, ",")
	}
	return out
}

func TestOutputSelectionFollowsTheOriginalsOrder(t *testing.T) {
	outputs := []outputsapi.Output{
		{OutputID: "out-c", DisplayName: "Security Slack", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE", "POLICY"}},
		{OutputID: "out-a", DisplayName: "Pager", DefaultForSeverity: []string{"CRITICAL", "HIGH"}, AlertTypes: []string{"RULE"}},
		{OutputID: "out-b", DisplayName: "Errors", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE_ERROR"}},
		{OutputID: "out-d", DisplayName: "Archive", DefaultForSeverity: []string{}, AlertTypes: []string{"RULE", "RULE_ERROR", "POLICY"}},
	}
	alert := func(id string, change func(*deliveryapi.Alert)) deliveryapi.Alert {
		a := rootLogin()
		a.AlertID = &id
		change(&a)
		return a
	}
	cases := []struct {
		name  string
		alert deliveryapi.Alert
		want  string
	}{
		{"defaults need the severity and the type", alert("defaults", func(*deliveryapi.Alert) {}), "out-a,out-c"},
		{"a rule error goes to the defaults for rule errors", alert("rule-error", func(a *deliveryapi.Alert) { a.Type = "RULE_ERROR" }), "out-b"},
		{"a severity without defaults goes nowhere", alert("low", func(a *deliveryapi.Alert) { a.Severity = "LOW" }), ""},
		{"the rule's outputIds beat the defaults", alert("rule-outputs", func(a *deliveryapi.Alert) { a.OutputIDs = []string{"out-d", "out-b"} }), "out-b,out-d"},
		{"unknown outputIds fall back to the defaults", alert("unknown-outputs", func(a *deliveryapi.Alert) { a.OutputIDs = []string{"gone"} }), "out-a,out-c"},
		{"destinations beat the rule's outputIds", alert("destinations", func(a *deliveryapi.Alert) {
			a.OutputIDs, a.Destinations = []string{"out-b"}, []string{"out-d"}
		}), "out-d"},
		{"destinations by display name, once each", alert("by-name", func(a *deliveryapi.Alert) {
			a.Destinations = []string{"Archive", "out-d", "Errors"}
		}), "out-b,out-d"},
		{"unknown destinations fall back to the outputIds", alert("unknown-destinations", func(a *deliveryapi.Alert) {
			a.OutputIDs, a.Destinations = []string{"out-b"}, []string{"nobody"}
		}), "out-b"},
		{"SKIP in the outputIds sends nowhere", alert("skip", func(a *deliveryapi.Alert) {
			a.OutputIDs, a.Destinations = []string{"out-b", "SKIP"}, []string{"out-d"}
		}), ""},
		{"SKIP among the destinations sends nowhere", alert("skip-destinations", func(a *deliveryapi.Alert) { a.Destinations = []string{"SKIP"} }), ""},
		{"a retry goes only to its output", alert("retry", func(a *deliveryapi.Alert) {
			a.RetryCount, a.OutputIDs, a.Destinations = 2, []string{"out-c"}, []string{"out-d"}
		}), "out-c"},
		{"a retry of a deleted output goes nowhere", alert("retry-gone", func(a *deliveryapi.Alert) { a.RetryCount, a.OutputIDs = 1, []string{"gone"} }), ""},
	}
	var alerts []deliveryapi.Alert
	for _, c := range cases {
		alerts = append(alerts, c.alert)
	}
	// One batch: every alert's choice is made independently of the others'.
	got := sentTo(t, outputs, alerts...)
	for _, c := range cases {
		if got[*c.alert.AlertID] != c.want {
			t.Errorf("%s: sent to %q, want %q", c.name, got[*c.alert.AlertID], c.want)
		}
	}
}
