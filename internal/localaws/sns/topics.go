package sns

import (
	"encoding/json"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// topicAttributes are the attributes SetTopicAttributes and CreateTopic set.
var topicAttributes = []string{"DisplayName", "Policy", "DeliveryPolicy", "KmsMasterKeyId", "SignatureVersion", "TracingConfig"}

var topicNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// defaultPolicy is the policy AWS gives a new topic.
func defaultPolicy(arn, account string) string {
	doc := map[string]any{
		"Version": "2008-10-17", "Id": "__default_policy_ID",
		"Statement": []any{map[string]any{
			"Sid": "__default_statement_ID", "Effect": "Allow", "Principal": map[string]any{"AWS": "*"},
			"Action": []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
				"SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"},
			"Resource":  arn,
			"Condition": map[string]any{"StringEquals": map[string]any{"AWS:SourceOwner": account}},
		}},
	}
	data, _ := json.Marshal(doc)
	return string(data)
}

// validateTopicAttribute checks one settable attribute.
func validateTopicAttribute(name, value string) error {
	switch {
	case !slices.Contains(topicAttributes, name):
		return errInvalid("AttributeName")
	case (name == "Policy" || name == "DeliveryPolicy") && value != "" && !json.Valid([]byte(value)):
		return errInvalid("%s: failed to parse JSON", name)
	case name == "SignatureVersion" && value != "1" && value != "2":
		return errInvalid("Attribute Name: SignatureVersion, Reason: must be 1 or 2")
	case name == "TracingConfig" && value != "PassThrough" && value != "Active":
		return errInvalid("Attribute Name: TracingConfig, Reason: must be PassThrough or Active")
	case name == "DisplayName" && len(value) > 100:
		return errInvalid("DisplayName")
	}
	return nil
}

// createTopic creates a topic or returns the existing one when the request
// matches it; shared by the API and CloudFormation.
func (s *Service) createTopic(account, region, name string, attrs, tags map[string]string) (*Topic, error) {
	if !topicNamePattern.MatchString(name) {
		return nil, errInvalid("Topic Name")
	}
	attrs = maps.Clone(attrs)
	switch attrs["FifoTopic"] {
	case "true":
		return nil, snsError(http.StatusBadRequest, "InvalidParameter", "Invalid parameter: localaws emulates standard topics only, not FIFO topic %s", name)
	case "", "false":
		delete(attrs, "FifoTopic")
	default:
		return nil, errInvalid("Attribute Name: FifoTopic")
	}
	for k, v := range attrs {
		if err := validateTopicAttribute(k, v); err != nil {
			return nil, err
		}
	}
	topics := s.topics(account, region)
	if t, ok := topics[name]; ok {
		for k, v := range attrs {
			if t.Attributes[k] != v {
				return nil, errInvalid("Attributes Reason: Topic already exists with different attributes")
			}
		}
		for k, v := range tags {
			if cur, has := t.Tags[k]; has && cur != v {
				return nil, errInvalid("Tags Reason: Topic already exists with different tags")
			}
		}
		return t, nil
	}
	t := &Topic{Name: name, Account: account, Region: region, Created: time.Now().UTC(),
		Attributes: map[string]string{"DisplayName": ""}, Tags: maps.Clone(tags)}
	t.Attributes["Policy"] = defaultPolicy(t.Arn(), account)
	maps.Copy(t.Attributes, attrs)
	if t.Tags == nil {
		t.Tags = map[string]string{}
	}
	topics[name] = t
	return t, nil
}

// deleteTopic deletes a topic and its subscriptions.
func (s *Service) deleteTopic(t *Topic) {
	subs := s.subscriptions(t.Account, t.Region)
	for _, sub := range s.topicSubscriptions(t) {
		delete(subs, sub.Arn)
	}
	delete(s.topics(t.Account, t.Region), t.Name)
}

// topicParam finds the topic a parameter names.
func (req *request) topicParam(param string) (*Topic, error) {
	arn := req.Param(param)
	if arn == "" {
		return nil, errInvalid("%s", param)
	}
	t := req.svc.topicByArn(arn)
	if t == nil {
		return nil, errNotFound("Topic")
	}
	return t, nil
}

