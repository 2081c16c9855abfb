// Package senders delivers one alert to one output: the payload each of the ten output types
// expects (Slack attachments, PagerDuty events, Jira issues, ...), sent over HTTP or through
// SNS and SQS, and the result as the delivery function records it.
package senders

import (
	"context"
	"net/http"
	"strconv"

	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// Result is what one attempt came to. Retryable failures are sent again later; the others
// are final.
type Result struct {
	StatusCode int
	Message    string
	Success    bool
	Retryable  bool
}

// Topics publishes to an SNS topic in the region its ARN names.
type Topics interface {
	// PublishJSON publishes a MessageStructure=json message (one body per protocol).
	PublishJSON(ctx context.Context, topicARN, subject, message string) (messageID string, err error)
}

// Queues sends to an SQS queue in the region its URL names.
type Queues interface {
	SendMessage(ctx context.Context, queueURL, body string) (messageID string, err error)
}

// Endpoints are the base URLs of the vendors' APIs (scheme, host and any path prefix).
// Settings replace them to reach a proxy, a GitHub Enterprise server or a test server.
type Endpoints struct {
	PagerDuty  string
	OpsgenieUS string
	OpsgenieEU string
	GitHub     string
	Asana      string
}

// DefaultEndpoints are the vendors' public APIs.
func DefaultEndpoints() Endpoints {
	return Endpoints{
		PagerDuty:  "https://events.pagerduty.com",
		OpsgenieUS: "https://api.opsgenie.com",
		OpsgenieEU: "https://api.eu.opsgenie.com",
		GitHub:     "https://api.github.com",
		Asana:      "https://app.asana.com",
	}
}

// Links say where an alert is seen in the web app.
type Links struct {
	// AlertURLPrefix is followed by the alert ID (https://<domain>/log-analysis/alerts/).
	AlertURLPrefix string
	// AppDomainURL is the app itself, the link of test alerts, which have no page.
	AppDomainURL string
}

// Senders sends alerts to outputs of every type.
type Senders struct {
	HTTP      *http.Client
	Endpoints Endpoints
	Links     Links
	Topics    Topics
	Queues    Queues
}

// sendFunc sends a message with an output's config; it reports a config that lacks its type's
// part itself.
type sendFunc func(s *Senders, ctx context.Context, c *outputsapi.OutputConfig, m *message) Result

var byType = map[string]sendFunc{
	outputsapi.TypeSlack:         (*Senders).slack,
	outputsapi.TypePagerDuty:     (*Senders).pagerDuty,
	outputsapi.TypeGitHub:        (*Senders).gitHub,
	outputsapi.TypeJira:          (*Senders).jira,
	outputsapi.TypeOpsgenie:      (*Senders).opsgenie,
	outputsapi.TypeMSTeams:       (*Senders).msTeams,
	outputsapi.TypeSQS:           (*Senders).sqs,
	outputsapi.TypeSNS:           (*Senders).sns,
	outputsapi.TypeAsana:         (*Senders).asana,
	outputsapi.TypeCustomWebhook: (*Senders).customWebhook,
}

// Send delivers the alert to the output. An unknown type fails for good: sending again cannot
// help.
func (s *Senders) Send(ctx context.Context, out *outputsapi.Output, alert *deliveryapi.Alert) Result {
	send, ok := byType[out.OutputType]
	if !ok {
		return Result{StatusCode: http.StatusInternalServerError, Message: "unknown output type " + strconv.Quote(out.OutputType)}
	}
	cfg := out.OutputConfig
	if cfg == nil {
		cfg = &outputsapi.OutputConfig{}
	}
	return send(s, ctx, cfg, s.message(alert))
}

// missingConfig is the answer for an output whose config lacks its type's part.
func missingConfig(outputType string) Result {
	return Result{StatusCode: http.StatusInternalServerError, Message: "the output has no " + outputType + " config"}
}
