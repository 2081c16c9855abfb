package awsx

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/delivery"
)

// AlertsAPI is panther-alerts-api as the delivery function uses it.
type AlertsAPI struct{ Function }

// GetAlert reads a stored alert; one event is the least a page holds, and none is needed.
func (a *AlertsAPI) GetAlert(ctx context.Context, alertID string) (*alertsapi.Summary, error) {
	var out alertsapi.GetAlertOutput
	if err := a.Call(ctx, alertsapi.Request{GetAlert: &alertsapi.GetAlertInput{AlertID: alertID, EventsPageSize: 1}}, &out); err != nil {
		return nil, err
	}
	return &out.Summary, nil
}

// RecordDelivery appends delivery attempts to an alert.
func (a *AlertsAPI) RecordDelivery(ctx context.Context, alertID string, responses []deliveryapi.DeliveryResponse) error {
	return a.Call(ctx, alertsapi.Request{UpdateAlertDelivery: &alertsapi.UpdateAlertDeliveryInput{AlertID: alertID, DeliveryResponses: responses}}, nil)
}

// RetryQueue is the alerts queue that failed deliveries go back to.
type RetryQueue struct {
	Client *sqs.Client
	URL    string
}

// Enqueue sends the messages in batches of ten, each with its delay.
func (q *RetryQueue) Enqueue(ctx context.Context, messages []delivery.DelayedMessage) error {
	for start := 0; start < len(messages); start += 10 {
		batch := messages[start:min(start+10, len(messages))]
		entries := make([]sqstypes.SendMessageBatchRequestEntry, len(batch))
		for i, m := range batch {
			entries[i] = sqstypes.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), MessageBody: aws.String(m.Body),
				DelaySeconds: int32(m.DelaySeconds)} // settings bound delays to SQS's 900 s
		}
		out, err := q.Client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: aws.String(q.URL), Entries: entries})
		if err != nil {
			return err
		}
		if len(out.Failed) > 0 {
			return fmt.Errorf("queueing retries: %d of %d failed (%s: %s)", len(out.Failed), len(batch),
				aws.ToString(out.Failed[0].Code), aws.ToString(out.Failed[0].Message))
		}
	}
	return nil
}

// regionalClients makes one client per region from a configuration, the configuration's own
// region first: outputs name topics and queues anywhere.
type regionalClients[C any] struct {
	config aws.Config
	build  func(aws.Config) C
	mu     sync.Mutex
	byName map[string]C
}

func (r *regionalClients[C]) client(region string) C {
	if region == "" {
		region = r.config.Region
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.byName[region]; ok {
		return c
	}
	if r.byName == nil {
		r.byName = map[string]C{}
	}
	cfg := r.config.Copy()
	cfg.Region = region
	c := r.build(cfg)
	r.byName[region] = c
	return c
}

// AlertTopics publishes alerts to SNS topics in the regions their ARNs name.
type AlertTopics struct{ clients regionalClients[*sns.Client] }

// NewAlertTopics publishes with cfg's credentials.
func NewAlertTopics(cfg aws.Config) *AlertTopics {
	return &AlertTopics{clients: regionalClients[*sns.Client]{config: cfg, build: func(c aws.Config) *sns.Client { return sns.NewFromConfig(c) }}}
}

// PublishJSON publishes a MessageStructure=json message with a subject.
func (t *AlertTopics) PublishJSON(ctx context.Context, topicARN, subject, message string) (string, error) {
	region := ""
	if parts := strings.Split(topicARN, ":"); len(parts) == 6 {
		region = parts[3]
	}
	out, err := t.clients.client(region).Publish(ctx, &sns.PublishInput{TopicArn: aws.String(topicARN), Subject: aws.String(subject),
		Message: aws.String(message), MessageStructure: aws.String("json")})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.MessageId), nil
}

// AlertQueues sends alerts to SQS queues in the regions their URLs name.
type AlertQueues struct{ clients regionalClients[*sqs.Client] }

// NewAlertQueues sends with cfg's credentials.
func NewAlertQueues(cfg aws.Config) *AlertQueues {
	return &AlertQueues{clients: regionalClients[*sqs.Client]{config: cfg, build: func(c aws.Config) *sqs.Client { return sqs.NewFromConfig(c) }}}
}

// SendMessage sends one message.
func (q *AlertQueues) SendMessage(ctx context.Context, queueURL, body string) (string, error) {
	out, err := q.clients.client(QueueRegion(queueURL)).SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(queueURL), MessageBody: aws.String(body)})
	if err != nil {
		return "", err
	}
	return aws.ToString(out.MessageId), nil
}

var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// QueueRegion is the region an SQS queue URL names (https://sqs.<region>.amazonaws.com/...,
// the legacy https://<region>.queue.amazonaws.com/... and VPC endpoint names alike), or ""
// when it names none, as an emulator's URLs do.
func QueueRegion(queueURL string) string {
	u, err := url.Parse(queueURL)
	if err != nil {
		return ""
	}
	host := u.Hostname()
	if host == "queue.amazonaws.com" {
		return "us-east-1"
	}
	labels := strings.Split(host, ".")
	for i, label := range labels {
		if label == "sqs" && i+1 < len(labels) && regionPattern.MatchString(labels[i+1]) {
			return labels[i+1]
		}
		if label == "queue" && i > 0 && regionPattern.MatchString(labels[i-1]) {
			return labels[i-1]
		}
	}
	return ""
}
