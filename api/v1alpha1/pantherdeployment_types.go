package v1alpha1

import (
	ackv1alpha1 "github.com/aws-controllers-k8s/runtime/apis/core/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DeploymentMode says how the Panther stacks are laid out in CloudFormation.
// +kubebuilder:validation:Enum=Stacks;Root
type DeploymentMode string

const (
	// ModeStacks deploys the nine Panther stacks as top-level stacks, as `mage deploy` did.
	ModeStacks DeploymentMode = "Stacks"
	// ModeRoot deploys one root stack from the release's root template, which nests the nine
	// stacks, as `mage master:deploy` did.
	ModeRoot DeploymentMode = "Root"
)

// ApprovalMode says whether the operator executes the change sets it prepares on its own.
// +kubebuilder:validation:Enum=Automatic;Manual
type ApprovalMode string

const (
	// ApprovalAutomatic executes every change set as soon as it is ready (and the
	// stateful-replacement guard lets it).
	ApprovalAutomatic ApprovalMode = "Automatic"
	// ApprovalManual prepares every change as change sets and stops: the deployment reports
	// them in status.stacks[].pendingChange and waits until the deploy.panther.io/approve
	// annotation names status.pendingApproval (see `pantherctl plan` and `pantherctl approve`).
	ApprovalManual ApprovalMode = "Manual"
)

// DeletionPolicy says what happens in AWS when the PantherDeployment is deleted.
// +kubebuilder:validation:Enum=Delete;Retain
type DeletionPolicy string

const (
	// DeletionPolicyDelete tears everything down: the stacks in reverse dependency order, then
	// the retained Panther S3 buckets, then the /aws/lambda/panther- log groups.
	DeletionPolicyDelete DeletionPolicy = "Delete"
	// DeletionPolicyRetain leaves every AWS resource in place and only removes the object.
	DeletionPolicyRetain DeletionPolicy = "Retain"
)

// PantherDeploymentSpec is the desired Panther installation in one AWS account and region.
//
// +kubebuilder:validation:XValidation:rule="!has(oldSelf.accountID) || size(oldSelf.accountID) == 0 || (has(self.accountID) && self.accountID == oldSelf.accountID)",message="accountID cannot be changed or removed once set: create a new PantherDeployment for another account",fieldPath=".accountID",reason=FieldValueForbidden
// +kubebuilder:validation:XValidation:rule="!has(self.mode) || self.mode != 'Root' || !has(self.stacks) || !((has(self.stacks.bootstrap) && has(self.stacks.bootstrap.version)) || (has(self.stacks.bootstrapGateway) && has(self.stacks.bootstrapGateway.version)) || (has(self.stacks.appsync) && has(self.stacks.appsync.version)) || (has(self.stacks.cloudSecurity) && has(self.stacks.cloudSecurity.version)) || (has(self.stacks.core) && has(self.stacks.core.version)) || (has(self.stacks.dashboards) && has(self.stacks.dashboards.version)) || (has(self.stacks.logAnalysis) && has(self.stacks.logAnalysis.version)) || (has(self.stacks.web) && has(self.stacks.web.version)) || (has(self.stacks.onboard) && has(self.stacks.onboard.version)))",message="per-stack version pins are not allowed in Root mode, where one root template has one version: remove stacks.*.version or use mode Stacks",fieldPath=".stacks"
// +kubebuilder:validation:XValidation:rule="!has(self.mode) || self.mode != 'Root' || !has(self.stacks) || !((has(self.stacks.bootstrap) && has(self.stacks.bootstrap.enabled) && !self.stacks.bootstrap.enabled) || (has(self.stacks.bootstrapGateway) && has(self.stacks.bootstrapGateway.enabled) && !self.stacks.bootstrapGateway.enabled) || (has(self.stacks.appsync) && has(self.stacks.appsync.enabled) && !self.stacks.appsync.enabled) || (has(self.stacks.cloudSecurity) && has(self.stacks.cloudSecurity.enabled) && !self.stacks.cloudSecurity.enabled) || (has(self.stacks.core) && has(self.stacks.core.enabled) && !self.stacks.core.enabled) || (has(self.stacks.dashboards) && has(self.stacks.dashboards.enabled) && !self.stacks.dashboards.enabled) || (has(self.stacks.logAnalysis) && has(self.stacks.logAnalysis.enabled) && !self.stacks.logAnalysis.enabled) || (has(self.stacks.web) && has(self.stacks.web.enabled) && !self.stacks.web.enabled))",message="in Root mode only stacks.onboard can be disabled (the root template always nests the others): enable the stack or use mode Stacks",fieldPath=".stacks"
type PantherDeploymentSpec struct {
	// Region is the AWS region Panther runs in. It must be one of the 16 regions Panther
	// supports, and it cannot be changed: to move Panther, create a new PantherDeployment.
	// +required
	// +kubebuilder:validation:Enum=ap-northeast-1;ap-northeast-2;ap-south-1;ap-southeast-1;ap-southeast-2;ca-central-1;eu-central-1;eu-north-1;eu-west-1;eu-west-2;eu-west-3;sa-east-1;us-east-1;us-east-2;us-west-1;us-west-2
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="region is immutable: create a new PantherDeployment to deploy Panther in another region"
	Region ackv1alpha1.AWSRegion `json:"region"`

	// AccountID is a guard: when set, the operator refuses to act (Stalled, reason
	// AccountMismatch) if its credentials resolve to another AWS account. Twelve digits, quoted
	// in YAML. It cannot be changed or removed once set.
	// +optional
	// +kubebuilder:validation:MaxLength=12
	// +kubebuilder:validation:XValidation:rule="self.matches('^[0-9]{12}$')",message="accountID must be exactly 12 digits, quoted in YAML, e.g. \"123456789012\""
	AccountID string `json:"accountID,omitempty"`

	// Version is the Panther release every stack runs unless the stack pins its own, as a
	// semantic version without a leading v, e.g. 1.16.0. The release must have been published
	// to release.bucket with `pantherctl release publish`.
	// +required
	// +kubebuilder:validation:MaxLength=64
	// +kubebuilder:validation:XValidation:rule="self.matches('^(0|[1-9][0-9]*)[.](0|[1-9][0-9]*)[.](0|[1-9][0-9]*)(-[0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?([+][0-9A-Za-z-]+([.][0-9A-Za-z-]+)*)?$')",message="version must be a semantic version without a leading v, e.g. 1.16.0"
	Version string `json:"version"`

	// Release says where the published Panther releases are.
	// +required
	Release ReleaseSource `json:"release"`

	// Mode is Stacks (nine top-level stacks, the default) or Root (one root stack that nests
	// them). It cannot be changed after creation.
	// +optional
	// +kubebuilder:default=Stacks
	// +kubebuilder:validation:XValidation:rule="self == oldSelf",message="mode is immutable: create a new PantherDeployment to switch between Stacks and Root"
	Mode DeploymentMode `json:"mode,omitempty"`

	// Stacks turns the nine Panther stacks on or off and sets per-stack versions, template
	// parameters and termination protection. Every stack is enabled by default.
	// +optional
	// +kubebuilder:default={}
	Stacks StackSet `json:"stacks,omitempty"`

	// Config holds the typed Panther settings, the panther_config.yml of the original
	// deployment tool. The operator turns them into the stacks' template parameters.
	// +optional
	// +kubebuilder:default={}
	Config PantherConfig `json:"config,omitempty"`

	// ParametersFrom reads template parameters from Secrets or ConfigMaps in the same
	// namespace: each key is a parameter name, each value its value, and they replace the
	// values computed from config. A parameter given different values by two sources (or by a
	// source and stacks.*.parameters) stops the deployment (Stalled, reason
	// ParametersInvalid). Use it for values that must not be written in the PantherDeployment,
	// such as certificates or e-mail addresses.
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=16
	ParametersFrom []ParametersSource `json:"parametersFrom,omitempty"`

	// Credentials says which AWS identity the operator uses for this deployment. When unset,
	// the operator's own identity is used (IRSA, EKS pod identity, instance profile or
	// environment).
	// +optional
	Credentials *Credentials `json:"credentials,omitempty"`

	// CloudFormationRoleARN is the IAM role CloudFormation assumes to create, update and
	// delete the stacks' resources (the stacks' service role). When unset, CloudFormation uses
	// the operator's credentials.
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.matches('^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$')",message="cloudFormationRoleARN must be an IAM role ARN such as arn:aws:iam::123456789012:role/PantherCloudFormationRole"
	CloudFormationRoleARN string `json:"cloudFormationRoleARN,omitempty"`

	// CustomResourceVersion is passed to every stack as CustomResourceVersion. Custom
	// resources run again only when it changes, so change it to make every one of them run
	// again. When empty, the operator uses "<version> (<release commit>)", so that each new
	// release re-runs them, as the original did.
	// +optional
	// +kubebuilder:validation:MaxLength=128
	CustomResourceVersion string `json:"customResourceVersion,omitempty"`

	// Tags are added to every stack, and CloudFormation propagates them to the stacks'
	// resources. The operator's own tags (Application, PantherVersion, Stack and the
	// ownership and desired-state tags) cannot be overridden.
	// +optional
	// +kubebuilder:validation:MaxProperties=40
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(k) <= 128 && !k.startsWith('aws:') && !k.startsWith('deploy.panther.io/') && !(k in ['Application', 'PantherEdition', 'PantherVersion', 'Stack']))",message="tags keys must be at most 128 characters, must not start with aws: or deploy.panther.io/ and must not be Application, PantherEdition, PantherVersion or Stack, which the operator sets itself"
	// +kubebuilder:validation:XValidation:rule="self.all(k, size(self[k]) <= 256)",message="tags values must be at most 256 characters"
	Tags map[string]string `json:"tags,omitempty"`

	// DriftDetection schedules CloudFormation drift detection on the deployed stacks.
	// +optional
	// +kubebuilder:default={}
	DriftDetection DriftDetection `json:"driftDetection,omitempty"`

	// DeletionPolicy is Delete (the default: deleting the PantherDeployment tears down every
	// stack, the Panther S3 buckets and the Panther Lambda log groups) or Retain (deleting it
	// leaves AWS untouched).
	// +optional
	// +kubebuilder:default=Delete
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`

	// Approval is Automatic (the default: change sets run as soon as they are ready) or
	// Manual: every change set is created and held until a person approves it by setting the
	// annotation deploy.panther.io/approve to status.pendingApproval (`pantherctl approve
	// NAME`). The approval covers exactly the change sets pending when it was given: a spec
	// change that alters any of them makes a new hash, which needs a new approval. Stacks wait
	// for the stacks before them, so a first deployment is approved wave by wave. The
	// stateful-replacement guard still applies to an approved change set.
	// +optional
	// +kubebuilder:default=Automatic
	Approval ApprovalMode `json:"approval,omitempty"`

	// Suspend stops all reconciliation: while true the operator makes no AWS call at all for
	// this deployment, not even reads. Set it back to false to continue where it stopped.
	// +optional
	Suspend bool `json:"suspend,omitempty"`
}

