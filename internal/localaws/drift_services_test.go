package localaws_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
	appsynctypes "github.com/aws/aws-sdk-go-v2/service/appsync/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// deployStack creates a stack from a template and waits for CREATE_COMPLETE.
func deployStack(t *testing.T, e *env, name, tmpl string) {
	t.Helper()
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(tmpl),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam}})
	must(t, err)
	waitCreate(t, e, name)
}

// driftReport detects a stack's drift and describes each resource's as its status followed by
// the paths of its property differences, e.g. "MODIFIED /BatchSize /Enabled".
func driftReport(t *testing.T, e *env, stack string) map[string]string {
	t.Helper()
	detectDrift(t, e, stack)
	out, err := e.cfn.DescribeStackResourceDrifts(ctx(t), &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String(stack)})
	must(t, err)
	report := map[string]string{}
	for _, d := range out.StackResourceDrifts {
		parts := []string{string(d.StackResourceDriftStatus)}
		for _, diff := range d.PropertyDifferences {
			parts = append(parts, aws.ToString(diff.PropertyPath))
		}
		report[aws.ToString(d.LogicalResourceId)] = strings.Join(parts, " ")
	}
	return report
}

// wantDrift detects a stack's drift and compares its report with want.
func wantDrift(t *testing.T, e *env, stack, when string, want map[string]string) {
	t.Helper()
	if got := driftReport(t, e, stack); !maps.Equal(got, want) {
		t.Fatalf("%s: drift %v, want %v", when, got, want)
	}
}

func TestCloudFormationDriftOfTablesAndTopics(t *testing.T) {
	e := startEnv(t)
	tmpl := `{"Resources":{
	  "Alerts":{"Type":"AWS::DynamoDB::Table","Properties":{"BillingMode":"PAY_PER_REQUEST",
	    "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
	    "StreamSpecification":{"StreamViewType":"NEW_IMAGE"}}},
	  "Topic":{"Type":"AWS::SNS::Topic","Properties":{"DisplayName":"Panther alarms"}}},
	  "Outputs":{"Table":{"Value":{"Ref":"Alerts"}},"Topic":{"Value":{"Ref":"Topic"}}}}`
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("stateful"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	waitCreate(t, e, "stateful")
	drift := detectDrift(t, e, "stateful")
	if drift["Alerts"] != cfntypes.StackResourceDriftStatusInSync || drift["Topic"] != cfntypes.StackResourceDriftStatusInSync {
		t.Fatalf("as deployed: %v, want both IN_SYNC", drift)
	}
	outputs := stackOutputs(t, e, "stateful")
	_, err = e.ddb.UpdateTable(ctx(t), &dynamodb.UpdateTableInput{TableName: aws.String(outputs["Table"]),
		StreamSpecification: &ddbtypes.StreamSpecification{StreamEnabled: aws.Bool(false)}})
	must(t, err)
	_, err = sns.NewFromConfig(e.cfg).SetTopicAttributes(ctx(t), &sns.SetTopicAttributesInput{TopicArn: aws.String(outputs["Topic"]),
		AttributeName: aws.String("DisplayName"), AttributeValue: aws.String("changed by hand")})
	must(t, err)
	drift = detectDrift(t, e, "stateful")
	if drift["Alerts"] != cfntypes.StackResourceDriftStatusModified || drift["Topic"] != cfntypes.StackResourceDriftStatusModified {
		t.Fatalf("after changes by hand: %v, want both MODIFIED", drift)
	}
}

func TestCloudFormationDriftOfSubscriptions(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "fanout", `{"Resources":{
	  "Topic":{"Type":"AWS::SNS::Topic"},
	  "Queue":{"Type":"AWS::SQS::Queue"},
	  "Sub":{"Type":"AWS::SNS::Subscription","Properties":{"TopicArn":{"Ref":"Topic"},"Protocol":"sqs",
	    "Endpoint":{"Fn::GetAtt":["Queue","Arn"]},"RawMessageDelivery":true,
	    "FilterPolicy":{"severity":["HIGH","CRITICAL"],"score":[{"numeric":[">=",5]}]}}}},
	  "Outputs":{"Sub":{"Value":{"Ref":"Sub"}}}}`)
	wantDrift(t, e, "fanout", "as deployed", map[string]string{"Topic": "IN_SYNC", "Queue": "IN_SYNC", "Sub": "IN_SYNC"})

	sub := aws.String(stackOutputs(t, e, "fanout")["Sub"])
	_, err := e.sns.SetSubscriptionAttributes(ctx(t), &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub,
		AttributeName: aws.String("RawMessageDelivery"), AttributeValue: aws.String("false")})
	must(t, err)
	_, err = e.sns.SetSubscriptionAttributes(ctx(t), &sns.SetSubscriptionAttributesInput{SubscriptionArn: sub,
		AttributeName: aws.String("FilterPolicy"), AttributeValue: aws.String(`{"severity":["LOW"]}`)})
	must(t, err)
	wantDrift(t, e, "fanout", "after changes by hand", map[string]string{"Topic": "IN_SYNC", "Queue": "IN_SYNC",
		"Sub": "MODIFIED /FilterPolicy /RawMessageDelivery"})

	_, err = e.sns.Unsubscribe(ctx(t), &sns.UnsubscribeInput{SubscriptionArn: sub})
	must(t, err)
	wantDrift(t, e, "fanout", "after unsubscribing by hand", map[string]string{"Topic": "IN_SYNC", "Queue": "IN_SYNC", "Sub": "DELETED"})
}

