package delivery

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// deliverAlert re-sends a stored alert to the outputs a user picked, records the attempts on
// it and answers them. Nothing is retried: the user sees the answer and can send again.
func (s *Service) deliverAlert(ctx context.Context, in *deliveryapi.DeliverAlertInput) ([]deliveryapi.DeliveryResponse, error) {
	if in.AlertID == "" {
		return nil, invalid("alertId is required")
	}
	all, err := s.outputs(ctx, true)
	if err != nil {
		return nil, err
	}
	chosen, err := named(in.OutputIDs, all)
	if err != nil {
		return nil, err
	}
	stored, err := s.Alerts.GetAlert(ctx, in.AlertID)
	if err != nil {
		return nil, err
	}
	alert := resent(stored, in.OutputIDs)
	outcomes := s.dispatch(ctx, jobsFor(alert, chosen))
	if err := s.record(ctx, alert, outcomes); err != nil {
		return nil, fmt.Errorf("alert %s was sent, but the attempts could not be recorded: %w", in.AlertID, err)
	}
	return responses(outcomes), nil
}

// sendTestAlert sends a made-up alert to the outputs, so that a user can see a destination
// work, and answers the attempts. It is recorded nowhere and never retried.
func (s *Service) sendTestAlert(ctx context.Context, in *deliveryapi.SendTestAlertInput) ([]deliveryapi.DeliveryResponse, error) {
	all, err := s.outputs(ctx, true)
	if err != nil {
		return nil, err
	}
	chosen, err := named(in.OutputIDs, all)
	if err != nil {
		return nil, err
	}
	return responses(s.dispatch(ctx, jobsFor(s.testAlert(in.OutputIDs), chosen))), nil
}

func jobsFor(a *deliveryapi.Alert, chosen []*outputsapi.Output) []job {
	jobs := make([]job, len(chosen))
	for i, o := range chosen {
		jobs[i] = job{alert: a, output: o}
	}
	return jobs
}

// resent is a stored alert as a delivery message, marked re-sent.
func resent(summary *alertsapi.Summary, outputIDs []string) *deliveryapi.Alert {
	id := summary.AlertID
	a := &deliveryapi.Alert{AlertID: &id, AnalysisID: summary.RuleID, AnalysisName: summary.RuleDisplayName,
		AnalysisDescription: summary.Description, Type: summary.Type, CreatedAt: summary.CreationTime,
		Severity: summary.Severity, OutputIDs: outputIDs, LogTypes: summary.LogTypes, Reference: summary.Reference,
		Runbook: summary.Runbook, Destinations: summary.Destinations, Title: summary.Title, IsResent: true}
	if summary.RuleVersion != "" {
		version := summary.RuleVersion
		a.Version = &version
	}
	// The table keeps the context as a JSON string; one that does not parse is shown as is.
	if summary.Context != "" {
		if err := json.Unmarshal([]byte(summary.Context), &a.Context); err != nil {
			a.Context = map[string]any{"context": summary.Context}
		}
	}
	return a
}

// testAlert is the alert sendTestAlert sends.
func (s *Service) testAlert(outputIDs []string) *deliveryapi.Alert {
	name, version := "Test Alert", "test"
	return &deliveryapi.Alert{AnalysisID: "Test.Alert", AnalysisName: &name, Version: &version, Type: deliveryapi.TypeRule,
		AnalysisDescription: "A test alert: if you can read this, alerts reach this destination.",
		Runbook:             "Nothing to do: this alert was sent on request, to test the destination.",
		CreatedAt:           s.now(), Severity: "INFO", OutputIDs: outputIDs, Tags: []string{"test"},
		Title: "This is a test alert", Context: map[string]any{}, IsTest: true}
}
