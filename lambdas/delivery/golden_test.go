package delivery_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
	"github.com/panther-operator/panther-operator/lambdas/delivery/senders"
)

// awsTargets are a queue in us-west-2 and a topic in eu-west-1 on localaws, with a queue
// subscribed to the topic, and a configuration whose requests are recorded.
type awsTargets struct {
	queueURL, topicARN string
	west, eu           aws.Config
	subscriberURL      string
	recorder           *recordingClient
	senderConfig       aws.Config
}

func newAWSTargets(t *testing.T) *awsTargets {
	t.Helper()
	ctx := context.Background()
	cfg := testenv.LocalAWS(t)
	a := &awsTargets{west: cfg.Copy(), eu: cfg.Copy(), recorder: &recordingClient{}, senderConfig: cfg.Copy()}
	a.west.Region, a.eu.Region = "us-west-2", "eu-west-1"
	a.senderConfig.HTTPClient = a.recorder
	if _, err := sqs.NewFromConfig(a.west).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("customer-alerts")}); err != nil {
		t.Fatal(err)
	}
	// The output names the queue as AWS does: the region is in the URL, not in localaws's.
	a.queueURL = "https://sqs.us-west-2.amazonaws.com/000000000000/customer-alerts"
	topic, err := sns.NewFromConfig(a.eu).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("security-alerts")})
	if err != nil {
		t.Fatal(err)
	}
	a.topicARN = aws.ToString(topic.TopicArn)
	euQueues := sqs.NewFromConfig(a.eu)
	sub, err := euQueues.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("security-alerts-subscriber")})
	if err != nil {
		t.Fatal(err)
	}
	a.subscriberURL = aws.ToString(sub.QueueUrl)
	attrs, err := euQueues.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: sub.QueueUrl,
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sns.NewFromConfig(a.eu).Subscribe(ctx, &sns.SubscribeInput{TopicArn: topic.TopicArn, Protocol: aws.String("sqs"),
		Endpoint: aws.String(attrs.Attributes[string(sqstypes.QueueAttributeNameQueueArn)])}); err != nil {
		t.Fatal(err)
	}
	return a
}

func receiveOne(t *testing.T, cfg aws.Config, queueURL string) string {
	t.Helper()
	out, err := sqs.NewFromConfig(cfg).ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(queueURL), MaxNumberOfMessages: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 {
		t.Fatalf("%s holds %d messages", queueURL, len(out.Messages))
	}
	return aws.ToString(out.Messages[0].Body)
}

func outputID(i int) string { return fmt.Sprintf("%08d-0000-4000-8000-000000000000", i) }

