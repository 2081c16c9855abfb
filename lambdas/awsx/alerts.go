package awsx

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/lambdas/alerts"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// AlertsTable is the alerts table (panther-log-alert-info), keyed by id, with the indexes
// RuleIndex (ruleId, creationTime) and TimeIndex (timePartition, creationTime). Times are
// stored as RFC 3339 strings in UTC, whole seconds (the dedup table's), so that they sort as
// they compare.
type AlertsTable struct {
	Client    *dynamodb.Client
	Name      string
	RuleIndex string
	TimeIndex string
}

// conditionFailed reports whether a write was refused by its condition.
func conditionFailed(err error) bool {
	var failed *ddbtypes.ConditionalCheckFailedException
	return errors.As(err, &failed)
}

// CreateAlert writes an alert unless one has its ID.
func (t *AlertsTable) CreateAlert(ctx context.Context, a *alertsapi.Alert) (bool, error) {
	item, err := attributevalue.MarshalMap(a)
	if err != nil {
		return false, err
	}
	_, err = t.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: item,
		ConditionExpression: aws.String("attribute_not_exists(id)")})
	if conditionFailed(err) {
		return false, nil
	}
	return err == nil, err
}

// UpdateAlertEvents sets an existing alert's event count, log types and update time.
func (t *AlertsTable) UpdateAlertEvents(ctx context.Context, id string, eventCount int, logTypes []string, updateTime time.Time) (bool, error) {
	update := expression.Set(expression.Name("eventCount"), expression.Value(eventCount)).
		Set(expression.Name("updateTime"), expression.Value(updateTime.UTC()))
	if len(logTypes) > 0 { // a string set cannot be empty
		update = update.Set(expression.Name("logTypes"), expression.Value(&ddbtypes.AttributeValueMemberSS{Value: logTypes}))
	}
	_, err := t.update(ctx, id, update)
	if errors.Is(err, alerts.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// GetAlert reads one alert.
func (t *AlertsTable) GetAlert(ctx context.Context, id string) (*alertsapi.Alert, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), Key: alertID(id), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, alerts.ErrNotFound
	}
	var a alertsapi.Alert
	return &a, attributevalue.UnmarshalMap(out.Item, &a)
}

// GetAlerts reads the alerts of the IDs that exist, 100 (the API's limit) at a time.
func (t *AlertsTable) GetAlerts(ctx context.Context, ids []string) ([]alertsapi.Alert, error) {
	var out []alertsapi.Alert
	for start := 0; start < len(ids); start += 100 {
		keys := make([]map[string]ddbtypes.AttributeValue, 0, 100)
		for _, id := range ids[start:min(start+100, len(ids))] {
			keys = append(keys, alertID(id))
		}
		request := map[string]ddbtypes.KeysAndAttributes{t.Name: {Keys: keys, ConsistentRead: aws.Bool(true)}}
		for len(request) > 0 {
			page, err := t.Client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: request})
			if err != nil {
				return nil, err
			}
			var items []alertsapi.Alert
			if err := attributevalue.UnmarshalListOfMaps(page.Responses[t.Name], &items); err != nil {
				return nil, err
			}
			out = append(out, items...)
			request = page.UnprocessedKeys
		}
	}
	return out, nil
}

