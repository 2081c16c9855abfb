package sqs

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// maxAttributes is how many message attributes a message may carry.
const maxAttributes = 10

// outgoing is a message to send, from the API or a backend caller.
type outgoing struct {
	body       string
	attributes map[string]MessageAttribute
	// delay is the per-message delay in seconds; nil means the queue's.
	delay    *int
	senderID string
	trace    string
}

// validBody reports whether a body has only the characters SQS allows:
// #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF.
func validBody(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c < 0x20 && c != 0x9 && c != 0xA && c != 0xD) {
			return validRunes(s[i:])
		}
	}
	return true
}

func validRunes(s string) bool {
	for _, r := range s {
		switch {
		case r == 0x9 || r == 0xA || r == 0xD:
		case r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
	}
	return true
}

// validateAttributes checks message attributes and returns their size.
func validateAttributes(attrs map[string]MessageAttribute) (int, error) {
	if len(attrs) > maxAttributes {
		return 0, errInvalidParameter("Number of message attributes [%d] exceeds the allowed maximum [%d].", len(attrs), maxAttributes)
	}
	size := 0
	for name, a := range attrs {
		base, _, _ := strings.Cut(a.DataType, ".")
		switch {
		case name == "" || len(name) > 256 || strings.HasPrefix(strings.ToLower(name), "aws.") || strings.HasPrefix(strings.ToLower(name), "amazon."):
			return 0, errInvalidParameter("Message attribute name '%s' is invalid.", name)
		case base != "String" && base != "Number" && base != "Binary":
			return 0, errInvalidParameter("The type of message (user) attribute '%s' is invalid. You must use only the following supported type prefixes: Binary, Number, String.", name)
		case base == "Binary" && len(a.BinaryValue) == 0, base != "Binary" && a.StringValue == "":
			return 0, errInvalidParameter("Message (user) attribute '%s' must contain a non-empty value of type '%s'.", name, a.DataType)
		case base == "Number" && !isNumber(a.StringValue):
			return 0, errInvalidParameter("Can't cast the value of message (user) attribute '%s' to a number.", name)
		}
		size += len(name) + len(a.DataType) + len(a.StringValue) + len(a.BinaryValue)
	}
	return size, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// send validates and enqueues a message and wakes the queue's pollers.
func (s *Service) send(q *Queue, m outgoing) (*StoredMessage, error) {
	if m.body == "" {
		return nil, errMissing("MessageBody")
	}
	if !validBody(m.body) {
		return nil, sqsError("InvalidMessageContents", "InvalidMessageContents", "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")
	}
	size, err := validateAttributes(m.attributes)
	if err != nil {
		return nil, err
	}
	if limit, _ := strconv.Atoi(q.Attributes["MaximumMessageSize"]); len(m.body)+size > limit {
		return nil, errInvalidParameter("One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", limit)
	}
	delay, _ := strconv.Atoi(q.Attributes["DelaySeconds"])
	if m.delay != nil {
		if *m.delay < 0 || *m.delay > 900 {
			return nil, errInvalidParameter("Value %d for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.", *m.delay)
		}
		delay = *m.delay
	}
	now := s.now()
	msg := &StoredMessage{
		ID: wire.NewUUID(), Body: m.body, MD5OfBody: md5Hex(m.body), Attributes: m.attributes,
		SenderID: m.senderID, TraceHeader: m.trace, Sent: now, VisibleAt: now.Add(time.Duration(delay) * time.Second),
	}
	q.Messages = append(q.Messages, msg)
	s.notify(q.Arn())
	return msg, nil
}

// seconds reads an integer queue attribute as a duration in seconds.
func (q *Queue) seconds(name string) time.Duration {
	n, _ := strconv.Atoi(q.Attributes[name])
	return time.Duration(n) * time.Second
}

// expire drops messages older than the queue's retention period; messages
// moved to a dead-letter queue keep their original send time, as on AWS.
func (s *Service) expire(q *Queue, now time.Time) {
	cutoff := now.Add(-q.seconds("MessageRetentionPeriod"))
	q.Messages = slices.DeleteFunc(q.Messages, func(m *StoredMessage) bool { return m.Sent.Before(cutoff) })
}

// receive takes up to limit visible messages, in send order, and hides them
// for visibility. A message already received maxReceiveCount times moves
// to the dead-letter queue of the RedrivePolicy instead, on this receive,
// as on AWS.
func (s *Service) receive(q *Queue, limit int, visibility time.Duration) []*StoredMessage {
	now := s.now()
	s.expire(q, now)
	rp, redrive := q.redrivePolicy()
	var dlq *Queue
	if redrive {
		dlq = s.queueByArn(rp.DeadLetterTargetArn)
	}
	var out []*StoredMessage
	moved := map[*StoredMessage]bool{}
	for _, m := range q.Messages {
		if len(out) == limit {
			break
		}
		if m.VisibleAt.After(now) {
			continue
		}
		if dlq != nil && m.ReceiveCount >= rp.MaxReceiveCount {
			dlq.Messages = append(dlq.Messages, &StoredMessage{ID: m.ID, Body: m.Body, MD5OfBody: m.MD5OfBody,
				Attributes: m.Attributes, SenderID: m.SenderID, TraceHeader: m.TraceHeader, DLQSource: q.Arn(),
				Sent: m.Sent, VisibleAt: now})
			moved[m] = true
			continue
		}
		m.ReceiveCount++
		if m.FirstReceive.IsZero() {
			m.FirstReceive = now
		}
		m.Handle = newHandle(m.ID)
		m.VisibleAt = now.Add(visibility)
		out = append(out, m)
	}
	if len(moved) > 0 {
		q.Messages = slices.DeleteFunc(q.Messages, func(m *StoredMessage) bool { return moved[m] })
		s.notify(dlq.Arn())
	}
	return out
}

// nextVisible is when the queue's earliest hidden message becomes visible;
// zero if none is hidden.
func (q *Queue) nextVisible(now time.Time) time.Time {
	var next time.Time
	for _, m := range q.Messages {
		if m.VisibleAt.After(now) && (next.IsZero() || m.VisibleAt.Before(next)) {
			next = m.VisibleAt
		}
	}
	return next
}

// Receipt handles are base64 of "messageID/nonce"; the nonce changes on
// every receive, so a handle from an earlier receive is stale.
func newHandle(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(id + "/" + wire.RandomHex(16)))
}

func parseHandle(handle string) (id string, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(handle)
	if err != nil {
		return "", false
	}
	id, nonce, found := strings.Cut(string(raw), "/")
	return id, found && id != "" && len(nonce) == 16
}

// find returns the message a receipt handle names and whether the handle
// is its latest; nil if the message is gone.
func (q *Queue) find(handle string) (*StoredMessage, int, bool, error) {
	id, ok := parseHandle(handle)
	if !ok {
		return nil, -1, false, errHandleInvalid(handle)
	}
	for i, m := range q.Messages {
		if m.ID == id {
			return m, i, m.Handle == handle, nil
		}
	}
	return nil, -1, false, nil
}

// deleteMessage deletes the message of a current receipt handle. A stale
// handle, or one of a message already deleted, succeeds without effect, as
// on AWS; a malformed one is ReceiptHandleIsInvalid.
func (q *Queue) deleteMessage(handle string) error {
	m, i, current, err := q.find(handle)
	if err != nil || m == nil || !current {
		return err
	}
	q.Messages = slices.Delete(q.Messages, i, i+1)
	return nil
}

// changeVisibility sets an in-flight message's remaining visibility
// timeout; 0 makes it visible at once.
func (s *Service) changeVisibility(q *Queue, handle string, timeout int) error {
	if timeout < 0 || timeout > 43200 {
		return errInvalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.", timeout)
	}
	m, _, current, err := q.find(handle)
	if err != nil {
		return err
	}
	if m == nil || !current {
		return errInvalidParameter("Value %s for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.", handle)
	}
	now := s.now()
	if !m.VisibleAt.After(now) {
		return sqsError("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "The message referred to isn't in flight.")
	}
	m.VisibleAt = now.Add(time.Duration(timeout) * time.Second)
	if timeout == 0 {
		s.notify(q.Arn())
	}
	return nil
}
