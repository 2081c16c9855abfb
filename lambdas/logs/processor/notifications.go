// Package processor is panther-log-processor's work, without Lambda: read the notifications
// of new log objects from the input queue, find each object's source, read and classify it,
// and write the normalized events to ProcessedData, one notification per file. AWS is behind
// the narrow interfaces of aws.go.
package processor

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Object is one S3 object a notification announced (Size -1 when unknown).
type Object struct {
	Bucket, Key string
	Size        int64
}

// Notification is what one queue message asks for.
type Notification struct {
	// Objects to process.
	Objects []Object
	// ConfirmTopic is set for an SNS SubscriptionConfirmation: confirm with Token.
	ConfirmTopic, Token string
}

// snsEnvelope is the body SNS delivers to a queue without raw message delivery.
type snsEnvelope struct {
	Type     string `json:"Type"`
	TopicArn string `json:"TopicArn"`
	Message  string `json:"Message"`
	Token    string `json:"Token"`
}

type s3Event struct {
	Records []struct {
		EventSource string `json:"eventSource"`
		EventName   string `json:"eventName"`
		S3          struct {
			Bucket struct {
				Name string `json:"name"`
			} `json:"bucket"`
			Object struct {
				Key  string `json:"key"`
				Size int64  `json:"size"`
			} `json:"object"`
		} `json:"s3"`
	} `json:"Records"`
	Event string `json:"Event"`
}

type cloudTrailNotification struct {
	S3Bucket    string   `json:"s3Bucket"`
	S3ObjectKey []string `json:"s3ObjectKey"`
}

// ErrUnknownMessage is a body that is none of the notifications the processor reads.
var ErrUnknownMessage = errors.New("not an SNS notification of an S3 event, a CloudTrail delivery or a test event")

// ParseNotification reads one queue message body: an SNS envelope (Notification or
// SubscriptionConfirmation) whose Message is a CloudTrail delivery notification, an S3 event,
// S3's test event or CloudTrail's validation message. Objects of size 0 and "folders" are
// left out.
func ParseNotification(body string) (*Notification, error) {
	var env snsEnvelope
	if err := json.Unmarshal([]byte(body), &env); err != nil {
		return nil, ErrUnknownMessage
	}
	switch env.Type {
	case "SubscriptionConfirmation":
		return &Notification{ConfirmTopic: env.TopicArn, Token: env.Token}, nil
	case "Notification":
	default:
		return nil, ErrUnknownMessage
	}
	if strings.TrimSpace(env.Message) == "CloudTrail validation message." {
		return &Notification{}, nil
	}
	var trail cloudTrailNotification
	if err := json.Unmarshal([]byte(env.Message), &trail); err == nil && trail.S3Bucket != "" {
		n := &Notification{}
		for _, key := range trail.S3ObjectKey {
			n.add(Object{Bucket: trail.S3Bucket, Key: key, Size: -1})
		}
		return n, nil
	}
	var event s3Event
	if err := json.Unmarshal([]byte(env.Message), &event); err != nil {
		return nil, ErrUnknownMessage
	}
	if event.Event == "s3:TestEvent" {
		return &Notification{}, nil
	}
	if len(event.Records) == 0 {
		return nil, ErrUnknownMessage
	}
	n := &Notification{}
	for _, r := range event.Records {
		key, err := url.QueryUnescape(r.S3.Object.Key)
		if err != nil {
			return nil, fmt.Errorf("object key %q: %w", r.S3.Object.Key, err)
		}
		if strings.HasPrefix(r.EventName, "ObjectRemoved") {
			continue
		}
		n.add(Object{Bucket: r.S3.Bucket.Name, Key: key, Size: r.S3.Object.Size})
	}
	return n, nil
}

func (n *Notification) add(o Object) {
	if o.Size == 0 || strings.HasSuffix(o.Key, "/") || o.Bucket == "" {
		return
	}
	n.Objects = append(n.Objects, o)
}
