package customresources

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/cfn"

	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
)

// BucketNotifier sets and removes one topic configuration of a bucket, keeping its others.
type BucketNotifier interface {
	SetTopicNotification(ctx context.Context, bucket, id, topicARN string) error
	RemoveTopicNotification(ctx context.Context, bucket, id string) error
}

// auditNotificationID names the configuration Custom::S3BucketNotification owns.
const auditNotificationID = "panther-auditlog-processing"

// BucketNotification is Custom::S3BucketNotification: the audit bucket's new objects are
// announced on the audit-log topic (the bucket belongs to another stack, so CloudFormation
// cannot declare its notification here); on delete the configuration goes.
type BucketNotification struct {
	Notifier BucketNotifier
}

// Handle implements Handler.
func (b *BucketNotification) Handle(ctx context.Context, event cfn.Event) (string, map[string]any, error) {
	bucket, err := stringProperty(event, "BucketName")
	if err != nil {
		return "", nil, err
	}
	id := "custom:s3bucketnotification:" + bucket
	if event.RequestType == cfn.RequestDelete {
		return id, nil, b.Notifier.RemoveTopicNotification(ctx, bucket, auditNotificationID)
	}
	topic, err := stringProperty(event, "TopicArn")
	if err != nil {
		return id, nil, err
	}
	return id, nil, b.Notifier.SetTopicNotification(ctx, bucket, auditNotificationID, topic)
}

// Sources is source-api as self-registration uses it.
type Sources interface {
	ListSources(ctx context.Context) ([]sourceapi.Integration, error)
	PutSource(ctx context.Context, in *sourceapi.PutIntegrationInput) error
	UpdateSource(ctx context.Context, in *sourceapi.UpdateSettingsInput) error
	DeleteSource(ctx context.Context, id string) error
}

// SelfRegistration is Custom::SelfRegistration: the account's own audit bucket becomes an S3
// log source labelled panther-account-<region>, read through the onboard stack's log
// processing role, with the prefixes of the logs the onboarding turned on; on delete the
// source goes.
type SelfRegistration struct {
	Sources Sources
}

// Handle implements Handler.
func (s *SelfRegistration) Handle(ctx context.Context, event cfn.Event) (string, map[string]any, error) {
	account, err := stringProperty(event, "AccountId")
	if err != nil {
		return "", nil, err
	}
	id := "custom:self-registration:" + account
	region, err := stringProperty(event, "Region")
	if err != nil {
		return id, nil, err
	}
	label := "panther-account-" + region
	existing, err := s.find(ctx, label)
	if err != nil {
		return id, nil, err
	}
	if event.RequestType == cfn.RequestDelete {
		if existing != nil {
			return id, nil, s.Sources.DeleteSource(ctx, existing.IntegrationID)
		}
		return id, nil, nil
	}
	bucket, err := stringProperty(event, "AuditLogsBucket")
	if err != nil {
		return id, nil, err
	}
	role, _ := event.ResourceProperties["LogProcessingRoleArn"].(string)
	prefixes := auditPrefixes(account, event.ResourceProperties)
	if existing == nil {
		return id, nil, s.Sources.PutSource(ctx, &sourceapi.PutIntegrationInput{IntegrationLabel: label, IntegrationType: sourceapi.TypeS3,
			AWSAccountID: account, UserID: sourceapi.SystemUserID, S3Bucket: bucket, S3PrefixLogTypes: prefixes, LogProcessingRole: role})
	}
	return id, nil, s.Sources.UpdateSource(ctx, &sourceapi.UpdateSettingsInput{IntegrationID: existing.IntegrationID, IntegrationLabel: label,
		S3Bucket: bucket, S3PrefixLogTypes: prefixes, LogProcessingRole: role})
}

func (s *SelfRegistration) find(ctx context.Context, label string) (*sourceapi.Integration, error) {
	list, err := s.Sources.ListSources(ctx)
	if err != nil {
		return nil, fmt.Errorf("list the sources: %w", err)
	}
	for i := range list {
		if list[i].IntegrationLabel == label {
			return &list[i], nil
		}
	}
	return nil, nil
}

// auditPrefixes are where AWS delivers each log the onboarding turned on into the audit
// bucket: VPC flow logs and ALB access logs always, CloudTrail and GuardDuty when enabled, and
// S3 server access logs (the whole bucket) when they are on.
func auditPrefixes(account string, props map[string]any) []sourceapi.PrefixLogTypes {
	on := func(name string) bool { v, _ := props[name].(string); return v == "true" }
	prefixes := []sourceapi.PrefixLogTypes{
		{Prefix: "vpc-", LogTypes: []string{"AWS.VPCFlow"}},
		{Prefix: "AWSLogs/" + account + "/elasticloadbalancing", LogTypes: []string{"AWS.ALB"}},
	}
	if on("EnableCloudTrail") {
		prefixes = append(prefixes, sourceapi.PrefixLogTypes{Prefix: "AWSLogs/" + account + "/CloudTrail", LogTypes: []string{"AWS.CloudTrail"}})
	}
	if on("EnableGuardDuty") {
		prefixes = append(prefixes, sourceapi.PrefixLogTypes{Prefix: "AWSLogs/" + account + "/GuardDuty", LogTypes: []string{"AWS.GuardDuty"}})
	}
	if on("EnableS3AccessLogs") {
		prefixes = append(prefixes, sourceapi.PrefixLogTypes{Prefix: "", LogTypes: []string{"AWS.S3ServerAccess"}})
	}
	return prefixes
}
