package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// StackStatus is what the operator last saw of one Panther stack.
type StackStatus struct {
	// Name is the stack's name in spec.stacks, e.g. logAnalysis.
	Name string `json:"name"`

	// StackName is the CloudFormation stack name, e.g. panther-log-analysis.
	// +optional
	StackName string `json:"stackName,omitempty"`

	// StackID is the CloudFormation stack ARN.
	// +optional
	StackID string `json:"stackID,omitempty"`

	// Status is the CloudFormation stack status, e.g. CREATE_COMPLETE, or NOT_FOUND when the
	// stack does not exist.
	// +optional
	Status string `json:"status,omitempty"`

	// Reason is CloudFormation's status reason.
	// +optional
	Reason string `json:"reason,omitempty"`

	// Version is the Panther version the stack was last deployed with.
	// +optional
	Version string `json:"version,omitempty"`

	// DesiredState is the hash of the stack's desired state (template, parameters, tags,
	// capabilities, role) the operator is working towards; the stack carries the hash it was
	// last deployed with in its deploy.panther.io/desired-state tag.
	// +optional
	DesiredState string `json:"desiredState,omitempty"`

	// SatisfiedState records that CloudFormation found nothing to change between the stack
	// as tagged (after the slash) and DesiredState (before it), as happens when only unused
	// parameters changed; such a stack counts as complete without another change set.
	// +optional
	SatisfiedState string `json:"satisfiedState,omitempty"`

	// Attempts counts the failed attempts at DesiredState; the operator gives up (Stalled)
	// after three, and a change of the spec starts a new count.
	// +optional
	Attempts int32 `json:"attempts,omitempty"`

	// PendingChange is the name of a change set the operator created but holds back for
	// review, because it would replace or remove a stateful resource that
	// spec.stacks.<name>.allowReplacement does not list (see the Stalled condition's message),
	// or because spec.approval is Manual and it awaits approval. Inspect it with
	// `aws cloudformation describe-change-set --stack-name <stackName> --change-set-name
	// <pendingChange>`. Allowing the resource (or approving) executes it; a change of the
	// stack's desired state deletes it and makes a new one.
	// +optional
	PendingChange string `json:"pendingChange,omitempty"`

	// PendingChangeDetail describes the change set named in PendingChange while it awaits
	// approval (spec.approval Manual): its hash and what it would change.
	// +optional
	PendingChangeDetail *PendingChange `json:"pendingChangeDetail,omitempty"`

	// LastTransitionTime is when Status last changed.
	// +optional
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`

	// Drift is the result of the last drift check.
	// +optional
	Drift *StackDrift `json:"drift,omitempty"`

	// Failure is the root cause of the last failure: the first resource that failed.
	// +optional
	Failure *StackFailure `json:"failure,omitempty"`

	// Resources records the stack's resources the teardown removes after the stack is gone
	// (retained buckets, the log groups of its functions), read while the stack exists.
	// +optional
	Resources *StackResources `json:"resources,omitempty"`
}

// PendingChange is a change set held for approval.
type PendingChange struct {
	// Hash covers the stack, the change set's name, the stack's desired state and every
	// change of the change set; status.pendingApproval is the hash of the stacks' hashes.
	Hash string `json:"hash"`

	// Changes are the change set's resource changes, in CloudFormation's order (at most 200).
	// +optional
	// +listType=atomic
	// +kubebuilder:validation:MaxItems=200
	Changes []PendingResourceChange `json:"changes,omitempty"`

	// Truncated counts the changes left out of Changes beyond the first 200.
	// +optional
	Truncated int32 `json:"truncated,omitempty"`
}

// PendingResourceChange is one resource change of a change set.
type PendingResourceChange struct {
	// Action is Add, Modify, Remove, Import or Dynamic.
	Action string `json:"action"`

	// LogicalID of the resource in the stack's template.
	LogicalID string `json:"logicalID"`

	// ResourceType, e.g. AWS::DynamoDB::Table.
	// +optional
	ResourceType string `json:"resourceType,omitempty"`

	// Replacement is True, False or Conditional for a Modify.
	// +optional
	Replacement string `json:"replacement,omitempty"`

	// Scope lists what a Modify changes: Properties, Tags, Metadata, ...
	// +optional
	// +listType=atomic
	Scope []string `json:"scope,omitempty"`
}

// StackResources are the physical names of a stack's resources that outlive the stack.
type StackResources struct {
	// State is the desired state (see DesiredState) the stack was at when they were read.
	// +optional
	State string `json:"state,omitempty"`

	// Buckets are the names of the stack's S3 buckets.
	// +optional
	// +listType=atomic
	Buckets []string `json:"buckets,omitempty"`

	// Functions are the names of the stack's Lambda functions; each writes to the log group
	// /aws/lambda/<name>.
	// +optional
	// +listType=atomic
	Functions []string `json:"functions,omitempty"`
}

// StackDrift is the result of a CloudFormation drift check of one stack.
type StackDrift struct {
	// Status is DRIFTED, IN_SYNC, NOT_CHECKED or UNKNOWN, as CloudFormation reports it.
	// +optional
	Status string `json:"status,omitempty"`

	// DriftedResources counts the resources that differ from the template.
	// +optional
	DriftedResources int32 `json:"driftedResources,omitempty"`

	// LastCheckTime is when the last check finished.
	// +optional
	LastCheckTime *metav1.Time `json:"lastCheckTime,omitempty"`

	// DetectionID is the CloudFormation drift detection run under way, if any.
	// +optional
	DetectionID string `json:"detectionID,omitempty"`

	// Resources lists the drifted resources (at most 20).
	// +optional
	// +listType=atomic
	Resources []DriftedResource `json:"resources,omitempty"`
}

// DriftedResource is one resource that differs from its template.
type DriftedResource struct {
	// LogicalID of the resource in the stack's template.
	LogicalID string `json:"logicalID"`

	// ResourceType, e.g. AWS::S3::Bucket.
	// +optional
	ResourceType string `json:"resourceType,omitempty"`

	// Status is MODIFIED or DELETED.
	// +optional
	Status string `json:"status,omitempty"`

	// Properties lists the property paths that differ, e.g. /Tags/0/Value.
	// +optional
	// +listType=atomic
	Properties []string `json:"properties,omitempty"`
}

// StackFailure is the first resource that failed in a stack operation, following nested
// stacks down to the resource that caused it.
type StackFailure struct {
	// LogicalID of the failed resource.
	// +optional
	LogicalID string `json:"logicalID,omitempty"`

	// ResourceType of the failed resource.
	// +optional
	ResourceType string `json:"resourceType,omitempty"`

	// Reason CloudFormation gave for the failure.
	// +optional
	Reason string `json:"reason,omitempty"`

	// NestedStack is the name of the nested stack the resource is in, when it is not in the
	// stack itself.
	// +optional
	NestedStack string `json:"nestedStack,omitempty"`
}

// TeardownStatus reports what the teardown did after the stacks were gone.
type TeardownStatus struct {
	// Buckets lists the retained Panther buckets of this deployment and what became of them.
	// +optional
	// +listType=atomic
	Buckets []BucketCleanup `json:"buckets,omitempty"`

	// LogGroupsDeleted counts the Lambda log groups deleted: those of the stacks' functions
	// and, for the deployment that owns the account and region, the /aws/lambda/panther- ones.
	// +optional
	LogGroupsDeleted int32 `json:"logGroupsDeleted,omitempty"`
}

// BucketCleanup is what the teardown did with one retained bucket.
type BucketCleanup struct {
	// Name of the bucket.
	Name string `json:"name"`

	// Versions counts the object versions and delete markers found in it.
	// +optional
	Versions int32 `json:"versions,omitempty"`

	// Result is Deleted, or LeftToExpire for a bucket with 10,000 or more versions: it got a
	// one-day expire-everything lifecycle rule and stays until a person deletes it.
	// +optional
	Result string `json:"result,omitempty"`
}

// FunctionCodeStatus is the last comparison of the deployment's functions with the release.
type FunctionCodeStatus struct {
	// LastCheckTime is when the deployed code was last compared with the release's; the check
	// runs once per spec.driftDetection.interval and whenever the spec's generation changes.
	// +optional
	LastCheckTime *metav1.Time `json:"lastCheckTime,omitempty"`

	// CheckedGeneration is the metadata.generation of the last check. A new generation (the
	// next deploy) restores every Drifted function to its release's code.
	// +optional
	CheckedGeneration int64 `json:"checkedGeneration,omitempty"`

	// Functions lists the functions whose code is not the release's; those that run it are
	// left out.
	// +optional
	// +listType=map
	// +listMapKey=name
	// +kubebuilder:validation:MaxItems=64
	Functions []FunctionStatus `json:"functions,omitempty"`
}

// FunctionStatus is one function whose code differs from its release's package.
type FunctionStatus struct {
	// Name is the Lambda function, e.g. panther-log-processor.
	Name string `json:"name"`

	// Stack is the stack in spec.stacks that deploys it, e.g. logAnalysis.
	Stack string `json:"stack"`

	// CodeSHA256 is the code the function runs, as Lambda reports it (base64 SHA-256).
	CodeSHA256 string `json:"codeSHA256"`

	// ReleaseSHA256 is the CodeSha256 of the release's package of the function.
	ReleaseSHA256 string `json:"releaseSHA256"`

	// State is Drifted (the next deploy restores the release's code) or Pinned
	// (spec.stacks.<stack>.functionOverrides names exactly this code, which is left alone).
	// +kubebuilder:validation:Enum=Drifted;Pinned
	State FunctionState `json:"state"`
}

// FunctionState says what the operator makes of a function whose code is not the release's.
type FunctionState string

// The states of a function whose code differs from the release's.
const (
	FunctionDrifted FunctionState = "Drifted"
	FunctionPinned  FunctionState = "Pinned"
)
