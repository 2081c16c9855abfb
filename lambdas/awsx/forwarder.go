package awsx

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

// AnalysisAPI is panther-analysis-api as the alert forwarder uses it. It answers in the
// gateway style: a status code, and the output (or an error message) as a JSON body.
type AnalysisAPI struct{ Function }

// GetRule reads a rule at a version ("" for the current one).
func (a *AnalysisAPI) GetRule(ctx context.Context, id, version string) (*analysisapi.Rule, error) {
	var resp analysisapi.Response
	if err := a.Call(ctx, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: id, VersionID: version}}, &resp); err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var body analysisapi.ErrorBody
		if json.Unmarshal([]byte(resp.Body), &body) != nil || body.Message == "" {
			body.Message = resp.Body
		}
		if resp.StatusCode == 404 {
			return nil, fmt.Errorf("%s getRule %s: %s: %w", a.Name, id, body.Message, forwarder.ErrRuleNotFound)
		}
		return nil, fmt.Errorf("%s getRule %s: status %d: %s", a.Name, id, resp.StatusCode, body.Message)
	}
	var rule analysisapi.Rule
	if err := json.Unmarshal([]byte(resp.Body), &rule); err != nil {
		return nil, fmt.Errorf("%s getRule %s: %w", a.Name, id, err)
	}
	return &rule, nil
}

// AlertQueue is the alerts queue (panther-alerts-queue) alert delivery reads.
type AlertQueue struct {
	Client *sqs.Client
	URL    string
}

// SendAlert queues an alert for delivery.
func (q *AlertQueue) SendAlert(ctx context.Context, alert *deliveryapi.Alert) error {
	body, err := json.Marshal(alert)
	if err != nil {
		return err
	}
	_, err = q.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.URL), MessageBody: aws.String(string(body))})
	return err
}

// AlertMetrics publishes the forwarder's metric.
type AlertMetrics struct {
	Client *cloudwatch.Client
}

// AlertCreated counts one alert of a rule in AlertsCreated, by severity and rule.
func (m *AlertMetrics) AlertCreated(ctx context.Context, severity, analysisID string) error {
	_, err := m.Client.PutMetricData(ctx, &cloudwatch.PutMetricDataInput{Namespace: aws.String(MetricsNamespace),
		MetricData: []cwtypes.MetricDatum{{MetricName: aws.String("AlertsCreated"), Value: aws.Float64(1), Unit: cwtypes.StandardUnitCount,
			Timestamp: aws.Time(time.Now()), Dimensions: []cwtypes.Dimension{
				{Name: aws.String("Severity"), Value: aws.String(severity)},
				{Name: aws.String("AnalysisType"), Value: aws.String("Rule")},
				{Name: aws.String("AnalysisID"), Value: aws.String(analysisID)},
			}}}})
	return err
}

// StreamEventRecord is a record read with the DynamoDB Streams API as Lambda hands it to a
// function the stream triggers (which adds the stream's ARN).
func StreamEventRecord(streamARN string, r streamtypes.Record) events.DynamoDBEventRecord {
	out := events.DynamoDBEventRecord{AWSRegion: aws.ToString(r.AwsRegion), EventID: aws.ToString(r.EventID), EventName: string(r.EventName),
		EventSource: aws.ToString(r.EventSource), EventVersion: aws.ToString(r.EventVersion), EventSourceArn: streamARN}
	if c := r.Dynamodb; c != nil {
		out.Change = events.DynamoDBStreamRecord{Keys: eventImage(c.Keys), NewImage: eventImage(c.NewImage), OldImage: eventImage(c.OldImage),
			SequenceNumber: aws.ToString(c.SequenceNumber), SizeBytes: aws.ToInt64(c.SizeBytes), StreamViewType: string(c.StreamViewType)}
		if c.ApproximateCreationDateTime != nil {
			out.Change.ApproximateCreationDateTime = events.SecondsEpochTime{Time: *c.ApproximateCreationDateTime}
		}
	}
	return out
}

func eventImage(image map[string]streamtypes.AttributeValue) map[string]events.DynamoDBAttributeValue {
	if image == nil {
		return nil
	}
	out := make(map[string]events.DynamoDBAttributeValue, len(image))
	for name, v := range image {
		out[name] = eventValue(v)
	}
	return out
}

func eventValue(v streamtypes.AttributeValue) events.DynamoDBAttributeValue {
	switch v := v.(type) {
	case *streamtypes.AttributeValueMemberS:
		return events.NewStringAttribute(v.Value)
	case *streamtypes.AttributeValueMemberN:
		return events.NewNumberAttribute(v.Value)
	case *streamtypes.AttributeValueMemberB:
		return events.NewBinaryAttribute(v.Value)
	case *streamtypes.AttributeValueMemberBOOL:
		return events.NewBooleanAttribute(v.Value)
	case *streamtypes.AttributeValueMemberSS:
		return events.NewStringSetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberNS:
		return events.NewNumberSetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberBS:
		return events.NewBinarySetAttribute(v.Value)
	case *streamtypes.AttributeValueMemberL:
		list := make([]events.DynamoDBAttributeValue, len(v.Value))
		for i, e := range v.Value {
			list[i] = eventValue(e)
		}
		return events.NewListAttribute(list)
	case *streamtypes.AttributeValueMemberM:
		return events.NewMapAttribute(eventImage(v.Value))
	default: // NULL, and any type a later API adds
		return events.NewNullAttribute()
	}
}
