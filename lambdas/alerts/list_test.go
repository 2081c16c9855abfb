package alerts_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
)

// seeded is how many alerts the list tests write: more than one index read (100), so that
// sparse filters fill pages across reads.
const seeded = 230

var base = time.Date(2026, 3, 14, 6, 0, 0, 0, time.UTC)

var (
	seededRules    = []string{"AWS.Root.Login", "Okta.Brute.Force", "GitHub.Repo.Deleted"}
	seededSeverity = []string{"INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"}
	seededStatus   = []string{"", "TRIAGED", "CLOSED", "RESOLVED"}
)

// seedID is the ID of the i-th seeded alert, created i minutes after base.
func seedID(i int) string { return fmt.Sprintf("%032x", i+1) }

// seedAlerts writes alerts whose every field follows i, so that each filter's answer is a
// rule about i.
func seedAlerts(t *testing.T, w *world) {
	t.Helper()
	for i := range seeded {
		a := &alertsapi.Alert{ID: seedID(i), Type: "RULE", RuleID: seededRules[i%3], RuleVersion: "v1", Dedup: fmt.Sprint(i),
			Title: fmt.Sprintf("Sign-in %d", i), Severity: seededSeverity[i%5], Status: seededStatus[i%4], EventCount: i + 1,
			CreationTime: base.Add(time.Duration(i) * time.Minute), UpdateTime: base.Add(time.Duration(i)*time.Minute + 30*time.Second),
			FirstEventMatchTime: base.Add(time.Duration(i) * time.Minute), LogTypes: []string{"AWS.CloudTrail"}}
		if i%2 == 1 {
			a.LogTypes = []string{"Okta.SystemLog"}
		}
		if i%37 == 0 {
			a.Title = fmt.Sprintf("Data EXFILTRATION %d", i)
		}
		if i%10 == 9 {
			a.Type = "RULE_ERROR"
		}
		if i == 40 {
			a.Type, a.RuleID, a.ResourceTypes = "POLICY", "AWS.S3.Bucket.Public", []string{"AWS.S3.Bucket"}
		}
		w.create(t, a)
	}
}

// list pages through a listing with the page size, checking that every page but the last is
// full and that the last has no key, and returns the IDs in order.
func list(t *testing.T, w *world, in alertsapi.ListAlertsInput, pageSize int) []string {
	t.Helper()
	in.PageSize = pageSize
	var ids []string
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("more than 1000 pages: the key does not move on")
		}
		out, err := w.call(t, alertsapi.Request{ListAlerts: &in})
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		res := out.(*alertsapi.ListAlertsOutput)
		for _, s := range res.Alerts {
			ids = append(ids, s.AlertID)
		}
		if res.LastEvaluatedKey == nil {
			if len(res.Alerts) == 0 && page > 0 {
				t.Errorf("page %d is empty: the page before it should have had no key", page)
			}
			return ids
		}
		if len(res.Alerts) != pageSize {
			t.Fatalf("page %d has %d alerts and a key, want %d", page, len(res.Alerts), pageSize)
		}
		in.ExclusiveStartKey = res.LastEvaluatedKey
	}
}

// seededWhere is the IDs of the seeded alerts i with keep(i), newest first unless ascending.
func seededWhere(keep func(i int) bool, ascending bool) []string {
	var ids []string
	for i := range seeded {
		if keep(i) {
			ids = append(ids, seedID(i))
		}
	}
	if !ascending {
		slices.Reverse(ids)
	}
	return ids
}

func ptr[T any](v T) *T { return &v }

