package metrics_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
	"github.com/panther-operator/panther-operator/lambdas/metrics"
)

// base is an hour of yesterday: CloudWatch (and localaws) keep datapoints of the past
// weeks only.
var base = time.Now().UTC().Truncate(time.Hour).Add(-24 * time.Hour)

func minutes(n int) time.Time { return base.Add(time.Duration(n) * time.Minute) }

// world is a localaws and metrics-api over its CloudWatch.
type world struct {
	cw  *cloudwatch.Client
	api *metrics.API
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cw := cloudwatch.NewFromConfig(testenv.LocalAWS(t))
	return &world{cw: cw, api: &metrics.API{Store: &awsx.MetricsReader{Client: cw}}}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// put writes data to the Panther namespace.
func (w *world) put(t *testing.T, data ...cwtypes.MetricDatum) {
	t.Helper()
	for start := 0; start < len(data); start += 1000 {
		_, err := w.cw.PutMetricData(context.Background(), &cloudwatch.PutMetricDataInput{Namespace: aws.String("Panther"),
			MetricData: data[start:min(start+1000, len(data))]})
		must(t, err)
	}
}

func dims(nameValues ...string) []cwtypes.Dimension {
	var out []cwtypes.Dimension
	for i := 0; i+1 < len(nameValues); i += 2 {
		out = append(out, cwtypes.Dimension{Name: aws.String(nameValues[i]), Value: aws.String(nameValues[i+1])})
	}
	return out
}

// events is n events of a log type, as the log processor counts them.
func events(logType string, at time.Time, n float64) cwtypes.MetricDatum {
	return cwtypes.MetricDatum{MetricName: aws.String("EventsProcessed"), Dimensions: dims("LogType", logType),
		Value: aws.Float64(n), Unit: cwtypes.StandardUnitCount, Timestamp: aws.Time(at)}
}

// alert is one alert of a rule, as the alert forwarder counts it.
func alert(rule, severity string, at time.Time) cwtypes.MetricDatum {
	return cwtypes.MetricDatum{MetricName: aws.String("AlertsCreated"),
		Dimensions: dims("Severity", severity, "AnalysisType", "Rule", "AnalysisID", rule),
		Value:      aws.Float64(1), Unit: cwtypes.StandardUnitCount, Timestamp: aws.Time(at)}
}

func (w *world) get(t *testing.T, in metricsapi.GetMetricsInput) *metricsapi.GetMetricsOutput {
	t.Helper()
	out, err := w.api.Handle(context.Background(), &metricsapi.Request{GetMetrics: &in})
	must(t, err)
	return out.(*metricsapi.GetMetricsOutput)
}

func jsonText(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func stamps(from, step, n int) []time.Time {
	var out []time.Time
	for i := range n {
		out = append(out, minutes(from+i*step))
	}
	return out
}

func TestEventsProcessedIsASeriesPerLogType(t *testing.T) {
	w := newWorld(t)
	w.put(t, events("AWS.CloudTrail", minutes(1), 5), events("AWS.CloudTrail", minutes(2), 3), events("AWS.CloudTrail", minutes(29), 7),
		events("AWS.S3ServerAccess", minutes(65), 2), events("AWS.CloudTrail", minutes(120), 100), events("AWS.CloudTrail", minutes(-1), 100),
		// Not events of a log type: the processor's other metrics, and a series without the dimension.
		cwtypes.MetricDatum{MetricName: aws.String("BytesProcessed"), Value: aws.Float64(4096), Timestamp: aws.Time(minutes(1))},
		cwtypes.MetricDatum{MetricName: aws.String("EventsProcessed"), Value: aws.Float64(9), Timestamp: aws.Time(minutes(1))})
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: []string{"eventsProcessed"}, FromDate: base, ToDate: minutes(120), IntervalMinutes: 30})
	want := &metricsapi.GetMetricsOutput{FromDate: base, ToDate: minutes(120), IntervalMinutes: 30, EventsProcessed: []metricsapi.Series{
		{Label: "AWS.CloudTrail", Values: []float64{15, 0, 0, 0}, Timestamps: stamps(0, 30, 4)},
		{Label: "AWS.S3ServerAccess", Values: []float64{0, 0, 2, 0}, Timestamps: stamps(0, 30, 4)},
	}}
	if jsonText(got) != jsonText(want) {
		t.Fatalf("got\n %s\nwant\n %s", jsonText(got), jsonText(want))
	}
	// The metrics not asked for are null.
	if !strings.Contains(jsonText(got), `"alertsBySeverity":null,"totalAlertsDelta":null,"alertsByRuleID":null`) {
		t.Fatalf("answer %s", jsonText(got))
	}
}

