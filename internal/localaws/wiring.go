package localaws

import (
	"context"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/appsync"
	"github.com/panther-operator/panther-operator/internal/localaws/cfn/engine"
	"github.com/panther-operator/panther-operator/internal/localaws/lambda"
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
