// Package metrics is panther-metrics-api: the log analysis overview's charts, read from the
// CloudWatch metrics Panther's functions publish in the Panther namespace. EventsProcessed
// (one series per LogType dimension, from the log processor) gives eventsProcessed;
// AlertsCreated (dimensions Severity, AnalysisType=Rule and AnalysisID, from the alert
// forwarder) gives alertsBySeverity, totalAlertsDelta and alertsByRuleID. Every value is the
// Sum of an interval, 0 where nothing was put. It runs behind the one-key request format of
// lambdas/api/metricsapi.
package metrics

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
)

// The CloudWatch metrics and dimensions read.
const (
	eventsProcessedMetric = "EventsProcessed"
	logTypeDimension      = "LogType"

	alertsCreatedMetric   = "AlertsCreated"
	severityDimension     = "Severity"
	analysisTypeDimension = "AnalysisType"
	analysisIDDimension   = "AnalysisID"
	ruleAnalysisType      = "Rule"
)

// topRules is how many rules alertsByRuleID lists.
const topRules = 10

// Metric is one CloudWatch series of the namespace: a metric name with one set of dimensions.
type Metric struct {
	Name       string
	Dimensions map[string]string
}

// Point is a series' Sum over one period, at the period's start.
type Point struct {
	Time  time.Time
	Value float64
}

// Store reads the namespace's metrics.
type Store interface {
	// ListMetrics returns every series of the metric name: one per set of dimensions it was
	// put with.
	ListMetrics(ctx context.Context, name string) ([]Metric, error)
	// Sums returns each metric's Sums per period in [start, end), in the metrics' order;
	// periods without data may be left out.
	Sums(ctx context.Context, metrics []Metric, start, end time.Time, period time.Duration) ([][]Point, error)
}

// API handles metrics-api requests.
type API struct {
	Store Store
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *metricsapi.Request) (any, error) {
	if req.GetMetrics == nil {
		return nil, invalid("request", "names no operation: send getMetrics")
	}
	return a.getMetrics(ctx, req.GetMetrics)
}

func (a *API) getMetrics(ctx context.Context, in *metricsapi.GetMetricsInput) (*metricsapi.GetMetricsOutput, error) {
	q, err := check(in)
	if err != nil {
		return nil, err
	}
	w := q.window
	out := &metricsapi.GetMetricsOutput{FromDate: w.start, ToDate: w.end(), IntervalMinutes: in.IntervalMinutes}
	if q.names[metricsapi.EventsProcessed] {
		if out.EventsProcessed, err = a.eventsProcessed(ctx, w); err != nil {
			return nil, err
		}
	}
	if q.names[metricsapi.AlertsBySeverity] || q.names[metricsapi.TotalAlertsDelta] || q.names[metricsapi.AlertsByRuleID] {
		if err := a.alerts(ctx, q, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eventsProcessed is a series per log type.
func (a *API) eventsProcessed(ctx context.Context, w window) ([]metricsapi.Series, error) {
	series, err := a.Store.ListMetrics(ctx, eventsProcessedMetric)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", eventsProcessedMetric, err)
	}
	series = slices.DeleteFunc(series, func(m Metric) bool { return len(m.Dimensions) != 1 || m.Dimensions[logTypeDimension] == "" })
	sums, err := a.sums(ctx, series, w)
	if err != nil {
		return nil, err
	}
	byLogType := group(series, sums, logTypeDimension)
	out := []metricsapi.Series{}
	for _, logType := range slices.Sorted(maps.Keys(byLogType)) {
		out = append(out, w.series(logType, byLogType[logType]))
	}
	return out, nil
}

// alerts fills in the metrics of AlertsCreated, read once: over the range, and the range
// before it for totalAlertsDelta.
func (a *API) alerts(ctx context.Context, q query, out *metricsapi.GetMetricsOutput) error {
	series, err := a.Store.ListMetrics(ctx, alertsCreatedMetric)
	if err != nil {
		return fmt.Errorf("list %s: %w", alertsCreatedMetric, err)
	}
	series = slices.DeleteFunc(series, func(m Metric) bool {
		return m.Dimensions[analysisTypeDimension] != ruleAnalysisType || m.Dimensions[severityDimension] == ""
	})
	w, read := q.window, q.window
	if q.names[metricsapi.TotalAlertsDelta] {
		read = w.withPrevious()
	}
	sums, err := a.sums(ctx, series, read)
	if err != nil {
		return err
	}
	if q.names[metricsapi.AlertsBySeverity] {
		bySeverity := group(series, sums, severityDimension)
		out.AlertsBySeverity = []metricsapi.Series{}
		for _, severity := range slices.SortedFunc(maps.Keys(bySeverity), bySeverityOrder) {
			out.AlertsBySeverity = append(out.AlertsBySeverity, w.series(severity, bySeverity[severity]))
		}
	}
	all := slices.Concat(sums...)
	if q.names[metricsapi.TotalAlertsDelta] {
		out.TotalAlertsDelta = []metricsapi.SingleValue{
			{Label: metricsapi.PreviousPeriod, Value: w.previous().total(all)},
			{Label: metricsapi.CurrentPeriod, Value: w.total(all)},
		}
	}
	if q.names[metricsapi.AlertsByRuleID] {
		out.AlertsByRuleID = topByRule(w, group(series, sums, analysisIDDimension))
	}
	return nil
}

// topByRule is the rules with most alerts in the window, most first (then by ID), without
// the rules that had none.
func topByRule(w window, byRule map[string][]Point) []metricsapi.SingleValue {
	out := []metricsapi.SingleValue{}
	for rule, points := range byRule {
		if n := w.total(points); n > 0 {
			out = append(out, metricsapi.SingleValue{Label: rule, Value: n})
		}
	}
	slices.SortFunc(out, func(x, y metricsapi.SingleValue) int {
		return cmp.Or(cmp.Compare(y.Value, x.Value), cmp.Compare(x.Label, y.Label))
	})
	return out[:min(len(out), topRules)]
}

func (a *API) sums(ctx context.Context, series []Metric, w window) ([][]Point, error) {
	if len(series) == 0 {
		return nil, nil
	}
	sums, err := a.Store.Sums(ctx, series, w.start, w.end(), w.period)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", series[0].Name, err)
	}
	if len(sums) != len(series) {
		return nil, fmt.Errorf("read %s: %d results for %d series", series[0].Name, len(sums), len(series))
	}
	return sums, nil
}

// group merges the series' points by the value of one dimension.
func group(series []Metric, sums [][]Point, dimension string) map[string][]Point {
	out := map[string][]Point{}
	for i, m := range series {
		if label := m.Dimensions[dimension]; label != "" {
			out[label] = append(out[label], sums[i]...)
		}
	}
	return out
}

// bySeverityOrder sorts severities from INFO to CRITICAL; others (none are put today) after
// them by name.
func bySeverityOrder(x, y string) int {
	rank := func(s string) int {
		if i := slices.Index(analysisapi.Severities, s); i >= 0 {
			return i
		}
		return len(analysisapi.Severities)
	}
	return cmp.Or(cmp.Compare(rank(x), rank(y)), cmp.Compare(x, y))
}
