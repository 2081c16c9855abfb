package localaws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

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
