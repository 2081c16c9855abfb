package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// provisioner creates, updates and deletes one resource type. create and
// update set the resource's PhysicalID (what Ref returns) and Attributes
// (what GetAtt returns).
type provisioner interface {
	create(pc *provisionCtx, r *StackResource, props map[string]any) error
	update(pc *provisionCtx, r *StackResource, props map[string]any) error
	delete(pc *provisionCtx, r *StackResource) error
}

// asyncProvisioner is a provisioner whose changes complete later; its
// create, update and delete return errPending and poll reports the outcome.
type asyncProvisioner interface {
	provisioner
	poll(pc *provisionCtx, r *StackResource) error
}

// provisionCtx is what a provisioner may touch.
type provisionCtx struct {
	eng    *Engine
	stack  *Stack
	region region
}

func (pc *provisionCtx) poll(r *StackResource) error {
	if p, ok := provisionerFor(r.Type).(asyncProvisioner); ok {
		return p.poll(pc, r)
	}
	return nil
}

// provisioners are the modeled types; everything else is generic.
var provisioners = map[string]provisioner{
	"AWS::S3::Bucket":                      bucketProvisioner{},
	"AWS::S3::BucketPolicy":                bucketPolicyProvisioner{},
	"AWS::Logs::LogGroup":                  logGroupProvisioner{},
	"AWS::IAM::Role":                       roleProvisioner{},
	"AWS::Lambda::Function":                functionProvisioner{},
	"AWS::Lambda::Permission":              permissionProvisioner{},
	"AWS::Lambda::EventSourceMapping":      mappingProvisioner{},
	"AWS::CloudFormation::Stack":           nestedStackProvisioner{},
	"AWS::SQS::Queue":                      queueProvisioner{},
	"AWS::SQS::QueuePolicy":                queuePolicyProvisioner{},
	"AWS::Events::Rule":                    eventRuleProvisioner{},
	"AWS::SNS::Topic":                      topicProvisioner{},
	"AWS::SNS::Subscription":               subscriptionProvisioner{},
	"AWS::SNS::TopicPolicy":                topicPolicyProvisioner{},
	"AWS::DynamoDB::Table":                 tableProvisioner{},
	"AWS::KMS::Key":                        keyProvisioner{},
	"AWS::KMS::Alias":                      aliasProvisioner{},
	"AWS::Glue::Database":                  glueDatabaseProvisioner{},
	"AWS::Glue::Table":                     glueTableProvisioner{},
	"AWS::KinesisFirehose::DeliveryStream": deliveryStreamProvisioner{},
	"AWS::Lambda::LayerVersion":            layerProvisioner{},
	"AWS::Serverless::Function":            namedProvisioner{spec: genericSpec("AWS::Serverless::Function")},
	"AWS::Serverless::SimpleTable":         tableProvisioner{},
	"AWS::Cognito::UserPool":               userPoolProvisioner{},
	"AWS::Cognito::UserPoolClient":         userPoolClientProvisioner{},
	"AWS::Cognito::UserPoolGroup":          userPoolGroupProvisioner{},
	"AWS::AppSync::GraphQLApi":             graphQLAPIProvisioner{},
	"AWS::AppSync::GraphQLSchema":          graphQLSchemaProvisioner{},
	"AWS::AppSync::DataSource":             dataSourceProvisioner{},
	"AWS::AppSync::Resolver":               resolverProvisioner{},
	"AWS::AppSync::ApiKey":                 apiKeyProvisioner{},
}

func provisionerFor(typ string) provisioner {
	if p, ok := provisioners[typ]; ok {
		return p
	}
	if template.IsCustomResource(typ) {
		return customResourceProvisioner{}
	}
	if spec, ok := knownSpecs[typ]; ok {
		return namedProvisioner{spec: spec}
	}
	return namedProvisioner{spec: genericSpec(typ)}
}

// isModeled reports whether drift detection can check a type.
func isModeled(typ string) bool {
	switch typ {
	case "AWS::S3::Bucket", "AWS::Logs::LogGroup", "AWS::IAM::Role", "AWS::SQS::Queue", "AWS::Lambda::Function",
		"AWS::Lambda::EventSourceMapping", "AWS::DynamoDB::Table", "AWS::SNS::Topic", "AWS::SNS::Subscription",
		"AWS::Events::Rule", "AWS::KMS::Key", "AWS::KinesisFirehose::DeliveryStream", "AWS::Cognito::UserPool",
		"AWS::Cognito::UserPoolClient", "AWS::AppSync::GraphQLApi":
		return true
	}
	return false
}

