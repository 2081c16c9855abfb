package localaws_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

func dim(name, value string) types.Dimension {
	return types.Dimension{Name: aws.String(name), Value: aws.String(value)}
}

// putPoints writes values of one metric at times.
func putPoints(t *testing.T, e *env, name string, dims []types.Dimension, at []time.Time, values []float64) {
	t.Helper()
	var data []types.MetricDatum
	for i := range at {
		data = append(data, types.MetricDatum{MetricName: aws.String(name), Dimensions: dims, Timestamp: aws.Time(at[i]),
			Value: aws.Float64(values[i]), Unit: types.StandardUnitCount})
	}
	_, err := e.cw.PutMetricData(ctx(t), &cloudwatch.PutMetricDataInput{Namespace: aws.String("Panther"), MetricData: data})
	must(t, err)
}

func TestCloudWatchGetMetricDataSumsOverPeriods(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	base := time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)
	dims := []types.Dimension{dim("LogType", "AWS.CloudTrail")}
	putPoints(t, e, "EventsProcessed", dims,
		[]time.Time{base.Add(10 * time.Second), base.Add(50 * time.Second), base.Add(70 * time.Second), base.Add(130 * time.Second)},
		[]float64{1, 2, 4, 8})
	// A statistic set and values with counts add to the third minute.
	_, err := e.cw.PutMetricData(c, &cloudwatch.PutMetricDataInput{Namespace: aws.String("Panther"), MetricData: []types.MetricDatum{
		{MetricName: aws.String("EventsProcessed"), Dimensions: dims, Timestamp: aws.Time(base.Add(150 * time.Second)),
			StatisticValues: &types.StatisticSet{SampleCount: aws.Float64(2), Sum: aws.Float64(10), Minimum: aws.Float64(3), Maximum: aws.Float64(7)}},
		{MetricName: aws.String("EventsProcessed"), Dimensions: dims, Timestamp: aws.Time(base.Add(170 * time.Second)),
			Values: []float64{1, 100}, Counts: []float64{3, 1}},
	}})
	must(t, err)
	query := func(stat string) types.MetricDataQuery {
		return types.MetricDataQuery{Id: aws.String("q" + stat), MetricStat: &types.MetricStat{Period: aws.Int32(60), Stat: aws.String(stat),
			Metric: &types.Metric{Namespace: aws.String("Panther"), MetricName: aws.String("EventsProcessed"), Dimensions: dims}}}
	}
	out, err := e.cw.GetMetricData(c, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Hour)),
		MetricDataQueries: []types.MetricDataQuery{query("Sum"), query("SampleCount"), query("Maximum"), query("Minimum"), query("Average")}})
	must(t, err)
	if len(out.MetricDataResults) != 5 {
		t.Fatalf("results %+v", out.MetricDataResults)
	}
	want := map[string][]float64{
		"qSum":         {8 + 10 + 103, 4, 3},
		"qSampleCount": {1 + 2 + 4, 1, 2},
		"qMaximum":     {100, 4, 2},
		"qMinimum":     {1, 4, 1},
		"qAverage":     {121.0 / 7, 4, 1.5},
	}
	for _, r := range out.MetricDataResults {
		w := want[aws.ToString(r.Id)]
		if r.StatusCode != types.StatusCodeComplete || len(r.Values) != 3 || len(r.Timestamps) != 3 || aws.ToString(r.Label) != "EventsProcessed" {
			t.Fatalf("%s: %+v", aws.ToString(r.Id), r)
		}
		// Newest first, as AWS.
		if !r.Timestamps[0].Equal(base.Add(2*time.Minute)) || !r.Timestamps[2].Equal(base) {
			t.Fatalf("%s timestamps %v", aws.ToString(r.Id), r.Timestamps)
		}
		for i := range w {
			if diff := r.Values[i] - w[i]; diff > 1e-9 || diff < -1e-9 {
				t.Fatalf("%s values %v, want %v", aws.ToString(r.Id), r.Values, w)
			}
		}
	}
	asc, err := e.cw.GetMetricData(c, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Hour)),
		ScanBy: types.ScanByTimestampAscending, MetricDataQueries: []types.MetricDataQuery{query("Sum")}})
	must(t, err)
	if v := asc.MetricDataResults[0].Values; v[0] != 3 || v[2] != 121 {
		t.Fatalf("ascending %v", v)
	}
	five := query("Sum")
	five.MetricStat.Period = aws.Int32(300)
	agg, err := e.cw.GetMetricData(c, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Hour)),
		MetricDataQueries: []types.MetricDataQuery{five}})
	must(t, err)
	if v := agg.MetricDataResults[0].Values; len(v) != 1 || v[0] != 128 {
		t.Fatalf("five-minute sum %v", v)
	}
	bad := query("p99")
	_, err = e.cw.GetMetricData(c, &cloudwatch.GetMetricDataInput{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(time.Hour)),
		MetricDataQueries: []types.MetricDataQuery{bad}})
	wantCode(t, err, "InvalidParameterValue")
}

