package localaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

const configuredBucket = `
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: configured-logs
      VersioningConfiguration: {Status: Enabled}
      LifecycleConfiguration:
        Rules:
          - Id: expire-old
            Status: Enabled
            Prefix: tmp/
            ExpirationInDays: 90
            NoncurrentVersionExpirationInDays: 30
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      NotificationConfiguration:
        TopicConfigurations:
          - Event: s3:ObjectCreated:*
            Topic: {Ref: Data}
  Data:
    Type: AWS::SNS::Topic
    Properties: {TopicName: data}
`

// TestCloudFormationBucketConfigurationReadsBackThroughS3 checks that a
// bucket configured by a template answers the S3 API like one configured
// directly, and that changing versioning out of band is drift.
func TestCloudFormationBucketConfigurationReadsBackThroughS3(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("buckets"), TemplateBody: aws.String(configuredBucket)})
	must(t, err)
	waitCreate(t, e, "buckets")
	b := aws.String("configured-logs")
	lc, err := e.s3.GetBucketLifecycleConfiguration(c, &s3.GetBucketLifecycleConfigurationInput{Bucket: b})
	must(t, err)
	if len(lc.Rules) != 1 || aws.ToString(lc.Rules[0].ID) != "expire-old" || aws.ToInt32(lc.Rules[0].Expiration.Days) != 90 ||
		aws.ToInt32(lc.Rules[0].NoncurrentVersionExpiration.NoncurrentDays) != 30 {
		t.Fatalf("lifecycle %+v", lc.Rules)
	}
	enc, err := e.s3.GetBucketEncryption(c, &s3.GetBucketEncryptionInput{Bucket: b})
	must(t, err)
	if rules := enc.ServerSideEncryptionConfiguration.Rules; len(rules) != 1 || rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != s3types.ServerSideEncryptionAes256 {
		t.Fatalf("encryption %+v", enc.ServerSideEncryptionConfiguration)
	}
	pab, err := e.s3.GetPublicAccessBlock(c, &s3.GetPublicAccessBlockInput{Bucket: b})
	must(t, err)
	if !aws.ToBool(pab.PublicAccessBlockConfiguration.BlockPublicAcls) || !aws.ToBool(pab.PublicAccessBlockConfiguration.RestrictPublicBuckets) {
		t.Fatalf("public access block %+v", pab.PublicAccessBlockConfiguration)
	}
	n, err := e.s3.GetBucketNotificationConfiguration(c, &s3.GetBucketNotificationConfigurationInput{Bucket: b})
	must(t, err)
	if len(n.TopicConfigurations) != 1 || n.TopicConfigurations[0].Events[0] != "s3:ObjectCreated:*" {
		t.Fatalf("notifications %+v", n.TopicConfigurations)
	}

	if d := detectDrift(t, e, "buckets"); d["Logs"] != types.StackResourceDriftStatusInSync {
		t.Fatalf("fresh drift %v", d)
	}
	_, err = e.s3.PutBucketVersioning(c, &s3.PutBucketVersioningInput{Bucket: b,
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusSuspended}})
	must(t, err)
	if d := detectDrift(t, e, "buckets"); d["Logs"] != types.StackResourceDriftStatusModified {
		t.Fatalf("drift after suspending versioning %v", d)
	}
}

// TestCloudFormationRollbackFailed makes both the create and the rollback
// fail.
func TestCloudFormationRollbackFailed(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::SNS::Topic","DependsOn":"A"}}}`
	for _, rule := range []admin.FaultRule{
		{Service: "cloudformation", Operation: "CreateResource", Resource: "/B/", ErrorCode: "InternalFailure", Count: 1},
		{Service: "cloudformation", Operation: "DeleteResource", Resource: "/A/", ErrorCode: "AccessDenied", Count: 1},
	} {
		_, err := e.admin.AddFault(c, rule)
		must(t, err)
	}
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("rbf"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	if st := waitStatus(t, e, "rbf"); st.StackStatus != types.StackStatusRollbackFailed {
		t.Fatalf("want ROLLBACK_FAILED, got %s: %s", st.StackStatus, eventSummary(t, e, "rbf"))
	}
	// The stack can still be deleted once the fault is gone.
	id := describe(t, e, "rbf").StackId
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("rbf")})
	must(t, err)
	if st := waitStatus(t, e, aws.ToString(id)); st.StackStatus != types.StackStatusDeleteComplete {
		t.Fatalf("delete after ROLLBACK_FAILED: %s", st.StackStatus)
	}
}
