package awsx

import (
	"context"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
	logtypesstore "github.com/panther-operator/panther-operator/lambdas/logtypesapi"
)

// LogTypeTable is the panther-logtypes table, keyed by logType.
type LogTypeTable struct {
	Client *dynamodb.Client
	Name   string
}

var jsonTags = func(o *attributevalue.EncoderOptions) { o.TagKey = "json" }

// GetRecord reads one record.
func (t *LogTypeTable) GetRecord(ctx context.Context, logType string) (*logtypesapi.Record, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{"logType": &ddbtypes.AttributeValueMemberS{Value: logType}}})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, logtypesstore.ErrNotFound
	}
	var r logtypesapi.Record
	err = attributevalue.UnmarshalMapWithOptions(out.Item, &r, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" })
	return &r, err
}

// PutRecord writes a record if the stored one is at expectRevision (0: none).
func (t *LogTypeTable) PutRecord(ctx context.Context, r *logtypesapi.Record, expectRevision int) error {
	item, err := attributevalue.MarshalMapWithOptions(r, jsonTags)
	if err != nil {
		return err
	}
	in := &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: item}
	if expectRevision == 0 {
		in.ConditionExpression = aws.String("attribute_not_exists(logType)")
	} else {
		in.ConditionExpression = aws.String("revision = :expected")
		in.ExpressionAttributeValues = map[string]ddbtypes.AttributeValue{":expected": &ddbtypes.AttributeValueMemberN{Value: strconv.Itoa(expectRevision)}}
	}
	_, err = t.Client.PutItem(ctx, in)
	var failed *ddbtypes.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return logtypesstore.ErrConflict
	}
	return err
}

// ListRecords scans the table.
func (t *LogTypeTable) ListRecords(ctx context.Context) ([]logtypesapi.Record, error) {
	var out []logtypesapi.Record
	p := dynamodb.NewScanPaginator(t.Client, &dynamodb.ScanInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []logtypesapi.Record
		if err := attributevalue.UnmarshalListOfMapsWithOptions(page.Items, &items, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }); err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// LogTypesAPI is panther-logtypes-api as the pipeline's functions use it.
type LogTypesAPI struct{ Function }

// Available lists the available log types.
func (l *LogTypesAPI) Available(ctx context.Context) ([]string, error) {
	var out logtypesapi.AvailableLogTypes
	err := l.Call(ctx, logtypesapi.Request{ListAvailableLogTypes: &struct{}{}}, &out)
	return out.LogTypes, err
}

// Schema reads a log type's current YAML schema.
func (l *LogTypesAPI) Schema(ctx context.Context, name string) (string, error) {
	var out logtypesapi.Record
	err := l.Call(ctx, logtypesapi.Request{GetSchema: &logtypesapi.GetSchemaInput{Name: name}}, &out)
	return out.LogSpec, err
}