func TestCloudWatchDimensionsSeparateAndFilterSeries(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	now := time.Now().UTC().Add(-time.Minute)
	putPoints(t, e, "Bytes", []types.Dimension{dim("LogType", "Okta"), dim("Source", "a")}, []time.Time{now}, []float64{5})
	putPoints(t, e, "Bytes", []types.Dimension{dim("Source", "b"), dim("LogType", "Okta")}, []time.Time{now}, []float64{7})
	putPoints(t, e, "Bytes", []types.Dimension{dim("LogType", "Box")}, []time.Time{now}, []float64{11})
	putPoints(t, e, "Errors", nil, []time.Time{now}, []float64{1})

	all, err := e.cw.ListMetrics(c, &cloudwatch.ListMetricsInput{Namespace: aws.String("Panther")})
	must(t, err)
	if len(all.Metrics) != 4 {
		t.Fatalf("metrics %+v", all.Metrics)
	}
	okta, err := e.cw.ListMetrics(c, &cloudwatch.ListMetricsInput{MetricName: aws.String("Bytes"),
		Dimensions: []types.DimensionFilter{{Name: aws.String("LogType"), Value: aws.String("Okta")}}})
	must(t, err)
	withSource, err := e.cw.ListMetrics(c, &cloudwatch.ListMetricsInput{Dimensions: []types.DimensionFilter{{Name: aws.String("Source")}}})
	must(t, err)
	if len(okta.Metrics) != 2 || len(withSource.Metrics) != 2 {
		t.Fatalf("okta %d, with source %d", len(okta.Metrics), len(withSource.Metrics))
	}
	// A series is its exact dimension set, in any order.
	stats, err := e.cw.GetMetricStatistics(c, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Panther"), MetricName: aws.String("Bytes"),
		Dimensions: []types.Dimension{dim("Source", "a"), dim("LogType", "Okta")}, StartTime: aws.Time(now.Add(-time.Hour)),
		EndTime: aws.Time(now.Add(time.Hour)), Period: aws.Int32(3600), Statistics: []types.Statistic{types.StatisticSum, types.StatisticSampleCount}})
	must(t, err)
	if len(stats.Datapoints) != 1 || aws.ToFloat64(stats.Datapoints[0].Sum) != 5 || aws.ToFloat64(stats.Datapoints[0].SampleCount) != 1 {
		t.Fatalf("statistics %+v", stats.Datapoints)
	}
	none, err := e.cw.GetMetricStatistics(c, &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Panther"), MetricName: aws.String("Bytes"),
		Dimensions: []types.Dimension{dim("LogType", "Okta")}, StartTime: aws.Time(now.Add(-time.Hour)),
		EndTime: aws.Time(now.Add(time.Hour)), Period: aws.Int32(3600), Statistics: []types.Statistic{types.StatisticSum}})
	must(t, err)
	if len(none.Datapoints) != 0 {
		t.Fatalf("a subset of dimensions matched %+v", none.Datapoints)
	}
	_, err = e.cw.PutMetricData(c, &cloudwatch.PutMetricDataInput{Namespace: aws.String("AWS/EC2"),
		MetricData: []types.MetricDatum{{MetricName: aws.String("x"), Value: aws.Float64(1)}}})
	wantCode(t, err, "InvalidParameterValue")
}

func TestCloudWatchAlarmsAsState(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cw.PutMetricAlarm(c, &cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("errors-high"), Namespace: aws.String("Panther"),
		MetricName: aws.String("Errors"), Statistic: types.StatisticSum, Period: aws.Int32(300), EvaluationPeriods: aws.Int32(2),
		Threshold: aws.Float64(10), ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		AlarmActions: []string{"arn:aws:sns:us-east-1:000000000000:alerts"}, Dimensions: []types.Dimension{dim("LogType", "Okta")}})
	must(t, err)
	out, err := e.cw.DescribeAlarms(c, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("errors")})
	must(t, err)
	if len(out.MetricAlarms) != 1 {
		t.Fatalf("alarms %+v", out.MetricAlarms)
	}
	a := out.MetricAlarms[0]
	if a.StateValue != types.StateValueInsufficientData || aws.ToFloat64(a.Threshold) != 10 || aws.ToInt32(a.Period) != 300 ||
		aws.ToString(a.AlarmArn) != "arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors-high" || len(a.Dimensions) != 1 || a.StateUpdatedTimestamp == nil {
		t.Fatalf("alarm %+v", a)
	}
	_, err = e.cw.DeleteAlarms(c, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"errors-high", "missing"}})
	wantCode(t, err, "ResourceNotFound")
	_, err = e.cw.DeleteAlarms(c, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"errors-high"}})
	must(t, err)
	out, err = e.cw.DescribeAlarms(c, &cloudwatch.DescribeAlarmsInput{})
	must(t, err)
	if len(out.MetricAlarms) != 0 {
		t.Fatalf("alarms after delete %+v", out.MetricAlarms)
	}
}
