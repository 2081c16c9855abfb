package cloud

import (
	"context"
	"errors"
	"strings"
)

// maxNestedDepth bounds how deep RootCause follows nested stacks.
const maxNestedDepth = 4

// RootCause reads the stack's latest operation and returns the first resource that failed,
// following failed nested stacks down to the resource that caused it. It returns nil when no
// resource failed (for example when the stack failed on a parameter).
func RootCause(ctx context.Context, stacks StackClient, stackNameOrID string) (*Failure, error) {
	return rootCause(ctx, stacks, stackNameOrID, "", 0)
}

func rootCause(ctx context.Context, stacks StackClient, stackNameOrID, nestedName string, depth int) (*Failure, error) {
	events, err := stacks.Events(ctx, stackNameOrID)
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	// Events come newest first; the root cause is the oldest failure of the operation.
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		// A nested stack's failure quotes the resources that failed inside it, which reads like
		// a cascade, yet it is where the root cause lies: it is followed, not skipped.
		nested := e.ResourceType == "AWS::CloudFormation::Stack" && e.PhysicalID != "" && !e.OwnStack
		if !strings.HasSuffix(e.Status, "_FAILED") || e.OwnStack || e.PhysicalID == stackNameOrID ||
			(!nested && isCascade(e.Reason)) {
			continue
		}
		if nested && depth < maxNestedDepth {
			if nested, err := rootCause(ctx, stacks, e.PhysicalID, e.LogicalID, depth+1); err == nil && nested != nil {
				return nested, nil
			}
		}
		return &Failure{LogicalID: e.LogicalID, ResourceType: e.ResourceType, Reason: e.Reason, NestedStack: nestedName}, nil
	}
	return nil, nil
}

// isCascade recognises failures that only follow another one.
func isCascade(reason string) bool {
	return strings.Contains(reason, "Resource creation cancelled") ||
		strings.Contains(reason, "Resource update cancelled") ||
		strings.Contains(reason, "The following resource(s) failed")
}
