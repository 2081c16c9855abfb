package localaws_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

const samTemplate = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  CodeBucket: {Type: String}
Globals:
  Function:
    Runtime: go1.x
    MemorySize: 256
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: panther-api
      Handler: main
      CodeUri: !Sub s3://${CodeBucket}/api.zip
  ApiLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /aws/lambda/panther-api
      RetentionInDays: 30
  Table:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: panther-kv
Outputs:
  FunctionArn: {Value: !GetAtt Api.Arn}
  RoleArn: {Value: !GetAtt ApiRole.Arn}
`

func TestCloudFormationSAMTransform(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("code-bucket")})
	must(t, err)
	create := func(name string, caps ...types.Capability) error {
		_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(samTemplate),
			Parameters: params("CodeBucket", "code-bucket"), Capabilities: caps})
		return err
	}
	err = create("sam", types.CapabilityCapabilityIam)
	wantCode(t, err, "InsufficientCapabilitiesException")
	if !strings.Contains(err.Error(), "Requires capabilities : [CAPABILITY_AUTO_EXPAND]") {
		t.Fatalf("message: %v", err)
	}
	// The code object is missing: Lambda fails the create, and it rolls back.
	must(t, create("sam", types.CapabilityCapabilityIam, types.CapabilityCapabilityAutoExpand))
	if st := waitStatus(t, e, "sam"); st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("want ROLLBACK_COMPLETE, got %s", st.StackStatus)
	}
	events, err := e.cfn.DescribeStackEvents(c, &cloudformation.DescribeStackEventsInput{StackName: aws.String("sam")})
	must(t, err)
	found := false
	for _, ev := range events.StackEvents {
		if aws.ToString(ev.LogicalResourceId) == "Api" && ev.ResourceStatus == types.ResourceStatusCreateFailed &&
			strings.Contains(aws.ToString(ev.ResourceStatusReason), "NoSuchKey") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no CREATE_FAILED event for the function: %s", eventSummary(t, e, "sam"))
	}
	failedID := aws.ToString(describe(t, e, "sam").StackId)
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("sam")})
	must(t, err)
	waitStatus(t, e, failedID)

	code, err := zipFiles(map[string]zipEntry{"main": {data: []byte("#!/bin/sh\n"), mode: 0o755}})
	must(t, err)
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("code-bucket"), Key: aws.String("api.zip"), Body: bytes.NewReader(code)})
	must(t, err)
	must(t, create("sam", types.CapabilityCapabilityIam, types.CapabilityCapabilityAutoExpand))
	waitCreate(t, e, "sam")
	s := describe(t, e, "sam")
	outputs := map[string]string{}
	for _, o := range s.Outputs {
		outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if outputs["FunctionArn"] != "arn:aws:lambda:us-east-1:000000000000:function:panther-api" ||
		!strings.HasPrefix(outputs["RoleArn"], "arn:aws:iam::000000000000:role/sam-ApiRole-") {
		t.Fatalf("outputs %v", outputs)
	}
	tmpl, err := e.cfn.GetTemplate(c, &cloudformation.GetTemplateInput{StackName: aws.String("sam"), TemplateStage: types.TemplateStageProcessed})
	must(t, err)
	if !strings.Contains(aws.ToString(tmpl.TemplateBody), "AWS::Lambda::Function") || len(tmpl.StagesAvailable) != 2 {
		t.Fatalf("processed template: %v %s", tmpl.StagesAvailable, aws.ToString(tmpl.TemplateBody))
	}
	// The generated role is real: it can be looked up through the stack.
	res, err := e.cfn.DescribeStackResources(c, &cloudformation.DescribeStackResourcesInput{StackName: aws.String("sam"), LogicalResourceId: aws.String("ApiRole")})
	must(t, err)
	if len(res.StackResources) != 1 || res.StackResources[0].ResourceType == nil || aws.ToString(res.StackResources[0].ResourceType) != "AWS::IAM::Role" {
		t.Fatalf("role resource: %+v", res.StackResources)
	}
}

func TestCloudFormationParameterValidation(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Parameters":{
		"Size":{"Type":"Number","MinValue":1,"MaxValue":10},
		"Name":{"Type":"String","AllowedPattern":"[a-z]+","MinLength":2},
		"Mail":{"Type":"String","AllowedPattern":".+@.+","ConstraintDescription":"must be an email address"}},
		"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`
	cases := []struct {
		params []types.Parameter
		want   string
	}{
		{params("Size", "5", "Name", "ab"), "Parameters: [Mail] must have values"},
		{params("Size", "x", "Name", "ab", "Mail", "a@b"), "Parameter 'Size' must be a number"},
		{params("Size", "11", "Name", "ab", "Mail", "a@b"), "Parameter 'Size' must be a number not greater than 10"},
		{params("Size", "5", "Name", "AB", "Mail", "a@b"), "Parameter 'Name' must match pattern [a-z]+"},
		{params("Size", "5", "Name", "a", "Mail", "a@b"), "Parameter 'Name' must contain at least 2 characters"},
		{params("Size", "5", "Name", "ab", "Mail", "nope"), "Parameter 'Mail' failed to satisfy constraint: must be an email address"},
		{params("Size", "5", "Name", "ab", "Mail", "a@b", "Extra", "1"), "Parameters: [Extra] do not exist in the template"},
	}
	for _, tc := range cases {
		_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("p"), TemplateBody: aws.String(tmpl), Parameters: tc.params})
		wantCode(t, err, "ValidationError")
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("want %q, got %v", tc.want, err)
		}
	}
	v, err := e.cfn.ValidateTemplate(c, &cloudformation.ValidateTemplateInput{TemplateBody: aws.String(tmpl)})
	must(t, err)
	if len(v.Parameters) != 3 {
		t.Fatalf("ValidateTemplate parameters: %+v", v.Parameters)
	}
	summary, err := e.cfn.GetTemplateSummary(c, &cloudformation.GetTemplateSummaryInput{TemplateBody: aws.String(tmpl)})
	must(t, err)
	if len(summary.Parameters) != 3 || aws.ToString(summary.Parameters[2].ParameterType) != "Number" || len(summary.ResourceTypes) != 1 {
		t.Fatalf("GetTemplateSummary: %+v %v", summary.Parameters, summary.ResourceTypes)
	}
}

