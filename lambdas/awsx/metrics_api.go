package awsx

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/panther-operator/panther-operator/lambdas/metrics"
)

// metricQueriesPerCall is GetMetricData's limit on the queries of one call.
const metricQueriesPerCall = 500

// MetricsReader reads the Panther namespace's metrics, as panther-metrics-api charts them.
type MetricsReader struct {
	Client *cloudwatch.Client
}

// ListMetrics lists the series of a metric: every set of dimensions it has data with (in
// CloudWatch, data of the past two weeks).
func (m *MetricsReader) ListMetrics(ctx context.Context, name string) ([]metrics.Metric, error) {
	var out []metrics.Metric
	pages := cloudwatch.NewListMetricsPaginator(m.Client, &cloudwatch.ListMetricsInput{Namespace: aws.String(MetricsNamespace), MetricName: aws.String(name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, metric := range page.Metrics {
			dims := map[string]string{}
			for _, d := range metric.Dimensions {
				dims[aws.ToString(d.Name)] = aws.ToString(d.Value)
			}
			out = append(out, metrics.Metric{Name: aws.ToString(metric.MetricName), Dimensions: dims})
		}
	}
	return out, nil
}

// Sums reads each metric's Sum per period with GetMetricData: 500 metrics a call, each call
// followed through its pages (one answer holds at most 100,800 datapoints).
func (m *MetricsReader) Sums(ctx context.Context, series []metrics.Metric, start, end time.Time, period time.Duration) ([][]metrics.Point, error) {
	out := make([][]metrics.Point, len(series))
	for first := 0; first < len(series); first += metricQueriesPerCall {
		batch := series[first:min(first+metricQueriesPerCall, len(series))]
		queries := make([]cwtypes.MetricDataQuery, len(batch))
		for i, s := range batch {
			var dims []cwtypes.Dimension
			for _, name := range slices.Sorted(maps.Keys(s.Dimensions)) {
				dims = append(dims, cwtypes.Dimension{Name: aws.String(name), Value: aws.String(s.Dimensions[name])})
			}
			queries[i] = cwtypes.MetricDataQuery{Id: aws.String("m" + strconv.Itoa(first+i)), ReturnData: aws.Bool(true),
				MetricStat: &cwtypes.MetricStat{Stat: aws.String("Sum"), Period: aws.Int32(int32(period / time.Second)),
					Metric: &cwtypes.Metric{Namespace: aws.String(MetricsNamespace), MetricName: aws.String(s.Name), Dimensions: dims}}}
		}
		pages := cloudwatch.NewGetMetricDataPaginator(m.Client, &cloudwatch.GetMetricDataInput{MetricDataQueries: queries,
			StartTime: aws.Time(start), EndTime: aws.Time(end), ScanBy: cwtypes.ScanByTimestampAscending})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, r := range page.MetricDataResults {
				digits, ok := strings.CutPrefix(aws.ToString(r.Id), "m")
				i, err := strconv.Atoi(digits)
				if !ok || err != nil || i < first || i >= first+len(batch) || len(r.Timestamps) != len(r.Values) {
					return nil, fmt.Errorf("GetMetricData answered a result %q that was not asked for", aws.ToString(r.Id))
				}
				for j, t := range r.Timestamps {
					out[i] = append(out[i], metrics.Point{Time: t, Value: r.Values[j]})
				}
			}
		}
	}
	return out, nil
}
