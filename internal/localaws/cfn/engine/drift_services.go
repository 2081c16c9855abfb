package engine

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
)

// liveTableProperties reads a table's billing mode, stream and TTL in template form, for drift:
// the properties the template sets, and the ones it leaves that no longer have their defaults.
func (e *Engine) liveTableProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	settings, ok := e.dynamo.TableSettings(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	if _, declared := r.Properties["BillingMode"]; declared || settings.BillingMode != "PROVISIONED" {
		live["BillingMode"] = settings.BillingMode
	}
	if _, declared := r.Properties["StreamSpecification"]; declared || settings.StreamViewType != "" {
		if settings.StreamViewType == "" {
			live["StreamSpecification"] = nil
		} else {
			live["StreamSpecification"] = map[string]any{"StreamViewType": settings.StreamViewType}
		}
	}
	if _, declared := r.Properties["TimeToLiveSpecification"]; declared || settings.TTLEnabled {
		live["TimeToLiveSpecification"] = map[string]any{"AttributeName": settings.TTLAttribute,
			"Enabled": map[bool]string{true: "true", false: "false"}[settings.TTLEnabled]}
	}
	return live, true
}

// liveTopicProperties reads a topic's display name and key in template form, for drift.
func (e *Engine) liveTopicProperties(r *StackResource) (map[string]any, bool) {
	attrs, ok := e.sns.TopicAttributes(r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	for _, key := range []string{"DisplayName", "KmsMasterKeyId"} {
		if _, declared := r.Properties[key]; declared || attrs[key] != "" {
			live[key] = attrs[key]
		}
	}
	return live, true
}

// declaredOnly keeps the live properties the template declares: drift detection compares
// only those, as on AWS.
func declaredOnly(r *StackResource, live map[string]any) map[string]any {
	out := map[string]any{}
	for key, value := range live {
		if _, declared := r.Properties[key]; declared {
			out[key] = value
		}
	}
	return out
}

// liveJSON is a JSON-valued attribute in the form the template declares it: an object, or the
// template's own text when it is the same document; nil when the attribute is unset.
func liveJSON(declared any, live string) any {
	if live == "" {
		return nil
	}
	var doc any
	if err := json.Unmarshal([]byte(live), &doc); err != nil {
		return live
	}
	if text, ok := declared.(string); ok {
		var want any
		if json.Unmarshal([]byte(text), &want) == nil &&
			template.Canonical(normalizeTree(want)) == template.Canonical(normalizeTree(doc)) {
			return text
		}
		return live
	}
	return doc
}

// liveSubscriptionProperties reads a subscription's raw delivery and filter policy in template
// form, for drift.
func (e *Engine) liveSubscriptionProperties(r *StackResource) (map[string]any, bool) {
	attrs, ok := e.sns.SubscriptionAttributes(r.PhysicalID)
	if !ok {
		return nil, false
	}
	raw, scope := attrs["RawMessageDelivery"], attrs["FilterPolicyScope"]
	if raw == "" {
		raw = "false"
	}
	if scope == "" && attrs["FilterPolicy"] != "" {
		scope = "MessageAttributes"
	}
	return declaredOnly(r, map[string]any{"RawMessageDelivery": raw, "FilterPolicyScope": scope,
		"FilterPolicy": liveJSON(r.Properties["FilterPolicy"], attrs["FilterPolicy"])}), true
}

// liveRuleProperties reads a rule's schedule, event pattern, state and description in template
// form, for drift. Its Ref, the physical ID, is the rule's name.
func (e *Engine) liveRuleProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	rule, ok := e.events.RuleSettings(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	return declaredOnly(r, map[string]any{"ScheduleExpression": rule.ScheduleExpression, "State": rule.State,
		"Description": rule.Description, "EventPattern": liveJSON(r.Properties["EventPattern"], rule.EventPattern)}), true
}

// liveMappingProperties reads an event source mapping's batch size, batching window and
// enabled state in template form, for drift. Its Ref, the physical ID, is the mapping's UUID.
func (e *Engine) liveMappingProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	spec, ok := e.lambda.MappingConfiguration(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	if spec.BatchSize != nil {
		live["BatchSize"] = strconv.Itoa(*spec.BatchSize)
	}
	if spec.BatchingWindow != nil {
		live["MaximumBatchingWindowInSeconds"] = strconv.Itoa(*spec.BatchingWindow)
	}
	if spec.Enabled != nil {
		live["Enabled"] = strconv.FormatBool(*spec.Enabled)
	}
	return declaredOnly(r, live), true
}

// liveKeyProperties reads a key's description and whether it is enabled in template form, for
// drift. A key pending deletion counts as deleted, as CloudFormation's KMS handler reads it.
func (e *Engine) liveKeyProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	description, keyState, ok := e.kms.KeyMetadata(s.Account, s.Region, r.PhysicalID)
	if !ok || keyState == "PendingDeletion" {
		return nil, false
	}
	return declaredOnly(r, map[string]any{"Description": description,
		"Enabled": strconv.FormatBool(keyState == "Enabled")}), true
}

// liveDeliveryStreamProperties checks that a delivery stream, named by its physical ID, exists.
func (e *Engine) liveDeliveryStreamProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	return map[string]any{}, e.hose.DeliveryStreamExists(s.Account, s.Region, r.PhysicalID)
}

// liveUserPoolProperties checks that a user pool, whose ID is the physical ID, exists.
func (e *Engine) liveUserPoolProperties(r *StackResource) (map[string]any, bool) {
	_, ok := e.cognito.PoolClients(r.PhysicalID)
	return map[string]any{}, ok
}

// liveUserPoolClientProperties checks that an app client, whose ID is the physical ID, is
// still one of its pool's.
func (e *Engine) liveUserPoolClientProperties(r *StackResource) (map[string]any, bool) {
	clients, ok := e.cognito.PoolClients(template.ScalarString(r.Properties["UserPoolId"]))
	return map[string]any{}, ok && slices.Contains(clients, r.PhysicalID)
}

// liveGraphQLAPIProperties reads a GraphQL API's name and authentication type in template
// form, for drift. Its Ref, the physical ID, is the API's ARN.
func (e *Engine) liveGraphQLAPIProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	spec, ok := e.appsync.APIConfiguration(s.Account, s.Region, apiIDOf(r.PhysicalID))
	if !ok {
		return nil, false
	}
	return declaredOnly(r, map[string]any{"Name": spec.Name, "AuthenticationType": spec.AuthType}), true
}
