package forwarder_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

func row(typ string, alertCount, eventCount int64) *forwarder.DedupRow {
	return &forwarder.DedupRow{Type: typ, AlertCount: alertCount, EventCount: eventCount}
}

func TestDecide(t *testing.T) {
	cases := []struct {
		name      string
		current   *forwarder.DedupRow
		old       *forwarder.DedupRow
		threshold int
		want      forwarder.Action
	}{
		{"a new row is a new alert", row("RULE", 1, 3), nil, 1, forwarder.Create},
		{"a threshold of 0 counts as 1", row("RULE", 1, 1), nil, 0, forwarder.Create},
		{"a new row below the threshold is not an alert yet", row("RULE", 1, 3), nil, 5, forwarder.Ignore},
		{"a merge below the threshold is still not an alert", row("RULE", 1, 4), row("RULE", 1, 3), 5, forwarder.Ignore},
		{"the merge that reaches the threshold creates the alert", row("RULE", 1, 5), row("RULE", 1, 4), 5, forwarder.Create},
		{"a merge past the threshold updates it", row("RULE", 1, 9), row("RULE", 1, 5), 5, forwarder.Update},
		{"a merge into an open alert updates it", row("RULE", 1, 2), row("RULE", 1, 1), 1, forwarder.Update},
		{"the key's next alert is a new alert", row("RULE", 2, 1), row("RULE", 1, 40), 1, forwarder.Create},
		{"the key's next alert below the threshold is ignored", row("RULE", 2, 1), row("RULE", 1, 40), 5, forwarder.Ignore},
		{"the key's next alert reaching the threshold at once is created", row("RULE", 2, 6), row("RULE", 1, 40), 5, forwarder.Create},
		{"a rule error has no threshold", row("RULE_ERROR", 1, 1), nil, 5, forwarder.Create},
		{"a rule error's merge updates it whatever the threshold", row("RULE_ERROR", 1, 2), row("RULE_ERROR", 1, 1), 5, forwarder.Update},
		{"a rule error's next alert is new", row("RULE_ERROR", 3, 1), row("RULE_ERROR", 2, 7), 5, forwarder.Create},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := forwarder.Decide(c.current, c.old, c.threshold); got != c.want {
				t.Errorf("Decide = %s, want %s", got, c.want)
			}
		})
	}
}

// The rules engine computes the same IDs: both languages' tests read these vectors (computed
// independently, with Python's hashlib.md5 over "ruleId:alertCount:dedup").
func TestAlertIDIsTheEnginesFormula(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "alert_ids.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		RuleID     string `json:"ruleId"`
		AlertCount int64  `json:"alertCount"`
		Dedup      string `json:"dedup"`
		AlertID    string `json:"alertId"`
	}
	if err := json.Unmarshal(data, &vectors); err != nil || len(vectors) == 0 {
		t.Fatalf("vectors: %v", err)
	}
	for _, v := range vectors {
		if got := forwarder.AlertID(v.RuleID, v.AlertCount, v.Dedup); got != v.AlertID {
			t.Errorf("AlertID(%q, %d, %q) = %s, want %s", v.RuleID, v.AlertCount, v.Dedup, got, v.AlertID)
		}
	}
}
