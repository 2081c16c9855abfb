package controllers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// desiredStack is everything one stack should be deployed with.
type desiredStack struct {
	component    panther.Component
	stackName    string
	version      string
	templateURL  string
	parameters   map[string]string
	tags         map[string]string
	capabilities []string
	roleARN      string
	// terminationProtection is what the spec asks of the stack.
	terminationProtection bool
	// templateBody, when set, supplies the template inline instead of templateURL.
	templateBody func(context.Context) (string, error)
	// nested marks the root stack, whose change sets include its nested stacks' change
	// sets, so that the stateful-replacement guard can read their changes too.
	nested bool
	// hash identifies this desired state; it is also in tags[DesiredStateTagKey].
	hash string
}

// changeSetName is derived from the desired state, so that a change set survives a restart of
// the operator and is found again rather than created twice.
func (d desiredStack) changeSetName() string {
	return "panther-" + d.hash[:24]
}

// stackInput is what CloudFormation is given for the desired state, with the template inline
// when the desired state supplies it so.
func (d desiredStack) stackInput(ctx context.Context) (cloud.StackInput, error) {
	in := cloud.StackInput{
		StackName: d.stackName, TemplateURL: d.templateURL, Parameters: d.parameters, Tags: d.tags,
		Capabilities: d.capabilities, RoleARN: d.roleARN,
	}
	if d.templateBody != nil {
		body, err := d.templateBody(ctx)
		if err != nil {
			return cloud.StackInput{}, err
		}
		in.TemplateURL, in.TemplateBody = "", body
	}
	return in, nil
}

// desiredState computes the desired state of component c from the spec, the release, the
// outputs of the stacks deployed so far and the user's parameter sets.
func (r *PantherDeploymentReconciler) desiredState(ctx context.Context, s *scope, c panther.Component,
	outputs map[panther.Component]map[string]string,
) (desiredStack, error) {
	catalogStack, err := panther.Lookup(c)
	if err != nil {
		return desiredStack{}, err
	}
	version := stackVersion(s.obj, c)
	manifest := s.manifests[version]
	release, ok := manifest.Stack(c)
	if !ok {
		return desiredStack{}, stalled(deployv1alpha1.ReasonReleaseNotFound,
			"Release %s has no template for stack %s", version, catalogStack.Name)
	}
	params, err := panther.BuildParameters(c, panther.Inputs{
		Config:    panther.ConfigValues(s.obj.Spec.Config),
		Outputs:   outputs,
		Computed:  computedValues(s.obj, version, manifest.SourceCommit),
		Overrides: parameterSets(s, c),
	})
	if err != nil {
		var perr *panther.ParameterError
		if errors.As(err, &perr) {
			return desiredStack{}, stalled(deployv1alpha1.ReasonParametersInvalid,
				"%v: fix spec.stacks.%s.parameters or spec.parametersFrom", perr, c)
		}
		return desiredStack{}, err
	}
	url, err := s.clients.Objects.URL(ctx, s.obj.Spec.Release.Bucket, panther.VersionPrefix(version)+release.TemplateKey)
	if err != nil {
		return desiredStack{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	d := desiredStack{
		component:    c,
		stackName:    catalogStack.Name,
		version:      version,
		templateURL:  url,
		parameters:   params,
		tags:         stackTags(s.obj, catalogStack.Name, version),
		capabilities: append([]string(nil), release.Capabilities...),
		roleARN:      s.obj.Spec.CloudFormationRoleARN,

		terminationProtection: stackSpec(s.obj, c).TerminationProtection,
	}
	d.hash = hashDesired(release.TemplateSHA256, d, hashableParameters(s, c, params))
	d.tags[deployv1alpha1.DesiredStateTagKey] = d.hash
	return d, nil
}

// hashDesired hashes what CloudFormation is asked for, with params standing in for the
// parameters (see hashableParameters). Termination protection is left out: it is applied
// apart from change sets, by comparing it with the stack directly.
func hashDesired(templateSHA256 string, d desiredStack, params map[string]string) string {
	capabilities := append([]string(nil), d.capabilities...)
	sort.Strings(capabilities)
	// encoding/json sorts map keys, so equal states always encode to equal bytes.
	data, err := json.Marshal(struct {
		Template     string            `json:"template"`
		Parameters   map[string]string `json:"parameters"`
		Tags         map[string]string `json:"tags"`
		Capabilities []string          `json:"capabilities"`
		Role         string            `json:"role"`
	}{templateSHA256, params, d.tags, capabilities, d.roleARN})
	if err != nil {
		panic(fmt.Sprintf("encoding a desired state cannot fail: %v", err))
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:40]
}

// stackTags are the tags of every stack: Panther's own, the user's, and the owner tag that
// marks the stack as this deployment's.
func stackTags(obj *deployv1alpha1.PantherDeployment, stackName, version string) map[string]string {
	tags := make(map[string]string, len(obj.Spec.Tags)+6)
	for k, v := range obj.Spec.Tags {
		tags[k] = v
	}
	tags["Application"] = "Panther"
	tags["PantherEdition"] = "Community"
	tags["PantherVersion"] = version
	tags["Stack"] = stackName
	tags[deployv1alpha1.OwnerTagKey] = ownerValue(obj)
	return tags
}

// ownerValue names the deployment in the owner tag: namespace/name/uid, so that a deployment
// deleted and created again under the same name does not inherit the old one's stacks.
func ownerValue(obj *deployv1alpha1.PantherDeployment) string {
	return obj.Namespace + "/" + obj.Name + "/" + string(obj.UID)
}

// ownedBy reports whether the stack carries the deployment's owner tag.
func ownedBy(stack cloud.Stack, obj *deployv1alpha1.PantherDeployment) bool {
	return stack.Tags[deployv1alpha1.OwnerTagKey] == ownerValue(obj)
}

// computedValues are the parameters the operator derives rather than reads.
func computedValues(obj *deployv1alpha1.PantherDeployment, version, commit string) map[string]string {
	short := commit
	if len(short) > 8 {
		short = short[:8]
	}
	crv := obj.Spec.CustomResourceVersion
	if crv == "" {
		crv = panther.CustomResourceVersion(version, short)
	}
	return map[string]string{
		panther.ComputedCustomResourceVersion: crv,
		panther.ComputedPantherVersion:        version,
		panther.ComputedPantherCommit:         short,
		// The operator deploys published releases, never builds from source in the account.
		panther.ComputedDeployFromSource: "false",
		panther.ComputedReleaseBucket:    obj.Spec.Release.Bucket,
	}
}

// stackVersion is the version component c runs: its pin, or spec.version.
func stackVersion(obj *deployv1alpha1.PantherDeployment, c panther.Component) string {
	if v := stackSpec(obj, c).Version; v != "" {
		return v
	}
	return obj.Spec.Version
}

// stackSpec returns the spec of component c; the catalog's component names are StackSet's
// JSON field names (a test in this package holds them together).
func stackSpec(obj *deployv1alpha1.PantherDeployment, c panther.Component) deployv1alpha1.StackSpec {
	spec, _ := obj.Spec.Stacks.Stack(string(c))
	return spec
}

// wanted reports whether component c should exist: enabled in the spec, and for onboard also
// wanted by config.setup.onboardSelf.
func wanted(obj *deployv1alpha1.PantherDeployment, c panther.Component) bool {
	if !stackSpec(obj, c).IsEnabled() {
		return false
	}
	return c != panther.Onboard || panther.OnboardSelf(obj.Spec.Config)
}
