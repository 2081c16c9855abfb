package forwarder_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

var t0 = time.Date(2026, 3, 14, 9, 10, 0, 0, time.UTC)

func rules() map[string]*analysisapi.Rule {
	return map[string]*analysisapi.Rule{
		"AWS.Root.Login": {ID: "AWS.Root.Login", VersionID: "v1", DisplayName: "Root account login", Severity: "HIGH", Threshold: 1,
			DedupPeriodMinutes: 60, OutputIDs: []string{"out-pager"}, Tags: []string{"cis"}, Description: "The root user signed in",
			Reference: "https://example.com/root", Runbook: "Rotate the root credentials"},
		"Okta.Brute.Force": {ID: "Okta.Brute.Force", VersionID: "v3", Severity: "MEDIUM", Threshold: 3, DedupPeriodMinutes: 60,
			Description: "Many failed sign-ins"},
		"Broken.Rule": {ID: "Broken.Rule", VersionID: "v2", DisplayName: "Broken rule", Severity: "LOW", Threshold: 10, DedupPeriodMinutes: 60},
		"Flaky.Rule":  {ID: "Flaky.Rule", VersionID: "v1", Severity: "INFO", Threshold: 1, DedupPeriodMinutes: 60},
	}
}

func (w *world) alert(t *testing.T, id string) *alertsapi.Alert {
	t.Helper()
	a, err := w.alerts.GetAlert(context.Background(), id)
	must(t, err)
	return a
}

func noFailures(t *testing.T, resp events.DynamoDBEventResponse) {
	t.Helper()
	if len(resp.BatchItemFailures) != 0 {
		t.Fatalf("failures %+v", resp.BatchItemFailures)
	}
}

