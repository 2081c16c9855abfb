package engine

import (
	"slices"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// snsFailure renders an SNS error as a status reason.
func snsFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Sns; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// topicAttributeProperties are the AWS::SNS::Topic properties that are
// topic attributes of the same name.
var topicAttributeProperties = []string{"DisplayName", "KmsMasterKeyId", "SignatureVersion", "TracingConfig"}

func topicAttributes(props map[string]any, withEmpty bool) map[string]string {
	attrs := map[string]string{}
	for _, p := range topicAttributeProperties {
		v := template.ScalarString(props[p])
		if v != "" || (withEmpty && p != "SignatureVersion" && p != "TracingConfig") {
			attrs[p] = v
		}
	}
	if fifo := template.ScalarString(props["FifoTopic"]); fifo != "" {
		attrs["FifoTopic"] = fifo
	}
	return attrs
}

// topicSubscriptions reads the Subscription property: [{Protocol, Endpoint}].
func topicSubscriptions(props map[string]any) [][2]string {
	var out [][2]string
	for _, raw := range template.AsSlice(props["Subscription"]) {
		m := template.AsMap(raw)
		out = append(out, [2]string{template.ScalarString(m["Protocol"]), template.ScalarString(m["Endpoint"])})
	}
	return out
}

// topicProvisioner creates real SNS topics; Ref is the topic ARN.
type topicProvisioner struct{}

func (p topicProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	name := template.ScalarString(props["TopicName"])
	if name == "" {
		name = pc.generatedName(r, 256, false)
	}
	arn, err := pc.eng.sns.CreateTopic(s.Account, s.Region, name, topicAttributes(props, false), pc.resourceTags(props))
	if err != nil {
		return snsFailure(err)
	}
	r.PhysicalID = arn
	r.Attributes = map[string]any{"TopicArn": arn, "TopicName": name}
	return p.subscribe(pc, arn, nil, props)
}

// subscribe reconciles the Subscription property: new endpoints are
// subscribed and those old listed alone are unsubscribed.
func (topicProvisioner) subscribe(pc *provisionCtx, arn string, old, props map[string]any) error {
	want := topicSubscriptions(props)
	for _, sub := range topicSubscriptions(old) {
		if !slices.Contains(want, sub) {
			pc.eng.sns.UnsubscribeEndpoint(arn, sub[0], sub[1])
		}
	}
	for _, sub := range want {
		if _, err := pc.eng.sns.Subscribe(pc.stack.Account, arn, sub[0], sub[1], nil); err != nil {
			return snsFailure(err)
		}
	}
	return nil
}

func (p topicProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := pc.eng.sns.UpdateTopic(r.PhysicalID, topicAttributes(props, true), pc.resourceTags(props)); err != nil {
		return snsFailure(err)
	}
	return p.subscribe(pc, r.PhysicalID, r.Properties, props)
}

func (topicProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.sns.DeleteTopic(r.PhysicalID)
	return nil
}

// subscriptionProperties are the AWS::SNS::Subscription properties that
// are subscription attributes; JSON-valued ones are objects in templates.
var subscriptionProperties = []string{"RawMessageDelivery", "FilterPolicy", "FilterPolicyScope", "RedrivePolicy",
	"DeliveryPolicy", "SubscriptionRoleArn"}

func subscriptionAttributes(props map[string]any, withEmpty bool) map[string]string {
	attrs := map[string]string{}
	for _, p := range subscriptionProperties {
		v, ok := props[p]
		switch {
		case ok && v != nil && (p == "FilterPolicy" || p == "RedrivePolicy" || p == "DeliveryPolicy"):
			attrs[p] = jsonString(v)
		case ok && v != nil:
			attrs[p] = template.ScalarString(v)
		case withEmpty:
			attrs[p] = ""
		}
	}
	return attrs
}

// subscriptionProvisioner subscribes endpoints; Ref is the subscription ARN.
type subscriptionProvisioner struct{}

func (subscriptionProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	arn, err := pc.eng.sns.Subscribe(pc.stack.Account, template.ScalarString(props["TopicArn"]),
		template.ScalarString(props["Protocol"]), template.ScalarString(props["Endpoint"]), subscriptionAttributes(props, false))
	if err != nil {
		return snsFailure(err)
	}
	r.PhysicalID = arn
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func (subscriptionProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	attrs := subscriptionAttributes(props, true)
	if attrs["RawMessageDelivery"] == "" {
		attrs["RawMessageDelivery"] = "false"
	}
	if err := pc.eng.sns.SetSubscriptionAttributes(r.PhysicalID, attrs); err != nil {
		return snsFailure(err)
	}
	return nil
}

func (subscriptionProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.sns.Unsubscribe(r.PhysicalID)
	return nil
}

// topicPolicyProvisioner sets the Policy of each topic in Topics (ARNs).
type topicPolicyProvisioner struct{}

func (p topicPolicyProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.apply(pc, nil, props); err != nil {
		return err
	}
	r.PhysicalID = pc.generatedName(r, 128, false)
	r.Attributes = map[string]any{"Id": r.PhysicalID}
	return nil
}

func (p topicPolicyProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return p.apply(pc, r.Properties, props)
}

// apply sets the policy on the topics of props and restores the default
// policy of the topics only old listed.
func (topicPolicyProvisioner) apply(pc *provisionCtx, old, props map[string]any) error {
	topics := scalarList(props["Topics"])
	for _, arn := range scalarList(old["Topics"]) {
		if !slices.Contains(topics, arn) {
			_ = pc.eng.sns.SetTopicPolicy(arn, "")
		}
	}
	for _, arn := range topics {
		if err := pc.eng.sns.SetTopicPolicy(arn, jsonString(props["PolicyDocument"])); err != nil {
			return snsFailure(err)
		}
	}
	return nil
}

func (topicPolicyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	// A topic deleted by hand took its policy with it.
	for _, arn := range scalarList(r.Properties["Topics"]) {
		_ = pc.eng.sns.SetTopicPolicy(arn, "")
	}
	return nil
}