// The alert metrics sum AlertsCreated over rules (by severity), over severities (by rule),
// and over both (the delta, which also reads the range before).
func TestAlertMetrics(t *testing.T) {
	w := newWorld(t)
	var data []cwtypes.MetricDatum
	for i := range 3 {
		data = append(data, alert("AWS.Root.Login", "HIGH", minutes(60+i)))
	}
	data = append(data,
		alert("AWS.Root.Login", "INFO", minutes(75)), // a rule whose severity depends on the event
		alert("Okta.BruteForce", "CRITICAL", minutes(100)),
		alert("Okta.BruteForce", "CRITICAL", minutes(119)),
		alert("GitHub.Secret", "HIGH", minutes(61)),
		// The range before: [0, 60).
		alert("AWS.Root.Login", "HIGH", minutes(0)), alert("GitHub.Secret", "LOW", minutes(59)),
		// Outside both ranges.
		alert("AWS.Root.Login", "HIGH", minutes(-1)), alert("AWS.Root.Login", "HIGH", minutes(120)),
		// Not a rule's alert.
		cwtypes.MetricDatum{MetricName: aws.String("AlertsCreated"), Value: aws.Float64(1), Timestamp: aws.Time(minutes(61)),
			Dimensions: dims("Severity", "HIGH", "AnalysisType", "Policy", "AnalysisID", "AWS.S3.Encrypted")})
	// Ten more rules with one alert each, so that only ten of the thirteen are listed.
	for i := range 10 {
		data = append(data, alert(fmt.Sprintf("Rule.%02d", i), "MEDIUM", minutes(90)))
	}
	w.put(t, data...)

	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: []string{"alertsBySeverity", "totalAlertsDelta", "alertsByRuleID"},
		FromDate: minutes(60), ToDate: minutes(120), IntervalMinutes: 20})
	ts := stamps(60, 20, 3)
	want := &metricsapi.GetMetricsOutput{FromDate: minutes(60), ToDate: minutes(120), IntervalMinutes: 20,
		// From INFO to CRITICAL; LOW alerted only in the range before: a series of zeros.
		AlertsBySeverity: []metricsapi.Series{
			{Label: "INFO", Values: []float64{1, 0, 0}, Timestamps: ts},
			{Label: "LOW", Values: []float64{0, 0, 0}, Timestamps: ts},
			{Label: "MEDIUM", Values: []float64{0, 10, 0}, Timestamps: ts},
			{Label: "HIGH", Values: []float64{4, 0, 0}, Timestamps: ts},
			{Label: "CRITICAL", Values: []float64{0, 0, 2}, Timestamps: ts},
		},
		TotalAlertsDelta: []metricsapi.SingleValue{{Label: "Previous Period", Value: 2}, {Label: "Current Period", Value: 17}},
		AlertsByRuleID: []metricsapi.SingleValue{{Label: "AWS.Root.Login", Value: 4}, {Label: "Okta.BruteForce", Value: 2},
			{Label: "GitHub.Secret", Value: 1}, {Label: "Rule.00", Value: 1}, {Label: "Rule.01", Value: 1}, {Label: "Rule.02", Value: 1},
			{Label: "Rule.03", Value: 1}, {Label: "Rule.04", Value: 1}, {Label: "Rule.05", Value: 1}, {Label: "Rule.06", Value: 1}},
	}
	if jsonText(got) != jsonText(want) {
		t.Fatalf("got\n %s\nwant\n %s", jsonText(got), jsonText(want))
	}
	if got.EventsProcessed != nil {
		t.Fatalf("eventsProcessed was not asked for: %v", got.EventsProcessed)
	}
}

