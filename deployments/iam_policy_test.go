package deployments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The least-privilege policies of docs/iam.md. The CloudFormation service role needs both
// CloudFormation policies; the deployment role lets drift detection read the resources.
var (
	cloudFormationRolePolicies = []string{
		"../docs/iam/cloudformation-role-policy.json",
		"../docs/iam/cloudformation-role-compute-policy.json",
	}
	deploymentRolePolicy = "../docs/iam/deployment-role-policy.json"
)

// IAM's limit on a customer managed policy, counted without whitespace. Inline policies share
// 10,240 characters per role, less than the two CloudFormation policies together, so every
// policy here must fit in a managed policy.
const managedPolicyMaxChars = 6144

// customResource is the key of every Custom:: type in the table: CloudFormation invokes the
// function of the ServiceToken, whatever the type's name.
const customResource = "Custom::*"

// customResourceProvider is the one function the policy lets CloudFormation invoke.
const customResourceProvider = ":function:panther-cfn-custom-resources"

// typePermissions is what CloudFormation calls for one resource type. The lists come from the
// handlers' permissions of the type's resource schema (create, update, delete, and read, since
// CloudFormation reads a resource back after writing it), without the calls that only
// properties the templates do not set would cause (code signing, EFS, VPC access,
// customer-managed keys, …). Where a property brings calls, they are in ifProperty, so a
// template that starts setting it fails the test until the policy follows.
type typePermissions struct {
	deploy     []string            // with the CloudFormation service role
	ifProperty map[string][]string // deploy actions that only a resource setting the property needs
	passRoleTo string              // the service iam:PassRole hands the type's role to, if any
	drift      []string            // the read calls drift detection makes with the deployment role
	skip       string              // why the policies grant nothing for the type
}

