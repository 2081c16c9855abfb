package customresources_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/customresources"
)

// fakeSources keeps sources in memory: the decisions under test are which calls to make.
type fakeSources struct {
	list  []sourceapi.Integration
	calls []string
}

func (f *fakeSources) ListSources(context.Context) ([]sourceapi.Integration, error) {
	return f.list, nil
}
func (f *fakeSources) PutSource(_ context.Context, in *sourceapi.PutIntegrationInput) error {
	f.calls = append(f.calls, "put "+in.IntegrationLabel+" "+prefixes(in.S3PrefixLogTypes))
	f.list = append(f.list, sourceapi.Integration{IntegrationID: "id-1", IntegrationLabel: in.IntegrationLabel})
	return nil
}
func (f *fakeSources) UpdateSource(_ context.Context, in *sourceapi.UpdateSettingsInput) error {
	f.calls = append(f.calls, "update "+in.IntegrationID+" "+prefixes(in.S3PrefixLogTypes))
	return nil
}
func (f *fakeSources) DeleteSource(_ context.Context, id string) error {
	f.calls = append(f.calls, "delete "+id)
	return nil
}

func prefixes(p []sourceapi.PrefixLogTypes) string {
	var out []string
	for _, x := range p {
		out = append(out, x.Prefix+"="+strings.Join(x.LogTypes, "+"))
	}
	return strings.Join(out, ",")
}

func TestSelfRegistrationRegistersTheAuditBucketOnce(t *testing.T) {
	f := &fakeSources{}
	s := &customresources.SelfRegistration{Sources: f}
	props := map[string]any{"AccountId": "123456789012", "Region": "us-east-1", "AuditLogsBucket": "audit",
		"LogProcessingRoleArn": "arn:aws:iam::123456789012:role/PantherLogProcessingRole-panther-account-us-east-1",
		"EnableCloudTrail":     "true", "EnableGuardDuty": "false", "EnableS3AccessLogs": "true"}
	for _, request := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate, cfn.RequestDelete} {
		id, _, err := s.Handle(context.Background(), cfn.Event{RequestType: request, ResourceProperties: props})
		if err != nil || id != "custom:self-registration:123456789012" {
			t.Fatalf("%s: %q %v", request, id, err)
		}
	}
	want := []string{
		"put panther-account-us-east-1 vpc-=AWS.VPCFlow,AWSLogs/123456789012/elasticloadbalancing=AWS.ALB,AWSLogs/123456789012/CloudTrail=AWS.CloudTrail,=AWS.S3ServerAccess",
		"update id-1 vpc-=AWS.VPCFlow,AWSLogs/123456789012/elasticloadbalancing=AWS.ALB,AWSLogs/123456789012/CloudTrail=AWS.CloudTrail,=AWS.S3ServerAccess",
		"delete id-1",
	}
	if strings.Join(f.calls, "\n") != strings.Join(want, "\n") {
		t.Fatalf("calls\n%s\nwant\n%s", strings.Join(f.calls, "\n"), strings.Join(want, "\n"))
	}
}

func TestBucketNotificationKeepsTheBucketsOtherConfigurations(t *testing.T) {
	cfg := testenv.LocalAWS(t)
	ctx := context.Background()
	client := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("audit")}); err != nil {
		t.Fatal(err)
	}
	topics := sns.NewFromConfig(cfg)
	for _, name := range []string{"other", "panther-auditlog-processing"} {
		if _, err := topics.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(name)}); err != nil {
			t.Fatal(err)
		}
	}
	other := s3types.TopicConfiguration{Id: aws.String("the-users-own"), TopicArn: aws.String("arn:aws:sns:us-east-1:000000000000:other"), Events: []s3types.Event{"s3:ObjectRemoved:*"}}
	if _, err := client.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String("audit"),
		NotificationConfiguration: &s3types.NotificationConfiguration{TopicConfigurations: []s3types.TopicConfiguration{other}}}); err != nil {
		t.Fatal(err)
	}
	b := &customresources.BucketNotification{Notifier: &awsx.BucketTopicNotification{Client: client}}
	props := map[string]any{"BucketName": "audit", "TopicArn": "arn:aws:sns:us-east-1:000000000000:panther-auditlog-processing"}
	ids := func() string {
		got, err := client.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String("audit")})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range got.TopicConfigurations {
			out = append(out, aws.ToString(c.Id))
		}
		return strings.Join(out, ",")
	}
	for _, request := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
		if _, _, err := b.Handle(ctx, cfn.Event{RequestType: request, ResourceProperties: props}); err != nil {
			t.Fatal(err)
		}
	}
	if got := ids(); got != "the-users-own,panther-auditlog-processing" {
		t.Fatalf("after create and update: %s", got)
	}
	if _, _, err := b.Handle(ctx, cfn.Event{RequestType: cfn.RequestDelete, ResourceProperties: props}); err != nil {
		t.Fatal(err)
	}
	if got := ids(); got != "the-users-own" {
		t.Fatalf("after delete: %s", got)
	}
}
