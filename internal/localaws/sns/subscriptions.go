package sns

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// pendingArn is what Subscribe and the lists answer for a subscription
// that waits for confirmation.
const pendingArn = "pending confirmation"

// validateSubscriptionAttribute checks one settable attribute.
func validateSubscriptionAttribute(name, value string) error {
	switch name {
	case "RawMessageDelivery":
		if value != "true" && value != "false" {
			return errInvalid("Attributes Reason: RawMessageDelivery: Invalid value [%s]. Must be true or false.", value)
		}
	case "FilterPolicy":
		if value == "" {
			return nil
		}
		return validateFilterPolicy(value)
	case "FilterPolicyScope":
		if value != "MessageAttributes" && value != "MessageBody" {
			return errInvalid("Attributes Reason: FilterPolicyScope: Invalid value [%s]. Please use either MessageBody or MessageAttributes", value)
		}
	case "RedrivePolicy", "DeliveryPolicy":
		if value != "" && !json.Valid([]byte(value)) {
			return errInvalid("%s: failed to parse JSON", name)
		}
	case "SubscriptionRoleArn":
	default:
		return errInvalid("AttributeName")
	}
	return nil
}

// checkEndpoint validates a protocol and endpoint and returns the account
// the endpoint belongs to.
func checkEndpoint(protocol, endpoint string) (string, error) {
	var service string
	switch protocol {
	case "sqs":
		service = "sqs"
	case "lambda":
		service = "lambda"
	case "":
		return "", errInvalid("Protocol")
	default:
		return "", errInvalid("Protocol: localaws delivers to the sqs and lambda protocols only, not %s", protocol)
	}
	parts := strings.Split(endpoint, ":")
	if len(parts) < 6 || parts[0] != "arn" || parts[2] != service || !wire.IsAccountID(parts[4]) {
		if service == "sqs" {
			return "", errInvalid("SQS endpoint ARN")
		}
		return "", errInvalid("Lambda endpoint ARN")
	}
	return parts[4], nil
}

// subscribe subscribes an endpoint, or returns the existing subscription
// of the same endpoint; shared by the API and CloudFormation. Owner is the
// account that asks.
func (s *Service) subscribe(owner string, t *Topic, protocol, endpoint string, attrs map[string]string) (*Subscription, error) {
	endpointAccount, err := checkEndpoint(protocol, endpoint)
	if err != nil {
		return nil, err
	}
	for k, v := range attrs {
		if err := validateSubscriptionAttribute(k, v); err != nil {
			return nil, err
		}
	}
	for _, sub := range s.topicSubscriptions(t) {
		if sub.Protocol == protocol && sub.Endpoint == endpoint {
			for k, v := range attrs {
				if sub.Attributes[k] != v {
					return nil, errInvalid("Attributes Reason: Subscription already exists with different attributes")
				}
			}
			return sub, nil
		}
	}
	sub := &Subscription{Arn: t.Arn() + ":" + wire.NewUUID(), TopicArn: t.Arn(), Owner: owner,
		Protocol: protocol, Endpoint: endpoint, Attributes: maps.Clone(attrs)}
	if sub.Attributes == nil {
		sub.Attributes = map[string]string{}
	}
	s.subscriptions(t.Account, t.Region)[sub.Arn] = sub
	// A queue of another account confirms by the token SNS sends it;
	// same-account queues and functions are confirmed at once.
	if protocol == "sqs" && endpointAccount != t.Account {
		sub.Pending, sub.Token = true, wire.RandomHex(256)
		s.sendConfirmation(t, sub)
	}
	return sub, nil
}

func snsSubscribe(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	sub, err := req.svc.subscribe(req.Account, t, req.Param("Protocol"), req.Param("Endpoint"), req.entries("Attributes"))
	if err != nil {
		return err
	}
	arn := sub.Arn
	if sub.Pending && req.Param("ReturnSubscriptionArn") != "true" {
		arn = pendingArn
	}
	return req.ReplyQuery(struct {
		SubscriptionArn string `xml:"SubscriptionArn"`
	}{arn})
}

// subscriptionParam finds the subscription SubscriptionArn names.
func (req *request) subscriptionParam() (*Subscription, error) {
	arn := req.Param("SubscriptionArn")
	if _, _, _, id, ok := parseArn(arn); !ok || id == "" {
		return nil, errInvalid("SubscriptionArn")
	}
	sub := req.svc.subscriptionByArn(arn)
	if sub == nil {
		return nil, errNotFound("Subscription")
	}
	return sub, nil
}

