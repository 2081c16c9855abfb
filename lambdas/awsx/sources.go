package awsx

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/sources"
)

// IntegrationTable is the panther-source-integrations table, keyed by integrationId.
type IntegrationTable struct {
	Client *dynamodb.Client
	Name   string
}

// PutIntegration writes an integration.
func (t *IntegrationTable) PutIntegration(ctx context.Context, i *sourceapi.Integration) error {
	item, err := attributevalue.MarshalMapWithOptions(i, func(o *attributevalue.EncoderOptions) { o.TagKey = "json" })
	if err != nil {
		return err
	}
	_, err = t.Client.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(t.Name), Item: item})
	return err
}

// GetIntegration reads one; sources.ErrNotFound when there is none.
func (t *IntegrationTable) GetIntegration(ctx context.Context, id string) (*sourceapi.Integration, error) {
	out, err := t.Client.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true),
		Key: map[string]ddbtypes.AttributeValue{"integrationId": &ddbtypes.AttributeValueMemberS{Value: id}}})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, sources.ErrNotFound
	}
	var i sourceapi.Integration
	err = attributevalue.UnmarshalMapWithOptions(out.Item, &i, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" })
	return &i, err
}

// ListIntegrations scans the table.
func (t *IntegrationTable) ListIntegrations(ctx context.Context) ([]sourceapi.Integration, error) {
	var out []sourceapi.Integration
	p := dynamodb.NewScanPaginator(t.Client, &dynamodb.ScanInput{TableName: aws.String(t.Name), ConsistentRead: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		var items []sourceapi.Integration
		if err := attributevalue.UnmarshalListOfMapsWithOptions(page.Items, &items, func(o *attributevalue.DecoderOptions) { o.TagKey = "json" }); err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

// DeleteIntegration removes one.
func (t *IntegrationTable) DeleteIntegration(ctx context.Context, id string) error {
	_, err := t.Client.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(t.Name),
		Key: map[string]ddbtypes.AttributeValue{"integrationId": &ddbtypes.AttributeValueMemberS{Value: id}}})
	return err
}

// managedPrefix marks the bucket notification configurations Panther owns.
const managedPrefix = "panther-managed-"

// BucketNotifications manages an S3 source's notifications: a topic panther-notifications-topic
// in the bucket's account that Panther's input queue subscribes to, and one topic
// configuration per distinct prefix, beside the bucket's other configurations.
type BucketNotifications struct {
	// Clients gives the S3 and SNS clients acting as a source's role.
	Clients func(role string) (*s3.Client, *sns.Client)
	// InputQueueARN is the log processor's input queue.
	InputQueueARN string
}

// Configure creates the topic and subscription and sets the bucket's managed configurations.
func (b *BucketNotifications) Configure(ctx context.Context, i *sourceapi.Integration) error {
	s3c, snsc := b.Clients(i.LogProcessingRole)
	topic, err := snsc.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("panther-notifications-topic")})
	if err != nil {
		return err
	}
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"AllowS3EventNotifications","Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":%q},{"Sid":"AllowPantherToSubscribe","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sns:Subscribe","Resource":%q,"Condition":{"ArnEquals":{"sns:Endpoint":%q}}}]}`,
		aws.ToString(topic.TopicArn), aws.ToString(topic.TopicArn), b.InputQueueARN)
	if _, err := snsc.SetTopicAttributes(ctx, &sns.SetTopicAttributesInput{TopicArn: topic.TopicArn, AttributeName: aws.String("Policy"), AttributeValue: aws.String(policy)}); err != nil {
		return err
	}
	if _, err := snsc.Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"), Endpoint: aws.String(b.InputQueueARN)}); err != nil {
		return err
	}
	return putTopicConfigurations(ctx, s3c, i.S3Bucket, isManaged, func(cfg *s3types.NotificationConfiguration) {
		seen := map[string]bool{}
		for _, p := range i.S3PrefixLogTypes {
			if seen[p.Prefix] {
				continue
			}
			seen[p.Prefix] = true
			c := s3types.TopicConfiguration{Id: aws.String(managedID(p.Prefix)), TopicArn: topic.TopicArn, Events: []s3types.Event{"s3:ObjectCreated:*"}}
			if p.Prefix != "" {
				c.Filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: []s3types.FilterRule{{Name: s3types.FilterRuleNamePrefix, Value: aws.String(p.Prefix)}}}}
			}
			cfg.TopicConfigurations = append(cfg.TopicConfigurations, c)
		}
	})
}

// Remove drops the managed configurations, leaving the bucket's others.
func (b *BucketNotifications) Remove(ctx context.Context, i *sourceapi.Integration) error {
	s3c, _ := b.Clients(i.LogProcessingRole)
	return putTopicConfigurations(ctx, s3c, i.S3Bucket, isManaged, func(*s3types.NotificationConfiguration) {})
}

func isManaged(id string) bool { return strings.HasPrefix(id, managedPrefix) }

// putTopicConfigurations rewrites the bucket's configuration: the topic configurations drop
// picks are replaced by what add appends, every other configuration is kept.
func putTopicConfigurations(ctx context.Context, s3c *s3.Client, bucket string, drop func(id string) bool, add func(*s3types.NotificationConfiguration)) error {
	current, err := s3c.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(bucket)})
	if err != nil {
		return err
	}
	cfg := &s3types.NotificationConfiguration{QueueConfigurations: current.QueueConfigurations,
		LambdaFunctionConfigurations: current.LambdaFunctionConfigurations, EventBridgeConfiguration: current.EventBridgeConfiguration}
	for _, c := range current.TopicConfigurations {
		if !drop(aws.ToString(c.Id)) {
			cfg.TopicConfigurations = append(cfg.TopicConfigurations, c)
		}
	}
	add(cfg)
	_, err = s3c.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String(bucket), NotificationConfiguration: cfg})
	return err
}

func managedID(prefix string) string {
	sum := sha1.Sum([]byte(prefix))
	return managedPrefix + hex.EncodeToString(sum[:8])
}

// Health checks a source the way the log processor will read it.
type Health struct {
	Clients func(role string) (*s3.Client, *kms.Client, error)
}

// Check assumes the role, then reaches the bucket and the KMS key.
func (h *Health) Check(ctx context.Context, i *sourceapi.Integration) sourceapi.HealthCheck {
	var out sourceapi.HealthCheck
	s3c, kmsc, err := h.Clients(i.LogProcessingRole)
	out.ProcessingRoleStatus = status(err, "the log processing role can be assumed", "the log processing role cannot be assumed")
	if err != nil {
		return out
	}
	_, err = s3c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(i.S3Bucket)})
	out.S3BucketStatus = status(err, "the bucket is reachable", "the bucket cannot be reached with the role")
	out.KMSKeyStatus = sourceapi.Status{Healthy: true, Message: "no KMS key is configured"}
	if i.KMSKey != "" {
		_, err = kmsc.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(i.KMSKey)})
		out.KMSKeyStatus = status(err, "the KMS key is usable", "the KMS key cannot be described with the role")
	}
	return out
}

func status(err error, ok, failed string) sourceapi.Status {
	if err == nil {
		return sourceapi.Status{Healthy: true, Message: ok}
	}
	var msg string
	if u := errors.Unwrap(err); u != nil {
		msg = u.Error()
	} else {
		msg = err.Error()
	}
	return sourceapi.Status{Healthy: false, Message: failed, ErrorMessage: msg}
}

// LogTypesInUse lists the log types some source reads.
func (s *SourceAPI) LogTypesInUse(ctx context.Context) ([]string, error) {
	var out sourceapi.ListLogTypesOutput
	err := s.Call(ctx, sourceapi.Request{ListLogTypes: &sourceapi.ListLogTypesInput{}}, &out)
	return out.LogTypes, err
}

// PutSource creates a source.
func (s *SourceAPI) PutSource(ctx context.Context, in *sourceapi.PutIntegrationInput) error {
	return s.Call(ctx, sourceapi.Request{PutIntegration: in}, nil)
}

// UpdateSource changes a source's settings.
func (s *SourceAPI) UpdateSource(ctx context.Context, in *sourceapi.UpdateSettingsInput) error {
	return s.Call(ctx, sourceapi.Request{UpdateIntegrationSettings: in}, nil)
}

// DeleteSource removes a source.
func (s *SourceAPI) DeleteSource(ctx context.Context, id string) error {
	return s.Call(ctx, sourceapi.Request{DeleteIntegration: &sourceapi.DeleteIntegrationInput{IntegrationID: id}}, nil)
}

// BucketTopicNotification sets one topic configuration of a bucket, beside its others.
type BucketTopicNotification struct {
	Client *s3.Client
}

// SetTopicNotification announces the bucket's new objects on topicARN under id.
func (b *BucketTopicNotification) SetTopicNotification(ctx context.Context, bucket, id, topicARN string) error {
	drop := func(other string) bool { return other == id }
	return putTopicConfigurations(ctx, b.Client, bucket, drop, func(cfg *s3types.NotificationConfiguration) {
		cfg.TopicConfigurations = append(cfg.TopicConfigurations, s3types.TopicConfiguration{Id: aws.String(id),
			TopicArn: aws.String(topicARN), Events: []s3types.Event{"s3:ObjectCreated:*"}})
	})
}

// RemoveTopicNotification removes the configuration id.
func (b *BucketTopicNotification) RemoveTopicNotification(ctx context.Context, bucket, id string) error {
	drop := func(other string) bool { return other == id }
	return putTopicConfigurations(ctx, b.Client, bucket, drop, func(*s3types.NotificationConfiguration) {})
}

// UpdateStatus records that a source delivered events.
func (s *SourceAPI) UpdateStatus(ctx context.Context, integrationID string, lastEventReceived time.Time) error {
	return s.Call(ctx, sourceapi.Request{UpdateStatus: &sourceapi.UpdateStatusInput{IntegrationID: integrationID, LastEventReceived: lastEventReceived}}, nil)
}
