package sqs

import (
	"encoding/json"
	"maps"
	"strconv"
	"strings"
	"time"
)

// intRange is the allowed range of a numeric queue attribute and its
// default ("" for none).
type intRange struct {
	min, max int
	def      string
}

// numericAttributes are the settable numeric attributes.
var numericAttributes = map[string]intRange{
	"DelaySeconds":                  {0, 900, "0"},
	"MaximumMessageSize":            {1024, 1048576, "262144"},
	"MessageRetentionPeriod":        {60, 1209600, "345600"},
	"ReceiveMessageWaitTimeSeconds": {0, 20, "0"},
	"VisibilityTimeout":             {0, 43200, "30"},
	"KmsDataKeyReusePeriodSeconds":  {60, 86400, ""},
}

// textAttributes are the other settable attributes.
var textAttributes = map[string]bool{
	"RedrivePolicy": true, "RedriveAllowPolicy": true, "Policy": true,
	"KmsMasterKeyId": true, "SqsManagedSseEnabled": true,
}

// fifoAttributes only exist on FIFO queues, which localaws does not
// emulate.
var fifoAttributes = map[string]bool{
	"FifoQueue": true, "ContentBasedDeduplication": true, "DeduplicationScope": true, "FifoThroughputLimit": true,
}

// defaultAttributes are a new queue's attributes: server-side encryption
// with SQS-owned keys is on by default, as on AWS.
func defaultAttributes() map[string]string {
	out := map[string]string{"SqsManagedSseEnabled": "true"}
	for name, r := range numericAttributes {
		if r.def != "" {
			out[name] = r.def
		}
	}
	return out
}

// RedrivePolicy is a queue's RedrivePolicy attribute.
type RedrivePolicy struct {
	DeadLetterTargetArn string `json:"deadLetterTargetArn"`
	MaxReceiveCount     int    `json:"maxReceiveCount"`
}

// parseRedrivePolicy reads a RedrivePolicy, whose maxReceiveCount AWS
// accepts as a number or a string.
func parseRedrivePolicy(doc string) (RedrivePolicy, error) {
	var raw struct {
		DeadLetterTargetArn string          `json:"deadLetterTargetArn"`
		MaxReceiveCount     json.RawMessage `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return RedrivePolicy{}, errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map.", doc)
	}
	count, err := strconv.Atoi(strings.Trim(string(raw.MaxReceiveCount), `"`))
	if err != nil || count < 1 || count > 1000 {
		return RedrivePolicy{}, errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: %s, valid values are from 1 to 1000 both inclusive.", doc, raw.MaxReceiveCount)
	}
	if _, _, _, ok := parseArn(raw.DeadLetterTargetArn); !ok {
		return RedrivePolicy{}, errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.", doc)
	}
	return RedrivePolicy{DeadLetterTargetArn: raw.DeadLetterTargetArn, MaxReceiveCount: count}, nil
}

// redrivePolicy is the queue's parsed RedrivePolicy, if it has one.
func (q *Queue) redrivePolicy() (RedrivePolicy, bool) {
	doc := q.Attributes["RedrivePolicy"]
	if doc == "" {
		return RedrivePolicy{}, false
	}
	rp, err := parseRedrivePolicy(doc)
	return rp, err == nil
}

// normalizeAttributes validates settable attributes and returns them in
// stored form (RedrivePolicy re-encoded as AWS returns it). An empty value
// clears a text attribute.
func (s *Service) normalizeAttributes(account, region string, in map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(in))
	for name, value := range in {
		v, err := s.normalizeAttribute(account, region, name, value)
		if err != nil {
			return nil, err
		}
		out[name] = v
	}
	return out, nil
}