func TestTheForwarderTurnsDedupRowsIntoAlerts(t *testing.T) {
	w := newWorld(t)
	w.rules = rules()
	rootID := forwarder.AlertID("AWS.Root.Login", 1, "root@111")
	bruteID := forwarder.AlertID("Okta.Brute.Force", 1, "alice")
	errorID := forwarder.AlertID("Broken.Rule", 1, "KeyError")

	// A new alert, a match below its rule's threshold, a rule error, and a row that cannot be
	// read (passed over, not retried).
	w.engineWrite(t, match{rule: "AWS.Root.Login", dedup: "root@111", logType: "AWS.CloudTrail", events: 2, destinations: []string{"out-slack"},
		generated: map[string]string{"title": "Root login from 198.51.100.7", "severity": "CRITICAL", "context": `{"ip":"198.51.100.7"}`}}, t0)
	w.engineWrite(t, match{rule: "Okta.Brute.Force", dedup: "alice", logType: "Okta.SystemLog", events: 1}, t0)
	w.engineWrite(t, match{rule: "Broken.Rule", dedup: "KeyError", logType: "AWS.CloudTrail", isError: true, events: 1,
		generated: map[string]string{"title": "KeyError('user')"}}, t0)
	_, err := w.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(dedupTable), Item: map[string]ddbtypes.AttributeValue{
		"partitionKey": &ddbtypes.AttributeValueMemberS{Value: "garbage"}, "ruleId": &ddbtypes.AttributeValueMemberN{Value: "7"}}})
	must(t, err)
	noFailures(t, w.forward(t))

	root := w.alert(t, rootID)
	display := "Root account login"
	want := &alertsapi.Alert{ID: rootID, TimePartition: "defaultPartition", Type: "RULE", RuleID: "AWS.Root.Login", RuleVersion: "v1",
		RuleDisplayName: &display, Dedup: "root@111", Title: "Root login from 198.51.100.7", Severity: "CRITICAL",
		Description: "The root user signed in", Reference: "https://example.com/root", Runbook: "Rotate the root credentials",
		Destinations: []string{"out-slack"}, Context: `{"ip":"198.51.100.7"}`, FirstEventMatchTime: t0, CreationTime: t0, UpdateTime: t0,
		EventCount: 2, LogTypes: []string{"AWS.CloudTrail"}, DeliveryResponses: []deliveryapi.DeliveryResponse{}}
	if !reflect.DeepEqual(root, want) {
		t.Fatalf("root alert\n got %+v\nwant %+v", root, want)
	}
	if _, err := w.alerts.GetAlert(context.Background(), bruteID); err == nil {
		t.Fatal("an alert below its threshold was created")
	}
	ruleError := w.alert(t, errorID)
	if ruleError.Type != "RULE_ERROR" || ruleError.Title != "KeyError('user')" || ruleError.Severity != "LOW" || ruleError.EventCount != 1 {
		t.Fatalf("rule error alert %+v", ruleError)
	}

	queued := w.delivered(t)
	if len(queued) != 2 {
		t.Fatalf("queued %v, want the root alert and the rule error", queued)
	}
	version := "v1"
	wantMsg := deliveryapi.Alert{AlertID: &rootID, AnalysisID: "AWS.Root.Login", AnalysisName: &display, AnalysisDescription: "The root user signed in",
		Type: "RULE", CreatedAt: t0, Severity: "CRITICAL", OutputIDs: []string{"out-pager"}, LogTypes: []string{"AWS.CloudTrail"},
		Version: &version, Reference: "https://example.com/root", Runbook: "Rotate the root credentials", Destinations: []string{"out-slack"},
		Tags: []string{"cis"}, Title: "Root login from 198.51.100.7", Context: map[string]any{"ip": "198.51.100.7"}}
	if got := queued[rootID]; !reflect.DeepEqual(got, wantMsg) {
		t.Fatalf("root message\n got %+v\nwant %+v", got, wantMsg)
	}
	if m := queued[errorID]; m.Type != "RULE_ERROR" || m.Title != "KeyError('user')" || *m.AnalysisName != "Broken rule" || *m.Version != "v2" {
		t.Fatalf("rule error message %+v", m)
	}

	// Merges: the open alert gains events and a log type, without a second delivery; the
	// brute-force key is still below its threshold.
	w.engineWrite(t, match{rule: "AWS.Root.Login", dedup: "root@111", logType: "Okta.SystemLog", events: 3}, t0.Add(5*time.Minute))
	w.engineWrite(t, match{rule: "Okta.Brute.Force", dedup: "alice", logType: "Okta.SystemLog", events: 1}, t0.Add(5*time.Minute))
	noFailures(t, w.forward(t))
	root = w.alert(t, rootID)
	if root.EventCount != 5 || !reflect.DeepEqual(sorted(root.LogTypes), []string{"AWS.CloudTrail", "Okta.SystemLog"}) ||
		!root.UpdateTime.Equal(t0.Add(5*time.Minute)) || !root.CreationTime.Equal(t0) || root.Title != "Root login from 198.51.100.7" {
		t.Fatalf("merged root alert %+v", root)
	}
	if q := w.delivered(t); len(q) != 0 {
		t.Fatalf("a merge was delivered: %v", q)
	}

	// Crossing the threshold creates the alert, created when it crossed; after that, merges
	// update it.
	w.engineWrite(t, match{rule: "Okta.Brute.Force", dedup: "alice", logType: "Okta.SystemLog", events: 2}, t0.Add(10*time.Minute))
	noFailures(t, w.forward(t))
	w.engineWrite(t, match{rule: "Okta.Brute.Force", dedup: "alice", logType: "Okta.SystemLog", events: 1}, t0.Add(15*time.Minute))
	noFailures(t, w.forward(t))
	brute := w.alert(t, bruteID)
	if brute.Title != "Okta.Brute.Force" || brute.Severity != "MEDIUM" || brute.RuleDisplayName != nil || brute.EventCount != 5 ||
		!brute.FirstEventMatchTime.Equal(t0) || !brute.CreationTime.Equal(t0.Add(10*time.Minute)) || !brute.UpdateTime.Equal(t0.Add(15*time.Minute)) {
		t.Fatalf("brute-force alert %+v", brute)
	}
	queued = w.delivered(t)
	if m, ok := queued[bruteID]; len(queued) != 1 || !ok || !m.CreatedAt.Equal(t0.Add(10*time.Minute)) || m.AnalysisName != nil || m.Title != "Okta.Brute.Force" {
		t.Fatalf("brute-force delivery %+v", queued)
	}

	// After the dedup window the key's next alert is a new one.
	w.engineWrite(t, match{rule: "AWS.Root.Login", dedup: "root@111", logType: "AWS.CloudTrail", events: 1,
		generated: map[string]string{"title": "Root login again", "severity": "CRITICAL"}}, t0.Add(2*time.Hour))
	noFailures(t, w.forward(t))
	secondID := forwarder.AlertID("AWS.Root.Login", 2, "root@111")
	if second := w.alert(t, secondID); second.Title != "Root login again" || second.EventCount != 1 {
		t.Fatalf("second root alert %+v", second)
	}
	if q := w.delivered(t); len(q) != 1 || q[secondID].Title != "Root login again" {
		t.Fatalf("second root delivery %v", q)
	}
	if w.alert(t, rootID).EventCount != 5 {
		t.Fatal("the key's next alert changed the first")
	}

	for _, c := range []struct {
		severity, rule string
		want           float64
	}{{"CRITICAL", "AWS.Root.Login", 2}, {"MEDIUM", "Okta.Brute.Force", 1}, {"LOW", "Broken.Rule", 1}} {
		if got := w.alertsCreated(t, c.severity, c.rule); got != c.want {
			t.Errorf("AlertsCreated of %s at %s = %v, want %v", c.rule, c.severity, got, c.want)
		}
	}

	// A removed row (the table's TTL, say) ends nothing.
	_, err = w.ddb.DeleteItem(context.Background(), &dynamodb.DeleteItemInput{TableName: aws.String(dedupTable),
		Key: map[string]ddbtypes.AttributeValue{"partitionKey": &ddbtypes.AttributeValueMemberS{Value: "garbage"}}})
	must(t, err)
	noFailures(t, w.forward(t))
}

