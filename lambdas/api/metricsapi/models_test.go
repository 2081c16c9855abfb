package metricsapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
)

// The field names are the contract the web app's resolver builds its payload with; metrics
// not asked for are null.
func TestTheWireNames(t *testing.T) {
	at := time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)
	got, err := json.Marshal(metricsapi.GetMetricsOutput{FromDate: at, ToDate: at.Add(time.Hour), IntervalMinutes: 60,
		EventsProcessed: []metricsapi.Series{{Label: "AWS.CloudTrail", Values: []float64{3}, Timestamps: []time.Time{at}}},
		AlertsByRuleID:  []metricsapi.SingleValue{{Label: "AWS.Root.Login", Value: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"eventsProcessed":[{"label":"AWS.CloudTrail","values":[3],"timestamps":["2026-03-14T12:00:00Z"]}],` +
		`"alertsBySeverity":null,"totalAlertsDelta":null,"alertsByRuleID":[{"label":"AWS.Root.Login","value":2}],` +
		`"fromDate":"2026-03-14T12:00:00Z","toDate":"2026-03-14T13:00:00Z","intervalMinutes":60}`
	if string(got) != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	var req metricsapi.Request
	if err := json.Unmarshal([]byte(`{"getMetrics":{"metricNames":["eventsProcessed"],"fromDate":"2026-03-14T12:00:00Z",
		"toDate":"2026-03-14T13:00:00Z","intervalMinutes":5}}`), &req); err != nil || req.GetMetrics == nil || req.GetMetrics.IntervalMinutes != 5 {
		t.Fatalf("request %+v, %v", req.GetMetrics, err)
	}
}
