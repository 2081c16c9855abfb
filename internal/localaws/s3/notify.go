package s3

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
	"github.com/panther-operator/panther-operator/internal/localaws/sns"
	"github.com/panther-operator/panther-operator/internal/localaws/sqs"
)

// Event notifications: a bucket's NotificationConfiguration sends AWS's
// event JSON to SNS topics, SQS queues and Lambda functions when objects
// are created or removed.

// Destinations are the services S3 notifies, called with the lock held.
type Destinations struct {
	Topics interface {
		TopicExists(arn string) bool
		Publish(topicARN, subject, message string, attrs map[string]sns.MessageAttribute) (string, error)
	}
	Queues interface {
		QueueExists(queueARN string) bool
		Send(queueARN, sender, body string, attrs map[string]sqs.MessageAttribute) (string, error)
	}
	Functions interface {
		FunctionExists(functionARN string) bool
		InvokeEvent(functionARN string, payload []byte) error
	}
}

// SetDestinations connects S3 to the services its notifications reach.
func (s *Service) SetDestinations(d Destinations) { s.dest = d }

// notificationSubject is the Subject of the SNS messages S3 publishes.
const notificationSubject = "Amazon S3 Notification"

// senderID is the SenderId of the messages S3 sends to queues.
const senderID = "AIDAJQOC3SADRY5PEMBNW"

// destination is one configuration of a NotificationConfiguration.
type destination struct {
	kind, arn, id  string
	events         []string
	prefix, suffix string
}

type destinationXML struct {
	ID            string   `xml:"Id"`
	Topic         string   `xml:"Topic"`
	Queue         string   `xml:"Queue"`
	CloudFunction string   `xml:"CloudFunction"`
	Events        []string `xml:"Event"`
	Rules         []struct {
		Name  string `xml:"Name"`
		Value string `xml:"Value"`
	} `xml:"Filter>S3Key>FilterRule"`
}

// destinations parses a NotificationConfiguration document.
func destinations(doc string) ([]destination, error) {
	if doc == "" {
		return nil, nil
	}
	var in struct {
		Topics    []destinationXML `xml:"TopicConfiguration"`
		Queues    []destinationXML `xml:"QueueConfiguration"`
		Functions []destinationXML `xml:"CloudFunctionConfiguration"`
	}
	if err := xml.Unmarshal([]byte(doc), &in); err != nil {
		return nil, malformedXML()
	}
	var out []destination
	for kind, list := range map[string][]destinationXML{"topic": in.Topics, "queue": in.Queues, "function": in.Functions} {
		for i, c := range list {
			d := destination{kind: kind, arn: c.Topic + c.Queue + c.CloudFunction, id: c.ID, events: c.Events}
			if d.id == "" {
				sum := sha1.Sum([]byte(kind + d.arn + strconv.Itoa(i)))
				d.id = base64.RawStdEncoding.EncodeToString(sum[:])[:22]
			}
			for _, r := range c.Rules {
				switch strings.ToLower(r.Name) {
				case "prefix":
					d.prefix = r.Value
				case "suffix":
					d.suffix = r.Value
				default:
					return nil, invalidArgument("FilterRule", r.Name, "filter rule name must be either prefix or suffix")
				}
			}
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b destination) int { return strings.Compare(a.kind+a.arn, b.kind+b.arn) })
	return out, nil
}

func invalidArgument(name, value, message string) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "InvalidArgument", "%s", message).
		With("ArgumentName", name).With("ArgumentValue", value)
}

// notificationEvents are the event types S3 notifies about.
var notificationEvents = []string{
	"s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy",
	"s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
	"s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed",
	"s3:ObjectRestore:Delete", "s3:ReducedRedundancyLostObject", "s3:Replication:*", "s3:LifecycleExpiration:*",
	"s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition",
	"s3:IntelligentTiering", "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put",
}

// exists reports whether a destination's target exists.
func (s *Service) exists(d destination) bool {
	switch {
	case d.kind == "topic" && s.dest.Topics != nil:
		return s.dest.Topics.TopicExists(d.arn)
	case d.kind == "queue" && s.dest.Queues != nil:
		return s.dest.Queues.QueueExists(d.arn)
	case d.kind == "function" && s.dest.Functions != nil:
		return s.dest.Functions.FunctionExists(d.arn)
	}
	return false
}

// setNotification validates and stores a configuration, then sends the
// s3:TestEvent to its SNS and SQS destinations, as S3 does.
func (s *Service) setNotification(b *Bucket, doc, requestID string) error {
	dests, err := destinations(doc)
	if err != nil {
		return err
	}
	var failed []destination
	for _, d := range dests {
		for _, ev := range d.events {
			if !slices.Contains(notificationEvents, ev) {
				return invalidArgument(d.kind, ev, "The event is not supported for notifications")
			}
		}
		if !s.exists(d) {
			failed = append(failed, d)
		}
	}
	if len(failed) > 0 {
		e := wire.NewError(http.StatusBadRequest, "InvalidArgument", "Unable to validate the following destination configurations")
		for i, d := range failed {
			n := strconv.Itoa(i + 1)
			e = e.With("ArgumentName"+n, d.arn).With("ArgumentValue"+n, destinationFailure(d))
		}
		return e
	}
	b.Notification = doc
	test := encodeJSON(map[string]any{"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": wire.ISOTime(time.Now()),
		"Bucket": b.Name, "RequestId": requestID, "HostId": requestID})
	sent := map[string]bool{}
	for _, d := range dests {
		if d.kind != "function" && !sent[d.arn] {
			sent[d.arn] = true
			s.send(d, test)
		}
	}
	return nil
}