// ReleaseSource is where `pantherctl release publish` put the Panther releases.
type ReleaseSource struct {
	// Bucket is the S3 bucket that holds the releases: the manifest of version X is read from
	// s3://<bucket>/v<X>/manifest.json. It must be in the deployment's region, because
	// CloudFormation reads the templates from it.
	// +required
	// +kubebuilder:validation:MinLength=3
	// +kubebuilder:validation:MaxLength=63
	// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z0-9][a-z0-9.-]*[a-z0-9]$') && !self.contains('..') && !self.matches('^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$') && !self.startsWith('xn--') && !self.endsWith('-s3alias')",message="release.bucket must be a valid S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit, not formatted like an IP address"
	Bucket string `json:"bucket"`
}

// ParametersSourceKind is the kind of object template parameters are read from.
// +kubebuilder:validation:Enum=Secret;ConfigMap
type ParametersSourceKind string

const (
	// ParametersFromSecret reads parameters from a Secret's data.
	ParametersFromSecret ParametersSourceKind = "Secret"
	// ParametersFromConfigMap reads parameters from a ConfigMap's data.
	ParametersFromConfigMap ParametersSourceKind = "ConfigMap"
)

// ParametersSource names a Secret or ConfigMap whose keys are template parameter names.
type ParametersSource struct {
	// Kind is Secret or ConfigMap.
	// +required
	Kind ParametersSourceKind `json:"kind"`

	// Name of the Secret or ConfigMap, in the PantherDeployment's namespace.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	// +kubebuilder:validation:XValidation:rule="self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')",message="parametersFrom.name must be a Kubernetes object name: lower-case letters, digits, '-' and '.'"
	Name string `json:"name"`

	// Stack limits the values to one stack (its name in spec.stacks, e.g. logAnalysis). When
	// empty, each value goes to every stack whose template declares that parameter.
	// +optional
	// +kubebuilder:validation:Enum=bootstrap;bootstrapGateway;appsync;cloudSecurity;core;dashboards;logAnalysis;web;onboard
	Stack string `json:"stack,omitempty"`

	// Optional lets the deployment go ahead when the object does not exist. By default a
	// missing object stops the deployment (Stalled, reason ParametersSourceNotFound).
	// +optional
	Optional bool `json:"optional,omitempty"`
}

