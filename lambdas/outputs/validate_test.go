package outputs_test

import (
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

func TestInvalidOutputsNameTheFieldAndNeverTheSecret(t *testing.T) {
	e := newEnv(t)
	jira := func(change func(*outputsapi.JiraConfig)) *outputsapi.OutputConfig {
		j := *everyType()["jira"].Jira
		change(&j)
		return &outputsapi.OutputConfig{Jira: &j}
	}
	cases := []struct {
		name   string
		in     outputsapi.AddOutputInput
		field  string
		secret string
	}{
		{"no config", outputsapi.AddOutputInput{DisplayName: "x"}, "outputConfig", ""},
		{"two configs", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Slack: everyType()["slack"].Slack, SNS: everyType()["sns"].SNS}}, "outputConfig", ""},
		{"no name", outputsapi.AddOutputInput{OutputConfig: everyType()["sns"]}, "displayName", ""},
		{"long name", outputsapi.AddOutputInput{DisplayName: strings.Repeat("n", 101), OutputConfig: everyType()["sns"]}, "displayName", ""},
		{"severity", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: everyType()["sns"], DefaultForSeverity: []string{"HIGH", "URGENT"}}, "defaultForSeverity[1]", ""},
		{"alert type", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: everyType()["sns"], AlertTypes: []string{"ALERT"}}, "alertTypes[0]", ""},
		{"slack http", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Slack: &outputsapi.SlackConfig{WebhookURL: "http://hooks.slack.com/services/hidden-path"}}}, "outputConfig.slack.webhookURL", "hidden-path"},
		{"slack blank", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{}}}, "outputConfig.slack.webhookURL is required", ""},
		{"msteams relative", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			MSTeams: &outputsapi.MSTeamsConfig{WebhookURL: "hidden-path/webhook"}}}, "outputConfig.msteams.webhookURL", "hidden-path"},
		{"webhook with credentials", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: "https://user:hidden-pass@example.com/"}}}, "outputConfig.customwebhook.webhookURL", "hidden-pass"},
		{"webhook http to a remote host", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: "http://10.0.0.1/hidden-path"}}}, "outputConfig.customwebhook.webhookURL", "hidden-path"},
		{"pagerduty short", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "0123456789abcdef"}}}, "outputConfig.pagerduty.integrationKey: must be 32 hexadecimal", "0123456789abcdef"},
		{"pagerduty not hex", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "zz23456789abcdef0123456789abcdef"}}}, "outputConfig.pagerduty.integrationKey", "zz23456789abcdef"},
		{"github repo", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			GitHub: &outputsapi.GitHubConfig{RepoName: "security", Token: "hidden-token"}}}, "outputConfig.github.repoName", "hidden-token"},
		{"github token", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			GitHub: &outputsapi.GitHubConfig{RepoName: "acme/security"}}}, "outputConfig.github.token is required", ""},
		{"jira domain", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: jira(func(j *outputsapi.JiraConfig) { j.OrgDomain = "acme.atlassian.net" })}, "outputConfig.jira.orgDomain", "SECRET-4"},
		{"jira project", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: jira(func(j *outputsapi.JiraConfig) { j.ProjectKey = "" })}, "outputConfig.jira.projectKey is required", "SECRET-4"},
		{"jira issue type", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: jira(func(j *outputsapi.JiraConfig) { j.IssueType = " " })}, "outputConfig.jira.issueType is required", "SECRET-4"},
		{"jira key", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: jira(func(j *outputsapi.JiraConfig) { j.APIKey = "" })}, "outputConfig.jira.apiKey is required", ""},
		{"jira label", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: jira(func(j *outputsapi.JiraConfig) { j.Labels = []string{"ok", "two words"} })}, "outputConfig.jira.labels[1]", "SECRET-4"},
		{"opsgenie region", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "hidden-key", ServiceRegion: "APAC"}}}, "outputConfig.opsgenie.serviceRegion: \"APAC\" must be US or EU", "hidden-key"},
		{"opsgenie key", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Opsgenie: &outputsapi.OpsgenieConfig{ServiceRegion: "EU"}}}, "outputConfig.opsgenie.apiKey is required", ""},
		{"sqs url", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			SQS: &outputsapi.SQSConfig{QueueURL: "https://sqs.us-east-1.amazonaws.com/alerts"}}}, "outputConfig.sqs.queueUrl", ""},
		{"sns arn", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			SNS: &outputsapi.SNSConfig{TopicARN: "arn:aws:sqs:us-east-1:123456789012:alerts"}}}, "outputConfig.sns.topicArn", ""},
		{"asana projects", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Asana: &outputsapi.AsanaConfig{PersonalAccessToken: "hidden-token"}}}, "outputConfig.asana.projectGids", "hidden-token"},
		{"asana gid", outputsapi.AddOutputInput{DisplayName: "x", OutputConfig: &outputsapi.OutputConfig{
			Asana: &outputsapi.AsanaConfig{PersonalAccessToken: "hidden-token", ProjectGids: []string{"12", "board"}}}}, "outputConfig.asana.projectGids[1]", "hidden-token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.call(t, outputsapi.Request{AddOutput: &c.in})
			if err == nil || err.Type != "InvalidInputError" || !strings.Contains(err.Message, c.field) {
				t.Fatalf("want an InvalidInputError naming %s, got %v", c.field, err)
			}
			if c.secret != "" && strings.Contains(err.Message, c.secret) {
				t.Fatalf("the error shows the secret: %s", err.Message)
			}
		})
	}
	if l := e.list(t, true); len(l) != 0 {
		t.Fatalf("an invalid output was stored: %+v", l)
	}
}

func TestLoopbackReceiversMayUsePlainHTTP(t *testing.T) {
	e := newEnv(t)
	for i, hook := range []string{"http://127.0.0.1:9000/hook", "http://localhost/hook", "http://[::1]:8443/hook", "https://example.com/hook"} {
		e.mustAdd(t, &outputsapi.AddOutputInput{DisplayName: "hook " + string(rune('a'+i)),
			OutputConfig: &outputsapi.OutputConfig{CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: hook}}})
	}
	e.mustAdd(t, &outputsapi.AddOutputInput{DisplayName: "local queue",
		OutputConfig: &outputsapi.OutputConfig{SQS: &outputsapi.SQSConfig{QueueURL: "http://127.0.0.1:4566/000000000000/alerts"}}})
}
