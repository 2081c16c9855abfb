package senders

import (
	"context"
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// snsMaxSubject is the longest subject SNS accepts, in bytes.
const snsMaxSubject = 100

// sns publishes one body per protocol: the Notification JSON by default and the alert as
// text for email subscribers, with the title as the subject.
func (s *Senders) sns(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.SNS == nil {
		return missingConfig(outputsapi.TypeSNS)
	}
	notification, err := encode(m.notification)
	if err != nil {
		return unencodable
	}
	structured, err := encode(map[string]string{"default": string(notification), "email": m.detailedText()})
	if err != nil {
		return unencodable
	}
	id, err := s.Topics.PublishJSON(ctx, c.SNS.TopicARN, subject(m.title), string(structured))
	return awsResult(ctx, "published as message "+id, err)
}

// sqs sends the Notification JSON.
func (s *Senders) sqs(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.SQS == nil {
		return missingConfig(outputsapi.TypeSQS)
	}
	body, err := encode(m.notification)
	if err != nil {
		return unencodable
	}
	id, err := s.Queues.SendMessage(ctx, c.SQS.QueueURL, string(body))
	return awsResult(ctx, "sent as message "+id, err)
}

// customWebhook posts the Notification JSON.
func (s *Senders) customWebhook(ctx context.Context, c *outputsapi.OutputConfig, m *message) Result {
	if c.CustomWebhook == nil {
		return missingConfig(outputsapi.TypeCustomWebhook)
	}
	return s.post(ctx, c.CustomWebhook.WebhookURL, m.notification, nil)
}

// subject is the title as SNS takes a subject: one line, at most 100 bytes, cut between
// characters.
func subject(title string) string {
	s := oneLine(title)
	if len(s) <= snsMaxSubject {
		return s
	}
	cut := snsMaxSubject
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// statusCoder is an error that carries the HTTP status of AWS's answer, as the SDK's
// response errors do.
type statusCoder interface{ HTTPStatusCode() int }

// awsResult is the result of an SNS or SQS call: AWS's status when it answered, 502 when it
// could not be reached; any failure may pass later (throttling, a policy being fixed).
func awsResult(ctx context.Context, success string, err error) Result {
	if err == nil {
		return Result{StatusCode: http.StatusOK, Message: success, Success: true}
	}
	if ctx.Err() != nil {
		return TimedOut()
	}
	status := http.StatusBadGateway
	var coded statusCoder
	if errors.As(err, &coded) && coded.HTTPStatusCode() != 0 {
		status = coded.HTTPStatusCode()
	}
	return Result{StatusCode: status, Message: err.Error(), Retryable: true}
}