func TestCloudFormationDriftOfEventRules(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "rules", `
Resources:
  Nightly:
    Type: AWS::Events::Rule
    Properties: {ScheduleExpression: rate(5 minutes), State: ENABLED, Description: nightly sweep}
  Changes:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {source: [aws.cloudformation], detail-type: [CloudFormation Stack Status Change]}
Outputs:
  Nightly: {Value: !Ref Nightly}
  Changes: {Value: !Ref Changes}
`)
	wantDrift(t, e, "rules", "as deployed", map[string]string{"Nightly": "IN_SYNC", "Changes": "IN_SYNC"})

	names := stackOutputs(t, e, "rules")
	_, err := e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String(names["Nightly"]),
		ScheduleExpression: aws.String("rate(1 hour)"), State: "DISABLED", Description: aws.String("nightly sweep")})
	must(t, err)
	// The template does not declare the second rule's State: disabling it is not drift.
	_, err = e.events().PutRule(ctx(t), &eventbridge.PutRuleInput{Name: aws.String(names["Changes"]),
		EventPattern: aws.String(`{"source":["aws.s3"]}`), State: "DISABLED"})
	must(t, err)
	wantDrift(t, e, "rules", "after changes by hand", map[string]string{"Nightly": "MODIFIED /ScheduleExpression /State",
		"Changes": "MODIFIED /EventPattern"})

	for _, name := range names {
		_, err := e.events().DeleteRule(ctx(t), &eventbridge.DeleteRuleInput{Name: aws.String(name)})
		must(t, err)
	}
	wantDrift(t, e, "rules", "after deleting by hand", map[string]string{"Nightly": "DELETED", "Changes": "DELETED"})
}

func TestCloudFormationDriftOfEventSourceMappings(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "consumer", `
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Consumer:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.11
      Handler: index.handle
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          def handle(event, context):
              return None
  Queue:
    Type: AWS::SQS::Queue
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Consumer, EventSourceArn: !GetAtt Queue.Arn, BatchSize: 5, Enabled: true}
Outputs:
  Mapping: {Value: !Ref Mapping}
`)
	synced := map[string]string{"Role": "IN_SYNC", "Consumer": "IN_SYNC", "Queue": "IN_SYNC", "Mapping": "IN_SYNC"}
	wantDrift(t, e, "consumer", "as deployed", synced)

	uuid := aws.String(stackOutputs(t, e, "consumer")["Mapping"])
	_, err := e.lambda().UpdateEventSourceMapping(ctx(t), &lambda.UpdateEventSourceMappingInput{UUID: uuid,
		BatchSize: aws.Int32(7), Enabled: aws.Bool(false)})
	must(t, err)
	synced["Mapping"] = "MODIFIED /BatchSize /Enabled"
	wantDrift(t, e, "consumer", "after changes by hand", synced)

	_, err = e.lambda().DeleteEventSourceMapping(ctx(t), &lambda.DeleteEventSourceMappingInput{UUID: uuid})
	must(t, err)
	synced["Mapping"] = "DELETED"
	wantDrift(t, e, "consumer", "after deleting by hand", synced)
}

