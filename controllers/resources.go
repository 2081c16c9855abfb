package controllers

import (
	"context"
	"errors"
	"slices"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
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
	record := &deployv1alpha1.StackResources{State: state}
	if entry.Resources != nil {
		record.Buckets = slices.Clone(entry.Resources.Buckets)
		record.Functions = slices.Clone(entry.Resources.Functions)
	}
	if !force && !r.mayHoldRecorded(s, entry) {
		// Its release's template declares neither a bucket nor a function: there is nothing
		// to list. Before a deletion the stack is listed all the same (force), whatever it
		// was made from.
		entry.Resources = record
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

// mayHoldRecorded reports whether the release template of the entry's stack may declare a
// bucket or a function, the resources a record keeps; a stack without a known template may.
func (r *PantherDeploymentReconciler) mayHoldRecorded(s *scope, entry *deployv1alpha1.StackStatus) bool {
	manifest := s.manifests[entry.Version]
	if manifest == nil {
		return true
	}
	var template panther.TemplateRelease
	switch c := panther.Component(entry.Name); {
	case entry.StackName == panther.RootStackName:
		template = manifest.Root
	case c.Valid():
		st, ok := manifest.Stack(c)
		if !ok {
			return true
		}
		template = st.TemplateRelease
	default:
		return true
	}
	return template.MayDeclare(cloud.ResourceTypeBucket, cloud.ResourceTypeFunction)
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
