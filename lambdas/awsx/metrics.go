package awsx

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
)

// MetricsNamespace is where Panther's functions publish their metrics.
const MetricsNamespace = "Panther"

// Metrics publishes to CloudWatch.
type Metrics struct {
	Client *cloudwatch.Client
}

// PutMetrics writes the data in batches of 1,000, the API's limit.
func (m *Metrics) PutMetrics(ctx context.Context, data []processor.Datum) error {
	now := time.Now()
	for start := 0; start < len(data); start += 1000 {
		batch := data[start:min(start+1000, len(data))]
		in := &cloudwatch.PutMetricDataInput{Namespace: aws.String(MetricsNamespace)}
		for _, d := range batch {
			datum := cwtypes.MetricDatum{MetricName: aws.String(d.Name), Value: aws.Float64(d.Value), Unit: cwtypes.StandardUnit(d.Unit), Timestamp: aws.Time(now)}
			if d.LogType != "" {
				datum.Dimensions = []cwtypes.Dimension{{Name: aws.String("LogType"), Value: aws.String(d.LogType)}}
			}
			in.MetricData = append(in.MetricData, datum)
		}
		if _, err := m.Client.PutMetricData(ctx, in); err != nil {
			return err
		}
	}
	return nil
}
