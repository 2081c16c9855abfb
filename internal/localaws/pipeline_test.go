package localaws_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// serverlessPipelineTemplate is Panther's shape in small: a bucket notifies a topic, the topic feeds a
// queue, the queue feeds a Go function; a table's stream and a schedule feed a Python
// function. Both functions' code comes from S3.
const serverlessPipelineTemplate = `
Parameters:
  CodeBucket: {Type: String}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Topic: {Type: AWS::SNS::Topic}
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: s3.amazonaws.com}, Action: sns:Publish, Resource: !Ref Topic}]}
  Input:
    Type: AWS::S3::Bucket
    DependsOn: TopicPolicy
    Properties:
      BucketName: pipeline-input
      NotificationConfiguration:
        TopicConfigurations: [{Event: "s3:ObjectCreated:*", Topic: !Ref Topic}]
  Queue:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 60}
  Subscription:
    Type: AWS::SNS::Subscription
    Properties: {TopicArn: !Ref Topic, Protocol: sqs, Endpoint: !GetAtt Queue.Arn}
  Processor:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: pipeline-processor
      Runtime: provided.al2023
      Handler: bootstrap
      Role: !GetAtt Role.Arn
      Code: {S3Bucket: !Ref CodeBucket, S3Key: gofn.zip}
  ProcessorMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Processor, EventSourceArn: !GetAtt Queue.Arn}
  Alerts:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
  Forwarder:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: pipeline-forwarder
      Runtime: python3.11
      Handler: forwarder.handle
      Role: !GetAtt Role.Arn
      Code: {S3Bucket: !Ref CodeBucket, S3Key: forwarder.zip}
  ForwarderMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Forwarder, EventSourceArn: !GetAtt Alerts.StreamArn, StartingPosition: TRIM_HORIZON}
  Hourly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets: [{Id: forwarder, Arn: !GetAtt Forwarder.Arn}]
Outputs:
  Table: {Value: !Ref Alerts}
`

const forwarderSource = `import json

def handle(event, context):
    if "Records" in event:
        for record in event["Records"]:
            print("forwarded", record["eventName"], json.dumps(record["dynamodb"]["Keys"]))
    elif event.get("detail-type") == "Scheduled Event":
        print("scheduled run", event["resources"][0])
    return {"ok": True}
`

func TestCloudFormationServerlessPipelineTriggers(t *testing.T) {
	clock := &shiftedClock{}
	e := startEnv(t, func(o *localaws.Options) { o.Clock = clock.now })
	code, err := goFunctionZip()
	must(t, err)
	forwarder, err := zipFiles(map[string]zipEntry{"forwarder.py": {data: []byte(forwarderSource), mode: 0o644}})
	must(t, err)
	mustCreateBucket(t, e, "code")
	for key, data := range map[string][]byte{"gofn.zip": code, "forwarder.zip": forwarder} {
		_, err := e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("code"), Key: aws.String(key), Body: bytes.NewReader(data)})
		must(t, err)
	}
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("pipeline"),
		TemplateBody: aws.String(serverlessPipelineTemplate), Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam},
		Parameters: params("CodeBucket", "code")})
	must(t, err)
	waitCreate(t, e, "pipeline")

	// An upload reaches the Go function through S3 → SNS → SQS → the event source mapping.
	putObject(t, e, "pipeline-input", "logs/cloudtrail.json.gz", "data")
	waitForLog(t, e, "pipeline-processor", "logs/cloudtrail.json.gz")

	// A table write reaches the Python function through the stream mapping.
	_, err = e.ddb.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(stackOutputs(t, e, "pipeline")["Table"]),
		Item: map[string]ddbtypes.AttributeValue{"id": &ddbtypes.AttributeValueMemberS{Value: "alert-7"}}})
	must(t, err)
	waitForLog(t, e, "pipeline-forwarder", "forwarded INSERT")

	// The schedule reaches it too, once an hour has passed.
	clock.advance(time.Hour + time.Second)
	waitForLog(t, e, "pipeline-forwarder", "scheduled run")

	// And a direct invocation.
	_, doc := invokeJSON(t, e, "pipeline-processor", map[string]string{"action": "echo", "value": "direct"}, false)
	if doc["value"] != "direct" {
		t.Errorf("direct invocation: %v", doc)
	}
	if !strings.Contains(stackOutputs(t, e, "pipeline")["Table"], "pipeline-Alerts-") {
		t.Errorf("outputs %v", stackOutputs(t, e, "pipeline"))
	}
}