func TestListAlertsFiltersSortsAndPages(t *testing.T) {
	w := newWorld(t)
	seedAlerts(t, w)
	at := func(minutes float64) *time.Time { return ptr(base.Add(time.Duration(minutes * float64(time.Minute)))) }
	cases := []struct {
		name string
		in   alertsapi.ListAlertsInput
		keep func(i int) bool
	}{
		{"everything, newest first", alertsapi.ListAlertsInput{}, func(int) bool { return true }},
		{"everything, oldest first", alertsapi.ListAlertsInput{SortDir: "ascending"}, func(int) bool { return true }},
		{"one rule, through its index", alertsapi.ListAlertsInput{RuleID: "Okta.Brute.Force"}, func(i int) bool { return i%3 == 1 && i != 40 }},
		{"one rule at one severity, oldest first", alertsapi.ListAlertsInput{RuleID: "Okta.Brute.Force", Severity: []string{"HIGH"}, SortDir: "ascending"},
			func(i int) bool { return i%3 == 1 && i%5 == 3 && i != 40 }},
		{"rule errors", alertsapi.ListAlertsInput{Types: []string{"RULE_ERROR"}}, func(i int) bool { return i%10 == 9 }},
		{"a resource type (policy alerts only)", alertsapi.ListAlertsInput{ResourceTypes: []string{"AWS.S3.Bucket", "AWS.EC2.Instance"}}, func(i int) bool { return i == 40 }},
		{"two severities", alertsapi.ListAlertsInput{Severity: []string{"LOW", "CRITICAL"}}, func(i int) bool { return i%5 == 1 || i%5 == 4 }},
		{"open is no status", alertsapi.ListAlertsInput{Status: []string{"OPEN"}}, func(i int) bool { return i%4 == 0 }},
		{"open or closed", alertsapi.ListAlertsInput{Status: []string{"OPEN", "CLOSED"}}, func(i int) bool { return i%4 == 0 || i%4 == 2 }},
		{"a rule ID's part, in any case", alertsapi.ListAlertsInput{NameContains: "root.LOGIN"}, func(i int) bool { return i%3 == 0 && i != 40 }},
		{"a title's part, in any case (sparse: pages fill across reads)", alertsapi.ListAlertsInput{NameContains: "exfiltr"}, func(i int) bool { return i%37 == 0 }},
		{"created between, bounds inclusive and rounded inwards", alertsapi.ListAlertsInput{CreatedAtAfter: at(10.5), CreatedAtBefore: at(50)},
			func(i int) bool { return i >= 11 && i <= 50 }},
		{"created after", alertsapi.ListAlertsInput{CreatedAtAfter: at(200)}, func(i int) bool { return i >= 200 }},
		{"created before, with a rule", alertsapi.ListAlertsInput{CreatedAtBefore: at(20.9), RuleID: "AWS.Root.Login"}, func(i int) bool { return i <= 20 && i%3 == 0 }},
		{"within one second that holds no alert", alertsapi.ListAlertsInput{CreatedAtAfter: at(3.001), CreatedAtBefore: at(3.01)}, func(int) bool { return false }},
		{"event counts", alertsapi.ListAlertsInput{EventCountMin: ptr(10), EventCountMax: ptr(20)}, func(i int) bool { return i+1 >= 10 && i+1 <= 20 }},
		{"a log type", alertsapi.ListAlertsInput{LogTypes: []string{"Okta.SystemLog"}}, func(i int) bool { return i%2 == 1 }},
		{"everything at once", alertsapi.ListAlertsInput{RuleID: "AWS.Root.Login", Status: []string{"TRIAGED"}, LogTypes: []string{"Okta.SystemLog"},
			Types: []string{"RULE", "RULE_ERROR"}, EventCountMin: ptr(30), SortDir: "ascending"},
			func(i int) bool { return i%3 == 0 && i%4 == 1 && i+1 >= 30 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := seededWhere(c.keep, c.in.SortDir == "ascending")
			for _, pageSize := range []int{3, 50} {
				if got := list(t, w, c.in, pageSize); !slices.Equal(got, want) {
					t.Errorf("page size %d: got %d alerts %v\nwant %d %v", pageSize, len(got), got, len(want), want)
				}
			}
		})
	}
}

func TestListAlertsSummariesAndDefaults(t *testing.T) {
	w := newWorld(t)
	seedAlerts(t, w)
	out, err := w.call(t, alertsapi.Request{ListAlerts: &alertsapi.ListAlertsInput{}})
	if err != nil {
		t.Fatal(err)
	}
	res := out.(*alertsapi.ListAlertsOutput)
	if len(res.Alerts) != 25 || res.LastEvaluatedKey == nil {
		t.Fatalf("the default page: %d alerts, key %v", len(res.Alerts), res.LastEvaluatedKey)
	}
	newest := seeded - 1 // 229: RULE_ERROR, rule 229%3 = 1, status 229%4 = 1
	s := res.Alerts[0]
	if s.AlertID != seedID(newest) || s.Type != "RULE_ERROR" || s.RuleID != "Okta.Brute.Force" || s.Status != "TRIAGED" ||
		s.EventsMatched != newest+1 || s.Dedup != fmt.Sprint(newest) || !s.CreationTime.Equal(base.Add(time.Duration(newest)*time.Minute)) ||
		s.DeliveryResponses == nil || s.Destinations == nil {
		t.Fatalf("newest summary %+v", s)
	}
	if res.Alerts[1].Status != "OPEN" { // 228: no status
		t.Fatalf("an alert without a status is %q", res.Alerts[3].Status)
	}
}

func TestListAlertsRefusesWhatItCannotList(t *testing.T) {
	w := newWorld(t)
	seedAlerts(t, w)
	out, _ := w.call(t, alertsapi.Request{ListAlerts: &alertsapi.ListAlertsInput{RuleID: "AWS.Root.Login", PageSize: 2}})
	ruleKey := out.(*alertsapi.ListAlertsOutput).LastEvaluatedKey
	for _, c := range []struct {
		in    alertsapi.ListAlertsInput
		field string
	}{
		{alertsapi.ListAlertsInput{PageSize: 51}, "pageSize"},
		{alertsapi.ListAlertsInput{PageSize: -1}, "pageSize"},
		{alertsapi.ListAlertsInput{SortDir: "sideways"}, "sortDir"},
		{alertsapi.ListAlertsInput{Severity: []string{"SEVERE"}}, "severity"},
		{alertsapi.ListAlertsInput{Status: []string{"OPENED"}}, "status"},
		{alertsapi.ListAlertsInput{Types: []string{"ALERT"}}, "types"},
		{alertsapi.ListAlertsInput{EventCountMin: ptr(5), EventCountMax: ptr(4)}, "eventCountMin"},
		{alertsapi.ListAlertsInput{EventCountMin: ptr(-1)}, "eventCountMin"},
		{alertsapi.ListAlertsInput{CreatedAtAfter: ptr(base.Add(time.Hour)), CreatedAtBefore: ptr(base)}, "createdAtAfter"},
		{alertsapi.ListAlertsInput{ExclusiveStartKey: ptr("%%%")}, "exclusiveStartKey"},
		// A key of one rule's list does not resume the list of all alerts.
		{alertsapi.ListAlertsInput{ExclusiveStartKey: ruleKey}, "exclusiveStartKey"},
	} {
		w.wantInvalid(t, alertsapi.Request{ListAlerts: &c.in}, c.field)
	}
	w.wantInvalid(t, alertsapi.Request{}, "request")
}
