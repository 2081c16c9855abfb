package cloudwatch

import (
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// retention is how long datapoints are kept (CloudWatch keeps 15 months
// at coarser resolutions; localaws keeps them raw for 15 days).
const retention = 15 * 24 * time.Hour

// seriesKey identifies a series by namespace, name and sorted dimensions.
func seriesKey(namespace, name string, dims []Dimension) string {
	var b strings.Builder
	b.WriteString(namespace + "\x00" + name)
	for _, d := range sortedDims(dims) {
		b.WriteString("\x00" + d.Name + "=" + d.Value)
	}
	return b.String()
}

func sortedDims(dims []Dimension) []Dimension {
	out := slices.Clone(dims)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

type statisticSet struct{ SampleCount, Sum, Minimum, Maximum float64 }

type datum struct {
	MetricName      string
	Dimensions      []Dimension
	Timestamp       *float64
	Value           *float64
	Values          []float64
	Counts          []float64
	StatisticValues *statisticSet
	Unit            string
}

// point turns a datum into its statistic set.
func (d datum) point(now time.Time) (Point, error) {
	p := Point{Time: now, Unit: d.Unit, Min: math.Inf(1), Max: math.Inf(-1)}
	if d.Timestamp != nil {
		p.Time = epochTime(*d.Timestamp)
	}
	switch {
	case d.StatisticValues != nil:
		s := d.StatisticValues
		p.Count, p.Sum, p.Min, p.Max = s.SampleCount, s.Sum, s.Minimum, s.Maximum
	case len(d.Values) > 0:
		if len(d.Counts) > 0 && len(d.Counts) != len(d.Values) {
			return p, invalidParameter("The parameters MetricData.member.N.Values and MetricData.member.N.Counts must be of the same size.")
		}
		for i, v := range d.Values {
			c := 1.0
			if len(d.Counts) > 0 {
				c = d.Counts[i]
			}
			p.Count += c
			p.Sum += v * c
			p.Min, p.Max = math.Min(p.Min, v), math.Max(p.Max, v)
		}
	case d.Value != nil:
		p.Count, p.Sum, p.Min, p.Max = 1, *d.Value, *d.Value, *d.Value
	default:
		return p, missingParameter("MetricData.member.N.Value")
	}
	return p, nil
}

func putMetricData(req *request) error {
	var in struct {
		Namespace  string
		MetricData []datum
	}
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	if in.Namespace == "" {
		return missingParameter("Namespace")
	}
	if strings.HasPrefix(in.Namespace, "AWS/") {
		return invalidParameter("The value AWS/ for parameter Namespace is invalid.")
	}
	if len(in.MetricData) == 0 || len(in.MetricData) > 1000 {
		return invalidParameter("The collection MetricData must not be empty and must have at most 1000 members.")
	}
	now := req.svc.now().UTC()
	points := make([]Point, len(in.MetricData))
	for i, d := range in.MetricData {
		if d.MetricName == "" {
			return missingParameter("MetricData.member." + strconv.Itoa(i+1) + ".MetricName")
		}
		p, err := d.point(now)
		if err != nil {
			return err
		}
		points[i] = p
	}
	metrics := req.metrics()
	for i, d := range in.MetricData {
		key := seriesKey(in.Namespace, d.MetricName, d.Dimensions)
		m, ok := metrics[key]
		if !ok {
			m = &Metric{Namespace: in.Namespace, Name: d.MetricName, Dimensions: sortedDims(d.Dimensions)}
			metrics[key] = m
		}
		m.Points = append(m.Points, points[i])
		m.expire(now)
	}
	return req.ReplyCBOR(nil)
}

// expire drops datapoints older than the retention.
func (m *Metric) expire(now time.Time) {
	cut := now.Add(-retention)
	m.Points = slices.DeleteFunc(m.Points, func(p Point) bool { return p.Time.Before(cut) })
}

// dimensionFilter is a ListMetrics dimension: a value, or any value.
type dimensionFilter struct {
	Name  string
	Value *string
}

func (m *Metric) matches(namespace, name string, filters []dimensionFilter) bool {
	if (namespace != "" && m.Namespace != namespace) || (name != "" && m.Name != name) {
		return false
	}
	for _, f := range filters {
		i := slices.IndexFunc(m.Dimensions, func(d Dimension) bool { return d.Name == f.Name })
		if i < 0 || (f.Value != nil && m.Dimensions[i].Value != *f.Value) {
			return false
		}
	}
	return true
}

const listPage = 500

func listMetrics(req *request) error {
	var in struct {
		Namespace, MetricName, NextToken string
		Dimensions                       []dimensionFilter
	}
	if err := req.DecodeCBOR(&in); err != nil {
		return err
	}
	metrics := req.metrics()
	var keys []string
	for _, k := range slices.Sorted(maps.Keys(metrics)) {
		if metrics[k].matches(in.Namespace, in.MetricName, in.Dimensions) {
			keys = append(keys, k)
		}
	}
	page, next, ok := wire.IndexPage(keys, listPage, in.NextToken)
	if !ok {
		return cwError("InvalidNextToken", "InvalidNextToken", "The service couldn't process your request because the NextToken is invalid.")
	}
	list := make([]map[string]any, 0, len(page))
	for _, k := range page {
		m := metrics[k]
		list = append(list, map[string]any{"Namespace": m.Namespace, "MetricName": m.Name, "Dimensions": nonNil(m.Dimensions)})
	}
	out := map[string]any{"Metrics": list}
	if next != "" {
		out["NextToken"] = next
	}
	return req.ReplyCBOR(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
