package sqs

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// sendEntry is SendMessage's input and one SendMessageBatch entry.
type sendEntry struct {
	ID                string                      `json:"Id"`
	QueueURL          string                      `json:"QueueUrl"`
	MessageBody       string                      `json:"MessageBody"`
	DelaySeconds      *int                        `json:"DelaySeconds"`
	MessageAttributes map[string]MessageAttribute `json:"MessageAttributes"`
	SystemAttributes  map[string]MessageAttribute `json:"MessageSystemAttributes"`
}

// sendResult is SendMessage's output and one SendMessageBatch success.
type sendResult struct {
	ID                           string `json:"Id,omitempty"`
	MessageID                    string `json:"MessageId"`
	MD5OfMessageBody             string `json:"MD5OfMessageBody"`
	MD5OfMessageAttributes       string `json:"MD5OfMessageAttributes,omitempty"`
	MD5OfMessageSystemAttributes string `json:"MD5OfMessageSystemAttributes,omitempty"`
}

// batchError is one failed batch entry.
type batchError struct {
	ID          string `json:"Id"`
	SenderFault bool   `json:"SenderFault"`
	Code        string `json:"Code"`
	Message     string `json:"Message"`
}

func entryError(id string, err error) batchError {
	ae := wire.AsError(err)
	return batchError{ID: id, SenderFault: ae.Sender, Code: ae.Code, Message: ae.Message}
}

// send enqueues one API message.
func (req *request) send(q *Queue, e sendEntry) (sendResult, error) {
	trace := ""
	if a, ok := e.SystemAttributes["AWSTraceHeader"]; ok {
		trace = a.StringValue
	}
	sender := req.AccessKey
	if sender == "" {
		sender = req.Account
	}
	m, err := req.svc.send(q, outgoing{body: e.MessageBody, attributes: e.MessageAttributes, delay: e.DelaySeconds, senderID: sender, trace: trace})
	if err != nil {
		return sendResult{}, err
	}
	res := sendResult{ID: e.ID, MessageID: m.ID, MD5OfMessageBody: m.MD5OfBody, MD5OfMessageAttributes: attributesMD5(m.Attributes)}
	if trace != "" {
		res.MD5OfMessageSystemAttributes = attributesMD5(map[string]MessageAttribute{"AWSTraceHeader": {DataType: "String", StringValue: trace}})
	}
	return res, nil
}

func sqsSendMessage(req *request) error {
	var in sendEntry
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	q, err := req.queue(in.QueueURL)
	if err != nil {
		return err
	}
	res, err := req.send(q, in)
	if err != nil {
		return err
	}
	return req.ReplyJSON(res)
}

var batchIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// maxBatchBytes bounds the bodies of one SendMessageBatch.
const maxBatchBytes = 1048576

