package localaws_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestCloudFormationCreateChangeSet(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"},"G":{"Type":"AWS::Logs::LogGroup"}}}`
	out, err := e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("first"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(tmpl)})
	must(t, err)
	if s := describe(t, e, "fresh"); s.StackStatus != types.StackStatusReviewInProgress {
		t.Fatalf("stack of a CREATE change set: %s", s.StackStatus)
	}
	w := cloudformation.NewChangeSetCreateCompleteWaiter(e.cfn, func(o *cloudformation.ChangeSetCreateCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeChangeSetInput{ChangeSetName: out.Id}, 30*time.Second))
	cs, err := e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{ChangeSetName: out.Id})
	must(t, err)
	if len(cs.Changes) != 2 || cs.Changes[0].ResourceChange.Action != types.ChangeActionAdd {
		t.Fatalf("changes %+v", cs.Changes)
	}
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("second"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(tmpl)})
	must(t, err)
	list, err := e.cfn.ListChangeSets(c, &cloudformation.ListChangeSetsInput{StackName: aws.String("fresh")})
	must(t, err)
	if len(list.Summaries) != 2 {
		t.Fatalf("change sets %+v", list.Summaries)
	}
	_, err = e.cfn.DeleteChangeSet(c, &cloudformation.DeleteChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("second")})
	must(t, err)
	_, err = e.cfn.ExecuteChangeSet(c, &cloudformation.ExecuteChangeSetInput{ChangeSetName: out.Id})
	must(t, err)
	waitCreate(t, e, "fresh")
	cs, err = e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{ChangeSetName: out.Id})
	must(t, err)
	if cs.ExecutionStatus != types.ExecutionStatusExecuteComplete {
		t.Fatalf("execution status %s", cs.ExecutionStatus)
	}
	_, err = e.cfn.ExecuteChangeSet(c, &cloudformation.ExecuteChangeSetInput{ChangeSetName: out.Id})
	wantCode(t, err, "InvalidChangeSetStatus")
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("again"),
		ChangeSetType: types.ChangeSetTypeCreate, TemplateBody: aws.String(tmpl)})
	wantCode(t, err, "ValidationError")
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("absent"), ChangeSetName: aws.String("u"),
		TemplateBody: aws.String(tmpl)})
	wantCode(t, err, "ValidationError")

	// The same template and parameters again make an empty change set.
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("empty"),
		UsePreviousTemplate: aws.Bool(true)})
	must(t, err)
	cs, err = e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("empty")})
	must(t, err)
	if cs.Status != types.ChangeSetStatusFailed || aws.ToString(cs.StatusReason) != "The submitted information didn't contain changes. Submit different information to create a change set." {
		t.Fatalf("empty change set: %s %s", cs.Status, aws.ToString(cs.StatusReason))
	}
	_, err = e.cfn.ExecuteChangeSet(c, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("empty")})
	wantCode(t, err, "InvalidChangeSetStatus")

	// A removal shows up as Remove.
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("shrink"),
		TemplateBody: aws.String(`{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`)})
	must(t, err)
	cs, err = e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("fresh"), ChangeSetName: aws.String("shrink")})
	must(t, err)
	if len(cs.Changes) != 1 || cs.Changes[0].ResourceChange.Action != types.ChangeActionRemove {
		t.Fatalf("changes %+v", cs.Changes)
	}
}

