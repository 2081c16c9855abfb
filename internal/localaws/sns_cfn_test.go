package localaws_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// pipelineTemplate is the shape of Panther's log ingestion: a bucket that
// notifies a topic, and a queue subscribed to it.
const pipelineTemplate = `{"Resources":{
  "Topic":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"ingest","DisplayName":"Ingest","Tags":[{"Key":"team","Value":"sec"}]}},
  "Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"ingest-q"}},
  "Sub":{"Type":"AWS::SNS::Subscription","Properties":{"TopicArn":{"Ref":"Topic"},"Protocol":"sqs",
    "Endpoint":{"Fn::GetAtt":["Queue","Arn"]},"FilterPolicyScope":"MessageBody","FilterPolicy":{"Records":{"eventSource":["aws:s3"]}}}},
  "Policy":{"Type":"AWS::SNS::TopicPolicy","Properties":{"Topics":[{"Ref":"Topic"}],
    "PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":{"Ref":"Topic"}}]}}},
  "Bucket":{"Type":"AWS::S3::Bucket","DependsOn":"Policy","Properties":{"BucketName":"ingest-bucket","NotificationConfiguration":{
    "TopicConfigurations":[{"Event":"s3:ObjectCreated:*","Topic":{"Ref":"Topic"},"Filter":{"S3Key":{"Rules":[{"Name":"prefix","Value":"logs/"}]}}}]}}}
},"Outputs":{"TopicArn":{"Value":{"Fn::GetAtt":["Topic","TopicArn"]}},"TopicName":{"Value":{"Fn::GetAtt":["Topic","TopicName"]}},"Sub":{"Value":{"Ref":"Sub"}}}}`

func TestCloudFormationSNSPipeline(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("pipeline"), TemplateBody: aws.String(pipelineTemplate)})
	must(t, err)
	waitCreate(t, e, "pipeline")
	out, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{StackName: aws.String("pipeline")})
	must(t, err)
	outputs := map[string]string{}
	for _, o := range out.Stacks[0].Outputs {
		outputs[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	topic := "arn:aws:sns:us-east-1:000000000000:ingest"
	if outputs["TopicArn"] != topic || outputs["TopicName"] != "ingest" || !strings.HasPrefix(outputs["Sub"], topic+":") {
		t.Fatalf("outputs %v", outputs)
	}
	attrs, err := e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	must(t, err)
	if attrs.Attributes["DisplayName"] != "Ingest" || !strings.Contains(attrs.Attributes["Policy"], "s3.amazonaws.com") ||
		attrs.Attributes["SubscriptionsConfirmed"] != "1" {
		t.Fatalf("topic attributes %v", attrs.Attributes)
	}
	url := createQueue(t, e, "ingest-q", nil) // CreateQueue of an existing queue returns its URL
	// The test event reached the topic, but the filter policy drops it.
	if msgs := receiveAll(t, e, url); len(msgs) != 0 {
		t.Fatalf("before upload %+v", msgs)
	}
	putObject(t, e, "ingest-bucket", "other/x", "x")
	putObject(t, e, "ingest-bucket", "logs/x.json", "x")
	msgs := receiveAll(t, e, url)
	if len(msgs) != 1 {
		t.Fatalf("received %d", len(msgs))
	}
	var env map[string]string
	must(t, json.Unmarshal([]byte(aws.ToString(msgs[0].Body)), &env))
	if r := decodeEvent(t, env["Message"]).Records[0]; r.S3.Object.Key != "logs/x.json" {
		t.Fatalf("record %+v", r)
	}

	for _, key := range []string{"other/x", "logs/x.json"} {
		_, err = e.s3.DeleteObject(c, &s3.DeleteObjectInput{Bucket: aws.String("ingest-bucket"), Key: aws.String(key)})
		must(t, err)
	}
	_, err = e.cfn.DeleteStack(c, &cloudformation.DeleteStackInput{StackName: aws.String("pipeline")})
	must(t, err)
	w := cloudformation.NewStackDeleteCompleteWaiter(e.cfn, func(o *cloudformation.StackDeleteCompleteWaiterOptions) {
		o.MinDelay, o.MaxDelay = 5*time.Millisecond, 20*time.Millisecond
	})
	must(t, w.Wait(c, &cloudformation.DescribeStacksInput{StackName: out.Stacks[0].StackId}, 30*time.Second))
	_, err = e.sns.GetTopicAttributes(c, &sns.GetTopicAttributesInput{TopicArn: aws.String(topic)})
	wantCode(t, err, "NotFound")
}

func TestCloudFormationBucketNotificationToMissingTopicFails(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"Bucket":{"Type":"AWS::S3::Bucket","Properties":{"NotificationConfiguration":{
	  "TopicConfigurations":[{"Event":"s3:ObjectCreated:*","Topic":"arn:aws:sns:us-east-1:000000000000:nope"}]}}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("broken"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	waitStatus(t, e, "broken")
	if reason := eventSummary(t, e, "broken"); !strings.Contains(reason, "Bucket CREATE_FAILED Unable to validate the following destination configurations") {
		t.Fatalf("events %s", reason)
	}
}

func TestCloudFormationTopicSubscriptionProperty(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	tmpl := `{"Resources":{"Queue":{"Type":"AWS::SQS::Queue"},"Topic":{"Type":"AWS::SNS::Topic","Properties":{
	  "Subscription":[{"Protocol":"sqs","Endpoint":{"Fn::GetAtt":["Queue","Arn"]}}]}}},
	  "Outputs":{"Topic":{"Value":{"Ref":"Topic"}}}}`
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("subs"), TemplateBody: aws.String(tmpl)})
	must(t, err)
	waitCreate(t, e, "subs")
	out, err := e.cfn.DescribeStacks(c, &cloudformation.DescribeStacksInput{StackName: aws.String("subs")})
	must(t, err)
	topic := aws.ToString(out.Stacks[0].Outputs[0].OutputValue)
	if !strings.HasPrefix(topic, "arn:aws:sns:us-east-1:000000000000:subs-Topic-") {
		t.Fatalf("generated topic %s", topic)
	}
	list, err := e.sns.ListSubscriptionsByTopic(c, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	must(t, err)
	if len(list.Subscriptions) != 1 || aws.ToString(list.Subscriptions[0].Protocol) != "sqs" {
		t.Fatalf("subscriptions %+v", list.Subscriptions)
	}
}