// Credentials selects the AWS identity used for one deployment.
//
// +kubebuilder:validation:XValidation:rule="!has(self.externalIDSecretRef) || has(self.roleARN)",message="credentials.externalIDSecretRef needs credentials.roleARN: an external ID is only used when assuming a role",fieldPath=".externalIDSecretRef"
type Credentials struct {
	// RoleARN is an IAM role the operator assumes through STS before every AWS call of this
	// deployment, e.g. the PantherDeploymentRole described in the docs.
	// +optional
	// +kubebuilder:validation:MaxLength=2048
	// +kubebuilder:validation:XValidation:rule="self.matches('^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$')",message="credentials.roleARN must be an IAM role ARN such as arn:aws:iam::123456789012:role/PantherDeploymentRole"
	RoleARN string `json:"roleARN,omitempty"`

	// ExternalIDSecretRef names the Secret key holding the external ID the role's trust
	// policy requires. The value is never written to status, events or logs.
	// +optional
	ExternalIDSecretRef *SecretKeyReference `json:"externalIDSecretRef,omitempty"`

	// SecretRef names a Secret in the same namespace with static access keys under the keys
	// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and optionally AWS_SESSION_TOKEN. Prefer a role:
	// static keys are long-lived, and the operator flags their use with a warning event.
	// +optional
	SecretRef *SecretReference `json:"secretRef,omitempty"`
}

