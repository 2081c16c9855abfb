package localaws_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

const appTemplate = `
AWSTemplateFormatVersion: "2010-09-09"
Description: app stack
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
  Secret:
    Type: String
    NoEcho: true
    Default: hidden
  BucketName:
    Type: String
    Default: ""
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NamedBucket: !Not [!Equals [!Ref BucketName, ""]]
Mappings:
  Retention:
    dev: {Days: 7}
    prod: {Days: 365}
Resources:
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !If [NamedBucket, !Ref BucketName, !Ref AWS::NoValue]
      VersioningConfiguration: {Status: Enabled}
      Tags: [{Key: team, Value: security}]
  Kept:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/app/${Env}/${AWS::StackName}"
      RetentionInDays: !FindInMap [Retention, !Ref Env, Days]
  ProdOnly:
    Type: AWS::SQS::Queue
    Condition: IsProd
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Sub "https://templates.s3.amazonaws.com/child.json"
      Parameters:
        Prefix: !Ref Data
Outputs:
  BucketArn:
    Value: !GetAtt Data.Arn
    Export: {Name: !Sub "${AWS::StackName}-bucket"}
  ChildTopic:
    Value: !GetAtt Child.Outputs.TopicArn
  LogGroup:
    Value: !Ref Logs
`

const childTemplate = `{"Parameters":{"Prefix":{"Type":"String"}},
 "Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":{"Fn::Join":["-",[{"Ref":"Prefix"},"t"]]}}}},
 "Outputs":{"TopicArn":{"Value":{"Ref":"Topic"}}}}`

func uploadChild(t *testing.T, e *env) {
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String("templates")})
	must(t, err)
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("templates"), Key: aws.String("child.json"), Body: strings.NewReader(childTemplate)})
	must(t, err)
}

func params(kv ...string) []types.Parameter {
	var out []types.Parameter
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, types.Parameter{ParameterKey: aws.String(kv[i]), ParameterValue: aws.String(kv[i+1])})
	}
	return out
}

