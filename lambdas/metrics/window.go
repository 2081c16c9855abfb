package metrics

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
)

// maxIntervalMinutes bounds an interval at 366 days, far above any chart's.
const maxIntervalMinutes = 366 * 24 * 60

// window is n periods from start, which is aligned to the period since the epoch, as
// CloudWatch aligns the periods of its answers.
type window struct {
	start  time.Time
	period time.Duration
	n      int
}

// newWindow is the window of whole periods that covers [from, to).
func newWindow(from, to time.Time, period time.Duration) window {
	secs := int64(period / time.Second)
	unix := from.Unix()
	start := unix - unix%secs
	if unix%secs < 0 { // before 1970: round down, not toward zero
		start -= secs
	}
	w := window{start: time.Unix(start, 0).UTC(), period: period}
	span := to.Sub(w.start)
	w.n = int(span / period)
	if span%period != 0 {
		w.n++
	}
	return w
}

func (w window) end() time.Time { return w.start.Add(time.Duration(w.n) * w.period) }

// previous is the equally long window that ends where w starts.
func (w window) previous() window {
	return window{start: w.start.Add(-time.Duration(w.n) * w.period), period: w.period, n: w.n}
}

// withPrevious is the previous window and w together.
func (w window) withPrevious() window {
	p := w.previous()
	p.n *= 2
	return p
}

// index is the period a time falls in, if it falls in the window.
func (w window) index(t time.Time) (int, bool) {
	if t.Before(w.start) {
		return 0, false
	}
	i := int(t.Sub(w.start) / w.period)
	return i, i < w.n
}

func (w window) timestamps() []time.Time {
	out := make([]time.Time, w.n)
	for i := range out {
		out[i] = w.start.Add(time.Duration(i) * w.period)
	}
	return out
}

// series is the points summed per period of the window, 0 where there are none.
func (w window) series(label string, points []Point) metricsapi.Series {
	values := make([]float64, w.n)
	for _, p := range points {
		if i, ok := w.index(p.Time); ok {
			values[i] += p.Value
		}
	}
	return metricsapi.Series{Label: label, Values: values, Timestamps: w.timestamps()}
}

// total is the sum of the points in the window.
func (w window) total(points []Point) float64 {
	sum := 0.0
	for _, p := range points {
		if _, ok := w.index(p.Time); ok {
			sum += p.Value
		}
	}
	return sum
}

// query is a checked getMetrics input: the metrics asked for and the window.
type query struct {
	names  map[string]bool
	window window
}

func invalid(field, format string, args ...any) error {
	return &api.Error{Type: "InvalidInputError", Message: field + ": " + fmt.Sprintf(format, args...)}
}

var allowedNames = strings.Join(metricsapi.Names[:len(metricsapi.Names)-1], ", ") + " or " + metricsapi.Names[len(metricsapi.Names)-1]

func check(in *metricsapi.GetMetricsInput) (query, error) {
	q := query{names: map[string]bool{}}
	if len(in.MetricNames) == 0 {
		return q, invalid("metricNames", "is empty; ask for one or more of %s", allowedNames)
	}
	for _, name := range in.MetricNames {
		if !slices.Contains(metricsapi.Names, name) {
			return q, invalid("metricNames", "%q is not a metric this API answers; ask for %s", name, allowedNames)
		}
		q.names[name] = true
	}
	const example = "as an RFC 3339 time such as 2026-03-14T00:00:00Z"
	if in.FromDate.IsZero() {
		return q, invalid("fromDate", "is missing; give the start of the range %s", example)
	}
	if in.ToDate.IsZero() {
		return q, invalid("toDate", "is missing; give the end of the range %s", example)
	}
	from, to := in.FromDate.UTC(), in.ToDate.UTC()
	if !from.Before(to) {
		return q, invalid("toDate", "%s is not after fromDate %s; give a range that ends after it starts",
			to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	switch minutes := in.IntervalMinutes; {
	case minutes < 1:
		return q, invalid("intervalMinutes", "must be at least 1, not %d", minutes)
	case minutes > maxIntervalMinutes:
		return q, invalid("intervalMinutes", "must be at most %d (366 days), not %d", maxIntervalMinutes, minutes)
	}
	q.window = newWindow(from, to, time.Duration(in.IntervalMinutes)*time.Minute)
	if n := q.window.n; n > metricsapi.MaxPoints {
		return q, invalid("intervalMinutes", "intervals of %d minutes make %d points from %s to %s, more than the %d a chart shows; "+
			"use intervalMinutes of at least %d, or a shorter range", in.IntervalMinutes, n, from.Format(time.RFC3339),
			to.Format(time.RFC3339), metricsapi.MaxPoints, smallestInterval(from, to))
	}
	return q, nil
}

// smallestInterval is the shortest interval, in minutes, that divides [from, to) into at most
// MaxPoints aligned intervals.
func smallestInterval(from, to time.Time) int {
	// n intervals of m minutes cover at least the range, so m is at least range / MaxPoints.
	perPoint := time.Duration(metricsapi.MaxPoints) * time.Minute
	minutes := max(1, int((to.Sub(from)+perPoint-1)/perPoint))
	for minutes < maxIntervalMinutes && newWindow(from, to, time.Duration(minutes)*time.Minute).n > metricsapi.MaxPoints {
		minutes++
	}
	return minutes
}
