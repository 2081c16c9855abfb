package localaws_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// serverlessTemplate deploys the Go test function and a Python function from S3, a queue
// feeding the Go function, a permission, and a custom resource run by the Go function.
const serverlessTemplate = `
Parameters:
  CodeBucket: {Type: String}
  Outcome: {Type: String, Default: SUCCESS}
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: panther-worker
      Runtime: provided.al2023
      Handler: bootstrap
      Role: !GetAtt Role.Arn
      Timeout: 10
      Code: {S3Bucket: !Ref CodeBucket, S3Key: gofn.zip}
      Environment: {Variables: {GREETING: from-template}}
  Helper:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.11
      Handler: index.handle
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          def handle(event, context):
              return {"doubled": event["n"] * 2}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 60}
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 10
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Worker.Arn
      Action: lambda:InvokeFunction
      Principal: sns.amazonaws.com
  Seed:
    Type: Custom::Seed
    DependsOn: Mapping
    Properties:
      ServiceToken: !GetAtt Worker.Arn
      ServiceTimeout: 30
      Outcome: !Ref Outcome
      Reason: the seed data is refused
      Echo: seeded
Outputs:
  QueueUrl: {Value: !Ref Queue}
  HelperName: {Value: !Ref Helper}
  Seeded: {Value: !GetAtt Seed.Echo}
`

func deployServerless(t *testing.T, e *env, stack, outcome string) {
	t.Helper()
	code, err := goFunctionZip()
	must(t, err)
	if _, err := e.s3.HeadBucket(ctx(t), &s3.HeadBucketInput{Bucket: aws.String("code")}); err != nil {
		mustCreateBucket(t, e, "code")
	}
	_, err = e.s3.PutObject(ctx(t), &s3.PutObjectInput{Bucket: aws.String("code"), Key: aws.String("gofn.zip"), Body: bytes.NewReader(code)})
	must(t, err)
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String(stack),
		TemplateBody: aws.String(serverlessTemplate), Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityIam},
		Parameters: append(params("CodeBucket", "code"), params("Outcome", outcome)...)})
	must(t, err)
}

func TestCloudFormationDeploysFunctionsThatRun(t *testing.T) {
	e := startEnv(t)
	deployServerless(t, e, "serverless", "SUCCESS")
	waitCreate(t, e, "serverless")
	outputs := stackOutputs(t, e, "serverless")
	if outputs["Seeded"] != "seeded" {
		t.Errorf("the custom resource's data: outputs %v", outputs)
	}

	// Invoking the Go function directly, with the template's environment.
	_, doc := invokeJSON(t, e, "panther-worker", map[string]string{"action": "echo"}, false)
	if doc["env"] != "from-template" {
		t.Errorf("Go function: %v", doc)
	}
	// Invoking the inline Python function.
	out, err := e.lambda().Invoke(ctx(t), &lambda.InvokeInput{FunctionName: aws.String(outputs["HelperName"]), Payload: []byte(`{"n":21}`)})
	if err != nil || out.FunctionError != nil || !strings.Contains(string(out.Payload), `"doubled": 42`) {
		t.Errorf("Python function: %v %s", err, out.Payload)
	}
	// Sending to the queue the mapping polls.
	_, err = e.sqs.SendMessage(ctx(t), &sqs.SendMessageInput{QueueUrl: aws.String(outputs["QueueUrl"]), MessageBody: aws.String("from-the-queue")})
	must(t, err)
	waitForLog(t, e, "panther-worker", "got: from-the-queue")

	// Deleting the stack, which sends the custom resource its Delete and removes the functions.
	stackID := aws.ToString(describe(t, e, "serverless").StackId)
	_, err = e.cfn.DeleteStack(ctx(t), &cloudformation.DeleteStackInput{StackName: aws.String("serverless")})
	must(t, err)
	waitStatus(t, e, stackID)
	waitForLog(t, e, "panther-worker", "custom resource: Delete Seed")
	if _, err := e.lambda().GetFunction(ctx(t), &lambda.GetFunctionInput{FunctionName: aws.String("panther-worker")}); err == nil {
		t.Error("the function outlived its stack")
	}
}

func TestCloudFormationCustomResourceFailureRollsBack(t *testing.T) {
	e := startEnv(t)
	deployServerless(t, e, "refused", "FAILED")
	if st := waitStatus(t, e, "refused"); st.StackStatus != cfntypes.StackStatusRollbackComplete {
		t.Fatalf("status %s, want ROLLBACK_COMPLETE", st.StackStatus)
	}
	summary := eventSummary(t, e, "refused")
	if !strings.Contains(summary, "Seed CREATE_FAILED Received response status [FAILED] from custom resource. Message returned: the seed data is refused") {
		t.Errorf("events: %s", summary)
	}
}

func TestCloudFormationDriftOfAFunction(t *testing.T) {
	e := startEnv(t)
	deployServerless(t, e, "drifting", "SUCCESS")
	waitCreate(t, e, "drifting")
	if status := detectDrift(t, e, "drifting")["Worker"]; status != cfntypes.StackResourceDriftStatusInSync {
		t.Fatalf("a function as deployed: %s, want IN_SYNC", status)
	}
	_, err := e.lambda().UpdateFunctionConfiguration(ctx(t), &lambda.UpdateFunctionConfigurationInput{
		FunctionName: aws.String("panther-worker"), MemorySize: aws.Int32(512)})
	must(t, err)
	if status := detectDrift(t, e, "drifting")["Worker"]; status != cfntypes.StackResourceDriftStatusModified {
		t.Fatalf("a function whose memory was changed by hand: %s, want MODIFIED", status)
	}
}
