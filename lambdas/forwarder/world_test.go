package forwarder_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/forwarder"
)

// world is a localaws with the dedup table (streamed), the alerts table, the alerts queue and
// CloudWatch, and a forwarder over them whose rules come from a map.
type world struct {
	ddb      *dynamodb.Client
	streams  *dynamodbstreams.Client
	sqs      *sqs.Client
	cw       *cloudwatch.Client
	queueURL string
	alerts   *awsx.AlertsTable
	rules    map[string]*analysisapi.Rule
	// ruleErr, when set, fails the rule source for a rule.
	ruleErr   func(id string) error
	forwarder *forwarder.Forwarder
	stream    streamReader
}

const dedupTable = "panther-log-alert-dedup"

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	ctx := context.Background()
	w := &world{ddb: dynamodb.NewFromConfig(cfg), streams: dynamodbstreams.NewFromConfig(cfg), sqs: sqs.NewFromConfig(cfg),
		cw: cloudwatch.NewFromConfig(cfg), rules: map[string]*analysisapi.Rule{}}
	s := func(name string) ddbtypes.AttributeDefinition {
		return ddbtypes.AttributeDefinition{AttributeName: aws.String(name), AttributeType: ddbtypes.ScalarAttributeTypeS}
	}
	hash := func(name string) []ddbtypes.KeySchemaElement {
		return []ddbtypes.KeySchemaElement{{AttributeName: aws.String(name), KeyType: ddbtypes.KeyTypeHash}}
	}
	dedup, err := w.ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(dedupTable), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema: hash("partitionKey"), AttributeDefinitions: []ddbtypes.AttributeDefinition{s("partitionKey")},
		StreamSpecification: &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: ddbtypes.StreamViewTypeNewAndOldImages}})
	must(t, err)
	// The alerts table as deployed: its indexes hold the forwarder to the key attributes' types.
	index := func(name, hashKey string) ddbtypes.GlobalSecondaryIndex {
		return ddbtypes.GlobalSecondaryIndex{IndexName: aws.String(name), Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll},
			KeySchema: append(hash(hashKey), ddbtypes.KeySchemaElement{AttributeName: aws.String("creationTime"), KeyType: ddbtypes.KeyTypeRange})}
	}
	_, err = w.ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("panther-log-alert-info"), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema: hash("id"), AttributeDefinitions: []ddbtypes.AttributeDefinition{s("id"), s("ruleId"), s("timePartition"), s("creationTime")},
		GlobalSecondaryIndexes: []ddbtypes.GlobalSecondaryIndex{index("ruleId-creationTime-index", "ruleId"), index("timePartition-creationTime-index", "timePartition")}})
	must(t, err)
	queue, err := w.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("panther-alerts-queue")})
	must(t, err)
	w.queueURL = aws.ToString(queue.QueueUrl)
	w.stream = streamReader{client: w.streams, arn: aws.ToString(dedup.TableDescription.LatestStreamArn)}
	w.alerts = &awsx.AlertsTable{Client: w.ddb, Name: "panther-log-alert-info"}
	w.forwarder = &forwarder.Forwarder{
		Rules:   &forwarder.RuleCache{Source: w, TTL: time.Minute, Size: 10, Now: time.Now},
		Alerts:  w.alerts,
		Queue:   &awsx.AlertQueue{Client: w.sqs, URL: w.queueURL},
		Metrics: &awsx.AlertMetrics{Client: w.cw},
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return w
}

// GetRule is the analysis-api of the world: its rules map.
func (w *world) GetRule(_ context.Context, id, version string) (*analysisapi.Rule, error) {
	if w.ruleErr != nil {
		if err := w.ruleErr(id); err != nil {
			return nil, err
		}
	}
	r, ok := w.rules[id]
	if !ok || r.VersionID != version {
		return nil, errors.New("no rule " + id + " at " + version)
	}
	return r, nil
}

// match is a group of matches as the rules engine writes it to the dedup table.
type match struct {
	rule, dedup, logType string
	isError              bool
	events               int
	generated            map[string]string // title, severity, context, ...
	destinations         []string
}

