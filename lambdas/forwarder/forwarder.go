// Package forwarder is panther-log-alert-forwarder: it follows the rules engine's dedup table
// on its stream and turns each change of a row into an alert of the alerts table. A new alert
// is also queued for delivery and counted; more events for an open alert only update it.
package forwarder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// Rules reads the rule a row was matched by, at the version that matched.
// ErrRuleNotFound is a rule (at that version) the analysis API does not have: deleted, say.
var ErrRuleNotFound = errors.New("no such rule")

type Rules interface {
	Rule(ctx context.Context, id, version string) (*analysisapi.Rule, error)
}

// Alerts is the alerts table (panther-log-alert-info).
type Alerts interface {
	// CreateAlert writes a new alert; false, without writing, when the ID exists already.
	CreateAlert(ctx context.Context, alert *alertsapi.Alert) (bool, error)
	// UpdateAlertEvents sets an alert's event count, log types and update time; false when
	// there is no alert with the ID.
	UpdateAlertEvents(ctx context.Context, id string, eventCount int, logTypes []string, updateTime time.Time) (bool, error)
}

// Queue is the alerts queue that alert delivery reads.
type Queue interface {
	SendAlert(ctx context.Context, alert *deliveryapi.Alert) error
}

// Metrics counts created alerts (AlertsCreated).
type Metrics interface {
	AlertCreated(ctx context.Context, severity, analysisID string) error
}

// Forwarder handles the dedup table's stream.
type Forwarder struct {
	Rules   Rules
	Alerts  Alerts
	Queue   Queue
	Metrics Metrics
	Log     *slog.Logger
}

// Handle forwards a batch of stream records in order. At the first failure it stops and
// reports that record: Lambda resumes a stream from the first failure it is told of, so the
// records after it would be replayed anyway, and not forwarding them now keeps their alerts
// from being delivered twice.
func (f *Forwarder) Handle(ctx context.Context, event events.DynamoDBEvent) events.DynamoDBEventResponse {
	resp := events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{}}
	for i := range event.Records {
		r := &event.Records[i]
		if err := f.forward(ctx, r); err != nil {
			f.Log.Error("Forwarding a dedup row change failed", "eventID", r.EventID, "sequenceNumber", r.Change.SequenceNumber, "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.DynamoDBBatchItemFailure{ItemIdentifier: r.Change.SequenceNumber})
			break
		}
	}
	return resp
}

func (f *Forwarder) forward(ctx context.Context, r *events.DynamoDBEventRecord) error {
	if r.EventName != string(events.DynamoDBOperationTypeInsert) && r.EventName != string(events.DynamoDBOperationTypeModify) {
		return nil // a removed row ends no alert
	}
	row, err := DecodeDedupRow(r.Change.NewImage)
	var old *DedupRow
	if err == nil && len(r.Change.OldImage) > 0 {
		old, err = DecodeDedupRow(r.Change.OldImage)
	}
	if err != nil {
		// A row the engine wrote wrongly stays wrong: retrying it would hold up every alert
		// behind it on the shard, so it is logged and passed over.
		f.Log.Error("Skipping a dedup row that cannot be read", "eventID", r.EventID, "error", err)
		return nil
	}
	rule, err := f.Rules.Rule(ctx, row.RuleID, row.RuleVersion)
	if errors.Is(err, ErrRuleNotFound) {
		// Retrying cannot bring the rule back, and would hold up every alert behind this
		// record: the alert is made from what the engine wrote, with the default threshold.
		f.Log.Warn("The rule of a dedup row is gone: alerting from the row alone", "ruleId", row.RuleID, "ruleVersion", row.RuleVersion)
		rule, err = &analysisapi.Rule{ID: row.RuleID, Threshold: 1}, nil
	}
	if err != nil {
		return fmt.Errorf("rule %s at version %q: %w", row.RuleID, row.RuleVersion, err)
	}
	switch Decide(row, old, rule.Threshold) {
	case Create:
		return f.create(ctx, row, rule)
	case Update:
		return f.update(ctx, row, rule)
	default:
		return nil
	}
}

// create writes the alert, queues it and counts it. A record retried after a failed send
// finds its alert written already and sends it again; a metric that cannot be written is
// only logged, since failing the record for it would deliver the alert twice.
func (f *Forwarder) create(ctx context.Context, row *DedupRow, rule *analysisapi.Rule) error {
	alert := NewAlert(row, rule)
	written, err := f.Alerts.CreateAlert(ctx, alert)
	if err != nil {
		return fmt.Errorf("create alert %s: %w", alert.ID, err)
	}
	if !written {
		f.Log.Info("Alert exists: queueing it again for a retried record", "alertId", alert.ID)
	}
	if err := f.Queue.SendAlert(ctx, DeliveryMessage(alert, rule)); err != nil {
		return fmt.Errorf("queue alert %s: %w", alert.ID, err)
	}
	if err := f.Metrics.AlertCreated(ctx, alert.Severity, alert.RuleID); err != nil {
		f.Log.Warn("Counting a created alert failed", "alertId", alert.ID, "error", err)
	}
	f.Log.Info("Created alert", "alertId", alert.ID, "ruleId", alert.RuleID, "type", alert.Type, "eventCount", alert.EventCount)
	return nil
}

// update adds a row's events to its alert. An alert that is missing (its creation was passed
// over) is created now, so that it is not lost.
func (f *Forwarder) update(ctx context.Context, row *DedupRow, rule *analysisapi.Rule) error {
	id := AlertID(row.RuleID, row.AlertCount, row.Dedup)
	found, err := f.Alerts.UpdateAlertEvents(ctx, id, int(row.EventCount), row.LogTypes, time.Unix(row.AlertUpdateTime, 0).UTC())
	if err != nil {
		return fmt.Errorf("update alert %s: %w", id, err)
	}
	if !found {
		f.Log.Warn("Creating an alert that an update found missing", "alertId", id)
		return f.create(ctx, row, rule)
	}
	return nil
}