func TestCloudFormationDriftOfKeys(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "keys", `
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: {Description: data at rest, Enabled: true, PendingWindowInDays: 7}
Outputs:
  Key: {Value: !Ref Key}
`)
	wantDrift(t, e, "keys", "as deployed", map[string]string{"Key": "IN_SYNC"})

	key := aws.String(stackOutputs(t, e, "keys")["Key"])
	_, err := e.kms.DisableKey(ctx(t), &kms.DisableKeyInput{KeyId: key})
	must(t, err)
	wantDrift(t, e, "keys", "after disabling by hand", map[string]string{"Key": "MODIFIED /Enabled"})

	_, err = e.kms.ScheduleKeyDeletion(ctx(t), &kms.ScheduleKeyDeletionInput{KeyId: key, PendingWindowInDays: aws.Int32(7)})
	must(t, err)
	wantDrift(t, e, "keys", "after scheduling its deletion by hand", map[string]string{"Key": "DELETED"})
}

func TestCloudFormationDriftOfDeliveryStreams(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "hose", streamTemplate)
	wantDrift(t, e, "hose", "as deployed", map[string]string{"Bucket": "IN_SYNC", "Stream": "IN_SYNC"})

	_, err := e.hose.DeleteDeliveryStream(ctx(t), &firehose.DeleteDeliveryStreamInput{
		DeliveryStreamName: aws.String(stackOutputs(t, e, "hose")["Stream"])})
	must(t, err)
	wantDrift(t, e, "hose", "after deleting by hand", map[string]string{"Bucket": "IN_SYNC", "Stream": "DELETED"})
}

func TestCloudFormationDriftOfUserPools(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "users", `
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties: {UserPoolName: app-users}
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties: {UserPoolId: !Ref Pool, ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]}
Outputs:
  Pool: {Value: !Ref Pool}
  Client: {Value: !Ref Client}
`)
	wantDrift(t, e, "users", "as deployed", map[string]string{"Pool": "IN_SYNC", "Client": "IN_SYNC"})

	ids := stackOutputs(t, e, "users")
	_, err := e.cognito().DeleteUserPoolClient(ctx(t), &cip.DeleteUserPoolClientInput{UserPoolId: aws.String(ids["Pool"]),
		ClientId: aws.String(ids["Client"])})
	must(t, err)
	wantDrift(t, e, "users", "after deleting the client by hand", map[string]string{"Pool": "IN_SYNC", "Client": "DELETED"})

	_, err = e.cognito().DeleteUserPool(ctx(t), &cip.DeleteUserPoolInput{UserPoolId: aws.String(ids["Pool"])})
	must(t, err)
	wantDrift(t, e, "users", "after deleting the pool by hand", map[string]string{"Pool": "DELETED", "Client": "DELETED"})
}

func TestCloudFormationDriftOfGraphQLAPIs(t *testing.T) {
	e := startEnv(t)
	deployStack(t, e, "graphql", `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties: {Name: items, AuthenticationType: API_KEY}
Outputs:
  ApiId: {Value: !GetAtt Api.ApiId}
`)
	wantDrift(t, e, "graphql", "as deployed", map[string]string{"Api": "IN_SYNC"})

	id := aws.String(stackOutputs(t, e, "graphql")["ApiId"])
	updated, err := e.appsync().UpdateGraphqlApi(ctx(t), &appsync.UpdateGraphqlApiInput{ApiId: id, Name: aws.String("renamed"),
		AuthenticationType: appsynctypes.AuthenticationTypeAwsIam})
	must(t, err)
	if api := updated.GraphqlApi; aws.ToString(api.Name) != "renamed" || api.AuthenticationType != appsynctypes.AuthenticationTypeAwsIam {
		t.Fatalf("UpdateGraphqlApi answered %+v", api)
	}
	wantDrift(t, e, "graphql", "after changes by hand", map[string]string{"Api": "MODIFIED /AuthenticationType /Name"})

	_, err = e.appsync().DeleteGraphqlApi(ctx(t), &appsync.DeleteGraphqlApiInput{ApiId: id})
	must(t, err)
	wantDrift(t, e, "graphql", "after deleting by hand", map[string]string{"Api": "DELETED"})
}
