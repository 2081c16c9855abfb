package localaws

import (
	"context"
	"fmt"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/appsync"
	"github.com/panther-operator/panther-operator/internal/localaws/cfn/engine"
	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb"
	"github.com/panther-operator/panther-operator/internal/localaws/events"
	"github.com/panther-operator/panther-operator/internal/localaws/lambda"
	"github.com/panther-operator/panther-operator/internal/localaws/sns"
	"github.com/panther-operator/panther-operator/internal/localaws/sqs"
)

// The adapters below connect services through the narrow interfaces each declares for the
// others, converting between their types, so that no service imports another.

// lambdaQueues gives Lambda's event source mappings SQS's backend methods.
type lambdaQueues struct{ sqs *sqs.Service }

func (q lambdaQueues) Receive(queueARN string, limit int, visibility time.Duration) ([]lambda.QueueMessage, error) {
	msgs, err := q.sqs.Receive(queueARN, limit, visibility)
	if err != nil {
		return nil, err
	}
	out := make([]lambda.QueueMessage, len(msgs))
	for i, m := range msgs {
		attrs := make(map[string]lambda.QueueAttribute, len(m.MessageAttributes))
		for name, a := range m.MessageAttributes {
			attrs[name] = lambda.QueueAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
		out[i] = lambda.QueueMessage{MessageID: m.MessageID, ReceiptHandle: m.ReceiptHandle, Body: m.Body,
			MD5OfBody: m.MD5OfBody, Attributes: m.Attributes, MessageAttributes: attrs}
	}
	return out, nil
}

func (q lambdaQueues) Delete(queueARN string, receiptHandles []string) error {
	return q.sqs.Delete(queueARN, receiptHandles)
}

func (q lambdaQueues) Wait(ctx context.Context, queueARN string, timeout time.Duration) bool {
	return q.sqs.Wait(ctx, queueARN, timeout)
}

func (q lambdaQueues) QueueExists(queueARN string) bool { return q.sqs.QueueExists(queueARN) }

// engineLambda gives CloudFormation Lambda's backend methods.
type engineLambda struct{ *lambda.Service }

func (l engineLambda) PutFunction(account, region string, spec engine.FunctionSpec) (string, error) {
	return l.Service.PutFunction(account, region, lambda.FunctionSpec(spec))
}

func (l engineLambda) FunctionConfiguration(account, region, name string) (engine.FunctionSpec, bool) {
	spec, ok := l.Service.FunctionConfiguration(account, region, name)
	return engine.FunctionSpec(spec), ok
}

func (l engineLambda) CreateMapping(account, region string, spec engine.MappingSpec) (string, error) {
	m, err := l.Service.CreateMapping(account, region, lambda.MappingSpec(spec))
	if err != nil {
		return "", err
	}
	return m.UUID, nil
}

func (l engineLambda) UpdateMapping(account, region, uuid string, spec engine.MappingSpec) error {
	return l.Service.UpdateMapping(account, region, uuid, lambda.MappingSpec(spec))
}

func (l engineLambda) MappingConfiguration(account, region, uuid string) (engine.MappingSpec, bool) {
	spec, ok := l.Service.MappingConfiguration(account, region, uuid)
	return engine.MappingSpec(spec), ok
}

// lambdaStreams gives Lambda's event source mappings DynamoDB Streams' records.
type lambdaStreams struct{ ddb *dynamodb.Service }

func (s lambdaStreams) StreamRecords(account, region, streamARN, after string, limit int) ([]any, string, error) {
	records, last, err := s.ddb.StreamRecords(account, region, streamARN, after, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]any, len(records))
	for i := range records {
		out[i] = records[i]
	}
	return out, last, nil
}

// engineEvents gives CloudFormation EventBridge's rules.
type engineEvents struct{ *events.Service }

func (e engineEvents) PutRule(account, region, name, schedule, pattern, state, description string) (string, error) {
	r, err := e.Service.PutRule(account, region, name, schedule, pattern, state, description)
	if err != nil {
		return "", err
	}
	return r.ARN, nil
}

func (e engineEvents) PutTargets(account, region, rule string, targets []engine.EventTarget) error {
	converted := make([]events.Target, len(targets))
	for i, t := range targets {
		converted[i] = events.Target{ID: t.ID, ARN: t.ARN, Input: t.Input, InputPath: t.InputPath}
	}
	failed, err := e.Service.PutTargets(account, region, rule, converted)
	if err == nil && len(failed) > 0 {
		err = fmt.Errorf("%s", failed[0]["ErrorMessage"])
	}
	return err
}

func (e engineEvents) RuleSettings(account, region, name string) (engine.RuleSettings, bool) {
	r, ok := e.LookupRule(account, region, name)
	return engine.RuleSettings{ScheduleExpression: r.ScheduleExpression, EventPattern: r.EventPattern, State: r.State,
		Description: r.Description}, ok
}

// eventTargets gives EventBridge's rules Lambda, SQS and SNS to deliver to.
type eventTargets struct {
	lambda *lambda.Service
	sqs    *sqs.Service
	sns    *sns.Service
}

func (t eventTargets) PublishToTopic(topicARN, message string) error {
	_, err := t.sns.Publish(topicARN, "", message, nil)
	return err
}

func (t eventTargets) InvokeAsync(account, region, functionARN string, payload []byte) error {
	return t.lambda.InvokeAsync(account, region, functionARN, payload)
}

func (t eventTargets) SendToQueue(queueARN, body string) error {
	_, err := t.sqs.Send(queueARN, "events.amazonaws.com", body, nil)
	return err
}

// appsyncFunctions gives AppSync's resolvers Lambda's synchronous invocation.
type appsyncFunctions struct{ lambda *lambda.Service }

func (f appsyncFunctions) Invoke(account, region, name string, payload []byte) ([]byte, string, error) {
	res, err := f.lambda.Run(name, account, region, payload)
	if err != nil {
		return nil, "", err
	}
	return res.Payload(), res.FunctionError(), nil
}

// engineAppSync gives CloudFormation AppSync's backend methods.
type engineAppSync struct{ *appsync.Service }

func (a engineAppSync) CreateAPI(account, region string, spec engine.GraphQLAPISpec) (string, string, error) {
	return a.Service.CreateAPI(account, region, appsync.APISpec(spec))
}

func (a engineAppSync) CreateDataSource(apiID string, spec engine.DataSourceSpec) (string, error) {
	return a.Service.CreateDataSource(apiID, appsync.DataSource(spec))
}

func (a engineAppSync) CreateResolver(apiID string, spec engine.ResolverSpec) (string, error) {
	return a.Service.CreateResolver(apiID, appsync.ResolverSpec(spec))
}

func (a engineAppSync) CreateAPIKey(apiID, description string, expires int64) (string, error) {
	k, err := a.Service.CreateAPIKey(apiID, description, expires)
	return k.ID, err
}

func (a engineAppSync) APIConfiguration(account, region, apiID string) (engine.GraphQLAPISpec, bool) {
	spec, ok := a.Service.APIConfiguration(account, region, apiID)
	return engine.GraphQLAPISpec(spec), ok
}

// engineDynamoDB gives CloudFormation DynamoDB's table methods.
type engineDynamoDB struct{ *dynamodb.Service }

func (d engineDynamoDB) TableSettings(account, region, name string) (engine.TableSettings, bool) {
	settings, ok := d.Service.TableSettings(account, region, name)
	return engine.TableSettings(settings), ok
}
