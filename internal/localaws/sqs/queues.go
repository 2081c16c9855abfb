package sqs

import (
	"encoding/base64"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// request is a call to SQS.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var handlers = map[string]handlerFunc{
	"CreateQueue":                  sqsCreateQueue,
	"GetQueueUrl":                  sqsGetQueueURL,
	"ListQueues":                   sqsListQueues,
	"DeleteQueue":                  sqsDeleteQueue,
	"GetQueueAttributes":           sqsGetQueueAttributes,
	"SetQueueAttributes":           sqsSetQueueAttributes,
	"TagQueue":                     sqsTagQueue,
	"UntagQueue":                   sqsUntagQueue,
	"ListQueueTags":                sqsListQueueTags,
	"AddPermission":                sqsAddPermission,
	"RemovePermission":             sqsRemovePermission,
	"ListDeadLetterSourceQueues":   sqsListDeadLetterSourceQueues,
	"PurgeQueue":                   sqsPurgeQueue,
	"SendMessage":                  sqsSendMessage,
	"SendMessageBatch":             sqsSendMessageBatch,
	"ReceiveMessage":               sqsReceiveMessage,
	"DeleteMessage":                sqsDeleteMessage,
	"DeleteMessageBatch":           sqsDeleteMessageBatch,
	"ChangeMessageVisibility":      sqsChangeMessageVisibility,
	"ChangeMessageVisibilityBatch": sqsChangeMessageVisibilityBatch,
}

// Resolve implements wire.Service: the resource is the queue's name, from
// QueueName or the last segment of QueueUrl.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.Target()
	if _, ok := handlers[op]; !ok {
		return "", ""
	}
	var probe struct {
		QueueName string `json:"QueueName"`
		QueueURL  string `json:"QueueUrl"`
	}
	_ = req.DecodeJSON(&probe)
	if probe.QueueName != "" {
		return op, probe.QueueName
	}
	return op, probe.QueueURL[strings.LastIndexByte(probe.QueueURL, '/')+1:]
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlers[req.Operation](&request{Request: req, svc: s})
}

// endpoint is the scheme and host the client called, for queue URLs.
func (req *request) endpoint() string {
	scheme := "http"
	if req.R.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + req.R.Host
}

func (req *request) url(q *Queue) string { return queueURL(req.endpoint(), q.Account, q.Name) }

// queue finds the queue a QueueUrl names, in the caller's region.
func (req *request) queue(url string) (*Queue, error) {
	if url == "" {
		return nil, errMissing("QueueUrl")
	}
	account, name, ok := parseURL(url)
	if !ok {
		return nil, sqsError("InvalidAddress", "InvalidAddress", "The address %s is not valid for this endpoint.", url)
	}
	q, ok := req.svc.queues(account, req.Region)[name]
	if !ok {
		return nil, errNoQueue()
	}
	return q, nil
}

var queueNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// createQueue creates a queue or returns the existing one when the
// requested attributes match it; shared by the API and CloudFormation.
func (s *Service) createQueue(account, region, name string, attrs, tags map[string]string) (*Queue, error) {
	if strings.HasSuffix(name, ".fifo") {
		return nil, errUnsupported("localaws emulates standard queues only, not FIFO queue %s.", name)
	}
	if !queueNamePattern.MatchString(name) {
		return nil, errInvalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	normalized, err := s.normalizeAttributes(account, region, attrs)
	if err != nil {
		return nil, err
	}
	queues := queueTable.Region(s.store.State(), account, region)
	if q, ok := queues[name]; ok {
		if attr, differs := q.differingAttribute(normalized); differs {
			return nil, sqsError("QueueNameExists", "QueueAlreadyExists",
				"A queue already exists with the same name and a different value for attribute %s", attr)
		}
		return q, nil
	}
	now := s.now()
	q := &Queue{Name: name, Account: account, Region: region, Created: now, Attributes: defaultAttributes(), Tags: map[string]string{}}
	q.setAttributes(normalized, now)
	for k, v := range tags {
		q.Tags[k] = v
	}
	queues[name] = q
	return q, nil
}

func sqsCreateQueue(req *request) error {
	var in struct {
		QueueName  string            `json:"QueueName"`
		Attributes map[string]string `json:"Attributes"`
		Tags       map[string]string `json:"tags"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if in.QueueName == "" {
		return errMissing("QueueName")
	}
	q, err := req.svc.createQueue(req.Account, req.Region, in.QueueName, in.Attributes, in.Tags)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]string{"QueueUrl": req.url(q)})
}

func sqsGetQueueURL(req *request) error {
	var in struct {
		QueueName string `json:"QueueName"`
		Owner     string `json:"QueueOwnerAWSAccountId"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	account := req.Account
	if in.Owner != "" {
		account = in.Owner
	}
	q, ok := req.svc.queues(account, req.Region)[in.QueueName]
	if !ok {
		return errNoQueue()
	}
	return req.ReplyJSON(map[string]string{"QueueUrl": req.url(q)})
}

// page cuts a sorted list of names after NextToken (the last name of the
// previous page, base64-encoded) to at most limit entries; 0 is no limit.
func page(names []string, token string, limit int) ([]string, string, error) {
	if token != "" {
		last, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return nil, "", errInvalidParameter("Invalid NextToken value.")
		}
		i, _ := slices.BinarySearch(names, string(last)+"\x00")
		names = names[i:]
	}
	if limit <= 0 || len(names) <= limit {
		return names, "", nil
	}
	return names[:limit], base64.RawURLEncoding.EncodeToString([]byte(names[limit-1])), nil
}

func pageLimit(limit *int) (int, error) {
	if limit == nil {
		return 0, nil
	}
	if *limit < 1 || *limit > 1000 {
		return 0, errInvalidParameter("Value %d for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", *limit)
	}
	return *limit, nil
}

func sqsListQueues(req *request) error {
	var in struct {
		Prefix     string `json:"QueueNamePrefix"`
		NextToken  string `json:"NextToken"`
		MaxResults *int   `json:"MaxResults"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	limit, err := pageLimit(in.MaxResults)
	if err != nil {
		return err
	}
	var names []string
	for name := range req.svc.queues(req.Account, req.Region) {
		if strings.HasPrefix(name, in.Prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if in.MaxResults == nil && len(names) > 1000 {
		names = names[:1000]
	}
	names, next, err := page(names, in.NextToken, limit)
	if err != nil {
		return err
	}
	return req.ReplyJSON(struct {
		QueueUrls []string `json:"QueueUrls,omitempty"`
		NextToken string   `json:"NextToken,omitempty"`
	}{req.urls(req.Account, names), next})
}

func (req *request) urls(account string, names []string) []string {
	out := make([]string, len(names))
	for i, name := range names {
		out[i] = queueURL(req.endpoint(), account, name)
	}
	return out
}

// queueInput is the QueueUrl every queue operation's input has; the
// inputs embed it.
type queueInput struct {
	QueueURL string `json:"QueueUrl"`
}

func (in *queueInput) queueURL() string { return in.QueueURL }

// decodeQueue decodes an input that embeds queueInput and finds its queue.
func (req *request) decodeQueue(in interface{ queueURL() string }) (*Queue, error) {
	if err := req.DecodeJSON(in); err != nil {
		return nil, err
	}
	return req.queue(in.queueURL())
}

// queueOnly finds the queue of an input that has a QueueUrl only.
func (req *request) queueOnly() (*Queue, error) {
	var in queueInput
	return req.decodeQueue(&in)
}

func sqsDeleteQueue(req *request) error {
	q, err := req.queueOnly()
	if err != nil {
		return err
	}
	req.svc.deleteQueue(q)
	return req.ReplyJSON(nil)
}

// deleteQueue deletes a queue and wakes its long pollers.
func (s *Service) deleteQueue(q *Queue) {
	delete(s.queues(q.Account, q.Region), q.Name)
	s.notify(q.Arn())
}

func sqsGetQueueAttributes(req *request) error {
	var in struct {
		queueInput
		AttributeNames []string `json:"AttributeNames"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	now := req.svc.now()
	req.svc.expire(q, now)
	attrs, err := q.attributes(in.AttributeNames, now)
	if err != nil {
		return err
	}
	return req.ReplyJSON(struct {
		Attributes map[string]string `json:"Attributes,omitempty"`
	}{attrs})
}

func sqsSetQueueAttributes(req *request) error {
	var in struct {
		queueInput
		Attributes map[string]string `json:"Attributes"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	attrs, err := req.svc.normalizeAttributes(q.Account, q.Region, in.Attributes)
	if err != nil {
		return err
	}
	q.setAttributes(attrs, req.svc.now())
	return req.ReplyJSON(nil)
}

func sqsTagQueue(req *request) error {
	var in struct {
		queueInput
		Tags map[string]string `json:"Tags"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	if len(in.Tags) == 0 {
		return errInvalidParameter("The request must contain a non-empty Tags map.")
	}
	for k, v := range in.Tags {
		q.Tags[k] = v
	}
	if len(q.Tags) > 50 {
		return errInvalidParameter("Too many tags added for queue %s.", q.Name)
	}
	return req.ReplyJSON(nil)
}

func sqsUntagQueue(req *request) error {
	var in struct {
		queueInput
		TagKeys []string `json:"TagKeys"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	for _, k := range in.TagKeys {
		delete(q.Tags, k)
	}
	return req.ReplyJSON(nil)
}

func sqsListQueueTags(req *request) error {
	q, err := req.queueOnly()
	if err != nil {
		return err
	}
	return req.ReplyJSON(struct {
		Tags map[string]string `json:"Tags,omitempty"`
	}{q.Tags})
}

func sqsListDeadLetterSourceQueues(req *request) error {
	var in struct {
		queueInput
		NextToken  string `json:"NextToken"`
		MaxResults *int   `json:"MaxResults"`
	}
	q, err := req.decodeQueue(&in)
	if err != nil {
		return err
	}
	limit, err := pageLimit(in.MaxResults)
	if err != nil {
		return err
	}
	var names []string
	for name, source := range req.svc.queues(q.Account, q.Region) {
		if rp, ok := source.redrivePolicy(); ok && rp.DeadLetterTargetArn == q.Arn() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	names, next, err := page(names, in.NextToken, limit)
	if err != nil {
		return err
	}
	return req.ReplyJSON(struct {
		QueueURLs []string `json:"queueUrls"`
		NextToken string   `json:"NextToken,omitempty"`
	}{req.urls(q.Account, names), next})
}