func snsCreateTopic(req *request) error {
	t, err := req.svc.createTopic(req.Account, req.Region, req.Param("Name"), req.entries("Attributes"), req.tags())
	if err != nil {
		return err
	}
	return req.ReplyQuery(struct {
		TopicArn string `xml:"TopicArn"`
	}{t.Arn()})
}

func snsDeleteTopic(req *request) error {
	// Deleting a topic that does not exist succeeds, as on AWS.
	if t := req.svc.topicByArn(req.Param("TopicArn")); t != nil {
		req.svc.deleteTopic(t)
	}
	return req.ReplyQuery(nil)
}

func snsListTopics(req *request) error {
	topics := req.svc.topics(req.Account, req.Region)
	arns := make([]string, 0, len(topics))
	for _, t := range topics {
		arns = append(arns, t.Arn())
	}
	slices.Sort(arns)
	items, next, err := page(arns, req.Param("NextToken"))
	if err != nil {
		return err
	}
	type member struct {
		TopicArn string `xml:"TopicArn"`
	}
	out := struct {
		Topics    []member `xml:"Topics>member"`
		NextToken string   `xml:"NextToken,omitempty"`
	}{NextToken: next, Topics: []member{}}
	for _, a := range items {
		out.Topics = append(out.Topics, member{a})
	}
	return req.ReplyQuery(out)
}

func snsGetTopicAttributes(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	attrs := maps.Clone(t.Attributes)
	confirmed, pending := 0, 0
	for _, sub := range req.svc.topicSubscriptions(t) {
		if sub.Pending {
			pending++
		} else {
			confirmed++
		}
	}
	attrs["TopicArn"] = t.Arn()
	attrs["Owner"] = t.Account
	attrs["SubscriptionsConfirmed"] = strconv.Itoa(confirmed)
	attrs["SubscriptionsPending"] = strconv.Itoa(pending)
	attrs["SubscriptionsDeleted"] = "0"
	attrs["EffectiveDeliveryPolicy"] = effectiveDeliveryPolicy
	return req.ReplyQuery(struct {
		Attributes []attributeEntry `xml:"Attributes>entry"`
	}{attributeEntries(attrs)})
}

// effectiveDeliveryPolicy is AWS's default HTTP delivery policy.
const effectiveDeliveryPolicy = `{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}`

func snsSetTopicAttributes(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	name, value := req.Param("AttributeName"), req.Param("AttributeValue")
	if err := validateTopicAttribute(name, value); err != nil {
		return err
	}
	t.setAttribute(name, value)
	return req.ReplyQuery(nil)
}

// setAttribute sets a validated attribute; an empty Policy restores the
// default one.
func (t *Topic) setAttribute(name, value string) {
	if name == "Policy" && value == "" {
		value = defaultPolicy(t.Arn(), t.Account)
	}
	t.Attributes[name] = value
}

// taggable finds the topic a ResourceArn names.
func (req *request) taggable() (*Topic, error) {
	t := req.svc.topicByArn(req.Param("ResourceArn"))
	if t == nil {
		return nil, snsError(http.StatusNotFound, "ResourceNotFound", "Resource does not exist")
	}
	return t, nil
}

func snsTagResource(req *request) error {
	t, err := req.taggable()
	if err != nil {
		return err
	}
	tags := req.tags()
	if len(t.Tags)+len(tags) > 50 {
		return snsError(http.StatusBadRequest, "TagLimitExceeded", "Could not complete request: tag quota of per resource exceeded")
	}
	maps.Copy(t.Tags, tags)
	return req.ReplyQuery(nil)
}

func snsUntagResource(req *request) error {
	t, err := req.taggable()
	if err != nil {
		return err
	}
	for _, k := range req.Members("TagKeys") {
		delete(t.Tags, k)
	}
	return req.ReplyQuery(nil)
}

func snsListTagsForResource(req *request) error {
	t, err := req.taggable()
	if err != nil {
		return err
	}
	type tag struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	}
	out := struct {
		Tags []tag `xml:"Tags>member"`
	}{Tags: []tag{}}
	for _, k := range slices.Sorted(maps.Keys(t.Tags)) {
		out.Tags = append(out.Tags, tag{k, t.Tags[k]})
	}
	return req.ReplyQuery(out)
}