// Without data, the series and lists asked for are empty, not null, and the delta is zero.
func TestNoDataIsEmptyNotNull(t *testing.T) {
	w := newWorld(t)
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: metricsapi.Names, FromDate: base, ToDate: minutes(60), IntervalMinutes: 60})
	const want = `"eventsProcessed":[],"alertsBySeverity":[],"totalAlertsDelta":[{"label":"Previous Period","value":0},` +
		`{"label":"Current Period","value":0}],"alertsByRuleID":[]`
	if !strings.Contains(jsonText(got), want) {
		t.Fatalf("answer %s, want %s", jsonText(got), want)
	}
}

// The range is widened to whole intervals aligned to the epoch: fromDate down, toDate up.
func TestTheRangeIsWidenedToWholeIntervals(t *testing.T) {
	w := newWorld(t)
	w.put(t, events("AWS.VPCFlow", minutes(3), 1), events("AWS.VPCFlow", minutes(59), 2))
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: []string{"eventsProcessed", "eventsProcessed"},
		FromDate: minutes(7).Add(30 * time.Second), ToDate: minutes(50).In(time.FixedZone("CET", 3600)), IntervalMinutes: 15})
	want := &metricsapi.GetMetricsOutput{FromDate: minutes(0), ToDate: minutes(60), IntervalMinutes: 15, EventsProcessed: []metricsapi.Series{
		{Label: "AWS.VPCFlow", Values: []float64{1, 0, 0, 2}, Timestamps: stamps(0, 15, 4)}}}
	if jsonText(got) != jsonText(want) {
		t.Fatalf("got\n %s\nwant\n %s", jsonText(got), jsonText(want))
	}
}

// GetMetricData reads 500 series a call and ListMetrics lists 500 a page: both are followed.
func TestMoreSeriesThanOneCallReads(t *testing.T) {
	w := newWorld(t)
	var data []cwtypes.MetricDatum
	for i := range 501 {
		data = append(data, events(fmt.Sprintf("Custom.Type%03d", i), minutes(i%60), float64(i)))
	}
	w.put(t, data...)
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: []string{"eventsProcessed"}, FromDate: base, ToDate: minutes(60), IntervalMinutes: 60})
	if len(got.EventsProcessed) != 501 {
		t.Fatalf("%d series, want 501", len(got.EventsProcessed))
	}
	for i, s := range got.EventsProcessed {
		if s.Label != fmt.Sprintf("Custom.Type%03d", i) || len(s.Values) != 1 || s.Values[0] != float64(i) {
			t.Fatalf("series %d: %+v", i, s)
		}
	}
}

// What the log processor's and the alert forwarder's own writers put is what the API reads.
func TestReadsWhatTheWritersPut(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	must(t, (&awsx.Metrics{Client: w.cw}).PutMetrics(ctx, []processor.Datum{{Name: "EventsProcessed", LogType: "AWS.CloudTrail", Value: 42, Unit: "Count"}}))
	must(t, (&awsx.AlertMetrics{Client: w.cw}).AlertCreated(ctx, "HIGH", "AWS.Root.Login"))
	now := time.Now().UTC()
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: metricsapi.Names, FromDate: now.Add(-time.Hour), ToDate: now.Add(time.Hour), IntervalMinutes: 60})
	sum := func(series []metricsapi.Series) (labels []string, total float64) {
		for _, s := range series {
			labels = append(labels, s.Label)
			for _, v := range s.Values {
				total += v
			}
		}
		return labels, total
	}
	if labels, total := sum(got.EventsProcessed); strings.Join(labels, ",") != "AWS.CloudTrail" || total != 42 {
		t.Errorf("eventsProcessed %v, %v", labels, total)
	}
	if labels, total := sum(got.AlertsBySeverity); strings.Join(labels, ",") != "HIGH" || total != 1 {
		t.Errorf("alertsBySeverity %v, %v", labels, total)
	}
	if jsonText(got.AlertsByRuleID) != `[{"label":"AWS.Root.Login","value":1}]` || got.TotalAlertsDelta[1].Value != 1 {
		t.Errorf("alertsByRuleID %s, totalAlertsDelta %s", jsonText(got.AlertsByRuleID), jsonText(got.TotalAlertsDelta))
	}
}