// replacementProperties lists, per type, the properties whose change
// requires a new physical resource.
var replacementProperties = map[string][]string{
	"AWS::S3::Bucket":                      {"BucketName"},
	"AWS::S3::BucketPolicy":                {"Bucket"},
	"AWS::Logs::LogGroup":                  {"LogGroupName"},
	"AWS::IAM::Role":                       {"RoleName", "Path"},
	"AWS::Lambda::Function":                {"FunctionName", "PackageType"},
	"AWS::Lambda::Permission":              {"FunctionName", "Action", "Principal", "SourceArn", "SourceAccount", "EventSourceToken"},
	"AWS::Lambda::LayerVersion":            {"Content", "LayerName", "CompatibleRuntimes", "Description", "LicenseInfo", "CompatibleArchitectures"},
	"AWS::Lambda::EventSourceMapping":      {"EventSourceArn", "StartingPosition", "StartingPositionTimestamp"},
	"AWS::SQS::Queue":                      {"QueueName", "FifoQueue"},
	"AWS::SNS::Topic":                      {"TopicName", "FifoTopic"},
	"AWS::SNS::Subscription":               {"TopicArn", "Protocol", "Endpoint"},
	"AWS::DynamoDB::Table":                 {"TableName", "KeySchema", "LocalSecondaryIndexes"},
	"AWS::KMS::Alias":                      {"AliasName"},
	"AWS::CloudFormation::Stack":           {},
	"AWS::Glue::Database":                  {"CatalogId"},
	"AWS::Glue::Table":                     {"CatalogId", "DatabaseName"},
	"AWS::KinesisFirehose::DeliveryStream": {"DeliveryStreamName", "DeliveryStreamType", "KinesisStreamSourceConfiguration"},
	"AWS::Cognito::UserPool":               {"UsernameAttributes", "AliasAttributes", "Schema"},
	"AWS::Cognito::UserPoolClient": {"UserPoolId", "ClientName", "GenerateSecret", "ExplicitAuthFlows",
		"AccessTokenValidity", "IdTokenValidity", "RefreshTokenValidity", "TokenValidityUnits", "PreventUserExistenceErrors"},
	"AWS::Cognito::UserPoolGroup": {"UserPoolId", "GroupName", "Description", "RoleArn", "Precedence"},
	"AWS::AppSync::GraphQLApi":    {},
	"AWS::AppSync::GraphQLSchema": {"ApiId"},
	"AWS::AppSync::DataSource":    {"ApiId", "Name", "Type", "LambdaConfig", "ServiceRoleArn", "Description"},
	"AWS::AppSync::Resolver": {"ApiId", "TypeName", "FieldName", "DataSourceName", "Kind", "RequestMappingTemplate",
		"ResponseMappingTemplate"},
	"AWS::AppSync::ApiKey": {"ApiId", "Description", "Expires"},
	// A task definition revision is immutable: any change but of its tags
	// registers a new revision.
	"AWS::ECS::TaskDefinition": {"ContainerDefinitions", "Cpu", "EphemeralStorage", "ExecutionRoleArn", "Family",
		"InferenceAccelerators", "IpcMode", "Memory", "NetworkMode", "PidMode", "PlacementConstraints",
		"ProxyConfiguration", "RequiresCompatibilities", "RuntimePlatform", "TaskRoleArn", "Volumes"},
	"AWS::ECS::Service": {"Cluster", "DeploymentController", "LaunchType", "Role", "SchedulingStrategy",
		"ServiceName"},
	"AWS::ElasticLoadBalancingV2::Listener":     {"LoadBalancerArn"},
	"AWS::ElasticLoadBalancingV2::ListenerRule": {"ListenerArn"},
}

// replacementFor names the changed properties that force replacement; for
// types without a table, a changed *Name property does. Custom resources
// are always updated in place: their handler decides about replacement.
func replacementFor(typ string, current, desired map[string]any) []string {
	var out []string
	props, known := replacementProperties[typ]
	if !known && !template.IsCustomResource(typ) {
		for k := range union(current, desired) {
			if strings.HasSuffix(k, "Name") {
				props = append(props, k)
			}
		}
	}
	for _, p := range props {
		if template.Canonical(normalizeTree(current[p])) != template.Canonical(normalizeTree(desired[p])) {
			out = append(out, p)
		}
	}
	return out
}

func requiresReplacement(typ string, current, desired map[string]any) bool {
	return len(replacementFor(typ, current, desired)) > 0
}

func union(a, b map[string]any) map[string]any {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]any{}
	}
	maps.Copy(out, b)
	return out
}

// normalizeTree makes values from JSON state and from fresh evaluation
// comparable (numbers and booleans become text, as CloudFormation sees them).
func normalizeTree(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[k] = normalizeTree(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = normalizeTree(val)
		}
		return out
	case nil:
		return nil
	}
	return template.ScalarString(v)
}

// generatedName builds AWS-style names: stack-logical-RANDOM, trimmed to
// the service's limit.
func (pc *provisionCtx) generatedName(r *StackResource, limit int, lower bool) string {
	suffix := wire.RandomID(12)
	stack, logical := pc.stack.Name, r.LogicalID
	budget := limit - len(suffix) - 2
	for len(stack)+len(logical) > budget {
		if len(stack) >= len(logical) {
			stack = stack[:len(stack)-1]
		} else {
			logical = logical[:len(logical)-1]
		}
	}
	name := stack + "-" + logical + "-" + suffix
	if lower {
		name = strings.ToLower(name)
	}
	return name
}

// nameOf is the name a resource's property gives, or a generated one within the service's
// limit.
func (pc *provisionCtx) nameOf(r *StackResource, props map[string]any, property string, limit int) string {
	if name := template.ScalarString(props[property]); name != "" {
		return name
	}
	return pc.generatedName(r, limit, false)
}

// stackTags are the stack's tags, which CloudFormation propagates.
func (pc *provisionCtx) stackTags() map[string]string {
	out := map[string]string{}
	for _, t := range pc.stack.Tags {
		out[t.Key] = t.Value
	}
	return out
}

// resourceTags are the stack's tags overlaid with the resource's own.
func (pc *provisionCtx) resourceTags(props map[string]any) map[string]string {
	tags := pc.stackTags()
	for k, v := range tagList(props["Tags"]) {
		tags[k] = v
	}
	return tags
}

// tagList reads a CloudFormation Tags property ([{Key, Value}]).
func tagList(v any) map[string]string {
	out := map[string]string{}
	for _, t := range template.AsSlice(v) {
		m := template.AsMap(t)
		out[template.ScalarString(m["Key"])] = template.ScalarString(m["Value"])
	}
	return out
}

func (pc *provisionCtx) arn(service, resource string) string {
	s := pc.stack
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", wire.Partition(s.Region), service, s.Region, s.Account, resource)
}

func jsonString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	data, _ := json.Marshal(v)
	return string(data)
}