// stackOutputs reads a stack's outputs by key.
func stackOutputs(t *testing.T, e *env, name string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, o := range describe(t, e, name).Outputs {
		out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	return out
}

func describe(t *testing.T, e *env, name string) types.Stack {
	t.Helper()
	out, err := e.cfn.DescribeStacks(ctx(t), &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	must(t, err)
	return out.Stacks[0]
}

func waitCreate(t *testing.T, e *env, name string) {
	t.Helper()
	w := cloudformation.NewStackCreateCompleteWaiter(e.cfn, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	if err := w.Wait(ctx(t), &cloudformation.DescribeStacksInput{StackName: aws.String(name)}, 30*time.Second); err != nil {
		t.Fatalf("%s: %v; events: %s", name, err, eventSummary(t, e, name))
	}
}

// waitStatus polls until the stack leaves *_IN_PROGRESS and returns it.
func waitStatus(t *testing.T, e *env, name string) types.Stack {
	t.Helper()
	for {
		s := describe(t, e, name)
		if !strings.HasSuffix(string(s.StackStatus), "_IN_PROGRESS") {
			return s
		}
		select {
		case <-ctx(t).Done():
			t.Fatalf("stack %s stuck in %s", name, s.StackStatus)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func eventSummary(t *testing.T, e *env, name string) string {
	out, err := e.cfn.DescribeStackEvents(ctx(t), &cloudformation.DescribeStackEventsInput{StackName: aws.String(name)})
	if err != nil {
		return err.Error()
	}
	var b strings.Builder
	for _, ev := range out.StackEvents {
		b.WriteString(aws.ToString(ev.LogicalResourceId) + " " + string(ev.ResourceStatus) + " " + aws.ToString(ev.ResourceStatusReason) + "; ")
	}
	return b.String()
}

func TestCloudFormationStackLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	uploadChild(t, e)

	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("app"), TemplateBody: aws.String(appTemplate), Parameters: params("Env", "qa")})
	wantCode(t, err, "ValidationError")
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("app"), TemplateBody: aws.String(appTemplate),
		Parameters: params("Env", "prod"), Tags: []types.Tag{{Key: aws.String("Application"), Value: aws.String("Panther")}}})
	must(t, err)
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("app"), TemplateBody: aws.String(appTemplate), Parameters: params("Env", "prod")})
	wantCode(t, err, "AlreadyExistsException")
	waitCreate(t, e, "app")

	s := describe(t, e, "app")
	outputs := map[string]string{}
	for _, o := range s.Outputs {
		outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	if !strings.HasPrefix(outputs["BucketArn"], "arn:aws:s3:::app-data-") || outputs["LogGroup"] != "/app/prod/app" || !strings.HasSuffix(outputs["ChildTopic"], "-t") {
		t.Fatalf("outputs %v", outputs)
	}
	for _, p := range s.Parameters {
		if aws.ToString(p.ParameterKey) == "Secret" && aws.ToString(p.ParameterValue) != "****" {
			t.Fatalf("NoEcho parameter shown: %s", aws.ToString(p.ParameterValue))
		}
	}
	exports, err := e.cfn.ListExports(c, &cloudformation.ListExportsInput{})
	must(t, err)
	if len(exports.Exports) != 1 || aws.ToString(exports.Exports[0].Name) != "app-bucket" {
		t.Fatalf("exports %+v", exports.Exports)
	}
	all, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{})
	must(t, err)
	var child types.Stack
	for _, st := range all.Stacks {
		if st.ParentId != nil {
			child = st
		}
	}
	if aws.ToString(child.RootId) != aws.ToString(s.StackId) || child.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("nested stack %+v", child)
	}

	// The bucket got the stack tags and the aws:cloudformation tags.
	res, err := e.cfn.DescribeStackResources(c, &cloudformation.DescribeStackResourcesInput{StackName: aws.String("app"), LogicalResourceId: aws.String("Data")})
	must(t, err)
	bucket := aws.ToString(res.StackResources[0].PhysicalResourceId)
	tags, err := e.s3.GetBucketTagging(c, &s3.GetBucketTaggingInput{Bucket: aws.String(bucket)})
	must(t, err)
	keys := map[string]string{}
	for _, tg := range tags.TagSet {
		keys[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if keys["Application"] != "Panther" || keys["aws:cloudformation:logical-id"] != "Data" || keys["team"] != "security" {
		t.Fatalf("bucket tags %v", keys)
	}

	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("app"), UsePreviousTemplate: aws.Bool(true),
		Parameters: []types.Parameter{{ParameterKey: aws.String("Env"), UsePreviousValue: aws.Bool(true)}}})
	if err == nil || !strings.Contains(err.Error(), "No updates are to be performed.") {
		t.Fatalf("want no-updates error, got %v", err)
	}

	// Drift: an out-of-band tag change, then an out-of-band delete.
	_, err = e.s3.PutBucketTagging(c, &s3.PutBucketTaggingInput{Bucket: aws.String(bucket),
		Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("team"), Value: aws.String("other")}}}})
	must(t, err)
	drift := detectDrift(t, e, "app")
	diffs, err := e.cfn.DescribeStackResourceDrifts(c, &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String("app"),
		StackResourceDriftStatusFilters: []types.StackResourceDriftStatus{types.StackResourceDriftStatusModified}})
	must(t, err)
	if len(diffs.StackResourceDrifts) != 1 || len(diffs.StackResourceDrifts[0].PropertyDifferences) != 1 ||
		aws.ToString(diffs.StackResourceDrifts[0].PropertyDifferences[0].PropertyPath) != "/Tags/0/Value" {
		t.Fatalf("drifts %+v", diffs.StackResourceDrifts)
	}
	if drift["Data"] != types.StackResourceDriftStatusModified || drift["Logs"] != types.StackResourceDriftStatusInSync || drift["ProdOnly"] != types.StackResourceDriftStatusInSync {
		t.Fatalf("drift %v", drift)
	}

	// A change set renaming the bucket reports a replacement.
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("rename"),
		UsePreviousTemplate: aws.Bool(true), Parameters: params("Env", "prod", "BucketName", "renamed-bucket")})
	must(t, err)
	cs, err := e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("rename")})
	must(t, err)
	replaced := false
	for _, ch := range cs.Changes {
		rc := ch.ResourceChange
		if aws.ToString(rc.LogicalResourceId) == "Data" && rc.Replacement == types.ReplacementTrue {
			replaced = true
		}
	}
	if !replaced || cs.Status != types.ChangeSetStatusCreateComplete {
		t.Fatalf("change set %s: %+v", cs.Status, cs.Changes)
	}
	_, err = e.cfn.ExecuteChangeSet(c, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("rename")})
	must(t, err)
	if st := waitStatus(t, e, "app"); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("after change set: %s %s; %s", st.StackStatus, aws.ToString(st.StackStatusReason), eventSummary(t, e, "app"))
	}
	if _, err := e.s3.HeadBucket(c, &s3.HeadBucketInput{Bucket: aws.String(bucket)}); err == nil {
		t.Fatal("replaced bucket still exists")
	}

	// Unchanged, the nested stack still shows up: its template might have
	// changed behind its URL.
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("same"),
		UsePreviousTemplate: aws.Bool(true), Parameters: params("Env", "prod", "BucketName", "renamed-bucket")})
	must(t, err)
	cs, err = e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("same")})
	must(t, err)
	if len(cs.Changes) != 1 || aws.ToString(cs.Changes[0].ResourceChange.LogicalResourceId) != "Child" ||
		cs.Changes[0].ResourceChange.Details[0].ChangeSource != types.ChangeSourceAutomatic {
		t.Fatalf("unchanged stack with a nested stack: %+v", cs.Changes)
	}
	_, err = e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("app"), ChangeSetName: aws.String("nope")})
	wantCode(t, err, "ChangeSetNotFound")

	// Termination protection blocks deletion.
	_, err = e.cfn.UpdateTerminationProtection(c, &cloudformation.UpdateTerminationProtectionInput{StackName: aws.String("app"), EnableTerminationProtection: aws.Bool(true)})
	must(t, err)
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("app")})
	wantCode(t, err, "ValidationError")
	_, err = e.cfn.UpdateTerminationProtection(c, &cloudformation.UpdateTerminationProtectionInput{StackName: aws.String("app"), EnableTerminationProtection: aws.Bool(false)})
	must(t, err)

	// A non-empty bucket makes the delete fail; the Retain bucket survives.
	_, err = e.s3.PutObject(c, &s3.PutObjectInput{Bucket: aws.String("renamed-bucket"), Key: aws.String("k"), Body: bytes.NewReader([]byte("v"))})
	must(t, err)
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("app")})
	must(t, err)
	if st := waitStatus(t, e, "app"); st.StackStatus != types.StackStatusDeleteFailed {
		t.Fatalf("want DELETE_FAILED, got %s", st.StackStatus)
	}
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("app"), RetainResources: []string{"Data"}})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: s.StackId}, 30*time.Second))
	buckets, err := e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	names := map[string]bool{}
	for _, b := range buckets.Buckets {
		names[aws.ToString(b.Name)] = true
	}
	kept := false
	for n := range names {
		kept = kept || strings.HasPrefix(n, "app-kept-")
	}
	if !kept || !names["renamed-bucket"] {
		t.Fatalf("retained buckets missing: %v", names)
	}
	_, err = e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{StackName: aws.String("app")})
	wantCode(t, err, "ValidationError")
}

