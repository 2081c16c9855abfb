package localaws_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// The root template nests three stacks the way a product's master template
// does: ordered by DependsOn and by outputs passed as parameters, one gated
// by a condition.
const rootTemplate = `
Parameters:
  WithOnboard: {Type: String, Default: "true", AllowedValues: ["true", "false"]}
Conditions:
  Onboard: !Equals [!Ref WithOnboard, "true"]
Resources:
  Bootstrap:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://assets.s3.us-east-1.amazonaws.com/bootstrap.yml
      Tags: [{Key: Stack, Value: panther-bootstrap}]
  Core:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/assets/core.yml
      Parameters:
        DataBucket: !GetAtt Bootstrap.Outputs.DataBucket
  Onboard:
    Type: AWS::CloudFormation::Stack
    Condition: Onboard
    DependsOn: Core
    Properties:
      TemplateURL: https://assets.s3.amazonaws.com/onboard.yml
Outputs:
  Url: {Value: !Sub "https://${Bootstrap.Outputs.DataBucket}"}
`

var nestedTemplates = map[string]string{
	"bootstrap.yml": `
Resources:
  Data: {Type: AWS::S3::Bucket}
Outputs:
  DataBucket: {Value: !Ref Data}
`,
	"core.yml": `
Parameters:
  DataBucket: {Type: String}
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref DataBucket
      PolicyDocument: {Version: "2012-10-17", Statement: []}
  Queue: {Type: AWS::SQS::Queue}
`,
	"onboard.yml": `
Resources:
  Topic: {Type: AWS::SNS::Topic}
`,
	"broken.yml": `
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: {S3Bucket: assets, S3Key: missing.zip}
      Handler: main
      Runtime: go1.x
      Role: arn:aws:iam::000000000000:role/x
`,
}

func uploadAssets(t *testing.T, e *env) {
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("assets")})
	must(t, err)
	for key, body := range nestedTemplates {
		_, err := e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("assets"), Key: aws.String(key), Body: strings.NewReader(body)})
		must(t, err)
	}
}

func TestCloudFormationNestedStacks(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	uploadAssets(t, e)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("panther"), TemplateBody: aws.String(rootTemplate),
		Tags: []types.Tag{{Key: aws.String("Application"), Value: aws.String("Panther")}}})
	must(t, err)
	waitCreate(t, e, "panther")
	root := describe(t, e, "panther")

	all, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
	must(t, err)
	children := map[string]types.Stack{}
	for _, s := range all.Stacks {
		if aws.ToString(s.ParentId) == aws.ToString(root.StackId) {
			children[aws.ToString(s.StackName)] = s
		}
	}
	if len(children) != 3 {
		t.Fatalf("nested stacks: %d", len(children))
	}
	for name, s := range children {
		tags := map[string]string{}
		for _, tg := range s.Tags {
			tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
		}
		if tags["Application"] != "Panther" {
			t.Errorf("%s lacks the root's tags: %v", name, tags)
		}
		if strings.HasPrefix(name, "panther-Bootstrap-") && tags["Stack"] != "panther-bootstrap" {
			t.Errorf("bootstrap tags %v", tags)
		}
	}
	if !strings.HasPrefix(aws.ToString(root.Outputs[0].OutputValue), "https://panther-bootstrap-") {
		t.Fatalf("root output %s", aws.ToString(root.Outputs[0].OutputValue))
	}

	// Turning the condition off removes the onboard nested stack.
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("panther"), UsePreviousTemplate: aws.Bool(true), Parameters: params("WithOnboard", "false")})
	must(t, err)
	if st := waitStatus(t, e, "panther"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update: %s %s", st.StackStatus, eventSummary(t, e, "panther"))
	}
	res, err := e.cfn.ListStackResources(c, &cloudformation.ListStackResourcesInput{StackName: aws.String("panther")})
	must(t, err)
	if len(res.StackResourceSummaries) != 2 {
		t.Fatalf("resources after update: %+v", res.StackResourceSummaries)
	}

	// Deleting the root deletes the children, dependents first.
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("panther")})
	must(t, err)
	if st := waitStatus(t, e, aws.ToString(root.StackId)); st.StackStatus != types.StackStatusDeleteComplete {
		t.Fatalf("delete: %s", st.StackStatus)
	}
	live, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
	must(t, err)
	if len(live.Stacks) != 0 {
		t.Fatalf("stacks left: %d", len(live.Stacks))
	}
}