func destinationFailure(d destination) string {
	switch d.kind {
	case "topic":
		return "Permissions on the destination topic do not allow S3 to publish notifications from this bucket"
	case "queue":
		return "Permissions on the destination queue do not allow S3 to publish notifications from this bucket"
	}
	return "Not authorized to invoke function [" + d.arn + "]"
}

// send delivers a document to a destination; failures are dropped, as S3
// drops notifications it cannot deliver.
func (s *Service) send(d destination, doc []byte) {
	switch {
	case d.kind == "topic" && s.dest.Topics != nil:
		_, _ = s.dest.Topics.Publish(d.arn, notificationSubject, string(doc), nil)
	case d.kind == "queue" && s.dest.Queues != nil:
		_, _ = s.dest.Queues.Send(d.arn, senderID, string(doc), nil)
	case d.kind == "function" && s.dest.Functions != nil:
		_ = s.dest.Functions.InvokeEvent(d.arn, doc)
	}
}

// matches reports whether a destination wants an event about key.
func (d destination) matches(eventName, key string) bool {
	if !strings.HasPrefix(key, d.prefix) || !strings.HasSuffix(key, d.suffix) {
		return false
	}
	category, _, _ := strings.Cut(eventName, ":")
	for _, ev := range d.events {
		if ev == "s3:"+eventName || ev == "s3:"+category+":*" {
			return true
		}
	}
	return false
}

func encodeJSON(v any) []byte {
	data, _ := json.Marshal(v)
	return data
}

// sequence orders the events of one key, as S3's sequencer does.
var sequence atomic.Uint64

// eventObject is the object member of an event record.
type eventObject struct {
	Key       string `json:"key"`
	Size      *int   `json:"size,omitempty"`
	ETag      string `json:"eTag,omitempty"`
	VersionID string `json:"versionId,omitempty"`
	Sequencer string `json:"sequencer"`
}

// eventKey URL-encodes a key as S3 events carry it: form encoding (a space
// is +), slashes kept.
func eventKey(key string) string { return strings.ReplaceAll(url.QueryEscape(key), "%2F", "/") }

// notifyRemoved notifies about a deletion: a delete marker created, or a
// key or version removed.
func (req *request) notifyRemoved(b *Bucket, key string, markerCreated bool, version string) {
	obj := eventObject{Key: eventKey(key)}
	if b.Versioning != "" {
		obj.VersionID = version
	}
	name := "ObjectRemoved:Delete"
	if markerCreated {
		name = "ObjectRemoved:DeleteMarkerCreated"
	}
	req.emit(b, name, key, obj)
}

// notify notifies about an object version created.
func (req *request) notify(b *Bucket, eventName, key string, v *ObjectVersion) {
	size := len(v.Body)
	obj := eventObject{Key: eventKey(key), Size: &size, ETag: strings.Trim(v.ETag, `"`)}
	if b.Versioning != "" {
		obj.VersionID = v.VersionID
	}
	req.emit(b, eventName, key, obj)
}

// emit sends an event record to each destination that wants it.
func (req *request) emit(b *Bucket, eventName, key string, obj eventObject) {
	if b.Notification == "" {
		return
	}
	dests, err := destinations(b.Notification)
	if err != nil {
		return
	}
	obj.Sequencer = fmt.Sprintf("%018X", uint64(time.Now().UnixNano())+sequence.Add(1))
	for _, d := range dests {
		if d.matches(eventName, key) {
			req.svc.send(d, encodeJSON(req.eventRecord(b, eventName, d.id, obj)))
		}
	}
}

// eventRecord is the event document of one record.
func (req *request) eventRecord(b *Bucket, eventName, configurationID string, obj eventObject) map[string]any {
	owner := "A" + b.Account
	record := map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": b.Region, "eventTime": wire.ISOTime(time.Now()),
		"eventName":         eventName,
		"userIdentity":      map[string]any{"principalId": "AWS:" + req.Account},
		"requestParameters": map[string]any{"sourceIPAddress": req.SourceIP()},
		"responseElements":  map[string]any{"x-amz-request-id": req.RequestID(), "x-amz-id-2": req.RequestID()},
		"s3": map[string]any{
			"s3SchemaVersion": "1.0", "configurationId": configurationID,
			"bucket": map[string]any{"name": b.Name, "ownerIdentity": map[string]any{"principalId": owner},
				"arn": "arn:" + wire.Partition(b.Region) + ":s3:::" + b.Name},
			"object": obj,
		},
	}
	return map[string]any{"Records": []any{record}}
}
