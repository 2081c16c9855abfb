package localaws_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// queueStack is a queue with a dead-letter queue named by GetAtt Arn in
// its RedrivePolicy, and a queue policy.
const queueStack = `{"Parameters":{"Visibility":{"Type":"Number"},"Name":{"Type":"String"}},
 "Resources":{
  "DLQ":{"Type":"AWS::SQS::Queue","Properties":{"MessageRetentionPeriod":1209600}},
  "Work":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Ref":"Name"},"VisibilityTimeout":{"Ref":"Visibility"},
    "DelaySeconds":2,"SqsManagedSseEnabled":false,"Tags":[{"Key":"team","Value":"security"}],
    "RedrivePolicy":{"deadLetterTargetArn":{"Fn::GetAtt":["DLQ","Arn"]},"maxReceiveCount":3}}},
  "Policy":{"Type":"AWS::SQS::QueuePolicy","Properties":{"Queues":[{"Ref":"Work"}],
    "PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
      "Action":"sqs:SendMessage","Resource":{"Fn::GetAtt":["Work","Arn"]}}]}}}},
 "Outputs":{"Url":{"Value":{"Ref":"Work"}},"Arn":{"Value":{"Fn::GetAtt":["Work","Arn"]}},
  "Name":{"Value":{"Fn::GetAtt":["Work","QueueName"]}},"DLQUrl":{"Value":{"Fn::GetAtt":["DLQ","QueueUrl"]}}}}`

func TestCloudFormationSQSQueueLifecycle(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("queues"), TemplateBody: aws.String(queueStack),
		Parameters: params("Visibility", "60", "Name", "alerts")})
	must(t, err)
	waitCreate(t, e, "queues")
	out := stackOutputs(t, e, "queues")
	url := e.srv.URL() + "/000000000000/alerts"
	if out["Url"] != url || out["Arn"] != "arn:aws:sqs:us-east-1:000000000000:alerts" || out["Name"] != "alerts" {
		t.Fatalf("outputs %v", out)
	}
	if !strings.HasPrefix(out["DLQUrl"], e.srv.URL()+"/000000000000/queues-DLQ-") {
		t.Fatalf("generated dead-letter queue URL %s", out["DLQUrl"])
	}
	attrs := queueAttrs(t, e, url)
	dlqArn := queueAttrs(t, e, out["DLQUrl"])["QueueArn"]
	if attrs["VisibilityTimeout"] != "60" || attrs["DelaySeconds"] != "2" || attrs["SqsManagedSseEnabled"] != "false" ||
		attrs["RedrivePolicy"] != fmt.Sprintf(`{"deadLetterTargetArn":"%s","maxReceiveCount":3}`, dlqArn) ||
		!strings.Contains(attrs["Policy"], "sns.amazonaws.com") {
		t.Fatalf("queue attributes %v", attrs)
	}
	tags, err := e.sqs.ListQueueTags(c, &sqs.ListQueueTagsInput{QueueUrl: aws.String(url)})
	must(t, err)
	if tags.Tags["team"] != "security" {
		t.Fatalf("tags %v", tags.Tags)
	}
	if got := queueAttrs(t, e, out["DLQUrl"])["MessageRetentionPeriod"]; got != "1209600" {
		t.Fatalf("dead-letter queue retention %s", got)
	}

	// Drift: an out-of-band change of a property the template sets.
	_, err = e.sqs.SetQueueAttributes(c, &sqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"VisibilityTimeout": "5"}})
	must(t, err)
	if drift := detectDrift(t, e, "queues"); drift["Work"] != types.StackResourceDriftStatusModified || drift["DLQ"] != types.StackResourceDriftStatusInSync {
		t.Fatalf("drift %v", drift)
	}

	// An update changes attributes in place: same URL, messages kept.
	send(t, e, url, "kept")
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("queues"), UsePreviousTemplate: aws.Bool(true),
		Parameters: params("Visibility", "90", "Name", "alerts")})
	must(t, err)
	if s := waitStatus(t, e, "queues"); s.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("update %s: %s", s.StackStatus, eventSummary(t, e, "queues"))
	}
	if a := queueAttrs(t, e, url); a["VisibilityTimeout"] != "90" || a["ApproximateNumberOfMessagesDelayed"]+a["ApproximateNumberOfMessages"] == "00" ||
		!strings.Contains(a["Policy"], "sns.amazonaws.com") {
		t.Fatalf("after in-place update %v", a)
	}

	// A new QueueName replaces the queue.
	_, err = e.cfn.UpdateStack(c, &cloudformation.UpdateStackInput{StackName: aws.String("queues"), UsePreviousTemplate: aws.Bool(true),
		Parameters: params("Visibility", "90", "Name", "alerts-v2")})
	must(t, err)
	if s := waitStatus(t, e, "queues"); s.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("replacement %s: %s", s.StackStatus, eventSummary(t, e, "queues"))
	}
	if out := stackOutputs(t, e, "queues"); out["Url"] != e.srv.URL()+"/000000000000/alerts-v2" {
		t.Fatalf("outputs after replacement %v", out)
	}
	_, err = e.sqs.GetQueueUrl(c, &sqs.GetQueueUrlInput{QueueName: aws.String("alerts")})
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")
	if a := queueAttrs(t, e, e.srv.URL()+"/000000000000/alerts-v2"); !strings.Contains(a["Policy"], "alerts-v2") {
		t.Fatalf("policy of the replacement %v", a)
	}

	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("queues")})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: aws.String("queues")}, 30*time.Second))
	list, err := e.sqs.ListQueues(c, &sqs.ListQueuesInput{})
	must(t, err)
	if len(list.QueueUrls) != 0 {
		t.Fatalf("queues after stack delete %v", list.QueueUrls)
	}
}

func TestCloudFormationSQSFifoQueueFails(t *testing.T) {
	e := startEnv(t)
	_, err := e.cfn.CreateStack(ctx(t), &cloudformation.CreateStackInput{StackName: aws.String("fifo"),
		TemplateBody: aws.String(`{"Resources":{"Q":{"Type":"AWS::SQS::Queue","Properties":{"FifoQueue":true}}}}`)})
	must(t, err)
	if s := waitStatus(t, e, "fifo"); s.StackStatus != types.StackStatusRollbackComplete || !strings.Contains(eventSummary(t, e, "fifo"), "standard queues only") {
		t.Fatalf("FIFO stack %s: %s", s.StackStatus, eventSummary(t, e, "fifo"))
	}
}