// checkBatch validates a batch's entry IDs, as every batch operation does.
func checkBatch(ids []string) error {
	if len(ids) == 0 {
		return sqsError("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request.")
	}
	if len(ids) > 10 {
		return sqsError("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent %d.", len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !batchIDPattern.MatchString(id) {
			return sqsError("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return sqsError("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

func sqsSendMessageBatch(req *request) error {
	var in struct {
		queueInput
		Entries []sendEntry `json:"Entries"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	ids, size := make([]string, len(in.Entries)), 0
	for i, e := range in.Entries {
		ids[i] = e.ID
		size += len(e.MessageBody)
	}
	if err := checkBatch(ids); err != nil {
		return err
	}
	if size > maxBatchBytes {
		return sqsError("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", maxBatchBytes, size)
	}
	out := struct {
		Successful []sendResult `json:"Successful"`
		Failed     []batchError `json:"Failed"`
	}{Successful: []sendResult{}, Failed: []batchError{}}
	for _, e := range in.Entries {
		res, err := req.send(q, e)
		if err != nil {
			out.Failed = append(out.Failed, entryError(e.ID, err))
			continue
		}
		out.Successful = append(out.Successful, res)
	}
	return req.ReplyJSON(out)
}

// receiveInput is ReceiveMessage's input.
type receiveInput struct {
	QueueURL               string   `json:"QueueUrl"`
	AttributeNames         []string `json:"AttributeNames"`
	SystemAttributeNames   []string `json:"MessageSystemAttributeNames"`
	MessageAttributeNames  []string `json:"MessageAttributeNames"`
	MaxNumberOfMessages    *int     `json:"MaxNumberOfMessages"`
	VisibilityTimeout      *int     `json:"VisibilityTimeout"`
	WaitTimeSeconds        *int     `json:"WaitTimeSeconds"`
	ReceiveRequestAttempID string   `json:"ReceiveRequestAttemptId"`
}

// receivedMessage is one message of ReceiveMessage's output.
type receivedMessage struct {
	MessageID              string                      `json:"MessageId"`
	ReceiptHandle          string                      `json:"ReceiptHandle"`
	MD5OfBody              string                      `json:"MD5OfBody"`
	Body                   string                      `json:"Body"`
	Attributes             map[string]string           `json:"Attributes,omitempty"`
	MD5OfMessageAttributes string                      `json:"MD5OfMessageAttributes,omitempty"`
	MessageAttributes      map[string]MessageAttribute `json:"MessageAttributes,omitempty"`
}

func (in *receiveInput) validate() (int, error) {
	limit := 1
	if in.MaxNumberOfMessages != nil {
		limit = *in.MaxNumberOfMessages
		if limit < 1 || limit > 10 {
			return 0, errInvalidParameter("Value %d for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", limit)
		}
	}
	if v := in.VisibilityTimeout; v != nil && (*v < 0 || *v > 43200) {
		return 0, errInvalidParameter("Value %d for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.", *v)
	}
	if w := in.WaitTimeSeconds; w != nil && (*w < 0 || *w > 20) {
		return 0, errInvalidParameter("Value %d for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.", *w)
	}
	return limit, nil
}

// timeouts are the visibility timeout and long-polling wait of a receive,
// the queue's unless the request overrides them.
func (in *receiveInput) timeouts(q *Queue) (visibility, wait time.Duration) {
	visibility, wait = q.seconds("VisibilityTimeout"), q.seconds("ReceiveMessageWaitTimeSeconds")
	if in.VisibilityTimeout != nil {
		visibility = time.Duration(*in.VisibilityTimeout) * time.Second
	}
	if in.WaitTimeSeconds != nil {
		wait = time.Duration(*in.WaitTimeSeconds) * time.Second
	}
	return visibility, wait
}

// sqsReceiveMessage long-polls without holding the state lock: between
// attempts it sleeps until a message may be there or the wait ends.
func sqsReceiveMessage(req *request) error {
	var in receiveInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	limit, err := in.validate()
	if err != nil {
		return err
	}
	q, err := req.queue(in.QueueURL)
	if err != nil {
		return err
	}
	_, wait := in.timeouts(q)
	deadline := time.Now().Add(wait)
	for {
		visibility, _ := in.timeouts(q)
		if msgs := req.svc.receive(q, limit, visibility); len(msgs) > 0 {
			return req.ReplyJSON(struct {
				Messages []receivedMessage `json:"Messages"`
			}{in.render(q, msgs)})
		}
		if !time.Now().Before(deadline) || !req.svc.sleep(req.R.Context(), q, deadline) {
			return req.ReplyJSON(nil)
		}
		if q, err = req.queue(in.QueueURL); err != nil {
			return err
		}
	}
}

// render answers received messages with the attributes the request asked
// for.
func (in *receiveInput) render(q *Queue, msgs []*StoredMessage) []receivedMessage {
	system := append(append([]string{}, in.AttributeNames...), in.SystemAttributeNames...)
	out := make([]receivedMessage, len(msgs))
	for i, m := range msgs {
		attrs := selectAttributes(m.Attributes, in.MessageAttributeNames)
		out[i] = receivedMessage{
			MessageID: m.ID, ReceiptHandle: m.Handle, MD5OfBody: m.MD5OfBody, Body: m.Body,
			Attributes: m.systemAttributes(system), MessageAttributes: attrs, MD5OfMessageAttributes: attributesMD5(attrs),
		}
	}
	return out
}

// selectAttributes picks the message attributes named: "All" or ".*" for
// all of them, "prefix.*" for those starting with prefix.
func selectAttributes(attrs map[string]MessageAttribute, names []string) map[string]MessageAttribute {
	if len(attrs) == 0 || len(names) == 0 {
		return nil
	}
	out := map[string]MessageAttribute{}
	for _, pattern := range names {
		if pattern == "All" || pattern == ".*" {
			return attrs
		}
		prefix, wildcard := strings.CutSuffix(pattern, ".*")
		for name, a := range attrs {
			if name == pattern || (wildcard && strings.HasPrefix(name, prefix+".")) {
				out[name] = a
			}
		}
	}
	return out
}

// systemAttributes are the message system attributes named ("All" for
// every one).
func (m *StoredMessage) systemAttributes(names []string) map[string]string {
	if len(names) == 0 {
		return nil
	}
	all := map[string]string{
		"SenderId":                         m.SenderID,
		"SentTimestamp":                    strconv.FormatInt(m.Sent.UnixMilli(), 10),
		"ApproximateReceiveCount":          strconv.Itoa(m.ReceiveCount),
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(m.FirstReceive.UnixMilli(), 10),
	}
	if m.TraceHeader != "" {
		all["AWSTraceHeader"] = m.TraceHeader
	}
	if m.DLQSource != "" {
		all["DeadLetterQueueSourceArn"] = m.DLQSource
	}
	out := map[string]string{}
	for _, name := range names {
		if name == "All" {
			return all
		}
		if v, ok := all[name]; ok {
			out[name] = v
		}
	}
	return out
}

func sqsDeleteMessage(req *request) error {
	var in struct {
		queueInput
		ReceiptHandle string `json:"ReceiptHandle"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	if err := q.deleteMessage(in.ReceiptHandle); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

// handleEntry is one entry of DeleteMessageBatch and
// ChangeMessageVisibilityBatch.
type handleEntry struct {
	ID                string `json:"Id"`
	ReceiptHandle     string `json:"ReceiptHandle"`
	VisibilityTimeout int    `json:"VisibilityTimeout"`
}

type idResult struct {
	ID string `json:"Id"`
}

// handleBatch runs one operation per entry of a receipt-handle batch.
func (req *request) handleBatch(apply func(q *Queue, e handleEntry) error) error {
	var in struct {
		queueInput
		Entries []handleEntry `json:"Entries"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.ID
	}
	if err := checkBatch(ids); err != nil {
		return err
	}
	out := struct {
		Successful []idResult   `json:"Successful"`
		Failed     []batchError `json:"Failed"`
	}{Successful: []idResult{}, Failed: []batchError{}}
	for _, e := range in.Entries {
		if err := apply(q, e); err != nil {
			out.Failed = append(out.Failed, entryError(e.ID, err))
			continue
		}
		out.Successful = append(out.Successful, idResult{e.ID})
	}
	return req.ReplyJSON(out)
}

func sqsDeleteMessageBatch(req *request) error {
	return req.handleBatch(func(q *Queue, e handleEntry) error { return q.deleteMessage(e.ReceiptHandle) })
}

func sqsChangeMessageVisibility(req *request) error {
	var in struct {
		queueInput
		ReceiptHandle     string `json:"ReceiptHandle"`
		VisibilityTimeout int    `json:"VisibilityTimeout"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	if err := req.svc.changeVisibility(q, in.ReceiptHandle, in.VisibilityTimeout); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

func sqsChangeMessageVisibilityBatch(req *request) error {
	return req.handleBatch(func(q *Queue, e handleEntry) error {
		return req.svc.changeVisibility(q, e.ReceiptHandle, e.VisibilityTimeout)
	})
}