// cfnPermissions holds every resource type of deployments/*.yml.
var cfnPermissions = map[string]typePermissions{
	"AWS::CloudFormation::Stack": {
		// The root template's nested stacks; s3:GetObject reads their TemplateURL.
		deploy: []string{"cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
			"cloudformation:DescribeStacks", "s3:GetObject"},
	},
	"AWS::S3::Bucket": {
		deploy: []string{"s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketAcl",
			"s3:PutBucketTagging", "s3:GetBucketTagging", "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration",
			"s3:PutBucketVersioning", "s3:GetBucketVersioning", "s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration",
			"s3:PutBucketLogging", "s3:GetBucketLogging", "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock",
			"s3:PutReplicationConfiguration", "s3:GetReplicationConfiguration", "s3:PutBucketNotification",
			"s3:GetBucketNotification", "iam:PassRole"},
		passRoleTo: "s3.amazonaws.com", // the replication role
		drift: []string{"s3:GetBucketTagging", "s3:GetBucketVersioning", "s3:GetBucketLogging",
			"s3:GetBucketPublicAccessBlock", "s3:GetBucketNotification", "s3:GetEncryptionConfiguration",
			"s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration"},
	},
	"AWS::S3::BucketPolicy": {
		deploy: []string{"s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"},
		drift:  []string{"s3:GetBucketPolicy"},
	},
	"AWS::KMS::Key": {
		deploy: []string{"kms:CreateKey", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy",
			"kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:EnableKey", "kms:DisableKey",
			"kms:UpdateKeyDescription", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:ListResourceTags"},
		drift: []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"},
	},
	"AWS::KMS::Alias": {
		deploy: []string{"kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:ListAliases"},
		drift:  []string{"kms:ListAliases"},
	},
	"AWS::SNS::Topic": {
		deploy: []string{"sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
			"sns:ListSubscriptionsByTopic", "sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource"},
		drift: []string{"sns:GetTopicAttributes", "sns:ListTagsForResource"},
	},
	"AWS::SNS::TopicPolicy": {
		deploy: []string{"sns:SetTopicAttributes", "sns:GetTopicAttributes"},
		drift:  []string{"sns:GetTopicAttributes"},
	},
	"AWS::SNS::Subscription": {
		// No registry schema: the calls of the legacy handler.
		deploy: []string{"sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes"},
		drift:  []string{"sns:GetSubscriptionAttributes"},
	},
	"AWS::SQS::Queue": {
		deploy: []string{"sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueUrl", "sqs:GetQueueAttributes",
			"sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue", "sqs:ListQueueTags"},
		drift: []string{"sqs:GetQueueAttributes", "sqs:ListQueueTags"},
	},
	"AWS::SQS::QueuePolicy": {
		deploy: []string{"sqs:SetQueueAttributes"},
		drift:  []string{"sqs:GetQueueAttributes"},
	},
	"AWS::DynamoDB::Table": {
		// kms: the AWS managed key of server-side encryption, granted through DynamoDB.
		deploy: []string{"dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
			"dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:DescribeContinuousBackups",
			"dynamodb:UpdateContinuousBackups", "dynamodb:DescribeContributorInsights",
			"dynamodb:DescribeKinesisStreamingDestination", "dynamodb:GetResourcePolicy", "dynamodb:TagResource",
			"dynamodb:UntagResource", "dynamodb:ListTagsOfResource", "kms:CreateGrant", "kms:DescribeKey"},
		drift: []string{"dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups", "dynamodb:DescribeTimeToLive",
			"dynamodb:ListTagsOfResource"},
	},
	"AWS::ApplicationAutoScaling::ScalableTarget": {
		deploy: []string{"application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
			"application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScheduledActions",
			"iam:PassRole", "iam:CreateServiceLinkedRole"},
		passRoleTo: "application-autoscaling.amazonaws.com",
		drift:      []string{"application-autoscaling:DescribeScalableTargets"},
	},
	"AWS::ApplicationAutoScaling::ScalingPolicy": {
		// Target tracking: Application Auto Scaling creates the policy's alarms with the
		// caller's CloudWatch permissions (the scalable target's schema lists them).
		deploy: []string{"application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
			"application-autoscaling:DescribeScalingPolicies", "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms",
			"cloudwatch:DeleteAlarms"},
		drift: []string{"application-autoscaling:DescribeScalingPolicies"},
	},
	"AWS::Cognito::UserPool": {
		deploy: []string{"cognito-idp:CreateUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool",
			"cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig", "cognito-idp:SetUserPoolMfaConfig",
			"cognito-idp:TagResource", "cognito-idp:UntagResource", "cognito-idp:ListTagsForResource"},
		drift: []string{"cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig"},
	},
	"AWS::Cognito::UserPoolClient": {
		deploy: []string{"cognito-idp:CreateUserPoolClient", "cognito-idp:UpdateUserPoolClient",
			"cognito-idp:DeleteUserPoolClient", "cognito-idp:DescribeUserPoolClient"},
		drift: []string{"cognito-idp:DescribeUserPoolClient"},
	},
	"AWS::AppSync::GraphQLApi": {
		// No registry schema: the calls of the legacy handler.
		deploy: []string{"appsync:CreateGraphqlApi", "appsync:UpdateGraphqlApi", "appsync:DeleteGraphqlApi",
			"appsync:GetGraphqlApi", "appsync:TagResource", "appsync:UntagResource", "appsync:ListTagsForResource",
			"iam:PassRole"},
		passRoleTo: "appsync.amazonaws.com", // the logging role
		drift:      []string{"appsync:GetGraphqlApi"},
	},
	"AWS::AppSync::GraphQLSchema": {
		// No registry schema. The definition is inline, so no s3:GetObject.
		deploy: []string{"appsync:StartSchemaCreation", "appsync:GetSchemaCreationStatus"},
	},
	"AWS::AppSync::DataSource": {
		// No registry schema. AppSync calls the functions with the service role, not the caller.
		deploy: []string{"appsync:CreateDataSource", "appsync:UpdateDataSource", "appsync:DeleteDataSource",
			"appsync:GetDataSource", "iam:PassRole"},
		passRoleTo: "appsync.amazonaws.com",
		drift:      []string{"appsync:GetDataSource"},
	},
	"AWS::AppSync::Resolver": {
		// Mapping templates from S3 would need s3:GetObject; the resolvers are direct Lambda.
		deploy: []string{"appsync:CreateResolver", "appsync:UpdateResolver", "appsync:DeleteResolver", "appsync:GetResolver"},
		drift:  []string{"appsync:GetResolver"},
	},
	"AWS::Athena::WorkGroup": {
		// The schema's object-level S3 and KMS calls are for Spark and encrypted results.
		deploy: []string{"athena:CreateWorkGroup", "athena:GetWorkGroup", "athena:UpdateWorkGroup", "athena:DeleteWorkGroup",
			"athena:TagResource", "athena:UntagResource", "athena:ListTagsForResource", "s3:GetBucketLocation", "s3:ListBucket"},
		drift: []string{"athena:GetWorkGroup"},
	},
	"AWS::CloudWatch::Alarm": {
		deploy: []string{"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
			"cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource"},
		drift: []string{"cloudwatch:DescribeAlarms"},
	},
	"AWS::CloudWatch::Dashboard": {
		deploy: []string{"cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"},
		drift:  []string{"cloudwatch:GetDashboard"},
	},
	"AWS::Logs::LogGroup": {
		deploy: []string{"logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy",
			"logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource"},
		drift: []string{"logs:DescribeLogGroups", "logs:ListTagsForResource"},
	},
	"AWS::IAM::Role": {
		deploy: []string{"iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription",
			"iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
			"iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:AttachRolePolicy", "iam:DetachRolePolicy",
			"iam:TagRole", "iam:UntagRole"},
		drift: []string{"iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"},
	},
	"AWS::IAM::Policy": {
		deploy: []string{"iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"},
		drift:  []string{"iam:GetRolePolicy"},
	},
	"AWS::EC2::VPC": {
		deploy: []string{"ec2:CreateVpc", "ec2:DeleteVpc", "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute",
			"ec2:ModifyVpcAttribute", "ec2:CreateTags", "ec2:DeleteTags"},
		drift: []string{"ec2:DescribeVpcs"},
	},
	"AWS::EC2::Subnet": {
		deploy: []string{"ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:DescribeSubnets", "ec2:ModifySubnetAttribute",
			"ec2:CreateTags", "ec2:DeleteTags"},
		drift: []string{"ec2:DescribeSubnets"},
	},
	"AWS::EC2::InternetGateway": {
		deploy: []string{"ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:DescribeInternetGateways",
			"ec2:CreateTags", "ec2:DeleteTags"},
		drift: []string{"ec2:DescribeInternetGateways"},
	},
	"AWS::EC2::VPCGatewayAttachment": {
		deploy: []string{"ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:DescribeInternetGateways"},
		drift:  []string{"ec2:DescribeInternetGateways"},
	},
	"AWS::EC2::RouteTable": {
		deploy: []string{"ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:DescribeRouteTables", "ec2:CreateTags",
			"ec2:DeleteTags"},
		drift: []string{"ec2:DescribeRouteTables"},
	},
	"AWS::EC2::Route": {
		deploy: []string{"ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute", "ec2:DescribeRouteTables",
			"ec2:DescribeNetworkInterfaces"},
		drift: []string{"ec2:DescribeRouteTables"},
	},
	"AWS::EC2::SubnetRouteTableAssociation": {
		deploy: []string{"ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:DescribeRouteTables",
			"ec2:DescribeSubnets"},
		drift: []string{"ec2:DescribeRouteTables"},
	},
	"AWS::EC2::SecurityGroup": {
		deploy: []string{"ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:DescribeSecurityGroups",
			"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
			"ec2:RevokeSecurityGroupEgress", "ec2:CreateTags", "ec2:DeleteTags"},
		drift: []string{"ec2:DescribeSecurityGroups"},
	},
	"AWS::EC2::SecurityGroupIngress": {
		deploy: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress",
			"ec2:DescribeSecurityGroupRules"},
		drift: []string{"ec2:DescribeSecurityGroupRules"},
	},
	"AWS::EC2::FlowLog": {
		// Delivery to S3: the log delivery, and the bucket policy CloudWatch Logs adds.
		deploy: []string{"ec2:CreateFlowLogs", "ec2:DeleteFlowLogs", "ec2:DescribeFlowLogs", "ec2:CreateTags",
			"ec2:DeleteTags", "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "s3:GetBucketPolicy", "s3:PutBucketPolicy"},
		drift: []string{"ec2:DescribeFlowLogs"},
	},
	"AWS::ElasticLoadBalancingV2::LoadBalancer": {
		deploy: []string{"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer",
			"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
			"elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups",
			"elasticloadbalancing:SetSubnets", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
			"elasticloadbalancing:DescribeTags", "iam:CreateServiceLinkedRole"},
		drift: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
			"elasticloadbalancing:DescribeTags"},
	},
	"AWS::ElasticLoadBalancingV2::TargetGroup": {
		deploy: []string{"elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
			"elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
			"elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
			"elasticloadbalancing:DescribeTags"},
		ifProperty: map[string][]string{
			"Targets": {"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"},
		},
		drift: []string{"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
			"elasticloadbalancing:DescribeTags"},
	},
	"AWS::ElasticLoadBalancingV2::Listener": {
		deploy: []string{"elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener",
			"elasticloadbalancing:ModifyListener", "elasticloadbalancing:DescribeListeners"},
		drift: []string{"elasticloadbalancing:DescribeListeners"},
	},
	"AWS::ElasticLoadBalancingV2::ListenerRule": {
		// Not taggable. cognito-idp:DescribeUserPoolClient is for authenticate-cognito actions.
		deploy: []string{"elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyRule",
			"elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:DescribeRules"},
		drift: []string{"elasticloadbalancing:DescribeRules"},
	},
	"AWS::ECS::Cluster": {
		deploy: []string{"ecs:CreateCluster", "ecs:DeleteCluster", "ecs:DescribeClusters", "ecs:UpdateCluster",
			"ecs:UpdateClusterSettings", "ecs:PutClusterCapacityProviders", "ecs:TagResource", "ecs:UntagResource",
			"ecs:ListTagsForResource", "iam:CreateServiceLinkedRole"},
		drift: []string{"ecs:DescribeClusters"},
	},
	"AWS::ECS::TaskDefinition": {
		// A changed task definition is a new revision: register, then deregister the old one.
		deploy: []string{"ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition",
			"ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource", "iam:GetRole", "iam:PassRole"},
		passRoleTo: "ecs-tasks.amazonaws.com", // the execution role (and a task role, if one comes)
		drift:      []string{"ecs:DescribeTaskDefinition"},
	},
	"AWS::ECS::Service": {
		// CloudFormation waits for the service to be stable. ECS uses its service-linked role
		// with the load balancer; iam:PassRole would only be for the Role property.
		deploy: []string{"ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices",
			"ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource", "elasticloadbalancing:DescribeTargetGroups"},
		drift: []string{"ecs:DescribeServices"},
	},
	"AWS::KinesisFirehose::DeliveryStream": {
		deploy: []string{"firehose:CreateDeliveryStream", "firehose:DeleteDeliveryStream", "firehose:DescribeDeliveryStream",
			"firehose:UpdateDestination", "firehose:StartDeliveryStreamEncryption", "firehose:StopDeliveryStreamEncryption",
			"firehose:TagDeliveryStream", "firehose:UntagDeliveryStream", "firehose:ListTagsForDeliveryStream",
			"iam:GetRole", "iam:PassRole"},
		passRoleTo: "firehose.amazonaws.com",
		drift:      []string{"firehose:DescribeDeliveryStream"},
	},
	"AWS::CloudTrail::Trail": {
		// The organizations: calls are for organization trails.
		deploy: []string{"cloudtrail:CreateTrail", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:GetTrail",
			"cloudtrail:GetTrailStatus", "cloudtrail:DescribeTrails", "cloudtrail:StartLogging", "cloudtrail:StopLogging",
			"cloudtrail:GetEventSelectors", "cloudtrail:PutEventSelectors", "cloudtrail:GetInsightSelectors",
			"cloudtrail:AddTags", "cloudtrail:RemoveTags", "cloudtrail:ListTags"},
		ifProperty: map[string][]string{"InsightSelectors": {"cloudtrail:PutInsightSelectors"}},
		drift: []string{"cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors",
			"cloudtrail:DescribeTrails"},
	},
	"AWS::GuardDuty::Detector": {
		// iam:GetRole reads GuardDuty's service-linked role.
		deploy: []string{"guardduty:CreateDetector", "guardduty:DeleteDetector", "guardduty:GetDetector",
			"guardduty:UpdateDetector", "guardduty:ListDetectors", "guardduty:TagResource", "guardduty:UntagResource",
			"guardduty:ListTagsForResource", "iam:CreateServiceLinkedRole", "iam:GetRole"},
		drift: []string{"guardduty:GetDetector"},
	},
	"AWS::Events::Rule": {
		deploy: []string{"events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:PutTargets",
			"events:RemoveTargets", "events:ListTargetsByRule", "events:TagResource", "events:UntagResource",
			"events:ListTagsForResource"},
		drift: []string{"events:DescribeRule", "events:ListTargetsByRule"},
	},
	"AWS::Lambda::Function": {
		// s3:GetObject reads the package from the release bucket (s3:GetObjectVersion would be
		// for Code.S3ObjectVersion). The Get calls are the handler's reads back.
		deploy: []string{"lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction",
			"lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionRecursionConfig", "lambda:GetRuntimeManagementConfig",
			"lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:TagResource", "lambda:UntagResource",
			"lambda:ListTags", "iam:PassRole", "s3:GetObject"},
		ifProperty: map[string][]string{
			"Layers":                       {"lambda:GetLayerVersion"},
			"ReservedConcurrentExecutions": {"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"},
			"KmsKeyArn":                    {"kms:CreateGrant", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"},
			"VpcConfig":                    {"ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeNetworkInterfaces"},
			"CodeSigningConfigArn":         {"lambda:GetCodeSigningConfig", "lambda:PutFunctionCodeSigningConfig"},
			"FileSystemConfigs":            {"elasticfilesystem:DescribeMountTargets"},
			"RuntimeManagementConfig":      {"lambda:PutRuntimeManagementConfig"},
		},
		passRoleTo: "lambda.amazonaws.com",
		drift:      []string{"lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionRecursionConfig"},
	},
	"AWS::Lambda::Permission": {
		deploy: []string{"lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"},
		drift:  []string{"lambda:GetPolicy"},
	},
	"AWS::Lambda::EventSourceMapping": {
		// Lambda checks the function's role against the queue or stream, not the caller's.
		deploy: []string{"lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping",
			"lambda:DeleteEventSourceMapping", "lambda:GetEventSourceMapping", "lambda:TagResource", "lambda:UntagResource",
			"lambda:ListTags"},
		ifProperty: map[string][]string{"KmsKeyArn": {"kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"}},
		drift:      []string{"lambda:GetEventSourceMapping", "lambda:ListTags"},
	},
	customResource: {
		// CloudFormation invokes the ServiceToken function with the stack operation's role.
		deploy: []string{"lambda:InvokeFunction"},
	},
	"AWS::ECR::Repository": {
		skip: "declared only for source deployments (DeployFromSource=true), and the operator always deploys " +
			"published releases (DeployFromSource=false)",
	},
}

// declaredType is where the templates declare a resource type and which properties they set.
type declaredType struct {
	files      []string
	properties map[string]bool
}

// templateTypes reads every template's Resources. Custom:: types count as one, and their
// ServiceToken must be the function the policy lets CloudFormation invoke.
func templateTypes(t *testing.T) map[string]*declaredType {
	t.Helper()
	files, err := fs.Glob(FS(), "*.yml")
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]*declaredType{}
	for _, file := range files {
		resources := mappingValue(parseTemplate(t, file), "Resources")
		if resources == nil {
			t.Fatalf("%s has no Resources", file)
		}
		for i := 0; i+1 < len(resources.Content); i += 2 {
			id, resource := resources.Content[i].Value, resources.Content[i+1]
			typ := mappingValue(resource, "Type")
			if typ == nil {
				t.Fatalf("%s: resource %s has no Type", file, id)
			}
			name := typ.Value
			props := mappingValue(resource, "Properties")
			if strings.HasPrefix(name, "Custom::") {
				name = customResource
				if token := mappingValue(props, "ServiceToken"); token == nil || !strings.HasSuffix(token.Value, customResourceProvider) {
					t.Errorf("%s: custom resource %s does not call panther-cfn-custom-resources, the only function the "+
						"CloudFormation role may invoke", file, id)
				}
			}
			d := types[name]
			if d == nil {
				d = &declaredType{properties: map[string]bool{}}
				types[name] = d
			}
			if !slices.Contains(d.files, file) {
				d.files = append(d.files, file)
			}
			for j := 0; props != nil && j+1 < len(props.Content); j += 2 {
				d.properties[props.Content[j].Value] = true
			}
		}
	}
	if len(types) < 40 {
		t.Fatalf("found only %d resource types: the test reads the templates wrongly", len(types))
	}
	return types
}

