package main

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.MetricsAPI, graphQLFields, []appsynctest.Case{
		{Name: "the overview's metrics", Event: ev("Query.getLogAnalysisMetrics", `{"input":{"metricNames":["eventsProcessed","alertsBySeverity",
				"totalAlertsDelta","alertsByRuleID"],"fromDate":"2026-03-13T12:00:00Z","toDate":"2026-03-14T12:00:00Z","intervalMinutes":60}}`),
			Want: `{"getMetrics":{"metricNames":["eventsProcessed","alertsBySeverity","totalAlertsDelta","alertsByRuleID"],
				"fromDate":"2026-03-13T12:00:00Z","toDate":"2026-03-14T12:00:00Z","intervalMinutes":60}}`},
		{Name: "a field the wire input lacks", Event: ev("Query.getLogAnalysisMetrics", `{"input":{"metricNames":[],"namespace":"AWS/Lambda"}}`),
			WantErr: `input of Query.getLogAnalysisMetrics: json: unknown field "namespace"`},
		{Name: "a date that is not a time", Event: ev("Query.getLogAnalysisMetrics", `{"input":{"fromDate":"yesterday"}}`),
			WantErr: "input of Query.getLogAnalysisMetrics: parsing time"},
	})
}

func TestHandlerAnswersTheMetricsAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *metricsapi.Request) (any, error) {
		if req.GetMetrics.IntervalMinutes < 1 {
			return nil, &metricsapi.Error{Type: "InvalidInputError", Message: "intervalMinutes: must be at least 1, not 0"}
		}
		return &metricsapi.GetMetricsOutput{FromDate: req.GetMetrics.FromDate, IntervalMinutes: req.GetMetrics.IntervalMinutes}, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Query.getLogAnalysisMetrics",
		`{"input":{"metricNames":["eventsProcessed"],"fromDate":"2026-03-13T12:00:00Z","toDate":"2026-03-14T12:00:00Z","intervalMinutes":60}}`)))
	if m, ok := out.(*metricsapi.GetMetricsOutput); err != nil || !ok || m.IntervalMinutes != 60 || !m.FromDate.Equal(time.Date(2026, 3, 13, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("metrics: %#v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Query.getLogAnalysisMetrics", `{"input":{"metricNames":["eventsProcessed"]}}`)))
	if err == nil || err.Error() != "InvalidInputError: intervalMinutes: must be at least 1, not 0" {
		t.Fatalf("invalid: %v", err)
	}
}
