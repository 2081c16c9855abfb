package controllers

import (
	"context"
	"fmt"

	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// rootEntryName is the status entry of the root stack in Root mode.
const rootEntryName = "root"

// applyRoot deploys Panther as one root stack that nests the nine, like the original's master
// template, and reports each nested stack under its component's name.
func (r *PantherDeploymentReconciler) applyRoot(ctx context.Context, s *scope) (ctrl.Result, error) {
	observed, exists := s.stacks[panther.RootStackName]
	if bootstrap, found := s.stacks["panther-bootstrap"]; found && !exists {
		// Panther's fixed resource names allow one installation per account and region; the
		// original's master:deploy refused here too.
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonConflict,
			"Stack %s (a Panther deployed as separate stacks) already exists in this account and region: tear it down before deploying in Root mode",
			bootstrap.Name)
	}
	entry := r.stackEntry(s, rootEntryName, panther.RootStackName, observed, exists)
	var result ctrl.Result
	desired, err := r.desiredRoot(s)
	if err == nil {
		var complete bool
		complete, result, err = r.ensureStack(ctx, s, desired, observed, exists, &entry)
		if complete {
			entry.Failure = nil
		}
	}
	r.stackEvents(s, entry)

	entries := []deployv1alpha1.StackStatus{entry}
	for _, st := range panther.Stacks() {
		nested, found := nestedStack(s.stacks, observed.ID, st.Name)
		e := r.stackEntry(s, st.Component, st.Name, nested, found)
		if found {
			e.StackName = nested.Name
			e.Version = desired.version
		}
		entries = append(entries, e)
	}
	s.obj.Status.Stacks = entries
	s.obj.Status.Outputs = observed.Outputs
	if url := observed.Outputs["LoadBalancerUrl"]; url != "" {
		s.obj.Status.URL = withScheme(url)
	}
	if err == nil && len(s.progress) == 0 && len(s.awaiting) == 0 {
		s.obj.Status.Version = s.obj.Spec.Version
	}
	return result, err
}

// nestedStack finds the nested stack of one Panther stack under the root: nested stacks get
// generated names, but carry the Stack tag of the stack they stand for.
func nestedStack(stacks map[string]cloud.Stack, rootID, stackName string) (cloud.Stack, bool) {
	if rootID == "" {
		return cloud.Stack{}, false
	}
	for _, st := range stacks {
		if st.RootID == rootID && st.Tags["Stack"] == stackName {
			return st, true
		}
	}
	return cloud.Stack{}, false
}

// desiredRoot is the desired state of the root stack.
func (r *PantherDeploymentReconciler) desiredRoot(s *scope) (desiredStack, error) {
	obj := s.obj
	for _, c := range panther.Components() {
		if len(stackSpec(obj, c).Parameters) > 0 {
			return desiredStack{}, stalled(deployv1alpha1.ReasonParametersInvalid,
				"spec.stacks.%s.parameters does not apply in Root mode, where the root template takes the parameters: move them to spec.parametersFrom", c)
		}
	}
	version := obj.Spec.Version
	manifest := s.manifests[version]
	var shared []panther.ParameterSet
	for _, src := range s.sources {
		shared = append(shared, src.set)
	}
	params, err := panther.BuildRootParameters(panther.Inputs{Config: rootConfigValues(obj), Overrides: shared})
	if err != nil {
		return desiredStack{}, stalled(deployv1alpha1.ReasonParametersInvalid,
			"%v: fix spec.config or spec.parametersFrom", err)
	}
	bucket, prefix := obj.Spec.Release.Bucket, panther.VersionPrefix(version)
	d := desiredStack{
		stackName:             panther.RootStackName,
		version:               version,
		parameters:            params,
		tags:                  stackTags(obj, panther.RootStackName, version),
		capabilities:          manifest.Root.Capabilities,
		roleARN:               obj.Spec.CloudFormationRoleARN,
		terminationProtection: len(protectedStacks(obj)) > 0,
		nested:                true,
		templateBody: func(ctx context.Context) (string, error) {
			return rootTemplate(ctx, s.clients.Objects, bucket, prefix, manifest.Root.TemplateKey)
		},
	}
	// The bucket is part of the state: the nested templates are read from it.
	d.hash = hashDesired(manifest.Root.TemplateSHA256+"@"+bucket, d, hashableParameters(s, "", params))
	d.tags[deployv1alpha1.DesiredStateTagKey] = d.hash
	return d, nil
}

// rootConfigValues are the config values of the root template: those of the nine stacks and
// the two switches that choose which nested stacks exist.
func rootConfigValues(obj *deployv1alpha1.PantherDeployment) map[string]string {
	values := panther.ConfigValues(obj.Spec.Config)
	values["BootstrapStackOnly"] = "false"
	values["OnboardSelf"] = fmt.Sprint(wanted(obj, panther.Onboard))
	return values
}

// rootTemplate reads the release's root template and points its nested TemplateURLs, which are
// relative to the release, at their objects in the release bucket.
func rootTemplate(ctx context.Context, objects cloud.ObjectReader, bucket, prefix, key string) (string, error) {
	body, err := objects.Get(ctx, bucket, prefix+key)
	if err != nil {
		return "", transient(deployv1alpha1.ReasonAWSError, err)
	}
	out, err := release.AbsoluteRoot(body, bucket, func(key string) (string, error) {
		return objects.URL(ctx, bucket, prefix+key)
	})
	if err != nil {
		return "", transient(deployv1alpha1.ReasonAWSError, err)
	}
	return string(out), nil
}