func TestCloudFormationTemplateErrors(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	cases := map[string]string{
		"Resources: [unclosed": "Template format error: YAML not well-formed.",
		`{"Resources": {}}`:    "Template format error: At least one Resources member must be defined.",
		`{"Resources":{"A":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Ref":"Missing"}}}}}`:                   "Unresolved resource dependencies [Missing]",
		`{"Resources":{"A":{"Type":"AWS::SQS::Queue","DependsOn":"B"},"B":{"Type":"AWS::SQS::Queue","DependsOn":"A"}}}`: "Circular dependency between resources: [A, B]",
		`{"Resources":{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::S3::Bukket"}}}`:                                 "Template format error: Unrecognized resource types: [AWS::S3::Bukket]",
		`{"Bogus":1,"Resources":{"A":{"Type":"AWS::SQS::Queue"}}}`:                                                      "Invalid template property or properties [Bogus]",
	}
	for body, want := range cases {
		_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("bad"), TemplateBody: aws.String(body)})
		wantCode(t, err, "ValidationError")
		if !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
	big := `{"Resources":{"A":{"Type":"AWS::SQS::Queue"}},"Description":"` + strings.Repeat("x", 52000) + `"}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("big"), TemplateBody: aws.String(big)})
	wantCode(t, err, "ValidationError")
	// DeleteStack of a stack that does not exist succeeds, as on AWS.
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("never-existed")})
	must(t, err)
}

func TestCloudFormationUpdateDriftDeleteAndImports(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	producer := `{"Parameters":{"Days":{"Type":"Number"}},
	 "Resources":{"G":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/prod/g","RetentionInDays":{"Ref":"Days"}}}},
	 "Outputs":{"Group":{"Value":{"Ref":"G"},"Export":{"Name":"shared-group"}}}}`
	consumer := `{"Resources":{"Q":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Fn::Join":["-",["q",{"Fn::Select":[2,{"Fn::Split":["/",{"Fn::ImportValue":"shared-group"}]}]}]]}}}},
	 "Outputs":{"Url":{"Value":{"Ref":"Q"}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("producer"), TemplateBody: aws.String(producer), Parameters: params("Days", "7")})
	must(t, err)
	waitCreate(t, e, "producer")
	created, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("consumer"), TemplateBody: aws.String(consumer)})
	must(t, err)
	waitCreate(t, e, "consumer")
	if url := aws.ToString(describe(t, e, "consumer").Outputs[0].OutputValue); !strings.HasSuffix(url, "/q-g") {
		t.Fatalf("imported value: %s", url)
	}

	imports, err := e.cfn.ListImports(c, &cloudformation.ListImportsInput{ExportName: aws.String("shared-group")})
	must(t, err)
	if len(imports.Imports) != 1 || imports.Imports[0] != "consumer" {
		t.Fatalf("imports %v", imports.Imports)
	}

	// An in-place update changes the live log group.
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("producer"), UsePreviousTemplate: aws.Bool(true), Parameters: params("Days", "30")})
	must(t, err)
	if st := waitStatus(t, e, "producer"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update: %s", st.StackStatus)
	}
	groups, err := e.logs.DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/prod/g")})
	must(t, err)
	if aws.ToInt32(groups.LogGroups[0].RetentionInDays) != 30 {
		t.Fatalf("retention %d", aws.ToInt32(groups.LogGroups[0].RetentionInDays))
	}

	// Out-of-band changes are found as drift.
	_, err = e.logs.PutRetentionPolicy(c, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/prod/g"), RetentionInDays: aws.Int32(90)})
	must(t, err)
	if d := detectDrift(t, e, "producer"); d["G"] != types.StackResourceDriftStatusModified {
		t.Fatalf("drift after retention change: %v", d)
	}
	drifts, err := e.cfn.DescribeStackResourceDrifts(c, &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String("producer")})
	must(t, err)
	diffs := drifts.StackResourceDrifts[0].PropertyDifferences
	if len(diffs) != 1 || aws.ToString(diffs[0].PropertyPath) != "/RetentionInDays" || aws.ToString(diffs[0].ActualValue) != "90" {
		t.Fatalf("differences %+v", diffs)
	}
	_, err = e.logs.DeleteLogGroup(c, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/prod/g")})
	must(t, err)
	if d := detectDrift(t, e, "producer"); d["G"] != types.StackResourceDriftStatusDeleted {
		t.Fatalf("drift after delete: %v", d)
	}
	if info := describe(t, e, "producer").DriftInformation; info == nil || info.StackDriftStatus != types.StackDriftStatusDrifted {
		t.Fatalf("stack drift info %+v", info)
	}

	// An export in use keeps its stack from being deleted.
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("producer")})
	must(t, err)
	if st := waitStatus(t, e, "producer"); st.StackStatus != types.StackStatusDeleteFailed ||
		aws.ToString(st.StackStatusReason) != "Export shared-group cannot be deleted as it is in use by consumer" {
		t.Fatalf("delete of an imported export: %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}

	// ListStacks shows deleted stacks; a status filter narrows it.
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("consumer")})
	must(t, err)
	waitStatus(t, e, aws.ToString(created.StackId))
	list, err := e.cfn.ListStacks(c, &cloudformation.ListStacksInput{StackStatusFilter: []types.StackStatus{types.StackStatusDeleteComplete}})
	must(t, err)
	if len(list.StackSummaries) != 1 || aws.ToString(list.StackSummaries[0].StackName) != "consumer" {
		t.Fatalf("deleted stacks: %+v", list.StackSummaries)
	}
}