func TestEveryOutputTypeReceivesExactlyItsPayload(t *testing.T) {
	targets := newAWSTargets(t)
	receivers := map[string]*receiver{
		"slack":         newReceiver(t, http.StatusOK, "ok"),
		"pagerduty":     newReceiver(t, http.StatusAccepted, `{"status":"success","message":"Event processed","dedup_key":"k1"}`),
		"github":        newReceiver(t, http.StatusCreated, `{"number":12}`),
		"jira":          newReceiver(t, http.StatusCreated, `{"id":"10001","key":"SEC-1"}`),
		"opsgenie":      newReceiver(t, http.StatusAccepted, `{"result":"Request will be processed"}`),
		"msteams":       newReceiver(t, http.StatusOK, "1"),
		"asana":         newReceiver(t, http.StatusCreated, `{"data":{"gid":"1201"}}`),
		"customwebhook": newReceiver(t, http.StatusOK, "received"),
	}
	opsgenieUS := newReceiver(t, http.StatusInternalServerError, "the US region was called")
	lowOnly := newReceiver(t, http.StatusOK, "the LOW default was called")
	configs := []*outputsapi.OutputConfig{
		{Slack: &outputsapi.SlackConfig{WebhookURL: receivers["slack"].URL + "/services/T0000/B0000/slack-secret"}},
		{PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "0123456789abcdef0123456789abcdef"}},
		{GitHub: &outputsapi.GitHubConfig{RepoName: "acme/security-alerts", Token: "github-secret"}},
		{Jira: &outputsapi.JiraConfig{OrgDomain: receivers["jira"].URL, ProjectKey: "SEC", UserName: "bot@acme.example", APIKey: "jira-secret",
			AssigneeID: "5b10ac8d82e05b22cc7d4ef5", IssueType: "Bug", Labels: []string{"panther", "aws"}}},
		{Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "opsgenie-secret", ServiceRegion: "EU"}},
		{MSTeams: &outputsapi.MSTeamsConfig{WebhookURL: receivers["msteams"].URL + "/webhookb2/teams-secret"}},
		{SQS: &outputsapi.SQSConfig{QueueURL: targets.queueURL}},
		{SNS: &outputsapi.SNSConfig{TopicARN: targets.topicARN}},
		{Asana: &outputsapi.AsanaConfig{PersonalAccessToken: "asana-secret", ProjectGids: []string{"1200000000000001", "1200000000000002"}}},
		{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: receivers["customwebhook"].URL + "/hooks/panther"}},
	}
	var outputs []outputsapi.Output
	for i, c := range configs {
		outputs = append(outputs, outputsapi.Output{OutputID: outputID(i + 1), DisplayName: outputsapi.Types[i], OutputType: outputsapi.Types[i],
			DefaultForSeverity: []string{"HIGH", "CRITICAL"}, AlertTypes: []string{"RULE"}, OutputConfig: c})
	}
	outputs = append(outputs, outputsapi.Output{OutputID: outputID(99), DisplayName: "low", OutputType: "customwebhook", DefaultForSeverity: []string{"LOW"},
		AlertTypes: []string{"RULE"}, OutputConfig: &outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: lowOnly.URL}}})

	store, retries := &alertStore{}, &retrySink{}
	svc := &delivery.Service{Outputs: &staticOutputs{outputs: outputs}, Alerts: store, Retries: retries,
		Sender: &senders.Senders{HTTP: &http.Client{}, Topics: awsx.NewAlertTopics(targets.senderConfig), Queues: awsx.NewAlertQueues(targets.senderConfig),
			Endpoints: senders.Endpoints{PagerDuty: receivers["pagerduty"].URL, OpsgenieUS: opsgenieUS.URL, OpsgenieEU: receivers["opsgenie"].URL,
				GitHub: receivers["github"].URL, Asana: receivers["asana"].URL},
			Links: senders.Links{AlertURLPrefix: "https://panther.acme.example/log-analysis/alerts/", AppDomainURL: "https://panther.acme.example"}},
		Settings: delivery.DefaultSettings(), Now: func() time.Time { return created.Add(time.Minute) }}

	answer, err := svc.Invoke(context.Background(), queued(t, rootLogin()))
	if err != nil || len(batchFailures(t, answer)) != 0 {
		t.Fatalf("invoke: %v %+v", err, answer)
	}
	for name, r := range receivers {
		got := r.received()
		if len(got) != 1 {
			t.Fatalf("%s received %d requests", name, len(got))
		}
		checkGolden(t, name, got[0])
	}
	if len(opsgenieUS.received()) != 0 || len(lowOnly.received()) != 0 {
		t.Fatal("an output that should not receive the alert did")
	}
	checkAWSGoldens(t, targets)

	attempts := store.attempts("8c7f2a0e9b1d4c3fa6e5d4c3b2a19081")
	if len(attempts) != 10 {
		t.Fatalf("recorded %d attempts: %+v", len(attempts), attempts)
	}
	for i, a := range attempts {
		if a.OutputID != outputID(i+1) || !a.Success || !a.DispatchedAt.Equal(created.Add(time.Minute)) {
			t.Errorf("attempt %d: %+v", i, a)
		}
	}
	if pd := attempts[1]; pd.StatusCode != http.StatusAccepted || pd.Message != `{"status":"success","message":"Event processed","dedup_key":"k1"}` {
		t.Errorf("the PagerDuty attempt keeps its answer: %+v", pd)
	}
	if len(retries.alerts(t)) != 0 {
		t.Fatalf("successes were retried: %+v", retries.alerts(t))
	}
}

