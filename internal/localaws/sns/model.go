// Package sns emulates the Amazon SNS query API for standard topics: topics
// with their attributes, policy and tags, subscriptions of SQS queues and
// Lambda functions with raw delivery and filter policies, cross-account
// confirmation, and Publish and PublishBatch, which deliver the envelopes AWS
// documents. FIFO topics and the mobile, SMS and HTTP protocols are refused.
package sns

import (
	"net/http"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
	"github.com/panther-operator/panther-operator/internal/localaws/sqs"
)

// Topic is a standard topic.
type Topic struct {
	Name    string    `json:"name"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
	// Attributes are the settable attributes (DisplayName, Policy, …).
	Attributes map[string]string `json:"attributes"`
	Tags       map[string]string `json:"tags,omitempty"`
}

// Subscription is a topic's subscription, kept with the topic.
type Subscription struct {
	Arn      string `json:"arn"`
	TopicArn string `json:"topicArn"`
	Owner    string `json:"owner"`
	Protocol string `json:"protocol"`
	Endpoint string `json:"endpoint"`
	// Token is the confirmation token of a pending subscription.
	Token   string `json:"token,omitempty"`
	Pending bool   `json:"pending,omitempty"`
	// Attributes are the settable attributes (RawMessageDelivery,
	// FilterPolicy, FilterPolicyScope, …).
	Attributes map[string]string `json:"attributes,omitempty"`
}

// MessageAttribute is a message attribute as Publish carries it.
type MessageAttribute struct {
	DataType    string `json:"DataType"`
	StringValue string `json:"StringValue,omitempty"`
	BinaryValue []byte `json:"BinaryValue,omitempty"`
}

// Queues is what SNS uses of SQS to deliver to queue subscribers.
type Queues interface {
	QueueExists(queueARN string) bool
	Send(queueARN, sender, body string, attrs map[string]sqs.MessageAttribute) (string, error)
}

// Functions is what SNS uses of Lambda to deliver to function subscribers:
// InvokeEvent starts an asynchronous invocation and returns at once.
type Functions interface {
	FunctionExists(functionARN string) bool
	InvokeEvent(functionARN string, payload []byte) error
}

// Backends are the services SNS delivers to; called with the lock held.
type Backends struct {
	Queues    Queues
	Functions Functions
}

// Service implements the SNS query API and the backend methods other
// services use.
type Service struct {
	store    *state.Store
	backends Backends
}

var (
	// topicTable holds each region's topics by name.
	topicTable = state.NewTable[*Topic]("snsTopics", state.PerRegion)
	// subscriptionTable holds the subscriptions of a region's topics by
	// subscription ARN.
	subscriptionTable = state.NewTable[*Subscription]("snsSubscriptions", state.PerRegion)
)

// Tables are the state tables of SNS.
func Tables() []state.Declared { return []state.Declared{topicTable, subscriptionTable} }

// New returns the SNS service keeping its topics in store.
func New(store *state.Store, backends Backends) *Service {
	return &Service{store: store, backends: backends}
}

func (s *Service) topics(account, region string) map[string]*Topic {
	return topicTable.Region(s.store.State(), account, region)
}

func (s *Service) subscriptions(account, region string) map[string]*Subscription {
	return subscriptionTable.Region(s.store.State(), account, region)
}

// Arn is the topic's ARN.
func (t *Topic) Arn() string { return topicArn(t.Region, t.Account, t.Name) }

func topicArn(region, account, name string) string {
	return "arn:" + wire.Partition(region) + ":sns:" + region + ":" + account + ":" + name
}

// parseArn splits a topic ARN, or a subscription ARN (topic ARN:ID).
func parseArn(arn string) (region, account, name, id string, ok bool) {
	parts := strings.Split(arn, ":")
	if (len(parts) != 6 && len(parts) != 7) || parts[0] != "arn" || parts[2] != "sns" || parts[5] == "" {
		return "", "", "", "", false
	}
	if len(parts) == 7 {
		id = parts[6]
	}
	return parts[3], parts[4], parts[5], id, true
}

// topicByArn finds a topic; nil if it does not exist.
func (s *Service) topicByArn(arn string) *Topic {
	region, account, name, id, ok := parseArn(arn)
	if !ok || id != "" {
		return nil
	}
	return topicTable.Lookup(s.store.State(), account, region)[name]
}

// subscriptionByArn finds a subscription; nil if it does not exist.
func (s *Service) subscriptionByArn(arn string) *Subscription {
	region, account, _, id, ok := parseArn(arn)
	if !ok || id == "" {
		return nil
	}
	return subscriptionTable.Lookup(s.store.State(), account, region)[arn]
}

// topicSubscriptions are a topic's subscriptions.
func (s *Service) topicSubscriptions(t *Topic) []*Subscription {
	var out []*Subscription
	for _, sub := range s.subscriptions(t.Account, t.Region) {
		if sub.TopicArn == t.Arn() {
			out = append(out, sub)
		}
	}
	return out
}

func snsError(status int, code, format string, args ...any) *wire.Error {
	return wire.NewError(status, code, format, args...)
}

func errNotFound(what string) *wire.Error {
	return snsError(http.StatusNotFound, "NotFound", "%s does not exist", what)
}

func errInvalid(format string, args ...any) *wire.Error {
	return snsError(http.StatusBadRequest, "InvalidParameter", "Invalid parameter: "+format, args...)
}

func errInvalidValue(format string, args ...any) *wire.Error {
	return snsError(http.StatusBadRequest, "ParameterValueInvalid", format, args...)
}
