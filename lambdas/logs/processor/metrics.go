package processor

import "context"

// Datum is one metric value: Panther's namespace, a name, an optional log type dimension.
type Datum struct {
	Name    string
	LogType string
	Value   float64
	Unit    string
}

// MetricsWriter publishes metrics (CloudWatch PutMetricData).
type MetricsWriter interface {
	PutMetrics(ctx context.Context, data []Datum) error
}

// Metrics are what a drain did, as metrics: EventsProcessed per log type (which the web
// app's overview charts), BytesProcessed, ObjectsProcessed, ObjectsSkipped,
// ClassificationFailures and MessagesFailed.
func (p *Processor) Metrics(res DrainResult) []Datum {
	var out []Datum
	for logType, n := range p.Stats.Events {
		out = append(out, Datum{Name: "EventsProcessed", LogType: logType, Value: float64(n), Unit: "Count"})
	}
	return append(out,
		Datum{Name: "BytesProcessed", Value: float64(p.Stats.BytesRead), Unit: "Bytes"},
		Datum{Name: "ObjectsProcessed", Value: float64(p.Stats.Objects), Unit: "Count"},
		Datum{Name: "ObjectsSkipped", Value: float64(p.Stats.SkippedObjects), Unit: "Count"},
		Datum{Name: "ClassificationFailures", Value: float64(p.Stats.Failures + p.Stats.TooLong), Unit: "Count"},
		Datum{Name: "MessagesFailed", Value: float64(res.Failed), Unit: "Count"},
	)
}
