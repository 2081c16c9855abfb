package localaws_test

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const tableTemplate = `
Parameters:
  Capacity: {Type: Number, Default: 5}
  View: {Type: String, Default: NEW_AND_OLD_IMAGES}
Resources:
  Alerts:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PROVISIONED
      ProvisionedThroughput: {ReadCapacityUnits: !Ref Capacity, WriteCapacityUnits: !Ref Capacity}
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
        - {AttributeName: severity, AttributeType: S}
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      GlobalSecondaryIndexes:
        - IndexName: bySeverity
          KeySchema: [{AttributeName: severity, KeyType: HASH}]
          Projection: {ProjectionType: KEYS_ONLY}
          ProvisionedThroughput: {ReadCapacityUnits: 1, WriteCapacityUnits: 1}
      StreamSpecification: {StreamViewType: !Ref View}
      TimeToLiveSpecification: {AttributeName: expiresAt, Enabled: true}
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
      SSESpecification: {SSEEnabled: true}
      Tags: [{Key: team, Value: detections}]
Outputs:
  TableName: {Value: !Ref Alerts}
  TableArn: {Value: !GetAtt Alerts.Arn}
  StreamArn: {Value: !GetAtt Alerts.StreamArn}
`

func TestDynamoDBCloudFormationTableWithIndexAndStream(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("alerts"), TemplateBody: aws.String(tableTemplate)})
	must(t, err)
	waitCreate(t, e, "alerts")
	out := stackOutputs(t, e, "alerts")
	name := out["TableName"]
	if !strings.HasPrefix(name, "alerts-Alerts-") || !strings.HasSuffix(out["TableArn"], ":table/"+name) ||
		!strings.HasPrefix(out["StreamArn"], out["TableArn"]+"/stream/") {
		t.Fatalf("outputs %v", out)
	}
	d, err := e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	must(t, err)
	if len(d.Table.GlobalSecondaryIndexes) != 1 || aws.ToString(d.Table.LatestStreamArn) != out["StreamArn"] ||
		aws.ToInt64(d.Table.ProvisionedThroughput.ReadCapacityUnits) != 5 || d.Table.SSEDescription == nil {
		t.Fatalf("table %+v", d.Table)
	}
	ttl, err := e.ddb.DescribeTimeToLive(c, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	must(t, err)
	if ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled {
		t.Fatalf("ttl %+v", ttl.TimeToLiveDescription)
	}
	put(t, e, name, map[string]av{"id": str("1"), "severity": str("HIGH")})
	if r := readStream(t, e, name); len(r) != 1 {
		t.Fatalf("stream records %d", len(r))
	}

	// An update in place changes throughput and the stream's view type
	// (a new stream); the item stays.
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("alerts"), TemplateBody: aws.String(tableTemplate),
		Parameters: params("Capacity", "10", "View", "KEYS_ONLY")})
	must(t, err)
	if st := waitStatus(t, e, "alerts"); st.StackStatus != cfntypes.StackStatusUpdateComplete {
		t.Fatalf("update: %s %s", st.StackStatus, eventSummary(t, e, "alerts"))
	}
	after := stackOutputs(t, e, "alerts")
	if after["TableName"] != name || after["StreamArn"] == out["StreamArn"] {
		t.Fatalf("outputs after update %v (before %v)", after, out)
	}
	got, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String(name), Key: map[string]av{"id": str("1")}})
	must(t, err)
	if got.Item == nil {
		t.Fatalf("item lost by an in-place update")
	}

	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("alerts")})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: aws.String("alerts")}, 30*time.Second))
	_, err = e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	wantCode(t, err, "ResourceNotFoundException")
}

func TestDynamoDBCloudFormationKeySchemaChangeReplacesTable(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := func(key string) string {
		return `{"Resources":{"T":{"Type":"AWS::DynamoDB::Table","Properties":{"TableName":"fixed-` + key + `","BillingMode":"PAY_PER_REQUEST",
			"AttributeDefinitions":[{"AttributeName":"` + key + `","AttributeType":"S"}],"KeySchema":[{"AttributeName":"` + key + `","KeyType":"HASH"}]}},
			"S":{"Type":"AWS::Serverless::SimpleTable"}},"Transform":"AWS::Serverless-2016-10-31"}`
	}
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("repl"), TemplateBody: aws.String(tmpl("a")),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityAutoExpand}})
	must(t, err)
	waitCreate(t, e, "repl")
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("repl"), TemplateBody: aws.String(tmpl("b")),
		Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityAutoExpand}})
	must(t, err)
	if st := waitStatus(t, e, "repl"); st.StackStatus != cfntypes.StackStatusUpdateComplete {
		t.Fatalf("update: %s %s", st.StackStatus, eventSummary(t, e, "repl"))
	}
	tables, err := e.ddb.ListTables(c, &dynamodb.ListTablesInput{})
	must(t, err)
	if len(tables.TableNames) != 2 || tables.TableNames[0] != "fixed-b" || !strings.HasPrefix(tables.TableNames[1], "repl-S-") {
		t.Fatalf("tables after replacement %v", tables.TableNames)
	}
}