// SecretReference names a Secret in the PantherDeployment's namespace.
type SecretReference struct {
	// Name of the Secret.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`
}

// SecretKeyReference names one key of a Secret in the PantherDeployment's namespace.
type SecretKeyReference struct {
	// Name of the Secret.
	// +required
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Name string `json:"name"`

	// Key in the Secret's data.
	// +optional
	// +kubebuilder:default=externalID
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=253
	Key string `json:"key,omitempty"`
}

// DriftDetection schedules CloudFormation drift detection.
type DriftDetection struct {
	// Interval between drift checks of each deployed stack, as a duration such as 30m or 1h.
	// "0" turns drift detection off; otherwise it must be at least 5m.
	// +optional
	// +kubebuilder:default="1h"
	// +kubebuilder:validation:Type=string
	// +kubebuilder:validation:MaxLength=32
	// +kubebuilder:validation:XValidation:rule="self.matches('^(0|([0-9]+([.][0-9]+)?(ns|us|ms|s|m|h))+)$') && (self == '0' || duration(self) == duration('0s') || duration(self) >= duration('5m'))",message="driftDetection.interval must be 0 (off) or a duration of at least 5m, such as 30m or 1h"
	Interval string `json:"interval,omitempty"`
}

// PantherDeploymentStatus is what the operator last saw of the deployment in AWS.
type PantherDeploymentStatus struct {
	// ObservedGeneration is the metadata.generation the operator last reconciled successfully.
	// It defaults to 0 so that a deployment the operator has not seen yet reads as in progress
	// (kstatus compares it with metadata.generation).
	// +optional
	// +kubebuilder:default=0
	ObservedGeneration int64 `json:"observedGeneration,omitempty"`

	// Conditions are Ready, Reconciling and Stalled (kstatus), Drifted and FunctionsDrifted, with ACK's
	// ACK.ResourceSynced, ACK.Terminal and ACK.Recoverable beside them for tools that read
	// ACK resources. Their reasons are listed in the API reference and explained in the
	// troubleshooting guide.
	// +optional
	// +listType=map
	// +listMapKey=type
	Conditions []metav1.Condition `json:"conditions,omitempty"`

	// AccountID is the AWS account the operator's credentials resolved to.
	// +optional
	AccountID ackv1alpha1.AWSAccountID `json:"accountID,omitempty"`

	// ClaimedAt is when this deployment claimed Panther's account and region (status.accountID
	// and spec.region) as the one deployment there. A deployment that never claimed them, such
	// as one that lost a Conflict, makes no AWS call when it is deleted.
	// +optional
	ClaimedAt *metav1.Time `json:"claimedAt,omitempty"`

	// Version is the Panther version the deployment runs, once every stack reached it.
	// +optional
	Version string `json:"version,omitempty"`

	// PendingApproval is, with spec.approval Manual, the hash of every change set held for
	// approval (each stack's pendingChange.hash): set the annotation deploy.panther.io/approve
	// to this value to execute exactly those change sets. Empty when nothing awaits approval.
	// +optional
	PendingApproval string `json:"pendingApproval,omitempty"`

	// URL is the address of the Panther web application (from the LoadBalancerUrl output).
	// +optional
	URL string `json:"url,omitempty"`

	// Stacks reports each Panther stack.
	// +optional
	// +listType=map
	// +listMapKey=name
	Stacks []StackStatus `json:"stacks,omitempty"`

	// Outputs merges the outputs of every stack. Outputs of NoEcho parameters are never shown.
	// +optional
	Outputs map[string]string `json:"outputs,omitempty"`

	// FunctionCode reports the Lambda functions whose code is not their release's: pushed
	// with pantherctl dev push-function, or changed by hand.
	// +optional
	FunctionCode *FunctionCodeStatus `json:"functionCode,omitempty"`

	// Teardown reports the clean-up after the stacks are deleted.
	// +optional
	Teardown *TeardownStatus `json:"teardown,omitempty"`
}