func TestAFailedRecordIsReportedAndTheRestWaitForItsRetry(t *testing.T) {
	w := newWorld(t)
	w.rules = rules()
	w.ruleErr = func(id string) error {
		if id == "Flaky.Rule" {
			return errors.New("analysis-api is throttled")
		}
		return nil
	}
	w.engineWrite(t, match{rule: "AWS.Root.Login", dedup: "root", logType: "AWS.CloudTrail", events: 1}, t0)
	w.engineWrite(t, match{rule: "Flaky.Rule", dedup: "x", logType: "AWS.CloudTrail", events: 1}, t0)
	w.engineWrite(t, match{rule: "AWS.Root.Login", dedup: "root", logType: "AWS.CloudTrail", events: 4}, t0.Add(time.Minute))
	batch := w.stream.next(t)
	if len(batch.Records) != 3 {
		t.Fatalf("%d records", len(batch.Records))
	}
	resp := w.forwarder.Handle(context.Background(), batch)
	flaky := batch.Records[1].Change.SequenceNumber
	if len(resp.BatchItemFailures) != 1 || resp.BatchItemFailures[0].ItemIdentifier != flaky {
		t.Fatalf("failures %+v, want the flaky rule's record %s", resp.BatchItemFailures, flaky)
	}
	rootID := forwarder.AlertID("AWS.Root.Login", 1, "root")
	if root := w.alert(t, rootID); root.EventCount != 1 {
		t.Fatalf("the record after the failure was forwarded: %+v", root)
	}

	// Lambda hands the batch over again from the failed record.
	w.ruleErr = nil
	noFailures(t, w.forwarder.Handle(context.Background(), events.DynamoDBEvent{Records: batch.Records[1:]}))
	if root := w.alert(t, rootID); root.EventCount != 5 {
		t.Fatalf("root alert after the retry %+v", root)
	}
	queued := w.delivered(t)
	if _, ok := queued[forwarder.AlertID("Flaky.Rule", 1, "x")]; len(queued) != 2 || !ok {
		t.Fatalf("queued %v, want the root alert and the flaky rule's", queued)
	}
}