func TestCloudFormationDeleteDuringCreate(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"A":{"Type":"AWS::SQS::Queue"},"B":{"Type":"AWS::SQS::Queue","DependsOn":"A"},"C":{"Type":"AWS::SQS::Queue","DependsOn":"B"}}}`
	out, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("short"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("short")})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn)
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: out.StackId}, 30*time.Second))
}

func TestCloudFormationOnFailureDelete(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"Code":{"S3Bucket":"none","S3Key":"none"}}}}}`
	out, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("gone"), TemplateBody: aws.String(tmpl),
		OnFailure: types.OnFailureDelete})
	must(t, err)
	if st := waitStatus(t, e, aws.ToString(out.StackId)); st.StackStatus != types.StackStatusDeleteComplete {
		t.Fatalf("OnFailure=DELETE: %s", st.StackStatus)
	}
	kept, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("kept"), TemplateBody: aws.String(tmpl),
		OnFailure: types.OnFailureDoNothing})
	must(t, err)
	if st := waitStatus(t, e, aws.ToString(kept.StackId)); st.StackStatus != types.StackStatusCreateFailed {
		t.Fatalf("OnFailure=DO_NOTHING: %s", st.StackStatus)
	}
}

func TestCloudFormationRoleFromStackIsAssumable(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"panther-deployer",
	  "AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"},
	  "Condition":{"StringEquals":{"sts:ExternalId":"xyz"}}}]}}}},
	  "Outputs":{"Arn":{"Value":{"Fn::GetAtt":["R","Arn"]}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("roles"), TemplateBody: aws.String(tmpl),
		Capabilities: []types.Capability{types.CapabilityCapabilityNamedIam}})
	must(t, err)
	waitCreate(t, e, "roles")
	arn := describe(t, e, "roles").Outputs[0].OutputValue
	_, err = e.sts.AssumeRole(c, &sts.AssumeRoleInput{RoleArn: arn, RoleSessionName: aws.String("s")})
	wantCode(t, err, "AccessDenied")
	_, err = e.sts.AssumeRole(c, &sts.AssumeRoleInput{RoleArn: arn, RoleSessionName: aws.String("s"), ExternalId: aws.String("xyz")})
	must(t, err)
}

func TestCloudFormationServiceRoleMustExist(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`
	role := "arn:aws:iam::000000000000:role/cfn-service"
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("svc"), TemplateBody: aws.String(tmpl), RoleARN: aws.String(role)})
	wantCode(t, err, "ValidationError")
	must(t, e.admin.PutRoleTrust(c, admin.RoleTrust{RoleArn: role}))
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("svc"), TemplateBody: aws.String(tmpl), RoleARN: aws.String(role)})
	must(t, err)
	waitCreate(t, e, "svc")
	if got := aws.ToString(describe(t, e, "svc").RoleARN); got != role {
		t.Fatalf("RoleARN %q", got)
	}
}

func TestCloudFormationUnsupportedPropertyFailsTheResource(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BukketName":"typo"}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("typo"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	if st := waitStatus(t, e, "typo"); st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("status %s", st.StackStatus)
	}
	if !strings.Contains(eventSummary(t, e, "typo"), "B CREATE_FAILED Encountered unsupported property BukketName") {
		t.Fatalf("events: %s", eventSummary(t, e, "typo"))
	}
}
