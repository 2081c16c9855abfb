// Package customresources is panther-cfn-custom-resources: the CloudFormation custom resources
// Panther's templates declare, routed by resource type, with CloudFormation's semantics (a
// physical ID that is never empty; an unknown type fails on create and update and succeeds on
// delete, so that a rollback never hangs). Every resource carries CustomResourceVersion, so a
// new release (or spec.customResourceVersion) sends each an Update. The answer to CloudFormation
// is retried (respond.go): the pre-signed URL it waits on throttles like any S3 call.
package customresources

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/cfn"
)

// Handler handles one resource type's requests.
type Handler func(ctx context.Context, event cfn.Event) (physicalID string, data map[string]any, err error)

// Router dispatches requests by ResourceType.
type Router struct {
	Handlers map[string]Handler
}

// fallbackID is the physical ID of a resource that could not be given one.
const fallbackID = "error"

// Handle implements cfn.CustomResourceFunction.
func (r *Router) Handle(ctx context.Context, event cfn.Event) (string, map[string]any, error) {
	h, ok := r.Handlers[event.ResourceType]
	if !ok {
		if event.RequestType == cfn.RequestDelete {
			return nonEmpty(event.PhysicalResourceID), nil, nil
		}
		return fallbackID, nil, fmt.Errorf("%s is not a custom resource type Panther provides", event.ResourceType)
	}
	id, data, err := h(ctx, event)
	return nonEmpty(id), data, err
}

func nonEmpty(id string) string {
	if id == "" {
		return fallbackID
	}
	return id
}

// stringProperty reads a string property, naming it when it is missing.
func stringProperty(event cfn.Event, name string) (string, error) {
	v, _ := event.ResourceProperties[name].(string)
	if v == "" {
		return "", fmt.Errorf("%s: property %s is required", event.LogicalResourceID, name)
	}
	return v, nil
}