func TestCloudFormationNestedStackFailureRollsBackParent(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	uploadAssets(t, e)
	tmpl := `{"Resources":{"Broken":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"https://assets.s3.amazonaws.com/broken.yml"}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("parent"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	st := waitStatus(t, e, "parent")
	if st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("parent: %s", st.StackStatus)
	}
	events, err := e.cfn.DescribeStackEvents(c, &cloudformation.DescribeStackEventsInput{StackName: aws.String("parent")})
	must(t, err)
	found := false
	for _, ev := range events.StackEvents {
		if ev.ResourceStatus == types.ResourceStatusCreateFailed && strings.Contains(aws.ToString(ev.ResourceStatusReason), "Embedded stack") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no embedded stack failure: %s", eventSummary(t, e, "parent"))
	}
}

func TestCloudFormationNestedUpdateFailureRollsBackBothLevels(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	child := `{"Parameters":{"Days":{"Type":"Number"}},
	 "Resources":{"G":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/nested/g","RetentionInDays":{"Ref":"Days"}}}}}`
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("assets")})
	must(t, err)
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("assets"), Key: aws.String("child.json"), Body: strings.NewReader(child)})
	must(t, err)
	parent := `{"Parameters":{"Days":{"Type":"Number"}},
	 "Resources":{"Child":{"Type":"AWS::CloudFormation::Stack","Properties":{
	   "TemplateURL":"https://assets.s3.amazonaws.com/child.json","Parameters":{"Days":{"Ref":"Days"}}}}}}`
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("outer"), TemplateBody: aws.String(parent), Parameters: params("Days", "7")})
	must(t, err)
	waitCreate(t, e, "outer")

	_, err = e.admin.AddFault(c, admin.FaultRule{Service: "cloudformation", Operation: "UpdateResource", Resource: "/G/", ErrorCode: "InternalFailure", Count: 1})
	must(t, err)
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("outer"), UsePreviousTemplate: aws.Bool(true), Parameters: params("Days", "14")})
	must(t, err)
	if st := waitStatus(t, e, "outer"); st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("parent: %s; %s", st.StackStatus, eventSummary(t, e, "outer"))
	}
	all, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
	must(t, err)
	for _, s := range all.Stacks {
		if s.ParentId != nil && s.StackStatus != types.StackStatusUpdateRollbackComplete {
			t.Fatalf("child: %s", s.StackStatus)
		}
	}
	groups, err := e.logs.DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/nested/g")})
	must(t, err)
	if aws.ToInt32(groups.LogGroups[0].RetentionInDays) != 7 {
		t.Fatalf("retention after rollback: %d", aws.ToInt32(groups.LogGroups[0].RetentionInDays))
	}
}

func TestCloudFormationNestedStacksInheritCapabilities(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	child := `{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"nested-role","AssumeRolePolicyDocument":{}}}}}`
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("assets")})
	must(t, err)
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("assets"), Key: aws.String("iam.json"), Body: strings.NewReader(child)})
	must(t, err)
	parent := `{"Resources":{"Child":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"https://assets.s3.amazonaws.com/iam.json"}}}}`
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("nocaps"), TemplateBody: aws.String(parent)})
	must(t, err)
	if st := waitStatus(t, e, "nocaps"); st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("without capabilities: %s", st.StackStatus)
	}
	if !strings.Contains(eventSummary(t, e, "nocaps"), "Requires capabilities : [CAPABILITY_NAMED_IAM]") {
		t.Fatalf("events: %s", eventSummary(t, e, "nocaps"))
	}
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("withcaps"), TemplateBody: aws.String(parent),
		Capabilities: []types.Capability{types.CapabilityCapabilityNamedIam}})
	must(t, err)
	waitCreate(t, e, "withcaps")
}
