package forwarder

import (
	"encoding/json"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// NewAlert is the alerts-table item of a row's current alert: the fields the rule generated,
// else the rule's own.
func NewAlert(row *DedupRow, rule *analysisapi.Rule) *alertsapi.Alert {
	created, updated := time.Unix(row.AlertCreationTime, 0).UTC(), time.Unix(row.AlertUpdateTime, 0).UTC()
	alert := &alertsapi.Alert{
		ID:                  AlertID(row.RuleID, row.AlertCount, row.Dedup),
		TimePartition:       alertsapi.TimePartition,
		Type:                row.Type,
		RuleID:              row.RuleID,
		RuleVersion:         row.RuleVersion,
		Dedup:               row.Dedup,
		Title:               firstOf(row.Title, rule.DisplayName, row.RuleID),
		Severity:            firstOf(row.Severity, rule.Severity),
		Description:         firstOf(row.Description, rule.Description),
		Reference:           firstOf(row.Reference, rule.Reference),
		Runbook:             firstOf(row.Runbook, rule.Runbook),
		Destinations:        row.Destinations,
		FirstEventMatchTime: created,
		CreationTime:        created,
		UpdateTime:          updated,
		EventCount:          int(row.EventCount),
		LogTypes:            row.LogTypes,
		// An empty list, not an absent one, so that recording deliveries can append to it.
		DeliveryResponses: []deliveryapi.DeliveryResponse{},
	}
	if rule.DisplayName != "" {
		alert.RuleDisplayName = &rule.DisplayName
	}
	if row.Context != nil {
		alert.Context = *row.Context
	}
	// Below the threshold there was no alert: it begins when it crosses, at that update.
	if row.Type == deliveryapi.TypeRule && rule.Threshold > 1 {
		alert.CreationTime = updated
	}
	return alert
}

// DeliveryMessage is the alerts-queue message announcing a new alert. A context that is not a
// JSON object (which the engine never writes) is left out rather than holding up the alert.
func DeliveryMessage(alert *alertsapi.Alert, rule *analysisapi.Rule) *deliveryapi.Alert {
	msg := &deliveryapi.Alert{
		AlertID:             &alert.ID,
		AnalysisID:          alert.RuleID,
		AnalysisName:        alert.RuleDisplayName,
		AnalysisDescription: alert.Description,
		Type:                alert.Type,
		CreatedAt:           alert.CreationTime,
		Severity:            alert.Severity,
		OutputIDs:           rule.OutputIDs,
		LogTypes:            alert.LogTypes,
		Version:             &alert.RuleVersion,
		Reference:           alert.Reference,
		Runbook:             alert.Runbook,
		Destinations:        alert.Destinations,
		Tags:                rule.Tags,
		Title:               alert.Title,
	}
	if alert.Context != "" {
		var ctx map[string]any
		if json.Unmarshal([]byte(alert.Context), &ctx) == nil {
			msg.Context = ctx
		}
	}
	return msg
}

// firstOf is the generated value when there is one, else the first non-empty fallback.
func firstOf(generated *string, fallbacks ...string) string {
	if generated != nil && *generated != "" {
		return *generated
	}
	for _, f := range fallbacks {
		if f != "" {
			return f
		}
	}
	return ""
}