// +kubebuilder:object:root=true
// +kubebuilder:subresource:status
// +kubebuilder:resource:shortName=pd,categories=panther
// +kubebuilder:printcolumn:name="Region",type=string,JSONPath=`.spec.region`
// +kubebuilder:printcolumn:name="Version",type=string,JSONPath=`.status.version`
// +kubebuilder:printcolumn:name="Ready",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].status`
// +kubebuilder:printcolumn:name="Reason",type=string,JSONPath=`.status.conditions[?(@.type=="Ready")].reason`
// +kubebuilder:printcolumn:name="Drift",type=string,JSONPath=`.status.conditions[?(@.type=="Drifted")].status`
// +kubebuilder:printcolumn:name="URL",type=string,JSONPath=`.status.url`
// +kubebuilder:printcolumn:name="Age",type=date,JSONPath=`.metadata.creationTimestamp`

// PantherDeployment is one Panther SIEM installation in an AWS account and region, deployed as
// CloudFormation stacks and torn down when the object is deleted.
type PantherDeployment struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// Spec is the desired installation.
	// +required
	Spec PantherDeploymentSpec `json:"spec"`

	// Status is what the operator last saw in AWS.
	// +optional
	// +kubebuilder:default={}
	Status PantherDeploymentStatus `json:"status,omitempty"`
}

// +kubebuilder:object:root=true

// PantherDeploymentList is a list of PantherDeployments.
type PantherDeploymentList struct {
	metav1.TypeMeta `json:",inline"`
	metav1.ListMeta `json:"metadata,omitempty"`
	Items           []PantherDeployment `json:"items"`
}

// ManualApproval reports whether change sets wait for an approval (spec.approval Manual).
func (s *PantherDeploymentSpec) ManualApproval() bool { return s.Approval == ApprovalManual }