func TestCloudFormationCancelUpdateStack(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	v1 := `{"Resources":{"A":{"Type":"AWS::SQS::Queue","Properties":{"DelaySeconds":1}}}}`
	v2 := `{"Resources":{"A":{"Type":"AWS::SQS::Queue","Properties":{"DelaySeconds":2}},"B":{"Type":"AWS::SQS::Queue","DependsOn":"A"}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("cancel"), TemplateBody: aws.String(v1)})
	must(t, err)
	waitCreate(t, e, "cancel")
	_, err = e.cfn.CancelUpdateStack(c, &cloudformation.CancelUpdateStackInput{StackName: aws.String("cancel")})
	wantCode(t, err, "ValidationError")

	// Slow provisioning down so the update is still running when cancelled.
	must(t, e.admin.SetLatencyScale(c, 1000))
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("cancel"), TemplateBody: aws.String(v2)})
	must(t, err)
	_, err = e.cfn.CancelUpdateStack(c, &cloudformation.CancelUpdateStackInput{StackName: aws.String("cancel")})
	must(t, err)
	must(t, e.admin.SetLatencyScale(c, 0))
	if st := waitStatus(t, e, "cancel"); st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("after cancel: %s", st.StackStatus)
	}
	res, err := e.cfn.ListStackResources(c, &cloudformation.ListStackResourcesInput{StackName: aws.String("cancel")})
	must(t, err)
	if len(res.StackResourceSummaries) != 1 {
		t.Fatalf("resources after rollback: %+v", res.StackResourceSummaries)
	}
}

func TestCloudFormationPaginators(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}`
	for i := range 120 {
		_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String(fmt.Sprintf("page-%03d", i)), TemplateBody: aws.String(tmpl)})
		must(t, err)
	}
	stacks, pages := 0, 0
	p := cloudformation.NewDescribeStacksPaginator(e.cfn, &cloudformation.DescribeStacksInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(c)
		must(t, err)
		stacks += len(out.Stacks)
		pages++
	}
	if stacks != 120 || pages != 2 {
		t.Fatalf("DescribeStacks paginated %d stacks in %d pages", stacks, pages)
	}
	summaries := 0
	lp := cloudformation.NewListStacksPaginator(e.cfn, &cloudformation.ListStacksInput{})
	for lp.HasMorePages() {
		out, err := lp.NextPage(c)
		must(t, err)
		summaries += len(out.StackSummaries)
	}
	if summaries != 120 {
		t.Fatalf("ListStacks paginated %d", summaries)
	}
}

func TestCloudFormationChangeSetForStackTags(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"B":{"Type":"AWS::S3::Bucket"},"C":{"Type":"AWS::CloudFormation::WaitConditionHandle"}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("tags"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	waitCreate(t, e, "tags")
	_, err = e.cfn.CreateChangeSet(c, &cloudformation.CreateChangeSetInput{StackName: aws.String("tags"), ChangeSetName: aws.String("retag"),
		UsePreviousTemplate: aws.Bool(true), Tags: []types.Tag{{Key: aws.String("retry"), Value: aws.String("1")}}})
	must(t, err)
	cs, err := e.cfn.DescribeChangeSet(c, &cloudformation.DescribeChangeSetInput{StackName: aws.String("tags"), ChangeSetName: aws.String("retag")})
	must(t, err)
	if cs.Status != types.ChangeSetStatusCreateComplete || len(cs.Changes) != 1 || aws.ToString(cs.Changes[0].ResourceChange.LogicalResourceId) != "B" ||
		cs.Changes[0].ResourceChange.Scope[0] != types.ResourceAttributeTags {
		t.Fatalf("change set %s %+v", cs.Status, cs.Changes)
	}
	_, err = e.cfn.ExecuteChangeSet(c, &cloudformation.ExecuteChangeSetInput{StackName: aws.String("tags"), ChangeSetName: aws.String("retag")})
	must(t, err)
	if st := waitStatus(t, e, "tags"); st.StackStatus != types.StackStatusUpdateComplete || len(st.Tags) != 1 {
		t.Fatalf("after retag: %s %+v", st.StackStatus, st.Tags)
	}
	res, err := e.cfn.DescribeStackResource(c, &cloudformation.DescribeStackResourceInput{StackName: aws.String("tags"), LogicalResourceId: aws.String("B")})
	must(t, err)
	bucketTags, err := e.s3.GetBucketTagging(c, &s3.GetBucketTaggingInput{Bucket: res.StackResourceDetail.PhysicalResourceId})
	must(t, err)
	found := false
	for _, tg := range bucketTags.TagSet {
		found = found || (aws.ToString(tg.Key) == "retry" && aws.ToString(tg.Value) == "1")
	}
	if !found {
		t.Fatalf("bucket tags %+v", bucketTags.TagSet)
	}
}
