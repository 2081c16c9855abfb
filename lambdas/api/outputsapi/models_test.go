package outputsapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// The field names are the contract the web app's resolvers and the delivery function share.
func TestTheWireNamesAreTheOriginals(t *testing.T) {
	at := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	out := outputsapi.Output{OutputID: "id", DisplayName: "name", OutputType: "jira", DefaultForSeverity: []string{"HIGH"}, AlertTypes: []string{"RULE"},
		CreatedBy: "u1", CreationTime: at, LastModifiedBy: "u2", LastModifiedTime: at,
		OutputConfig: &outputsapi.OutputConfig{
			Slack: &outputsapi.SlackConfig{WebhookURL: "s"}, PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "p"},
			GitHub:   &outputsapi.GitHubConfig{RepoName: "r", Token: "t"},
			Jira:     &outputsapi.JiraConfig{OrgDomain: "o", ProjectKey: "k", UserName: "u", APIKey: "a", AssigneeID: "i", IssueType: "Task", Labels: []string{"l"}},
			Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "g", ServiceRegion: "EU"}, MSTeams: &outputsapi.MSTeamsConfig{WebhookURL: "m"},
			SQS: &outputsapi.SQSConfig{QueueURL: "q"}, SNS: &outputsapi.SNSConfig{TopicARN: "n"},
			Asana: &outputsapi.AsanaConfig{PersonalAccessToken: "x", ProjectGids: []string{"1"}}, CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: "c"},
		}}
	got, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"outputId":"id","displayName":"name","outputType":"jira","defaultForSeverity":["HIGH"],"alertTypes":["RULE"],` +
		`"createdBy":"u1","creationTime":"2024-05-01T12:00:00Z","lastModifiedBy":"u2","lastModifiedTime":"2024-05-01T12:00:00Z",` +
		`"outputConfig":{"slack":{"webhookURL":"s"},"pagerduty":{"integrationKey":"p"},"github":{"repoName":"r","token":"t"},` +
		`"jira":{"orgDomain":"o","projectKey":"k","userName":"u","apiKey":"a","assigneeId":"i","issueType":"Task","labels":["l"]},` +
		`"opsgenie":{"apiKey":"g","serviceRegion":"EU"},"msteams":{"webhookURL":"m"},"sqs":{"queueUrl":"q"},"sns":{"topicArn":"n"},` +
		`"asana":{"personalAccessToken":"x","projectGids":["1"]},"customwebhook":{"webhookURL":"c"}}}`
	if string(got) != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	req, _ := json.Marshal(outputsapi.Request{GetOutputsWithSecrets: &outputsapi.GetOutputsWithSecretsInput{}})
	if string(req) != `{"getOutputsWithSecrets":{}}` {
		t.Fatalf("request %s", req)
	}
	var parsed outputsapi.Request
	if err := json.Unmarshal([]byte(`{"updateOutput":{"userId":"u","outputId":"o","displayName":"d","outputConfig":{"sns":{"topicArn":"a"}},"defaultForSeverity":["LOW"],"alertTypes":["POLICY"]}}`), &parsed); err != nil ||
		parsed.UpdateOutput == nil || parsed.UpdateOutput.UserID != "u" || parsed.UpdateOutput.OutputConfig.SNS.TopicARN != "a" || parsed.UpdateOutput.AlertTypes[0] != "POLICY" {
		t.Fatalf("updateOutput: %+v %v", parsed.UpdateOutput, err)
	}
}
