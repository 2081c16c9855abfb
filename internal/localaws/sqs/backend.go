package sqs

import (
	"context"
	"maps"
	"time"
)

// The methods below are what other localaws services use of SQS: SNS
// subscriptions and Lambda event source mappings (Send, Receive, Delete,
// QueueExists, Wait) and CloudFormation (the queue methods). Callers hold
// the state lock, except for Wait, which takes it itself. Queues are named
// by ARN (arn:aws:sqs:REGION:ACCOUNT:NAME); errors are the API's
// (QueueDoesNotExist, InvalidParameterValue, …).

// Message is a received message as other services see it, with its
// system attributes (SenderId, SentTimestamp, ApproximateReceiveCount,
// ApproximateFirstReceiveTimestamp) as Lambda's SQS events carry them.
type Message struct {
	MessageID              string
	ReceiptHandle          string
	Body                   string
	MD5OfBody              string
	MD5OfMessageAttributes string
	Attributes             map[string]string
	MessageAttributes      map[string]MessageAttribute
}

// queueByArn finds a queue; nil if it does not exist.
func (s *Service) queueByArn(arn string) *Queue {
	region, account, name, ok := parseArn(arn)
	if !ok {
		return nil
	}
	return s.queues(account, region)[name]
}

func (s *Service) exists(arn string) bool { return s.queueByArn(arn) != nil }

// QueueExists reports whether the queue exists.
func (s *Service) QueueExists(queueARN string) bool { return s.exists(queueARN) }

// Send enqueues a message with the queue's delay, as SendMessage does, and
// returns its ID. The sender is reported as SenderId.
func (s *Service) Send(queueARN, sender, body string, attrs map[string]MessageAttribute) (string, error) {
	q := s.queueByArn(queueARN)
	if q == nil {
		return "", errNoQueue()
	}
	m, err := s.send(q, outgoing{body: body, attributes: attrs, senderID: sender})
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

// Receive takes up to limit (1–10) visible messages and hides them for
// visibility (negative: the queue's VisibilityTimeout), redriving to the
// dead-letter queue as ReceiveMessage does. It does not wait: see Wait.
func (s *Service) Receive(queueARN string, limit int, visibility time.Duration) ([]Message, error) {
	q := s.queueByArn(queueARN)
	if q == nil {
		return nil, errNoQueue()
	}
	if limit < 1 || limit > 10 {
		return nil, errInvalidParameter("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", limit)
	}
	if visibility < 0 {
		visibility = q.seconds("VisibilityTimeout")
	}
	msgs := s.receive(q, limit, visibility)
	out := make([]Message, len(msgs))
	for i, m := range msgs {
		out[i] = Message{
			MessageID: m.ID, ReceiptHandle: m.Handle, Body: m.Body, MD5OfBody: m.MD5OfBody,
			MD5OfMessageAttributes: attributesMD5(m.Attributes), Attributes: m.systemAttributes([]string{"All"}),
			MessageAttributes: maps.Clone(m.Attributes),
		}
	}
	return out, nil
}

// Delete deletes received messages by receipt handle, as DeleteMessage
// does: stale handles are ignored, a malformed one fails (after the
// handles before it were applied).
func (s *Service) Delete(queueARN string, receiptHandles []string) error {
	q := s.queueByArn(queueARN)
	if q == nil {
		return errNoQueue()
	}
	for _, h := range receiptHandles {
		if err := q.deleteMessage(h); err != nil {
			return err
		}
	}
	return nil
}

// Wait blocks, without holding the state lock, until the queue has a
// visible message, timeout passes or ctx ends, and reports whether it has
// one. It returns false at once for a queue that does not exist. Callers
// must not hold the lock; a true result is a hint, so they Receive next
// under the lock and may find nothing, another consumer being quicker.
func (s *Service) Wait(ctx context.Context, queueARN string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	s.store.Lock()
	defer s.store.Unlock()
	for {
		q := s.queueByArn(queueARN)
		if q == nil {
			return false
		}
		now := s.now()
		s.expire(q, now)
		if visible, _, _ := q.counts(now); visible > 0 {
			return true
		}
		if !time.Now().Before(deadline) || !s.sleep(ctx, q, deadline) {
			return false
		}
	}
}

// CreateQueue creates a queue with settable attributes and tags, or
// returns the existing one when its attributes match, as CreateQueue does,
// and returns its URL and ARN.
func (s *Service) CreateQueue(account, region, name string, attrs, tags map[string]string) (url, arn string, err error) {
	q, err := s.createQueue(account, region, name, attrs, tags)
	if err != nil {
		return "", "", err
	}
	return queueURL(s.endpoint, account, name), q.Arn(), nil
}

// UpdateQueue sets the named attributes to the values given, restoring the
// defaults of the named ones absent from attrs, and replaces the tags.
// Other attributes (a Policy set apart) stay.
func (s *Service) UpdateQueue(account, region, name string, managed []string, attrs, tags map[string]string) error {
	q := s.queues(account, region)[name]
	if q == nil {
		return errNoQueue()
	}
	defaults := defaultAttributes()
	want := map[string]string{}
	for _, attr := range managed {
		want[attr] = defaults[attr]
	}
	maps.Copy(want, attrs)
	normalized, err := s.normalizeAttributes(account, region, want)
	if err != nil {
		return err
	}
	q.setAttributes(normalized, s.now())
	q.Tags = maps.Clone(tags)
	if q.Tags == nil {
		q.Tags = map[string]string{}
	}
	return nil
}

// SetQueuePolicy sets (or with "" removes) the Policy of the queue a URL
// names.
func (s *Service) SetQueuePolicy(account, region, url, policy string) error {
	urlAccount, name, ok := parseURL(url)
	if !ok {
		return errNoQueue()
	}
	if urlAccount != "" {
		account = urlAccount
	}
	q := s.queues(account, region)[name]
	if q == nil {
		return errNoQueue()
	}
	v, err := s.normalizeAttribute(account, region, "Policy", policy)
	if err != nil {
		return err
	}
	q.setAttributes(map[string]string{"Policy": v}, s.now())
	return nil
}

// DeleteQueue deletes a queue if it exists.
func (s *Service) DeleteQueue(account, region, name string) {
	if q := s.queues(account, region)[name]; q != nil {
		s.deleteQueue(q)
	}
}

// QueueAttributes returns a queue's settable attributes and whether it
// exists.
func (s *Service) QueueAttributes(account, region, name string) (map[string]string, bool) {
	q := s.queues(account, region)[name]
	if q == nil {
		return nil, false
	}
	return maps.Clone(q.Attributes), true
}