func (s *Service) normalizeAttribute(account, region, name, value string) (string, error) {
	if r, ok := numericAttributes[name]; ok {
		if value == "" && r.def == "" {
			return "", nil
		}
		n, err := strconv.Atoi(value)
		if err != nil || n < r.min || n > r.max {
			return "", errInvalidAttributeValue("Invalid value for the parameter %s.", name)
		}
		return strconv.Itoa(n), nil
	}
	switch {
	case fifoAttributes[name]:
		if name == "FifoQueue" && value == "false" {
			return "", nil
		}
		return "", errUnsupported("localaws emulates standard queues only; %s is a FIFO queue attribute.", name)
	case !textAttributes[name]:
		return "", errInvalidAttributeName(name)
	case value == "":
		return "", nil
	}
	switch name {
	case "RedrivePolicy":
		rp, err := parseRedrivePolicy(value)
		if err != nil {
			return "", err
		}
		if !s.exists(rp.DeadLetterTargetArn) {
			return "", errInvalidParameter("Value %s for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.", value)
		}
		data, _ := json.Marshal(rp)
		return string(data), nil
	case "Policy", "RedriveAllowPolicy":
		if !json.Valid([]byte(value)) {
			return "", errInvalidAttributeValue("Invalid value for the parameter %s.", name)
		}
	case "SqsManagedSseEnabled":
		if value != "true" && value != "false" {
			return "", errInvalidAttributeValue("Invalid value for the parameter SqsManagedSseEnabled.")
		}
	}
	return value, nil
}

// setAttributes applies normalized attributes; empty values remove text
// attributes. A KMS key turns SQS-managed encryption off, as on AWS.
func (q *Queue) setAttributes(attrs map[string]string, now time.Time) {
	for name, v := range attrs {
		if v == "" {
			delete(q.Attributes, name)
		} else {
			q.Attributes[name] = v
		}
	}
	if _, kms := attrs["KmsMasterKeyId"]; kms && q.Attributes["KmsMasterKeyId"] != "" {
		q.Attributes["SqsManagedSseEnabled"] = "false"
		if q.Attributes["KmsDataKeyReusePeriodSeconds"] == "" {
			q.Attributes["KmsDataKeyReusePeriodSeconds"] = "300"
		}
	}
	q.Modified = now
}

// attributes returns the named attributes ("All" for every one).
func (q *Queue) attributes(names []string, now time.Time) (map[string]string, error) {
	all := maps.Clone(q.Attributes)
	visible, inFlight, delayed := q.counts(now)
	all["ApproximateNumberOfMessages"] = strconv.Itoa(visible)
	all["ApproximateNumberOfMessagesNotVisible"] = strconv.Itoa(inFlight)
	all["ApproximateNumberOfMessagesDelayed"] = strconv.Itoa(delayed)
	all["CreatedTimestamp"] = strconv.FormatInt(q.Created.Unix(), 10)
	all["LastModifiedTimestamp"] = strconv.FormatInt(q.Modified.Unix(), 10)
	all["QueueArn"] = q.Arn()
	out := map[string]string{}
	for _, name := range names {
		if name == "All" {
			return all, nil
		}
		if v, ok := all[name]; ok {
			out[name] = v
			continue
		}
		if _, settable := numericAttributes[name]; !settable && !textAttributes[name] && !fifoAttributes[name] {
			return nil, errInvalidAttributeName(name)
		}
	}
	return out, nil
}

// counts are the queue's visible, in-flight and delayed messages.
func (q *Queue) counts(now time.Time) (visible, inFlight, delayed int) {
	for _, m := range q.Messages {
		switch {
		case !m.VisibleAt.After(now):
			visible++
		case m.ReceiveCount > 0:
			inFlight++
		default:
			delayed++
		}
	}
	return visible, inFlight, delayed
}

// differingAttribute reports the first attribute whose requested value differs
// from the queue's, for CreateQueue's idempotence.
func (q *Queue) differingAttribute(attrs map[string]string) (string, bool) {
	defaults := defaultAttributes()
	for name, v := range attrs {
		current, ok := q.Attributes[name]
		if !ok {
			current = defaults[name]
		}
		if current != v {
			return name, true
		}
	}
	return "", false
}