// QueryAlerts reads a batch of an index between the query's creation times.
func (t *AlertsTable) QueryAlerts(ctx context.Context, q *alerts.Query) ([]alertsapi.Alert, *alerts.Key, error) {
	index, hash := t.TimeIndex, expression.Key("timePartition").Equal(expression.Value(alertsapi.TimePartition))
	if q.RuleID != "" {
		index, hash = t.RuleIndex, expression.Key("ruleId").Equal(expression.Value(q.RuleID))
	}
	// The stored times are whole seconds: rounding the bounds inwards to whole seconds keeps
	// the string comparison right.
	created := expression.Key("creationTime")
	cond := hash
	switch after, before := ceilSecond(q.CreatedAfter), floorSecond(q.CreatedBefore); {
	case after != nil && before != nil && after.After(*before):
		return nil, nil, nil // within one second, with no whole second between
	case after != nil && before != nil:
		cond = hash.And(created.Between(expression.Value(*after), expression.Value(*before)))
	case after != nil:
		cond = hash.And(created.GreaterThanEqual(expression.Value(*after)))
	case before != nil:
		cond = hash.And(created.LessThanEqual(expression.Value(*before)))
	}
	built, err := expression.NewBuilder().WithKeyCondition(cond).Build()
	if err != nil {
		return nil, nil, err
	}
	in := &dynamodb.QueryInput{TableName: aws.String(t.Name), IndexName: aws.String(index), KeyConditionExpression: built.KeyCondition(),
		ExpressionAttributeNames: built.Names(), ExpressionAttributeValues: built.Values(),
		ScanIndexForward: aws.Bool(q.Ascending)}
	if q.Limit > 0 {
		in.Limit = aws.Int32(int32(q.Limit))
	}
	if q.StartKey != nil {
		if in.ExclusiveStartKey, err = indexKey(q.StartKey); err != nil {
			return nil, nil, err
		}
	}
	out, err := t.Client.Query(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	var items []alertsapi.Alert
	if err := attributevalue.UnmarshalListOfMaps(out.Items, &items); err != nil {
		return nil, nil, err
	}
	if len(out.LastEvaluatedKey) == 0 {
		return items, nil, nil
	}
	var next alerts.Key
	return items, &next, attributevalue.UnmarshalMapWithOptions(out.LastEvaluatedKey, &next, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" })
}

// SetStatus sets or removes an alert's status and records who changed it.
func (t *AlertsTable) SetStatus(ctx context.Context, id, status, userID string, at time.Time) (*alertsapi.Alert, error) {
	update := expression.Set(expression.Name("lastUpdatedBy"), expression.Value(userID)).
		Set(expression.Name("lastUpdatedByTime"), expression.Value(at.UTC()))
	if status == "" {
		update = update.Remove(expression.Name("status"))
	} else {
		update = update.Set(expression.Name("status"), expression.Value(status))
	}
	return t.update(ctx, id, update)
}

// AppendDeliveryResponses appends to an alert's deliveryResponses, creating the list.
func (t *AlertsTable) AppendDeliveryResponses(ctx context.Context, id string, responses []deliveryapi.DeliveryResponse) (*alertsapi.Alert, error) {
	list := expression.Name("deliveryResponses")
	return t.update(ctx, id, expression.Set(list, expression.ListAppend(
		expression.IfNotExists(list, expression.Value([]deliveryapi.DeliveryResponse{})), expression.Value(responses))))
}

// update changes an alert that exists and returns it as it is now.
func (t *AlertsTable) update(ctx context.Context, id string, update expression.UpdateBuilder) (*alertsapi.Alert, error) {
	built, err := expression.NewBuilder().WithUpdate(update).WithCondition(expression.AttributeExists(expression.Name("id"))).Build()
	if err != nil {
		return nil, err
	}
	out, err := t.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(t.Name), Key: alertID(id),
		UpdateExpression: built.Update(), ConditionExpression: built.Condition(), ExpressionAttributeNames: built.Names(),
		ExpressionAttributeValues: built.Values(), ReturnValues: ddbtypes.ReturnValueAllNew})
	if conditionFailed(err) {
		return nil, alerts.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	var a alertsapi.Alert
	return &a, attributevalue.UnmarshalMap(out.Attributes, &a)
}

func alertID(id string) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: id}}
}

// indexKey is a resume key as the index's ExclusiveStartKey.
func indexKey(k *alerts.Key) (map[string]ddbtypes.AttributeValue, error) {
	created, err := attributevalue.Marshal(k.CreationTime.UTC())
	if err != nil {
		return nil, err
	}
	key := map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: k.ID}, "creationTime": created}
	if k.RuleID != "" {
		key["ruleId"] = &ddbtypes.AttributeValueMemberS{Value: k.RuleID}
	} else {
		key["timePartition"] = &ddbtypes.AttributeValueMemberS{Value: alertsapi.TimePartition}
	}
	return key, nil
}

func ceilSecond(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := t.UTC().Truncate(time.Second)
	if c.Before(*t) {
		c = c.Add(time.Second)
	}
	return &c
}

func floorSecond(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	f := t.UTC().Truncate(time.Second)
	return &f
}

// RuleMatchObjects is the processed-data bucket as alerts-api reads the rules engine's files.
type RuleMatchObjects struct {
	Client *s3.Client
	Bucket string
}

// List is every key under prefix after startAfter, in key order.
func (o *RuleMatchObjects) List(ctx context.Context, prefix, startAfter string) ([]string, error) {
	in := &s3.ListObjectsV2Input{Bucket: aws.String(o.Bucket), Prefix: aws.String(prefix)}
	if startAfter != "" {
		in.StartAfter = aws.String(startAfter)
	}
	var keys []string
	for p := s3.NewListObjectsV2Paginator(o.Client, in); p.HasMorePages(); {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, obj := range page.Contents {
			keys = append(keys, aws.ToString(obj.Key))
		}
	}
	return keys, nil
}

// Open reads an object.
func (o *RuleMatchObjects) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := o.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}