// engineWrite updates the dedup table as the rules engine does: a new alert when the key has
// none or its window (from the alert's creation) has passed, else a merge.
func (w *world) engineWrite(t *testing.T, m match, now time.Time) {
	t.Helper()
	rule := w.rules[m.rule]
	sum := md5.Sum([]byte(m.rule + ":" + m.dedup + map[bool]string{true: ":error"}[m.isError]))
	key := map[string]ddbtypes.AttributeValue{"partitionKey": &ddbtypes.AttributeValueMemberS{Value: hex.EncodeToString(sum[:])}}
	typ := deliveryapi.TypeRule
	if m.isError {
		typ = deliveryapi.TypeRuleError
	}
	n := func(v int64) ddbtypes.AttributeValue {
		return &ddbtypes.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
	}
	str := func(v string) ddbtypes.AttributeValue { return &ddbtypes.AttributeValueMemberS{Value: v} }
	values := map[string]ddbtypes.AttributeValue{":ruleId": str(m.rule), ":ruleVersion": str(rule.VersionID), ":dedup": str(m.dedup),
		":type": str(typ), ":one": n(1), ":now": n(now.Unix()), ":count": n(int64(m.events)),
		":logTypes": &ddbtypes.AttributeValueMemberSS{Value: []string{m.logType}},
		":cutoff":   n(now.Unix() - int64(rule.DedupPeriodMinutes)*60)}
	expr := "SET ruleId = :ruleId, ruleVersion = :ruleVersion, dedup = :dedup, #type = :type, alertCreationTime = :now, " +
		"alertUpdateTime = :now, eventCount = :count, logTypes = :logTypes"
	for name, v := range m.generated {
		values[":"+name] = str(v)
		expr += ", " + name + " = :" + name
	}
	if len(m.destinations) > 0 {
		values[":destinations"] = &ddbtypes.AttributeValueMemberSS{Value: m.destinations}
		expr += ", destinations = :destinations"
	}
	ctx := context.Background()
	_, err := w.ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(dedupTable), Key: key,
		UpdateExpression: aws.String(expr + " ADD alertCount :one"), ExpressionAttributeNames: map[string]string{"#type": "type"},
		ConditionExpression:       aws.String("attribute_not_exists(partitionKey) OR alertCreationTime < :cutoff"),
		ExpressionAttributeValues: values})
	var failed *ddbtypes.ConditionalCheckFailedException
	if !errors.As(err, &failed) {
		must(t, err)
		return
	}
	_, err = w.ddb.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(dedupTable), Key: key,
		UpdateExpression:          aws.String("SET alertUpdateTime = :now ADD eventCount :count, logTypes :logTypes"),
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":now": values[":now"], ":count": values[":count"], ":logTypes": values[":logTypes"]}})
	must(t, err)
}

// streamReader reads a stream's one shard on from where it stopped, through the Streams API.
type streamReader struct {
	client *dynamodbstreams.Client
	arn    string
	last   string // the sequence number of the last record read
}

// next is the records written since the last read, as Lambda would hand them over.
func (s *streamReader) next(t *testing.T) events.DynamoDBEvent {
	t.Helper()
	ctx := context.Background()
	desc, err := s.client.DescribeStream(ctx, &dynamodbstreams.DescribeStreamInput{StreamArn: aws.String(s.arn)})
	must(t, err)
	in := &dynamodbstreams.GetShardIteratorInput{StreamArn: aws.String(s.arn), ShardId: desc.StreamDescription.Shards[0].ShardId,
		ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon}
	if s.last != "" {
		in.ShardIteratorType, in.SequenceNumber = streamtypes.ShardIteratorTypeAfterSequenceNumber, aws.String(s.last)
	}
	it, err := s.client.GetShardIterator(ctx, in)
	must(t, err)
	var event events.DynamoDBEvent
	for iter := it.ShardIterator; iter != nil; {
		out, err := s.client.GetRecords(ctx, &dynamodbstreams.GetRecordsInput{ShardIterator: iter})
		must(t, err)
		if len(out.Records) == 0 {
			break
		}
		for _, r := range out.Records {
			event.Records = append(event.Records, awsx.StreamEventRecord(s.arn, r))
			s.last = aws.ToString(r.Dynamodb.SequenceNumber)
		}
		iter = out.NextShardIterator
	}
	return event
}

// forward hands the records written since the last call to the forwarder.
func (w *world) forward(t *testing.T) events.DynamoDBEventResponse {
	t.Helper()
	return w.forwarder.Handle(context.Background(), w.stream.next(t))
}

// delivered is the messages on the alerts queue, which it empties, by alert ID.
func (w *world) delivered(t *testing.T) map[string]deliveryapi.Alert {
	t.Helper()
	ctx := context.Background()
	out := map[string]deliveryapi.Alert{}
	for {
		msgs, err := w.sqs.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(w.queueURL), MaxNumberOfMessages: 10})
		must(t, err)
		if len(msgs.Messages) == 0 {
			return out
		}
		for _, m := range msgs.Messages {
			var a deliveryapi.Alert
			must(t, json.Unmarshal([]byte(aws.ToString(m.Body)), &a))
			if _, dup := out[aws.ToString(a.AlertID)]; dup {
				t.Errorf("alert %s was queued twice", aws.ToString(a.AlertID))
			}
			out[aws.ToString(a.AlertID)] = a
			_, err := w.sqs.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(w.queueURL), ReceiptHandle: m.ReceiptHandle})
			must(t, err)
		}
	}
}

// alertsCreated is the AlertsCreated count of a rule at a severity.
func (w *world) alertsCreated(t *testing.T, severity, ruleID string) float64 {
	t.Helper()
	now := time.Now()
	out, err := w.cw.GetMetricStatistics(context.Background(), &cloudwatch.GetMetricStatisticsInput{Namespace: aws.String("Panther"),
		MetricName: aws.String("AlertsCreated"), StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now.Add(time.Hour)),
		Period: aws.Int32(7200), Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}, Dimensions: []cwtypes.Dimension{
			{Name: aws.String("Severity"), Value: aws.String(severity)}, {Name: aws.String("AnalysisType"), Value: aws.String("Rule")},
			{Name: aws.String("AnalysisID"), Value: aws.String(ruleID)}}})
	must(t, err)
	total := 0.0
	for _, p := range out.Datapoints {
		total += aws.ToFloat64(p.Sum)
	}
	return total
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