// checkAWSGoldens compares the SQS and SNS requests, and finds the messages where they went.
func checkAWSGoldens(t *testing.T, targets *awsTargets) {
	t.Helper()
	aws := targets.recorder.received()
	if len(aws) != 2 {
		t.Fatalf("AWS received %d requests: %+v", len(aws), aws)
	}
	slices.SortFunc(aws, func(x, y request) int { return len(x.Headers) - len(y.Headers) }) // SNS's query protocol has no X-Amz-Target
	checkGolden(t, "sns", aws[0])
	checkGolden(t, "sqs", aws[1])

	var sent map[string]any
	if err := json.Unmarshal([]byte(receiveOne(t, targets.west, targets.queueURL)), &sent); err != nil || sent["title"] != "New Alert: Root login from 198.51.100.7" {
		t.Fatalf("the queue in us-west-2 holds %v (%v)", sent, err)
	}
	var notification struct{ Subject, Message string }
	if err := json.Unmarshal([]byte(receiveOne(t, targets.eu, targets.subscriberURL)), &notification); err != nil {
		t.Fatal(err)
	}
	var published map[string]any
	if err := json.Unmarshal([]byte(notification.Message), &published); err != nil || notification.Subject != "New Alert: Root login from 198.51.100.7" ||
		published["alertId"] != "8c7f2a0e9b1d4c3fa6e5d4c3b2a19081" {
		t.Fatalf("the topic's subscriber got %+v (%v)", notification, err)
	}
}

func TestAResentAlertSaysSo(t *testing.T) {
	hook := newReceiver(t, http.StatusOK, "ok")
	store := &alertStore{stored: map[string]*alertsapi.Summary{"8c7f2a0e9b1d4c3fa6e5d4c3b2a19081": {
		AlertID: "8c7f2a0e9b1d4c3fa6e5d4c3b2a19081", Type: "RULE", RuleID: "AWS.Console.RootLogin", RuleVersion: "v3",
		RuleDisplayName: ptr("Root console login"), Title: "Root login from 198.51.100.7", Severity: "HIGH",
		Description: "The root user signed in to the console.", Runbook: "Ask the account owner.",
		Context: `{"sourceIPAddress":"198.51.100.7"}`, CreationTime: created, LogTypes: []string{"AWS.CloudTrail"}}}}
	svc := &delivery.Service{Alerts: store, Retries: &retrySink{}, Settings: delivery.DefaultSettings(), Now: func() time.Time { return created.Add(time.Hour) },
		Outputs: &staticOutputs{outputs: []outputsapi.Output{{OutputID: outputID(1), OutputType: "slack",
			OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: hook.URL + "/services/T0000/B0000/slack-secret"}}}}},
		Sender: &senders.Senders{Links: senders.Links{AlertURLPrefix: "https://panther.acme.example/log-analysis/alerts/"}}}
	answer, err := svc.Invoke(context.Background(), json.RawMessage(`{"deliverAlert":{"alertId":"8c7f2a0e9b1d4c3fa6e5d4c3b2a19081","outputIds":["`+outputID(1)+`"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := hook.received()
	if len(got) != 1 {
		t.Fatalf("received %d", len(got))
	}
	checkGolden(t, "slack-resent", got[0])
	responses := answer.([]deliveryapi.DeliveryResponse)
	if len(responses) != 1 || !responses[0].Success || responses[0].Message != "ok" || responses[0].OutputID != outputID(1) {
		t.Fatalf("answer: %+v", responses)
	}
	if recorded := store.attempts("8c7f2a0e9b1d4c3fa6e5d4c3b2a19081"); len(recorded) != 1 || recorded[0] != responses[0] {
		t.Fatalf("recorded: %+v", recorded)
	}
}

func TestQueueURLsNameTheirRegion(t *testing.T) {
	for url, want := range map[string]string{
		"https://sqs.eu-central-1.amazonaws.com/123456789012/alerts":                      "eu-central-1",
		"https://ap-southeast-2.queue.amazonaws.com/123456789012/alerts":                  "ap-southeast-2",
		"https://queue.amazonaws.com/123456789012/alerts":                                 "us-east-1",
		"https://vpce-0a1b2c3d-4e5f6a7b.sqs.us-gov-west-1.vpce.amazonaws.com/1234/alerts": "us-gov-west-1",
		"https://sqs.cn-north-1.amazonaws.com.cn/123456789012/alerts":                     "cn-north-1",
		"http://127.0.0.1:4566/000000000000/alerts":                                       "",
	} {
		if got := awsx.QueueRegion(url); got != want {
			t.Errorf("%s: %q, want %q", url, got, want)
		}
	}
}