func TestInvalidInputNamesTheFieldAndTheFix(t *testing.T) {
	w := newWorld(t)
	valid := metricsapi.GetMetricsInput{MetricNames: []string{"eventsProcessed"}, FromDate: base, ToDate: minutes(60), IntervalMinutes: 5}
	with := func(change func(in *metricsapi.GetMetricsInput)) metricsapi.GetMetricsInput {
		in := valid
		change(&in)
		return in
	}
	from, day := base.Format(time.RFC3339), minutes(2*24*60).Format(time.RFC3339)
	for name, tc := range map[string]struct {
		in   metricsapi.GetMetricsInput
		want string
	}{
		"no names": {with(func(in *metricsapi.GetMetricsInput) { in.MetricNames = nil }),
			"metricNames: is empty; ask for one or more of eventsProcessed, alertsBySeverity, totalAlertsDelta or alertsByRuleID"},
		"unknown name": {with(func(in *metricsapi.GetMetricsInput) { in.MetricNames = []string{"eventsProcessed", "eventsLatency"} }),
			`metricNames: "eventsLatency" is not a metric this API answers; ask for eventsProcessed, alertsBySeverity, totalAlertsDelta or alertsByRuleID`},
		"no fromDate": {with(func(in *metricsapi.GetMetricsInput) { in.FromDate = time.Time{} }),
			"fromDate: is missing; give the start of the range as an RFC 3339 time such as 2026-03-14T00:00:00Z"},
		"no toDate": {with(func(in *metricsapi.GetMetricsInput) { in.ToDate = time.Time{} }), "toDate: is missing"},
		"empty range": {with(func(in *metricsapi.GetMetricsInput) { in.ToDate = base }),
			"toDate: " + from + " is not after fromDate " + from + "; give a range that ends after it starts"},
		"backwards range":   {with(func(in *metricsapi.GetMetricsInput) { in.ToDate = minutes(-1) }), "toDate: " + minutes(-1).Format(time.RFC3339) + " is not after"},
		"no interval":       {with(func(in *metricsapi.GetMetricsInput) { in.IntervalMinutes = 0 }), "intervalMinutes: must be at least 1, not 0"},
		"negative interval": {with(func(in *metricsapi.GetMetricsInput) { in.IntervalMinutes = -5 }), "intervalMinutes: must be at least 1, not -5"},
		"huge interval": {with(func(in *metricsapi.GetMetricsInput) { in.IntervalMinutes = 1 << 40 }),
			"intervalMinutes: must be at most 527040 (366 days), not 1099511627776"},
		"too many points": {with(func(in *metricsapi.GetMetricsInput) { in.ToDate, in.IntervalMinutes = minutes(2*24*60), 1 }),
			"intervalMinutes: intervals of 1 minutes make 2880 points from " + from + " to " + day +
				", more than the 1440 a chart shows; use intervalMinutes of at least 2, or a shorter range"},
		// Unaligned, 4 days need intervals of 5 minutes: of 4, they make 1441 points.
		"too many unaligned points": {with(func(in *metricsapi.GetMetricsInput) {
			in.FromDate, in.ToDate, in.IntervalMinutes = minutes(2), minutes(4*24*60+2), 3
		}), "intervalMinutes: intervals of 3 minutes make 1921 points from " + minutes(2).Format(time.RFC3339) + " to " +
			minutes(4*24*60+2).Format(time.RFC3339) + ", more than the 1440 a chart shows; use intervalMinutes of at least 5, or a shorter range"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := w.api.Handle(context.Background(), &metricsapi.Request{GetMetrics: &tc.in})
			var apiErr *api.Error
			if !errors.As(err, &apiErr) || apiErr.Type != "InvalidInputError" || !strings.HasPrefix(apiErr.Message, tc.want) {
				t.Fatalf("got %v, want InvalidInputError starting %q", err, tc.want)
			}
		})
	}
	_, err := w.api.Handle(context.Background(), &metricsapi.Request{})
	var apiErr *api.Error
	if !errors.As(err, &apiErr) || apiErr.Message != "request: names no operation: send getMetrics" {
		t.Fatalf("no operation: %v", err)
	}
}

// A day of minutes is allowed: the limit is inclusive.
func TestADayOfMinutesIsAllowed(t *testing.T) {
	w := newWorld(t)
	got := w.get(t, metricsapi.GetMetricsInput{MetricNames: []string{"alertsBySeverity"}, FromDate: base, ToDate: minutes(24 * 60), IntervalMinutes: 1})
	if got.ToDate != minutes(24*60) || got.FromDate != base {
		t.Fatalf("range %s to %s", got.FromDate, got.ToDate)
	}
}