// mappingValue is the value of a key of a YAML mapping, nil when it is absent.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.MappingNode && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// deployActions are the actions CloudFormation needs for a declared type: the table's, and
// those of the properties the templates set.
func deployActions(perms typePermissions, declared *declaredType) []string {
	actions := slices.Clone(perms.deploy)
	for prop, extra := range perms.ifProperty {
		if declared.properties[prop] {
			actions = append(actions, extra...)
		}
	}
	return actions
}

// stringList is a policy element that IAM accepts as one string or a list of them.
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = stringList{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or a list of strings: %w", err)
	}
	*s = many
	return nil
}

// The elements the policies use. Anything else (NotAction, NotResource, Principal, a typo)
// fails the decoding: the test would not know what it allows.
type policyStatement struct {
	Sid       string
	Effect    string
	Action    stringList
	Resource  stringList
	Condition map[string]map[string]stringList
}

type policyDocument struct {
	Version   string
	Statement []policyStatement
}

// loadPolicy reads a policy file, strictly.
func loadPolicy(t *testing.T, file string) policyDocument {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc policyDocument
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if doc.Version != "2012-10-17" {
		t.Errorf("%s: Version %q, want 2012-10-17", file, doc.Version)
	}
	for i, st := range doc.Statement {
		if st.Effect != "Allow" {
			t.Errorf("%s: statement %d (%s) has Effect %q; the policies only allow", file, i, st.Sid, st.Effect)
		}
		if st.Sid == "" || len(st.Action) == 0 || len(st.Resource) == 0 {
			t.Errorf("%s: statement %d needs a Sid, an Action and a Resource", file, i)
		}
	}
	return doc
}

