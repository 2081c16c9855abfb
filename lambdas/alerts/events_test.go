package alerts_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
)

var (
	alertA = strings.Repeat("a", 32)
	alertB = strings.Repeat("b", 32) // the same rule's other alert, in the same files
	alertE = strings.Repeat("e", 32) // a rule error
)

func event(n int, alertID string) string {
	return fmt.Sprintf(`{"n":%d,"p_rule_id":"AWS.Root.Login","p_alert_id":%q,"p_rule_error":null}`, n, alertID)
}

// seedMatches writes the rules engine's files for alerts A (ten events over two hours and two
// log types, among alert B's) and E (a rule error).
func seedMatches(t *testing.T, w *world) {
	t.Helper()
	ct := "rules/aws_cloudtrail/year=2026/month=03/day=14/hour=%s/rule_id=AWS.Root.Login/"
	big := fmt.Sprintf(`{"n":5,"p_alert_id":%q,"blob":%q}`, alertA, strings.Repeat("x", 200<<10))
	// B's event that mentions A's ID in a field is still B's.
	mentions := fmt.Sprintf(`{"n":-1,"note":"see %s","p_alert_id":%q}`, alertA, alertB)
	w.putGzipLines(t, fmt.Sprintf(ct, "09")+"20260314T095000Z-11111111-0000-4000-8000-000000000000.json.gz",
		[]string{event(1, alertA), event(-2, alertB), event(2, alertA), mentions, event(3, alertA)}, true)
	w.putGzipLines(t, fmt.Sprintf(ct, "09")+"20260314T095500Z-22222222-0000-4000-8000-000000000000.json.gz",
		[]string{event(-3, alertB), event(-4, alertB), event(-5, alertB)}, true)
	w.putGzipLines(t, fmt.Sprintf(ct, "10")+"20260314T101000Z-33333333-0000-4000-8000-000000000000.json.gz",
		[]string{event(4, alertA), big, event(-6, alertB), event(6, alertA), event(7, alertA)}, false)
	// A rule whose ID begins with this one's has its own folder.
	w.putGzipLines(t, "rules/aws_cloudtrail/year=2026/month=03/day=14/hour=10/rule_id=AWS.Root.LoginX/20260314T101000Z-44444444-0000-4000-8000-000000000000.json.gz",
		[]string{event(99, alertA)}, true)
	w.putGzipLines(t, "rules/okta_systemlog/year=2026/month=03/day=14/hour=10/rule_id=AWS.Root.Login/20260314T102000Z-55555555-0000-4000-8000-000000000000.json.gz",
		[]string{event(8, alertA), event(9, alertA), event(-7, alertB), event(10, alertA)}, true)
	w.putGzipLines(t, "rule_errors/aws_cloudtrail/year=2026/month=03/day=14/hour=10/rule_id=AWS.Root.Login/20260314T100500Z-66666666-0000-4000-8000-000000000000.json.gz",
		[]string{event(1, alertE), event(-1, alertB), event(2, alertE)}, true)
	// The rule's matches are not its errors.
	w.putGzipLines(t, fmt.Sprintf(ct, "10")+"20260314T100500Z-77777777-0000-4000-8000-000000000000.json.gz", []string{event(98, alertE)}, true)

	at := func(h, m int) time.Time { return time.Date(2026, 3, 14, h, m, 0, 0, time.UTC) }
	w.create(t, &alertsapi.Alert{ID: alertA, Type: "RULE", RuleID: "AWS.Root.Login", Title: "Root login", Severity: "HIGH", EventCount: 10,
		FirstEventMatchTime: at(9, 50), CreationTime: at(9, 50), UpdateTime: at(10, 20), LogTypes: []string{"Okta.SystemLog", "AWS.CloudTrail"}})
	w.create(t, &alertsapi.Alert{ID: alertE, Type: "RULE_ERROR", RuleID: "AWS.Root.Login", Title: "KeyError('x')", Severity: "HIGH", EventCount: 2,
		FirstEventMatchTime: at(10, 5), CreationTime: at(10, 5), UpdateTime: at(10, 5), LogTypes: []string{"AWS.CloudTrail"}})
}

// events pages through an alert's events, checking that every page but the last is full and
// that the last has no key, and returns the events' n in order.
func events(t *testing.T, w *world, alertID string, pageSize int) []int {
	t.Helper()
	in := alertsapi.GetAlertInput{AlertID: alertID, EventsPageSize: pageSize}
	var ns []int
	for page := 0; ; page++ {
		if page > 1000 {
			t.Fatalf("more than 1000 pages: the key does not move on")
		}
		out, err := w.call(t, alertsapi.Request{GetAlert: &in})
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		res := out.(*alertsapi.GetAlertOutput)
		if res.Summary.AlertID != alertID {
			t.Fatalf("page %d is of alert %s", page, res.Summary.AlertID)
		}
		for _, e := range res.Events {
			var fields struct {
				N       int    `json:"n"`
				AlertID string `json:"p_alert_id"`
				Blob    string `json:"blob"`
			}
			if err := json.Unmarshal(e, &fields); err != nil || fields.AlertID != alertID {
				t.Fatalf("page %d: event %.100s: %v", page, e, err)
			}
			if fields.N == 5 && len(fields.Blob) != 200<<10 {
				t.Fatalf("the long event came back %d bytes long", len(fields.Blob))
			}
			ns = append(ns, fields.N)
		}
		if res.EventsLastEvaluatedKey == nil {
			if len(res.Events) == 0 && page > 0 {
				t.Errorf("page %d is empty: the page before it should have had no key", page)
			}
			return ns
		}
		if len(res.Events) != pageSize {
			t.Fatalf("page %d has %d events and a key, want %d", page, len(res.Events), pageSize)
		}
		in.EventsExclusiveStartKey = res.EventsLastEvaluatedKey
	}
}

func TestGetAlertPagesItsEventsFromS3(t *testing.T) {
	w := newWorld(t)
	seedMatches(t, w)
	want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} // CloudTrail's in key order, then Okta's
	for _, size := range []int{1, 3, 5, 7, 10, 50} {
		if got := events(t, w, alertA, size); !slices.Equal(got, want) {
			t.Errorf("page size %d: events %v, want %v", size, got, want)
		}
	}
	if got := events(t, w, alertE, 1); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("rule error events %v, want its two from rule_errors/", got)
	}

	out, err := w.call(t, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: alertA}})
	if err != nil {
		t.Fatal(err)
	}
	res := out.(*alertsapi.GetAlertOutput)
	if s := res.Summary; len(res.Events) != 10 || s.Title != "Root login" || s.Status != "OPEN" || s.EventsMatched != 10 {
		t.Fatalf("default page: %d events, summary %+v", len(res.Events), s)
	}
}

func TestGetAlertRefusesWhatItCannotRead(t *testing.T) {
	w := newWorld(t)
	seedMatches(t, w)
	w.wantInvalid(t, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{}}, "alertId")
	w.wantInvalid(t, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: alertA, EventsPageSize: 51}}, "eventsPageSize")
	w.wantInvalid(t, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: alertA, EventsExclusiveStartKey: ptr("not a key")}}, "eventsExclusiveStartKey")
	_, err := w.call(t, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: "0123"}})
	if err == nil || err.Type != "DoesNotExistError" || !strings.Contains(err.Message, "0123") {
		t.Fatalf("unknown alert: %v", err)
	}
}
