// Package awsx holds the AWS SDK side of Panther's functions: small types over the
// aws-sdk-go-v2 clients that implement the narrow interfaces the function packages declare.
// Nothing else in lambdas/ imports the SDK's service packages.
package awsx

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/logs/processor"
)

// Queue is an SQS queue.
type Queue struct {
	Client *sqs.Client
	URL    string
}

// Receive reads up to limit messages without waiting.
func (q *Queue) Receive(ctx context.Context, limit int) ([]processor.Message, error) {
	out, err := q.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.URL),
		MaxNumberOfMessages: int32(limit), WaitTimeSeconds: 0})
	if err != nil {
		return nil, err
	}
	msgs := make([]processor.Message, len(out.Messages))
	for i, m := range out.Messages {
		msgs[i] = processor.Message{ID: aws.ToString(m.MessageId), Body: aws.ToString(m.Body), ReceiptHandle: aws.ToString(m.ReceiptHandle)}
	}
	return msgs, nil
}

// Delete deletes messages in batches of ten.
func (q *Queue) Delete(ctx context.Context, handles []string) error {
	for start := 0; start < len(handles); start += 10 {
		end := min(start+10, len(handles))
		entries := make([]sqstypes.DeleteMessageBatchRequestEntry, 0, end-start)
		for i, h := range handles[start:end] {
			entries = append(entries, sqstypes.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: aws.String(h)})
		}
		out, err := q.Client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(q.URL), Entries: entries})
		if err != nil {
			return err
		}
		if len(out.Failed) > 0 {
			return fmt.Errorf("delete messages: %d failed (%s)", len(out.Failed), aws.ToString(out.Failed[0].Code))
		}
	}
	return nil
}

// Objects reads and writes S3 objects; reads of a source's objects assume its role.
type Objects struct {
	Config aws.Config
	Client *s3.Client
	// ClientOptions apply to every S3 client (path-style addressing for localaws, say).
	ClientOptions []func(*s3.Options)

	mu    sync.Mutex
	roles map[string]*s3.Client
}

// GetObject opens an object as role ("" for the function's own credentials).
func (o *Objects) GetObject(ctx context.Context, role, bucket, key string) (io.ReadCloser, error) {
	out, err := o.clientFor(role).GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, err
	}
	return out.Body, nil
}

// PutObject writes an object with the function's own credentials.
func (o *Objects) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	_, err := o.Client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: bytes.NewReader(body), ContentLength: aws.Int64(int64(len(body)))})
	return err
}

// clientFor returns an S3 client with the role's credentials: one-hour sessions, refreshed
// before they expire.
func (o *Objects) clientFor(role string) *s3.Client {
	if role == "" {
		return o.Client
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if c, ok := o.roles[role]; ok {
		return c
	}
	if o.roles == nil {
		o.roles = map[string]*s3.Client{}
	}
	cfg := o.Config.Copy()
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(o.Config), role, func(opts *stscreds.AssumeRoleOptions) {
		opts.RoleSessionName = "panther-log-processor"
		opts.Duration = time.Hour
	})
	cfg.Credentials = aws.NewCredentialsCache(provider, func(opts *aws.CredentialsCacheOptions) { opts.ExpiryWindow = 2 * time.Minute })
	c := s3.NewFromConfig(cfg, o.ClientOptions...)
	o.roles[role] = c
	return c
}

// Topics publishes to SNS and confirms subscriptions.
type Topics struct {
	Client *sns.Client
}

// Publish publishes a message with string attributes.
func (t *Topics) Publish(ctx context.Context, topicARN, message string, attributes map[string]string) error {
	attrs := map[string]snstypes.MessageAttributeValue{}
	for k, v := range attributes {
		attrs[k] = snstypes.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(v)}
	}
	_, err := t.Client.Publish(ctx, &sns.PublishInput{TopicArn: aws.String(topicARN), Message: aws.String(message), MessageAttributes: attrs})
	return err
}

// ConfirmSubscription confirms a subscription in the topic's region.
func (t *Topics) ConfirmSubscription(ctx context.Context, topicARN, token string) error {
	_, err := t.Client.ConfirmSubscription(ctx, &sns.ConfirmSubscriptionInput{TopicArn: aws.String(topicARN), Token: aws.String(token)})
	return err
}

// Function invokes another of Panther's functions with a one-key request.
type Function struct {
	Client *lambda.Client
	Name   string
}

// Call invokes the function with request and decodes its answer into response; a function
// error becomes an error with its type and message.
func (f *Function) Call(ctx context.Context, request, response any) error {
	payload, err := json.Marshal(request)
	if err != nil {
		return err
	}
	out, err := f.Client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(f.Name), Payload: payload})
	if err != nil {
		return err
	}
	if out.FunctionError != nil {
		var apiErr api.Error
		if json.Unmarshal(out.Payload, &apiErr) == nil && apiErr.Message != "" {
			return &apiErr
		}
		return fmt.Errorf("%s: %s", f.Name, aws.ToString(out.FunctionError))
	}
	if response == nil {
		return nil
	}
	return json.Unmarshal(out.Payload, response)
}

// SourceAPI is panther-source-api as the log processor uses it.
type SourceAPI struct{ Function }

// ListSources lists every source integration.
func (s *SourceAPI) ListSources(ctx context.Context) ([]sourceapi.Integration, error) {
	var out []sourceapi.Integration
	err := s.Call(ctx, sourceapi.Request{ListIntegrations: &sourceapi.ListIntegrationsInput{}}, &out)
	return out, err
}

// Depth reads the queue's ApproximateNumberOfMessages.
func (q *Queue) Depth(ctx context.Context) (int, error) {
	out, err := q.Client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(q.URL),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameApproximateNumberOfMessages}})
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(out.Attributes[string(sqstypes.QueueAttributeNameApproximateNumberOfMessages)])
}

// InvokeAsync starts the function with payload without waiting for it.
func (f *Function) InvokeAsync(ctx context.Context, payload []byte) error {
	_, err := f.Client.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(f.Name), Payload: payload, InvocationType: lambdatypes.InvocationTypeEvent})
	return err
}
