package cloudwatch

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"time"
)

// bucket is the statistic set of one period.
type bucket struct{ count, sum, min, max float64 }

func (b *bucket) add(p Point) {
	if b.count == 0 {
		b.min, b.max = p.Min, p.Max
	}
	b.count += p.Count
	b.sum += p.Sum
	b.min, b.max = math.Min(b.min, p.Min), math.Max(b.max, p.Max)
}

// stat is one statistic of a bucket; ok is false for a statistic localaws
// does not compute.
func (b *bucket) stat(name string) (float64, bool) {
	switch name {
	case "Sum":
		return b.sum, true
	case "Average":
		return b.sum / b.count, true
	case "Minimum":
		return b.min, true
	case "Maximum":
		return b.max, true
	case "SampleCount":
		return b.count, true
	}
	return 0, false
}

// aggregate groups a series' datapoints in [start, end) of the unit (any
// when empty) into periods aligned to the epoch, by period start.
func aggregate(m *Metric, start, end time.Time, period int, unit string) map[int64]*bucket {
	out := map[int64]*bucket{}
	if m == nil {
		return out
	}
	for _, p := range m.Points {
		if p.Time.Before(start) || !p.Time.Before(end) || (unit != "" && p.Unit != unit) {
			continue
		}
		at := p.Time.Unix() - p.Time.Unix()%int64(period)
		b, ok := out[at]
		if !ok {
			b = &bucket{}
			out[at] = b
		}
		b.add(p)
	}
	return out
}

var validPeriods = map[int]bool{1: true, 5: true, 10: true, 20: true, 30: true}

func checkPeriod(period int) error {
	if period <= 0 || (period%60 != 0 && !validPeriods[period]) {
		return invalidParameter("The parameter Period must be 1, 5, 10, 20, 30, or a multiple of 60.")
	}
	return nil
}

type metricStat struct {
	Metric struct {
		Namespace, MetricName string
		Dimensions            []Dimension
	}
	Period int
	Stat   string
	Unit   string
}

type dataQuery struct {
	Id         string
	MetricStat *metricStat
	Expression string
	Label      string
	ReturnData *bool
}

var queryID = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

// query answers one MetricDataQuery, newest first unless ascending.
func (req *request) query(q dataQuery, start, end time.Time, ascending bool) (map[string]any, error) {
	if !queryID.MatchString(q.Id) {
		return nil, invalidParameter("The value %s for parameter MetricDataQueries.member.Id is invalid.", q.Id)
	}
	if q.MetricStat == nil {
		return nil, invalidParameter("localaws does not evaluate metric math expressions (%s).", q.Expression)
	}
	ms := q.MetricStat
	if err := checkPeriod(ms.Period); err != nil {
		return nil, err
	}
	m := req.metrics()[seriesKey(ms.Metric.Namespace, ms.Metric.MetricName, ms.Metric.Dimensions)]
	buckets := aggregate(m, start, end, ms.Period, ms.Unit)
	times := slices.Sorted(maps.Keys(buckets))
	if !ascending {
		slices.Reverse(times)
	}
	stamps, values := make([]time.Time, 0, len(times)), make([]float64, 0, len(times))
	for _, at := range times {
		v, ok := buckets[at].stat(ms.Stat)
		if !ok {
			return nil, invalidParameter("localaws computes the statistics Sum, Average, Minimum, Maximum and SampleCount, not %s.", ms.Stat)
		}
		stamps, values = append(stamps, time.Unix(at, 0).UTC()), append(values, v)
	}
	label := q.Label
	if label == "" {
		label = ms.Metric.MetricName
	}
	return map[string]any{"Id": q.Id, "Label": label, "Timestamps": stamps, "Values": values, "StatusCode": "Complete"}, nil
}

// timeRange reads StartTime and EndTime, which must be in order.
func timeRange(start, end *float64) (time.Time, time.Time, error) {
	if start == nil {
		return time.Time{}, time.Time{}, missingParameter("StartTime")
	}
	if end == nil {
		return time.Time{}, time.Time{}, missingParameter("EndTime")
	}
	s, e := epochTime(*start), epochTime(*end)
	if !s.Before(e) {
		return s, e, invalidParameter("The parameter StartTime must be less than the parameter EndTime.")
	}
	return s, e, nil
}

func getMetricData(req *request) error {
	var in struct {
		MetricDataQueries  []dataQuery
		StartTime, EndTime *float64
		ScanBy             string
	}
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	start, end, err := timeRange(in.StartTime, in.EndTime)
	if err != nil {
		return err
	}
	if len(in.MetricDataQueries) == 0 || len(in.MetricDataQueries) > 500 {
		return invalidParameter("The collection MetricDataQueries must have between 1 and 500 members.")
	}
	results := []map[string]any{}
	for _, q := range in.MetricDataQueries {
		r, err := req.query(q, start, end, in.ScanBy == "TimestampAscending")
		if err != nil {
			return err
		}
		if q.ReturnData == nil || *q.ReturnData {
			results = append(results, r)
		}
	}
	return req.ReplyCBOR(map[string]any{"MetricDataResults": results, "Messages": []any{}})
}

func getMetricStatistics(req *request) error {
	var in struct {
		Namespace, MetricName, Unit string
		Dimensions                  []Dimension
		StartTime, EndTime          *float64
		Period                      int
		Statistics                  []string
	}
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	start, end, err := timeRange(in.StartTime, in.EndTime)
	if err != nil {
		return err
	}
	if err := checkPeriod(in.Period); err != nil {
		return err
	}
	if len(in.Statistics) == 0 {
		return missingParameter("Statistics")
	}
	buckets := aggregate(req.metrics()[seriesKey(in.Namespace, in.MetricName, in.Dimensions)], start, end, in.Period, in.Unit)
	points := []map[string]any{}
	for _, at := range slices.Sorted(maps.Keys(buckets)) {
		p := map[string]any{"Timestamp": time.Unix(at, 0).UTC(), "Unit": "None"}
		if in.Unit != "" {
			p["Unit"] = in.Unit
		}
		for _, s := range in.Statistics {
			v, ok := buckets[at].stat(s)
			if !ok {
				return invalidParameter("The value %s for parameter Statistics is invalid.", s)
			}
			p[s] = v
		}
		points = append(points, p)
	}
	return req.ReplyCBOR(map[string]any{"Label": in.MetricName, "Datapoints": points})
}
