// Package metricsapi is the wire contract of panther-metrics-api: the log analysis overview's
// charts (events processed by log type, alerts by severity, the change in alerts, the rules
// that alert most), read from Panther's CloudWatch metrics, through the one-key request
// {"getMetrics": {...}}.
package metricsapi

import (
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// The metrics getMetrics answers.
const (
	// EventsProcessed is a series per log type of the events the log processor parsed.
	EventsProcessed = "eventsProcessed"
	// AlertsBySeverity is a series per severity of the rule alerts created.
	AlertsBySeverity = "alertsBySeverity"
	// TotalAlertsDelta is the number of alerts created in the range and in the equally long
	// range before it: two single values, labelled PreviousPeriod and CurrentPeriod ("Previous
	// Period" and "Current Period").
	TotalAlertsDelta = "totalAlertsDelta"
	// AlertsByRuleID is a single value per rule: its alerts created in the range, the ten
	// rules with most alerts only, most first.
	AlertsByRuleID = "alertsByRuleID"
)

// Names are the metrics getMetrics answers, in the order the API reports them in.
var Names = []string{EventsProcessed, AlertsBySeverity, TotalAlertsDelta, AlertsByRuleID}

// The labels of totalAlertsDelta's values.
const (
	PreviousPeriod = "Previous Period"
	CurrentPeriod  = "Current Period"
)

// MaxPoints is the most intervals a range may have: a day of minutes.
const MaxPoints = 1440

// Request is the one-key invocation payload.
type Request struct {
	GetMetrics *GetMetricsInput `json:"getMetrics,omitempty"`
}

// GetMetricsInput asks for metrics over [fromDate, toDate) in intervals of intervalMinutes.
// The range is widened to whole intervals aligned to the epoch (fromDate down, toDate up),
// and may hold at most MaxPoints of them.
type GetMetricsInput struct {
	MetricNames     []string  `json:"metricNames"`
	FromDate        time.Time `json:"fromDate"`
	ToDate          time.Time `json:"toDate"`
	IntervalMinutes int       `json:"intervalMinutes"`
}

// GetMetricsOutput holds the metrics asked for; the others are null. The range is the one
// the values cover: the input's, widened to whole intervals.
type GetMetricsOutput struct {
	EventsProcessed  []Series      `json:"eventsProcessed"`
	AlertsBySeverity []Series      `json:"alertsBySeverity"`
	TotalAlertsDelta []SingleValue `json:"totalAlertsDelta"`
	AlertsByRuleID   []SingleValue `json:"alertsByRuleID"`
	FromDate         time.Time     `json:"fromDate"`
	ToDate           time.Time     `json:"toDate"`
	IntervalMinutes  int           `json:"intervalMinutes"`
}

// Series is one line of a chart: a value for each interval of the range, 0 where nothing
// was counted, at the interval's start.
type Series struct {
	Label      string      `json:"label"`
	Values     []float64   `json:"values"`
	Timestamps []time.Time `json:"timestamps"`
}

// SingleValue is one number of the range.
type SingleValue struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// Error is how the API fails: InvalidInputError, its message naming the field, for bad input.
type Error = api.Error
