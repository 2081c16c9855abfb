package v1alpha1

import ackv1alpha1 "github.com/aws-controllers-k8s/runtime/apis/core/v1alpha1"

// Finalizer holds a PantherDeployment until its AWS resources are torn down (or, with
// deletionPolicy Retain, released).
const Finalizer = "deploy.panther.io/teardown"

// Annotations users set on a PantherDeployment.
const (
	// AnnotationReconcileRequestedAt asks for an immediate reconcile: set it to any new value,
	// such as the current time.
	AnnotationReconcileRequestedAt = "deploy.panther.io/reconcile-requested-at"

	// AnnotationAdopt set to "true" lets the deployment take over existing Panther stacks it
	// does not own yet: it tags them as its own, then manages them.
	AnnotationAdopt = "deploy.panther.io/adopt"

	// AnnotationApprove approves, with spec.approval Manual, the change sets whose hash
	// (status.pendingApproval) it names: `pantherctl approve NAME` sets it.
	AnnotationApprove = "deploy.panther.io/approve"
)

// DesiredStateTagKey is the AWS tag holding the hash of the desired state a stack was last
// deployed with; the operator touches a stack only when this hash differs from the new one.
const DesiredStateTagKey = "deploy.panther.io/desired-state"

// OwnerTagKey is the AWS tag that marks a stack, bucket or log group as owned by one
// PantherDeployment; its value is namespace/name/uid.
const OwnerTagKey = "deploy.panther.io/owner"

// Condition types. Ready, Reconciling and Stalled follow the kstatus conventions, so that
// kubectl wait, Argo CD and Flux understand the object without custom code.
const (
	// ConditionReady is True when every enabled stack is complete at its desired state.
	ConditionReady = "Ready"

	// ConditionReconciling is True while the operator is working towards the desired state:
	// stacks are being created, updated or deleted.
	ConditionReconciling = "Reconciling"

	// ConditionStalled is True when the operator cannot make progress without a person: the
	// message says what to change.
	ConditionStalled = "Stalled"

	// ConditionDrifted is True when CloudFormation drift detection found resources changed
	// outside CloudFormation; False when the last check found none; absent when drift
	// detection is off.
	ConditionDrifted = "Drifted"

	// ConditionFunctionsDrifted is True when a function runs code other than its release's
	// that spec.stacks.<stack>.functionOverrides does not pin (after pantherctl dev
	// push-function); False when every function runs its release's or its pinned code. It
	// does not affect Ready, which is about the stacks.
	ConditionFunctionsDrifted = "FunctionsDrifted"
)

// ACK's condition types, set beside the kstatus ones so that tooling written for AWS
// Controllers for Kubernetes reads a PantherDeployment like an ACK resource: ResourceSynced
// follows Ready, Terminal follows Stalled, and Recoverable is True while a retry may fix the
// last error.
var (
	ConditionACKResourceSynced = string(ackv1alpha1.ConditionTypeResourceSynced)
	ConditionACKTerminal       = string(ackv1alpha1.ConditionTypeTerminal)
	ConditionACKRecoverable    = string(ackv1alpha1.ConditionTypeRecoverable)
)

