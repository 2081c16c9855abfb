// Package outputsapi is the wire contract of panther-outputs-api: the destinations alerts are
// delivered to (Slack, PagerDuty, ... one config per type), invoked with {"<operation>": {...}}.
// The web app's resolvers speak it with secrets redacted; the delivery function reads the
// outputs with their secrets.
package outputsapi

import (
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// Output types: the outputType of an output and the OutputConfig field that holds its config.
const (
	TypeSlack         = "slack"
	TypePagerDuty     = "pagerduty"
	TypeGitHub        = "github"
	TypeJira          = "jira"
	TypeOpsgenie      = "opsgenie"
	TypeMSTeams       = "msteams"
	TypeSQS           = "sqs"
	TypeSNS           = "sns"
	TypeAsana         = "asana"
	TypeCustomWebhook = "customwebhook"
)

// Types lists every output type.
var Types = []string{TypeSlack, TypePagerDuty, TypeGitHub, TypeJira, TypeOpsgenie, TypeMSTeams,
	TypeSQS, TypeSNS, TypeAsana, TypeCustomWebhook}

// Opsgenie service regions.
const (
	OpsgenieRegionUS = "US"
	OpsgenieRegionEU = "EU"
)

// Output is one destination: where alerts go, which severities and alert types it receives
// by default, and how to reach it.
type Output struct {
	OutputID           string        `json:"outputId"`
	DisplayName        string        `json:"displayName"`
	OutputType         string        `json:"outputType"`
	DefaultForSeverity []string      `json:"defaultForSeverity"`
	AlertTypes         []string      `json:"alertTypes"`
	CreatedBy          string        `json:"createdBy"`
	CreationTime       time.Time     `json:"creationTime"`
	LastModifiedBy     string        `json:"lastModifiedBy"`
	LastModifiedTime   time.Time     `json:"lastModifiedTime"`
	OutputConfig       *OutputConfig `json:"outputConfig"`
}

// OutputConfig holds the config of one output type: exactly one field is set, the one the
// output's type names.
type OutputConfig struct {
	Slack         *SlackConfig         `json:"slack,omitempty"`
	PagerDuty     *PagerDutyConfig     `json:"pagerduty,omitempty"`
	GitHub        *GitHubConfig        `json:"github,omitempty"`
	Jira          *JiraConfig          `json:"jira,omitempty"`
	Opsgenie      *OpsgenieConfig      `json:"opsgenie,omitempty"`
	MSTeams       *MSTeamsConfig       `json:"msteams,omitempty"`
	SQS           *SQSConfig           `json:"sqs,omitempty"`
	SNS           *SNSConfig           `json:"sns,omitempty"`
	Asana         *AsanaConfig         `json:"asana,omitempty"`
	CustomWebhook *CustomWebhookConfig `json:"customwebhook,omitempty"`
}

// SlackConfig posts to an incoming webhook. The webhook URL is a secret.
type SlackConfig struct {
	WebhookURL string `json:"webhookURL"`
}

// PagerDutyConfig triggers Events API v2 incidents. The integration key is a secret.
type PagerDutyConfig struct {
	IntegrationKey string `json:"integrationKey"`
}

// GitHubConfig opens issues in a repository ("owner/name"). The token is a secret.
type GitHubConfig struct {
	RepoName string `json:"repoName"`
	Token    string `json:"token"`
}

// JiraConfig creates issues in a Jira Cloud project. The API key is a secret.
type JiraConfig struct {
	OrgDomain  string   `json:"orgDomain"`
	ProjectKey string   `json:"projectKey"`
	UserName   string   `json:"userName"`
	APIKey     string   `json:"apiKey"`
	AssigneeID string   `json:"assigneeId"`
	IssueType  string   `json:"issueType"`
	Labels     []string `json:"labels"`
}

// OpsgenieConfig creates Opsgenie alerts in the US or EU service region. The API key is a
// secret.
type OpsgenieConfig struct {
	APIKey        string `json:"apiKey"`
	ServiceRegion string `json:"serviceRegion"`
}

// MSTeamsConfig posts to a Microsoft Teams incoming webhook. The webhook URL is a secret.
type MSTeamsConfig struct {
	WebhookURL string `json:"webhookURL"`
}

// SQSConfig sends to a queue, in the region its URL names.
type SQSConfig struct {
	QueueURL string `json:"queueUrl"`
}

// SNSConfig publishes to a topic, in the region its ARN names.
type SNSConfig struct {
	TopicARN string `json:"topicArn"`
}

// AsanaConfig creates tasks in Asana projects. The personal access token is a secret.
type AsanaConfig struct {
	PersonalAccessToken string   `json:"personalAccessToken"`
	ProjectGids         []string `json:"projectGids"`
}

// CustomWebhookConfig posts the alert's notification JSON to a URL. The URL is a secret.
type CustomWebhookConfig struct {
	WebhookURL string `json:"webhookURL"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	AddOutput             *AddOutputInput             `json:"addOutput,omitempty"`
	UpdateOutput          *UpdateOutputInput          `json:"updateOutput,omitempty"`
	GetOutput             *GetOutputInput             `json:"getOutput,omitempty"`
	DeleteOutput          *DeleteOutputInput          `json:"deleteOutput,omitempty"`
	GetOutputs            *GetOutputsInput            `json:"getOutputs,omitempty"`
	GetOutputsWithSecrets *GetOutputsWithSecretsInput `json:"getOutputsWithSecrets,omitempty"`
}

// AddOutputInput creates an output as a user. The type is the config's; outputType, when
// given, must agree with it. Empty alertTypes means every alert type.
type AddOutputInput struct {
	UserID             string        `json:"userId"`
	DisplayName        string        `json:"displayName"`
	OutputType         string        `json:"outputType,omitempty"`
	OutputConfig       *OutputConfig `json:"outputConfig"`
	DefaultForSeverity []string      `json:"defaultForSeverity"`
	AlertTypes         []string      `json:"alertTypes"`
}

// UpdateOutputInput replaces an output's settings as a user; a secret left blank keeps the
// stored one. The type cannot change.
type UpdateOutputInput struct {
	UserID             string        `json:"userId"`
	OutputID           string        `json:"outputId"`
	DisplayName        string        `json:"displayName"`
	OutputConfig       *OutputConfig `json:"outputConfig"`
	DefaultForSeverity []string      `json:"defaultForSeverity"`
	AlertTypes         []string      `json:"alertTypes"`
}

// GetOutputInput reads one output, secrets redacted.
type GetOutputInput struct {
	OutputID string `json:"outputId"`
}

// DeleteOutputInput removes an output.
type DeleteOutputInput struct {
	OutputID string `json:"outputId"`
}

// GetOutputsInput lists every output, secrets redacted.
type GetOutputsInput struct{}

// GetOutputsWithSecretsInput lists every output with its secrets: for the delivery function
// only, never for the web app.
type GetOutputsWithSecretsInput struct{}

// GetOutputsOutput is the answer of getOutputs and getOutputsWithSecrets.
type GetOutputsOutput = []Output

// Error is how the API fails: the Lambda function error's type and message.
type Error = api.Error