func detectDrift(t *testing.T, e *env, name string) map[string]types.StackResourceDriftStatus {
	c := ctx(t)
	out, err := e.cfn.DetectStackDrift(c, &cloudformation.DetectStackDriftInput{StackName: aws.String(name)})
	must(t, err)
	st, err := e.cfn.DescribeStackDriftDetectionStatus(c, &cloudformation.DescribeStackDriftDetectionStatusInput{StackDriftDetectionId: out.StackDriftDetectionId})
	must(t, err)
	if st.DetectionStatus != types.StackDriftDetectionStatusDetectionComplete {
		t.Fatalf("detection %s", st.DetectionStatus)
	}
	drifts, err := e.cfn.DescribeStackResourceDrifts(c, &cloudformation.DescribeStackResourceDriftsInput{StackName: aws.String(name)})
	must(t, err)
	res := map[string]types.StackResourceDriftStatus{}
	for _, d := range drifts.StackResourceDrifts {
		res[aws.ToString(d.LogicalResourceId)] = d.StackResourceDriftStatus
	}
	return res
}

func TestCloudFormationRollbackAfterInjectedFailure(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"A":{"Type":"AWS::S3::Bucket"},"B":{"Type":"AWS::Logs::LogGroup","DependsOn":"A"}}}`
	_, err := e.admin.AddFault(c, admin.FaultRule{Service: "cloudformation", Operation: "CreateResource", Resource: "/B/", ErrorCode: "InternalFailure", Count: 1})
	must(t, err)
	_, err = e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("fails"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	if st := waitStatus(t, e, "fails"); st.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("want ROLLBACK_COMPLETE, got %s", st.StackStatus)
	}
	buckets, err := e.s3.ListBuckets(c, &s3.ListBucketsInput{})
	must(t, err)
	if len(buckets.Buckets) != 0 {
		t.Fatalf("rollback left buckets: %d", len(buckets.Buckets))
	}
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("fails"), TemplateBody: aws.String(tmpl)})
	wantCode(t, err, "ValidationError")
}

func TestCloudFormationContinueUpdateRollback(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	v1 := `{"Resources":{"G":{"Type":"AWS::Logs::LogGroup","Properties":{"RetentionInDays":7}}}}`
	v2 := `{"Resources":{"G":{"Type":"AWS::Logs::LogGroup","Properties":{"RetentionInDays":14}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("rb"), TemplateBody: aws.String(v1)})
	must(t, err)
	waitCreate(t, e, "rb")
	_, err = e.admin.AddFault(c, admin.FaultRule{Service: "cloudformation", Operation: "UpdateResource", Resource: "rb/G/", ErrorCode: "InternalFailure", Count: 2})
	must(t, err)
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("rb"), TemplateBody: aws.String(v2)})
	must(t, err)
	if st := waitStatus(t, e, "rb"); st.StackStatus != types.StackStatusUpdateRollbackFailed {
		t.Fatalf("want UPDATE_ROLLBACK_FAILED, got %s: %s", st.StackStatus, eventSummary(t, e, "rb"))
	}
	_, err = e.cfn.ContinueUpdateRollback(c, &cloudformation.ContinueUpdateRollbackInput{StackName: aws.String("rb"), ResourcesToSkip: []string{"G"}})
	must(t, err)
	if st := waitStatus(t, e, "rb"); st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("want UPDATE_ROLLBACK_COMPLETE, got %s", st.StackStatus)
	}
}

func TestCloudFormationCapabilities(t *testing.T) {
	e := startEnv(t)
	tmpl := `{"Resources":{"R":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"x","AssumeRolePolicyDocument":{}}}}}`
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("iam"), TemplateBody: aws.String(tmpl)})
	wantCode(t, err, "InsufficientCapabilitiesException")
	_, err = e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("iam"), TemplateBody: aws.String(tmpl),
		Capabilities: []types.Capability{types.CapabilityCapabilityNamedIam}})
	must(t, err)
	waitCreate(t, e, "iam")
}
