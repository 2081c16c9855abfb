// Package sqs emulates the Amazon SQS JSON 1.0 API for standard queues:
// queues with their attributes, tags and policy, and messages with delay,
// visibility timeout, retention, long polling and redrive to a dead-letter
// queue. FIFO queues are refused.
package sqs

import (
	"net/http"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Queue is a standard queue and the messages it holds.
type Queue struct {
	Name     string    `json:"name"`
	Account  string    `json:"account"`
	Region   string    `json:"region"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
	// Attributes are the settable attributes, defaults included.
	Attributes map[string]string `json:"attributes"`
	Tags       map[string]string `json:"tags,omitempty"`
	// Messages are in the order they were sent (or moved here from a
	// redriving source queue).
	Messages []*StoredMessage `json:"messages,omitempty"`
	PurgedAt time.Time        `json:"purgedAt,omitzero"`
}

// StoredMessage is a message in a queue, in flight or not.
type StoredMessage struct {
	ID          string                      `json:"id"`
	Body        string                      `json:"body"`
	MD5OfBody   string                      `json:"md5OfBody"`
	Attributes  map[string]MessageAttribute `json:"attributes,omitempty"`
	SenderID    string                      `json:"senderId"`
	TraceHeader string                      `json:"traceHeader,omitempty"`
	// DLQSource is the ARN of the queue that moved this message here.
	DLQSource string    `json:"dlqSource,omitempty"`
	Sent      time.Time `json:"sent"`
	// VisibleAt is when a delayed or in-flight message can be received.
	VisibleAt    time.Time `json:"visibleAt"`
	ReceiveCount int       `json:"receiveCount,omitempty"`
	FirstReceive time.Time `json:"firstReceive,omitzero"`
	// Handle is the receipt handle of the latest receive.
	Handle string `json:"handle,omitempty"`
}

// MessageAttribute is a message attribute as the API carries it. List
// values are not supported (AWS rejects them too).
type MessageAttribute struct {
	DataType    string `json:"DataType"`
	StringValue string `json:"StringValue,omitempty"`
	BinaryValue []byte `json:"BinaryValue,omitempty"`
}

// Service implements the SQS JSON 1.0 API and the backend methods other
// services use.
type Service struct {
	store    *state.Store
	now      func() time.Time
	endpoint string
	// signals wake long pollers of a queue (by ARN) when it may have a
	// message for them; closed and dropped by notify. Guarded by the state
	// lock; not state.
	signals map[string]chan struct{}
}

// queueTable holds each region's queues by name.
var queueTable = state.NewTable[*Queue]("sqsQueues", state.PerRegion)

// Tables are the state tables of SQS.
func Tables() []state.Declared { return []state.Declared{queueTable} }

// DefaultEndpoint is the endpoint in queue URLs the service hands out
// without a request to take the host from, until SetEndpoint.
const DefaultEndpoint = "http://localhost:4566"

// New returns the SQS service keeping its queues in store. now is the
// clock of message timers (delay, visibility, retention); nil is time.Now.
func New(store *state.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, endpoint: DefaultEndpoint, signals: map[string]chan struct{}{}}
}

// SetEndpoint sets the endpoint (http://host:port) of the queue URLs the
// backend methods return, e.g. to CloudFormation's Ref. API answers use
// the host the client called instead.
func (s *Service) SetEndpoint(endpoint string) {
	s.store.Lock()
	defer s.store.Unlock()
	s.endpoint = strings.TrimSuffix(endpoint, "/")
}

// queues are a region's queues; nil when the region has none. Callers hold
// the state lock.
func (s *Service) queues(account, region string) map[string]*Queue {
	return queueTable.Lookup(s.store.State(), account, region)
}

// Arn is the queue's ARN.
func (q *Queue) Arn() string { return queueArn(q.Region, q.Account, q.Name) }

func queueArn(region, account, name string) string {
	return "arn:" + wire.Partition(region) + ":sqs:" + region + ":" + account + ":" + name
}

func queueURL(endpoint, account, name string) string {
	return endpoint + "/" + account + "/" + name
}

// parseArn splits an SQS queue ARN.
func parseArn(arn string) (region, account, name string, ok bool) {
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "sqs" {
		return "", "", "", false
	}
	return parts[3], parts[4], parts[5], true
}

// parseURL reads the account and queue name of a queue URL, whatever its
// host: http://host/ACCOUNT/NAME.
func parseURL(url string) (account, name string, ok bool) {
	if i := strings.Index(url, "://"); i >= 0 {
		url = url[i+3:]
		j := strings.IndexByte(url, '/')
		if j < 0 {
			return "", "", false
		}
		url = url[j:]
	}
	parts := strings.Split(strings.Trim(url, "/"), "/")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return "", "", false
	}
	return parts[0], parts[1], true
}

// sqsError is an SQS error with its query-protocol code.
func sqsError(code, queryCode, format string, args ...any) *wire.Error {
	e := wire.NewError(http.StatusBadRequest, code, format, args...)
	e.QueryCode = queryCode
	return e
}

func errNoQueue() *wire.Error {
	return sqsError("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.")
}

func errInvalidParameter(format string, args ...any) *wire.Error {
	return sqsError("InvalidParameterValue", "InvalidParameterValue", format, args...)
}

func errInvalidAttributeValue(format string, args ...any) *wire.Error {
	return sqsError("InvalidAttributeValue", "InvalidAttributeValue", format, args...)
}

func errInvalidAttributeName(name string) *wire.Error {
	return sqsError("InvalidAttributeName", "InvalidAttributeName", "Unknown Attribute %s.", name)
}

func errMissing(param string) *wire.Error {
	return sqsError("MissingParameter", "MissingParameter", "The request must contain the parameter %s.", param)
}

func errHandleInvalid(handle string) *wire.Error {
	return sqsError("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid",
		"The input receipt handle \"%s\" is not a valid receipt handle.", handle)
}

func errUnsupported(format string, args ...any) *wire.Error {
	return sqsError("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", format, args...)
}