func snsUnsubscribe(req *request) error {
	sub, err := req.subscriptionParam()
	if err != nil {
		return err
	}
	req.svc.unsubscribe(sub)
	return req.ReplyQuery(nil)
}

func (s *Service) unsubscribe(sub *Subscription) {
	region, account, _, _, _ := parseArn(sub.Arn)
	delete(s.subscriptions(account, region), sub.Arn)
}

func snsConfirmSubscription(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	token := req.Param("Token")
	for _, sub := range req.svc.topicSubscriptions(t) {
		if token != "" && sub.Token == token {
			sub.Pending = false
			return req.ReplyQuery(struct {
				SubscriptionArn string `xml:"SubscriptionArn"`
			}{sub.Arn})
		}
	}
	return errInvalid("Token")
}

// subscriptionMember is a subscription in a list.
type subscriptionMember struct {
	SubscriptionArn string `xml:"SubscriptionArn"`
	Owner           string `xml:"Owner"`
	Protocol        string `xml:"Protocol"`
	Endpoint        string `xml:"Endpoint"`
	TopicArn        string `xml:"TopicArn"`
}

// replySubscriptions answers one page of subscriptions, sorted by ARN.
func (req *request) replySubscriptions(subs []*Subscription) error {
	slices.SortFunc(subs, func(a, b *Subscription) int { return strings.Compare(a.Arn, b.Arn) })
	items, next, err := page(subs, req.Param("NextToken"))
	if err != nil {
		return err
	}
	out := struct {
		Subscriptions []subscriptionMember `xml:"Subscriptions>member"`
		NextToken     string               `xml:"NextToken,omitempty"`
	}{Subscriptions: []subscriptionMember{}, NextToken: next}
	for _, sub := range items {
		arn := sub.Arn
		if sub.Pending {
			arn = "PendingConfirmation"
		}
		out.Subscriptions = append(out.Subscriptions, subscriptionMember{arn, sub.Owner, sub.Protocol, sub.Endpoint, sub.TopicArn})
	}
	return req.ReplyQuery(out)
}

func snsListSubscriptions(req *request) error {
	return req.replySubscriptions(slices.Collect(maps.Values(req.svc.subscriptions(req.Account, req.Region))))
}

func snsListSubscriptionsByTopic(req *request) error {
	t, err := req.topicParam("TopicArn")
	if err != nil {
		return err
	}
	return req.replySubscriptions(req.svc.topicSubscriptions(t))
}

func snsGetSubscriptionAttributes(req *request) error {
	sub, err := req.subscriptionParam()
	if err != nil {
		return err
	}
	attrs := map[string]string{"RawMessageDelivery": "false"}
	maps.Copy(attrs, sub.Attributes)
	if attrs["FilterPolicy"] != "" && attrs["FilterPolicyScope"] == "" {
		attrs["FilterPolicyScope"] = "MessageAttributes"
	}
	attrs["SubscriptionArn"] = sub.Arn
	attrs["TopicArn"] = sub.TopicArn
	attrs["Owner"] = sub.Owner
	attrs["Protocol"] = sub.Protocol
	attrs["Endpoint"] = sub.Endpoint
	attrs["PendingConfirmation"] = boolString(sub.Pending)
	attrs["ConfirmationWasAuthenticated"] = boolString(!sub.Pending)
	return req.ReplyQuery(struct {
		Attributes []attributeEntry `xml:"Attributes>entry"`
	}{attributeEntries(attrs)})
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func snsSetSubscriptionAttributes(req *request) error {
	sub, err := req.subscriptionParam()
	if err != nil {
		return err
	}
	name, value := req.Param("AttributeName"), req.Param("AttributeValue")
	if err := validateSubscriptionAttribute(name, value); err != nil {
		return err
	}
	sub.setAttribute(name, value)
	return req.ReplyQuery(nil)
}

// setAttribute sets a validated attribute; an empty value removes it.
func (sub *Subscription) setAttribute(name, value string) {
	if value == "" {
		delete(sub.Attributes, name)
		return
	}
	sub.Attributes[name] = value
}