// cloudFormationStatements are the statements of every CloudFormation role policy.
func cloudFormationStatements(t *testing.T) []policyStatement {
	t.Helper()
	var all []policyStatement
	for _, file := range cloudFormationRolePolicies {
		all = append(all, loadPolicy(t, file).Statement...)
	}
	return all
}

// actionMatches follows IAM: actions are case-insensitive, and * and ? are wildcards.
func actionMatches(pattern, action string) bool {
	ok, err := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return err == nil && ok
}

// allows tells whether a statement's actions cover an action.
func (st policyStatement) allows(action string) bool {
	return slices.ContainsFunc(st.Action, func(p string) bool { return actionMatches(p, action) })
}

// allowed tells whether any of the statements covers an action. Resources and conditions
// are not checked: the policies scope them by Panther's names, which the test cannot follow.
func allowed(statements []policyStatement, action string) bool {
	return slices.ContainsFunc(statements, func(st policyStatement) bool { return st.allows(action) })
}

// Every resource type a template declares is in the table, and the table holds nothing else.
func TestIAMTableCoversEveryTemplateResourceType(t *testing.T) {
	types := templateTypes(t)
	for _, name := range slices.Sorted(maps.Keys(types)) {
		if _, ok := cfnPermissions[name]; !ok {
			t.Errorf("%s declares %s, which cfnPermissions in deployments/iam_policy_test.go does not know: add the IAM "+
				"actions CloudFormation needs to create, update, delete and read it (the handlers' permissions of its "+
				"resource type schema) to the table, and allow them in docs/iam/cloudformation-role-*.json "+
				"(and its reads in the drift statements of docs/iam/deployment-role-policy.json)",
				strings.Join(types[name].files, ", "), name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(cfnPermissions)) {
		if _, ok := types[name]; !ok {
			t.Errorf("cfnPermissions lists %s, which no template declares any more: remove it, and what only it needs "+
				"from docs/iam/*.json", name)
		}
	}
}

// The CloudFormation role's policies allow every action the templates' resources need.
func TestIAMCloudFormationRoleAllowsWhatTheTemplatesNeed(t *testing.T) {
	types := templateTypes(t)
	statements := cloudFormationStatements(t)
	for _, name := range slices.Sorted(maps.Keys(types)) {
		perms, ok := cfnPermissions[name]
		if !ok || perms.skip != "" {
			continue
		}
		for _, action := range deployActions(perms, types[name]) {
			if !allowed(statements, action) {
				t.Errorf("%s needs %s, which no statement of docs/iam/cloudformation-role-*.json allows", name, action)
			}
		}
	}
}

// Least privilege the other way round: every action pattern of the CloudFormation role's
// policies serves a resource type the templates declare.
func TestIAMCloudFormationRoleGrantsNothingTheTemplatesDoNotNeed(t *testing.T) {
	types := templateTypes(t)
	var needed []string
	for name, declared := range types {
		if perms, ok := cfnPermissions[name]; ok {
			needed = append(needed, deployActions(perms, declared)...)
		}
	}
	for _, file := range cloudFormationRolePolicies {
		for _, st := range loadPolicy(t, file).Statement {
			for _, pattern := range st.Action {
				if !slices.ContainsFunc(needed, func(a string) bool { return actionMatches(pattern, a) }) {
					t.Errorf("%s: %s allows %s, which no resource type of the templates needs (or the table in "+
						"deployments/iam_policy_test.go misses it)", file, st.Sid, pattern)
				}
			}
		}
	}
}

// passedToServices is the iam:PassedToService values of a PassRole statement; nil means any
// service.
func passedToServices(st policyStatement) []string {
	var services []string
	for op, keys := range st.Condition {
		for key, values := range keys {
			if strings.EqualFold(key, "iam:PassedToService") && (op == "StringEquals" || op == "StringLike") {
				services = append(services, values...)
			}
		}
	}
	return services
}

// Roles go only to the services whose resources take them, and to each of those.
func TestIAMCloudFormationRolePassesRolesOnlyToTheirServices(t *testing.T) {
	types := templateTypes(t)
	want := map[string]string{} // service → a type that passes a role to it
	for _, name := range slices.Sorted(maps.Keys(types)) {
		if svc := cfnPermissions[name].passRoleTo; svc != "" {
			want[svc] = name
		}
	}
	granted := map[string]bool{}
	for _, st := range cloudFormationStatements(t) {
		if !st.allows("iam:PassRole") {
			continue
		}
		services := passedToServices(st)
		if len(services) == 0 {
			t.Errorf("%s allows iam:PassRole without an iam:PassedToService condition", st.Sid)
		}
		for _, svc := range services {
			granted[svc] = true
			if _, ok := want[svc]; !ok {
				t.Errorf("%s passes roles to %s, which no resource type of the templates hands a role to", st.Sid, svc)
			}
		}
	}
	for _, svc := range slices.Sorted(maps.Keys(want)) {
		if !granted[svc] {
			t.Errorf("%s needs iam:PassRole to %s, which docs/iam/cloudformation-role-*.json does not allow", want[svc], svc)
		}
	}
}

// Drift detection reads each resource with the deployment role's credentials.
func TestIAMDeploymentRoleLetsDriftDetectionReadTheResources(t *testing.T) {
	types := templateTypes(t)
	statements := loadPolicy(t, deploymentRolePolicy).Statement
	for _, name := range slices.Sorted(maps.Keys(types)) {
		for _, action := range cfnPermissions[name].drift {
			if !allowed(statements, action) {
				t.Errorf("drift detection reads %s with %s, which docs/iam/deployment-role-policy.json does not allow",
					name, action)
			}
		}
	}
}

// Each policy fits in a customer managed policy, and Sids tell a role's statements apart.
func TestIAMPoliciesFitIAMsLimits(t *testing.T) {
	for _, role := range [][]string{cloudFormationRolePolicies, {deploymentRolePolicy}} {
		sids := map[string]string{}
		for _, file := range role {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, data); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			if compact.Len() > managedPolicyMaxChars {
				t.Errorf("%s has %d characters without whitespace, more than the %d of a managed policy: split it "+
					"(docs/iam.md explains how)", file, compact.Len(), managedPolicyMaxChars)
			}
			for _, st := range loadPolicy(t, file).Statement {
				if other, dup := sids[st.Sid]; dup {
					t.Errorf("Sid %s is in both %s and %s", st.Sid, other, file)
				}
				sids[st.Sid] = file
			}
		}
	}
}
