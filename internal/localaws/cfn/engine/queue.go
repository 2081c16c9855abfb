package engine

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// queueProperties are the AWS::SQS::Queue properties that are queue
// attributes of the same name; JSON-valued ones are objects in templates.
var queueProperties = []string{
	"DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
	"VisibilityTimeout", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
	"RedrivePolicy", "RedriveAllowPolicy",
}

var jsonQueueProperties = map[string]bool{"RedrivePolicy": true, "RedriveAllowPolicy": true}

// queueAttributes turns template properties into SQS queue attributes.
// FIFO properties go through too, so SQS refuses them with its message.
func queueAttributes(props map[string]any) map[string]string {
	attrs := map[string]string{}
	for _, p := range append(slices.Clone(queueProperties), "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit") {
		v, ok := props[p]
		if !ok || v == nil {
			continue
		}
		if jsonQueueProperties[p] {
			attrs[p] = jsonString(v)
		} else {
			attrs[p] = template.ScalarString(v)
		}
	}
	return attrs
}

// sqsFailure renders an SQS error as a status reason.
func sqsFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Sqs; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// queueProvisioner creates real SQS queues; Ref is the queue URL.
type queueProvisioner struct{}

func (queueProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	name := template.ScalarString(props["QueueName"])
	if name == "" {
		name = pc.generatedName(r, 80, false)
	}
	if _, exists := pc.eng.sqs.QueueAttributes(s.Account, s.Region, name); exists {
		return wire.Failuref("Resource of type 'AWS::SQS::Queue' with identifier '%s' already exists.", name)
	}
	url, arn, err := pc.eng.sqs.CreateQueue(s.Account, s.Region, name, queueAttributes(props), pc.resourceTags(props))
	if err != nil {
		return sqsFailure(err)
	}
	r.PhysicalID = url
	r.Attributes = map[string]any{"Arn": arn, "QueueName": name, "QueueUrl": url}
	return nil
}

// queueName is the name of a provisioned queue, the last segment of its URL.
func queueName(r *StackResource) string {
	return r.PhysicalID[strings.LastIndexByte(r.PhysicalID, '/')+1:]
}

func (queueProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	err := pc.eng.sqs.UpdateQueue(s.Account, s.Region, queueName(r), queueProperties, queueAttributes(props), pc.resourceTags(props))
	if err != nil {
		return sqsFailure(err)
	}
	return nil
}

func (queueProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.sqs.DeleteQueue(pc.stack.Account, pc.stack.Region, queueName(r))
	return nil
}

// liveQueueProperties reads a queue's attributes back in template form:
// those the template sets, and those that differ from SQS's defaults.
func (e *Engine) liveQueueProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	attrs, ok := e.sqs.QueueAttributes(s.Account, s.Region, queueName(r))
	if !ok {
		return nil, false
	}
	defaults := map[string]string{"DelaySeconds": "0", "MaximumMessageSize": "262144", "MessageRetentionPeriod": "345600",
		"ReceiveMessageWaitTimeSeconds": "0", "VisibilityTimeout": "30", "SqsManagedSseEnabled": "true"}
	live := map[string]any{}
	for _, p := range queueProperties {
		v, declared := attrs[p], r.Properties[p] != nil
		if !declared && (v == defaults[p] || p == "KmsDataKeyReusePeriodSeconds" || p == "SqsManagedSseEnabled") {
			continue
		}
		if v == "" {
			live[p] = nil
			continue
		}
		if jsonQueueProperties[p] {
			var doc any
			_ = json.Unmarshal([]byte(v), &doc)
			live[p] = doc
			continue
		}
		live[p] = v
	}
	return live, true
}

// queuePolicyProvisioner sets the Policy of each queue in Queues (URLs).
type queuePolicyProvisioner struct{}

func (queuePolicyProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := (queuePolicyProvisioner{}).apply(pc, nil, props); err != nil {
		return err
	}
	r.PhysicalID = pc.generatedName(r, 128, false)
	r.Attributes = map[string]any{"Id": r.PhysicalID}
	return nil
}

func (p queuePolicyProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return p.apply(pc, r.Properties, props)
}

// apply sets the policy on the queues of props and removes it from the
// queues only old listed.
func (queuePolicyProvisioner) apply(pc *provisionCtx, old, props map[string]any) error {
	s := pc.stack
	queues := scalarList(props["Queues"])
	for _, url := range scalarList(old["Queues"]) {
		if !slices.Contains(queues, url) {
			_ = pc.eng.sqs.SetQueuePolicy(s.Account, s.Region, url, "")
		}
	}
	for _, url := range queues {
		if err := pc.eng.sqs.SetQueuePolicy(s.Account, s.Region, url, jsonString(props["PolicyDocument"])); err != nil {
			return sqsFailure(err)
		}
	}
	return nil
}

func (queuePolicyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	// A queue deleted by hand took its policy with it.
	for _, url := range scalarList(r.Properties["Queues"]) {
		_ = pc.eng.sqs.SetQueuePolicy(pc.stack.Account, pc.stack.Region, url, "")
	}
	return nil
}

func scalarList(v any) []string {
	var out []string
	for _, item := range template.AsSlice(v) {
		out = append(out, template.ScalarString(item))
	}
	return out
}
