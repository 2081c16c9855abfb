package sns

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
	"github.com/panther-operator/panther-operator/internal/localaws/sqs"
)

// senderID is the SenderId of the messages SNS sends to queues.
const senderID = "AIDAIT2UOQQY3AUEKVGXU"

// envelopeAttribute is a message attribute in a notification.
type envelopeAttribute struct {
	Type  string `json:"Type"`
	Value string `json:"Value"`
}

// notification is the JSON document an SQS subscriber receives.
type notification struct {
	Type              string                       `json:"Type"`
	MessageID         string                       `json:"MessageId"`
	TopicArn          string                       `json:"TopicArn"`
	Subject           string                       `json:"Subject,omitempty"`
	Message           string                       `json:"Message"`
	Timestamp         string                       `json:"Timestamp"`
	SignatureVersion  string                       `json:"SignatureVersion"`
	Signature         string                       `json:"Signature"`
	SigningCertURL    string                       `json:"SigningCertURL"`
	UnsubscribeURL    string                       `json:"UnsubscribeURL"`
	MessageAttributes map[string]envelopeAttribute `json:"MessageAttributes,omitempty"`
}

// lambdaNotification is the Sns member of a Lambda record, with Lambda's
// casing and a null Subject when there is none.
type lambdaNotification struct {
	Type              string                       `json:"Type"`
	MessageID         string                       `json:"MessageId"`
	TopicArn          string                       `json:"TopicArn"`
	Subject           *string                      `json:"Subject"`
	Message           string                       `json:"Message"`
	Timestamp         string                       `json:"Timestamp"`
	SignatureVersion  string                       `json:"SignatureVersion"`
	Signature         string                       `json:"Signature"`
	SigningCertURL    string                       `json:"SigningCertUrl"`
	UnsubscribeURL    string                       `json:"UnsubscribeUrl"`
	MessageAttributes map[string]envelopeAttribute `json:"MessageAttributes"`
}

type lambdaRecord struct {
	EventSource          string             `json:"EventSource"`
	EventVersion         string             `json:"EventVersion"`
	EventSubscriptionArn string             `json:"EventSubscriptionArn"`
	Sns                  lambdaNotification `json:"Sns"`
}

// encode marshals without escaping <, > and &, as AWS writes JSON.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func envelopeAttributes(attrs map[string]MessageAttribute) map[string]envelopeAttribute {
	out := map[string]envelopeAttribute{}
	for name, a := range attrs {
		v := a.StringValue
		if len(a.BinaryValue) > 0 {
			v = base64.StdEncoding.EncodeToString(a.BinaryValue)
		}
		out[name] = envelopeAttribute{Type: a.DataType, Value: v}
	}
	return out
}

// deliver sends a message to every confirmed subscriber whose filter
// policy accepts it. Failed deliveries are dropped, as AWS drops them
// after its retries.
func (s *Service) deliver(t *Topic, m *message) {
	for _, sub := range s.topicSubscriptions(t) {
		if sub.Pending || !sub.accepts(m) {
			continue
		}
		switch sub.Protocol {
		case "sqs":
			s.deliverToQueue(t, sub, m)
		case "lambda":
			s.deliverToFunction(t, sub, m)
		}
	}
}

func (s *Service) deliverToQueue(t *Topic, sub *Subscription, m *message) {
	body := m.forProtocol("sqs")
	var attrs map[string]sqs.MessageAttribute
	if sub.Attributes["RawMessageDelivery"] == "true" {
		attrs = map[string]sqs.MessageAttribute{}
		for name, a := range m.attrs {
			attrs[name] = sqs.MessageAttribute{DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue}
		}
	} else {
		body = string(encode(notification{
			Type: "Notification", MessageID: m.id, TopicArn: t.Arn(), Subject: m.subject, Message: body,
			Timestamp: wire.ISOTime(m.at), SignatureVersion: "1", Signature: signature(),
			SigningCertURL: signingCertURL(t.Region), UnsubscribeURL: unsubscribeURL(t.Region, sub.Arn),
			MessageAttributes: envelopeAttributes(m.attrs),
		}))
	}
	_, _ = s.backends.Queues.Send(sub.Endpoint, senderID, body, attrs)
}

func (s *Service) deliverToFunction(t *Topic, sub *Subscription, m *message) {
	var subject *string
	if m.subject != "" {
		subject = &m.subject
	}
	event := map[string]any{"Records": []lambdaRecord{{
		EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: sub.Arn,
		Sns: lambdaNotification{
			Type: "Notification", MessageID: m.id, TopicArn: t.Arn(), Subject: subject, Message: m.forProtocol("lambda"),
			Timestamp: wire.ISOTime(m.at), SignatureVersion: "1", Signature: signature(),
			SigningCertURL: signingCertURL(t.Region), UnsubscribeURL: unsubscribeURL(t.Region, sub.Arn),
			MessageAttributes: envelopeAttributes(m.attrs),
		},
	}}}
	_ = s.backends.Functions.InvokeEvent(sub.Endpoint, encode(event))
}

// sendConfirmation sends the SubscriptionConfirmation message to a
// pending queue subscriber.
func (s *Service) sendConfirmation(t *Topic, sub *Subscription) {
	doc := struct {
		Type             string `json:"Type"`
		MessageID        string `json:"MessageId"`
		Token            string `json:"Token"`
		TopicArn         string `json:"TopicArn"`
		Message          string `json:"Message"`
		SubscribeURL     string `json:"SubscribeURL"`
		Timestamp        string `json:"Timestamp"`
		SignatureVersion string `json:"SignatureVersion"`
		Signature        string `json:"Signature"`
		SigningCertURL   string `json:"SigningCertURL"`
	}{
		Type: "SubscriptionConfirmation", MessageID: wire.NewUUID(), Token: sub.Token, TopicArn: t.Arn(),
		Message: "You have chosen to subscribe to the topic " + t.Arn() +
			".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
		SubscribeURL: subscribeURL(t.Region, t.Arn(), sub.Token), Timestamp: wire.ISOTime(time.Now()),
		SignatureVersion: "1", Signature: signature(), SigningCertURL: signingCertURL(t.Region),
	}
	_, _ = s.backends.Queues.Send(sub.Endpoint, senderID, string(encode(doc)), nil)
}