func TestStreamRecordsKeepEveryAttributeType(t *testing.T) {
	w := newWorld(t)
	av := map[string]ddbtypes.AttributeValue{
		"partitionKey": &ddbtypes.AttributeValueMemberS{Value: "k"},
		"n":            &ddbtypes.AttributeValueMemberN{Value: "-12.5"},
		"b":            &ddbtypes.AttributeValueMemberB{Value: []byte{0, 1, 2}},
		"yes":          &ddbtypes.AttributeValueMemberBOOL{Value: true},
		"none":         &ddbtypes.AttributeValueMemberNULL{Value: true},
		"ss":           &ddbtypes.AttributeValueMemberSS{Value: []string{"a"}},
		"ns":           &ddbtypes.AttributeValueMemberNS{Value: []string{"7"}},
		"bs":           &ddbtypes.AttributeValueMemberBS{Value: [][]byte{{9}}},
		"l":            &ddbtypes.AttributeValueMemberL{Value: []ddbtypes.AttributeValue{&ddbtypes.AttributeValueMemberS{Value: "x"}, &ddbtypes.AttributeValueMemberN{Value: "1"}}},
		"m":            &ddbtypes.AttributeValueMemberM{Value: map[string]ddbtypes.AttributeValue{"inner": &ddbtypes.AttributeValueMemberBOOL{Value: false}}},
	}
	_, err := w.ddb.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(dedupTable), Item: av})
	must(t, err)
	records := w.stream.next(t).Records
	if len(records) != 1 {
		t.Fatalf("%d records", len(records))
	}
	r := records[0]
	if r.EventName != "INSERT" || r.EventSource != "aws:dynamodb" || r.EventSourceArn != w.stream.arn || r.Change.SequenceNumber == "" ||
		r.Change.StreamViewType != "NEW_AND_OLD_IMAGES" || r.Change.OldImage != nil || r.Change.ApproximateCreationDateTime.IsZero() ||
		!reflect.DeepEqual(r.Change.Keys, map[string]events.DynamoDBAttributeValue{"partitionKey": events.NewStringAttribute("k")}) {
		t.Fatalf("record %+v", r)
	}
	want := map[string]events.DynamoDBAttributeValue{
		"partitionKey": events.NewStringAttribute("k"),
		"n":            events.NewNumberAttribute("-12.5"),
		"b":            events.NewBinaryAttribute([]byte{0, 1, 2}),
		"yes":          events.NewBooleanAttribute(true),
		"none":         events.NewNullAttribute(),
		"ss":           events.NewStringSetAttribute([]string{"a"}),
		"ns":           events.NewNumberSetAttribute([]string{"7"}),
		"bs":           events.NewBinarySetAttribute([][]byte{{9}}),
		"l":            events.NewListAttribute([]events.DynamoDBAttributeValue{events.NewStringAttribute("x"), events.NewNumberAttribute("1")}),
		"m":            events.NewMapAttribute(map[string]events.DynamoDBAttributeValue{"inner": events.NewBooleanAttribute(false)}),
	}
	if !reflect.DeepEqual(r.Change.NewImage, want) {
		t.Fatalf("new image\n got %v\nwant %v", r.Change.NewImage, want)
	}
}

// A rule deleted since it matched cannot come back: its row still alerts, from what the engine
// wrote, instead of holding up the shard.
func TestARowOfADeletedRuleStillAlerts(t *testing.T) {
	w := newWorld(t)
	w.rules = rules()
	// The engine matched it at v9; the analysis API no longer has it.
	w.rules["Deleted.Rule"] = &analysisapi.Rule{ID: "Deleted.Rule", VersionID: "v9", Severity: "HIGH", Threshold: 5, DedupPeriodMinutes: 60}
	w.ruleErr = func(id string) error {
		if id == "Deleted.Rule" {
			return fmt.Errorf("getRule %s: rule does not exist: %w", id, forwarder.ErrRuleNotFound)
		}
		return nil
	}
	w.engineWrite(t, match{rule: "Deleted.Rule", dedup: "gone", logType: "AWS.CloudTrail", events: 2}, t0)
	noFailures(t, w.forwarder.Handle(context.Background(), w.stream.next(t)))
	alert := w.alert(t, forwarder.AlertID("Deleted.Rule", 1, "gone"))
	if alert.RuleID != "Deleted.Rule" || alert.EventCount != 2 {
		t.Fatalf("alert %+v", alert)
	}
	if _, ok := w.delivered(t)[alert.ID]; !ok {
		t.Fatal("the alert was not queued for delivery")
	}
}
