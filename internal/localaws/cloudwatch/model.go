// Package cloudwatch emulates CloudWatch metrics in the Smithy RPC v2
// CBOR protocol current SDKs speak (signing name monitoring):
// PutMetricData, ListMetrics, GetMetricData and GetMetricStatistics over
// the stored datapoints, and metric alarms as state (never evaluated).
package cloudwatch

import (
	"net/http"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Dimension is a metric dimension.
type Dimension struct {
	Name  string
	Value string
}

// Metric is a series: a namespace, a name and a set of dimensions, with
// its datapoints in arrival order.
type Metric struct {
	Namespace  string      `json:"namespace"`
	Name       string      `json:"name"`
	Dimensions []Dimension `json:"dimensions,omitempty"`
	Points     []Point     `json:"points,omitempty"`
}

// Point is one datum, kept as the statistic set every statistic derives
// from.
type Point struct {
	Time  time.Time `json:"t"`
	Count float64   `json:"n"`
	Sum   float64   `json:"sum"`
	Min   float64   `json:"min"`
	Max   float64   `json:"max"`
	Unit  string    `json:"unit,omitempty"`
}

// Alarm is a metric alarm as PutMetricAlarm defines it, with the state
// CloudWatch reports (INSUFFICIENT_DATA: alarms are not evaluated).
type Alarm struct {
	AlarmName                          string
	AlarmArn                           string
	AlarmDescription                   string
	ActionsEnabled                     bool
	OKActions                          []string
	AlarmActions                       []string
	InsufficientDataActions            []string
	StateValue                         string
	StateReason                        string
	StateUpdatedTimestamp              time.Time
	AlarmConfigurationUpdatedTimestamp time.Time
	MetricName                         string
	Namespace                          string
	Statistic                          string
	ExtendedStatistic                  string
	Dimensions                         []Dimension
	Period                             int
	Unit                               string
	EvaluationPeriods                  int
	DatapointsToAlarm                  int
	Threshold                          float64
	ComparisonOperator                 string
	TreatMissingData                   string
	EvaluateLowSampleCountPercentile   string
}

// The state tables of CloudWatch, per region: series by seriesKey and
// alarms by name.
var (
	metricTable = state.NewTable[*Metric]("cloudwatchMetrics", state.PerRegion)
	alarmTable  = state.NewTable[*Alarm]("cloudwatchAlarms", state.PerRegion)
)

// Tables are the state tables of CloudWatch.
func Tables() []state.Declared { return []state.Declared{metricTable, alarmTable} }

// Service implements CloudWatch metrics and alarms.
type Service struct {
	store *state.Store
	now   func() time.Time
}

// New returns the CloudWatch service keeping its metrics in store; now is
// its clock (nil: time.Now).
func New(store *state.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// request is a call to CloudWatch.
type request struct {
	*wire.Request
	svc *Service
}

func (req *request) metrics() map[string]*Metric {
	return metricTable.Region(req.svc.store.State(), req.Account, req.Region)
}

func (req *request) alarms() map[string]*Alarm {
	return alarmTable.Region(req.svc.store.State(), req.Account, req.Region)
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"PutMetricData":       putMetricData,
	"ListMetrics":         listMetrics,
	"GetMetricData":       getMetricData,
	"GetMetricStatistics": getMetricStatistics,
	"PutMetricAlarm":      putMetricAlarm,
	"DescribeAlarms":      describeAlarms,
	"DeleteAlarms":        deleteAlarms,
}

// Resolve implements wire.Service: the resource is the namespace or the
// alarm a request names.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.CBOROperation()
	if _, ok := handlers[op]; !ok {
		return "", ""
	}
	req.ErrorNamespace = "com.amazonaws.cloudwatch#"
	var probe struct {
		Namespace  string
		AlarmName  string
		AlarmNames []string
	}
	_ = req.DecodeCBOR(&probe)
	switch {
	case probe.Namespace != "":
		return op, probe.Namespace
	case probe.AlarmName != "":
		return op, probe.AlarmName
	case len(probe.AlarmNames) > 0:
		return op, probe.AlarmNames[0]
	}
	return op, ""
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

// cwError is a CloudWatch error with its query-protocol code.
func cwError(code, queryCode, format string, args ...any) *wire.Error {
	e := wire.NewError(http.StatusBadRequest, code, format, args...)
	e.QueryCode = queryCode
	return e
}

func invalidParameter(format string, args ...any) *wire.Error {
	return cwError("InvalidParameterValueException", "InvalidParameterValue", format, args...)
}

func missingParameter(name string) *wire.Error {
	return cwError("MissingRequiredParameterException", "MissingParameter", "The parameter %s is required.", name)
}

// epochTime reads a timestamp in its JSON form (epoch seconds).
func epochTime(secs float64) time.Time {
	return time.UnixMilli(int64(secs * 1000)).UTC()
}