// Condition reasons. A reason is a stable, CamelCase word users can look up in the
// troubleshooting guide; the condition message carries the details.
const (
	// ReasonSucceeded: every enabled stack is complete at its desired state.
	ReasonSucceeded = "Succeeded"

	// ReasonProgressing: stacks are being created, updated or deleted.
	ReasonProgressing = "Progressing"

	// ReasonSuspended: spec.suspend is true; no AWS call is made.
	ReasonSuspended = "Suspended"

	// ReasonDeleting: the deployment is being torn down.
	ReasonDeleting = "Deleting"

	// ReasonCredentialsInvalid: the AWS credentials could not be loaded or the role could not
	// be assumed (for example a wrong external ID).
	ReasonCredentialsInvalid = "CredentialsInvalid"

	// ReasonAccountMismatch: the credentials resolve to another account than spec.accountID.
	ReasonAccountMismatch = "AccountMismatch"

	// ReasonReleaseNotFound: the release manifest of a version in use is missing from
	// spec.release.bucket.
	ReasonReleaseNotFound = "ReleaseNotFound"

	// ReasonParametersInvalid: a stack's parameters are missing, unknown or conflicting.
	ReasonParametersInvalid = "ParametersInvalid"

	// ReasonParametersSourceNotFound: a Secret or ConfigMap named in spec.parametersFrom (or
	// in spec.credentials) does not exist or lacks the key.
	ReasonParametersSourceNotFound = "ParametersSourceNotFound"

	// ReasonStackFailed: a stack failed and retrying did not help; status.stacks[].failure has
	// the first failed resource and its reason.
	ReasonStackFailed = "StackFailed"

	// ReasonStackRollbackFailed: a stack is in UPDATE_ROLLBACK_FAILED and continuing the
	// rollback did not recover it.
	ReasonStackRollbackFailed = "StackRollbackFailed"

	// ReasonStackNotOwned: a stack with a Panther name exists but belongs to no one or to
	// another deployment; annotate the deployment with deploy.panther.io/adopt: "true" to
	// take it over.
	ReasonStackNotOwned = "StackNotOwned"

	// ReasonConflict: another PantherDeployment already manages Panther in this account and
	// region; Panther allows one per account and region.
	ReasonConflict = "Conflict"

	// ReasonStackDependencyDisabled: an enabled stack needs a stack the spec disables (the
	// CRD's admission rules refuse such a spec; an older CRD may not): enable the needed stack
	// or disable the one that needs it.
	ReasonStackDependencyDisabled = "StackDependencyDisabled"

	// ReasonCleanupBlocked: the teardown cannot confirm or remove a resource the deployment
	// owns (for example a bucket whose tags it may not read); the finalizer stays until the
	// message's fix is made.
	ReasonCleanupBlocked = "CleanupBlocked"

	// ReasonTerminationProtected: deletion is refused while a stack has
	// terminationProtection in the spec.
	ReasonTerminationProtected = "TerminationProtected"

	// ReasonStatefulReplacement: a change set would replace or remove a stateful resource
	// (DynamoDB table, S3 bucket, Cognito user pool, KMS key, log group with a retention)
	// that spec.stacks.<name>.allowReplacement does not list; the change set is kept, not
	// executed, and named in status.stacks[].pendingChange.
	ReasonStatefulReplacement = "StatefulReplacement"

	// ReasonAwaitingApproval: spec.approval is Manual and change sets are prepared and held
	// until the deploy.panther.io/approve annotation names status.pendingApproval. The
	// deployment is Reconciling, neither Ready nor Stalled.
	ReasonAwaitingApproval = "AwaitingApproval"

	// ReasonAWSError: an AWS call failed in a way that retrying may fix; the operator backs
	// off and tries again.
	ReasonAWSError = "AWSError"

	// ReasonDriftDetected: drift detection found resources changed outside CloudFormation.
	ReasonDriftDetected = "DriftDetected"

	// ReasonInSync: the last drift check found no drifted resource.
	ReasonInSync = "InSync"

	// ReasonFunctionCodeChanged: functions run code other than their release's, unpinned;
	// status.functionCode lists them, and the next deploy restores the release's code.
	ReasonFunctionCodeChanged = "FunctionCodeChanged"

	// ReasonFunctionCodeRestored: the operator put the release's code back into functions
	// that had other code, on a new generation of the spec.
	ReasonFunctionCodeRestored = "FunctionCodeRestored"

	// ReasonReleaseCode: every function runs its release's code.
	ReasonReleaseCode = "ReleaseCode"

	// ReasonFunctionsPinned: no function is drifted, and some run the code
	// spec.stacks.<stack>.functionOverrides pins.
	ReasonFunctionsPinned = "FunctionsPinned"

	// ReasonFunctionsUnchecked: the operator may not list the functions
	// (lambda:ListFunctions), so it can neither report nor restore pushed code.
	ReasonFunctionsUnchecked = "FunctionsUnchecked"
)
