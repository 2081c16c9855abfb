package controllers

import (
	"context"
	"errors"
	"slices"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

// recordResources reads the stack's buckets and functions into its status entry, once per
// desired state and before the stack is deleted: the teardown cleans up after them when the
// stack is gone, and only a record made while the stack existed says they are the
// deployment's. Names already recorded are kept, so that a bucket retained by an earlier
// failed create is not forgotten.
func (r *PantherDeploymentReconciler) recordResources(ctx context.Context, s *scope, observed cloud.Stack,
	entry *deployv1alpha1.StackStatus, force bool,
) error {
	if entry == nil || observed.Status.UnderReview() || !observed.Status.Exists() {
		return nil
	}
	state := observed.Tags[deployv1alpha1.DesiredStateTagKey]
	if !force && entry.Resources != nil && entry.Resources.State == state {
		return nil
	}
	resources, err := s.clients.Stacks.Resources(ctx, observed.Name)
	switch {
	case errors.Is(err, cloud.ErrNotFound):
		return nil
	case errors.Is(err, cloud.ErrAccessDenied):
		return stalled(deployv1alpha1.ReasonCleanupBlocked,
			"The operator may not list the resources of stack %s (cloudformation:ListStackResources): grant it, so that the teardown knows the stack's buckets and log groups",
			observed.Name)
	case err != nil:
		return transient(deployv1alpha1.ReasonAWSError, err)
	}
	record := &deployv1alpha1.StackResources{State: state}
	if entry.Resources != nil {
		record.Buckets = slices.Clone(entry.Resources.Buckets)
		record.Functions = slices.Clone(entry.Resources.Functions)
	}
	for _, res := range resources {
		if res.PhysicalID == "" {
			continue
		}
		switch res.ResourceType {
		case cloud.ResourceTypeBucket:
			record.Buckets = append(record.Buckets, res.PhysicalID)
		case cloud.ResourceTypeFunction:
			record.Functions = append(record.Functions, res.PhysicalID)
		}
	}
	slices.Sort(record.Buckets)
	slices.Sort(record.Functions)
	record.Buckets, record.Functions = slices.Compact(record.Buckets), slices.Compact(record.Functions)
	entry.Resources = record
	return nil
}

// recordedBuckets lists every bucket any stack of the deployment declared, sorted.
func recordedBuckets(obj *deployv1alpha1.PantherDeployment) []string {
	var names []string
	for _, e := range obj.Status.Stacks {
		if e.Resources != nil {
			names = append(names, e.Resources.Buckets...)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// recordedLogGroups lists the log groups of every function any stack of the deployment
// declared, sorted.
func recordedLogGroups(obj *deployv1alpha1.PantherDeployment) []string {
	var names []string
	for _, e := range obj.Status.Stacks {
		if e.Resources == nil {
			continue
		}
		for _, fn := range e.Resources.Functions {
			names = append(names, "/aws/lambda/"+fn)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}
