package controllers

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clocktesting "k8s.io/utils/clock/testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

var tableNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

const (
	desiredHash = "0123456789abcdef0123456789abcdef01234567"
	oldHash     = "fedcba9876543210fedcba9876543210fedcba98"
)

func tableReconciler() *PantherDeploymentReconciler {
	return &PantherDeploymentReconciler{
		Clock:     clocktesting.NewFakePassiveClock(tableNow),
		Intervals: Intervals{Progress: time.Second, Settled: time.Hour, Stalled: time.Minute, RetryBase: 30 * time.Second},
	}
}

func tableDeployment() *deployv1alpha1.PantherDeployment {
	return &deployv1alpha1.PantherDeployment{ObjectMeta: metav1.ObjectMeta{Namespace: "security", Name: "panther", UID: "u1"}}
}

func tableScope(obj *deployv1alpha1.PantherDeployment, stacks cloud.StackClient, cleanup cloud.Cleanup) *scope {
	return &scope{obj: obj, log: logr.Discard(), clients: &cloud.Clients{Stacks: stacks, Cleanup: cleanup}}
}

// ownedStack is a stack of the deployment as DescribeStacks reports it.
func ownedStack(status cloud.StackStatus, hash string) cloud.Stack {
	return cloud.Stack{Name: "panther-core", ID: "arn:aws:cloudformation:us-east-1:000000000000:stack/panther-core/1",
		Status: status, Tags: map[string]string{
			deployv1alpha1.OwnerTagKey: "security/panther/u1", deployv1alpha1.DesiredStateTagKey: hash,
		}}
}

func ago(d time.Duration) *metav1.Time {
	t := metav1.NewTime(tableNow.Add(-d))
	return &t
}

func TestEnsureStack(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		observed cloud.Stack
		exists   bool
		entry    deployv1alpha1.StackStatus
		fake     *fakeStacks
		adopt    bool
		manual   bool // spec.approval Manual

		wantComplete bool
		wantCalls    []string
		wantStall    string // the Stalled reason, if the step stalls
		wantErrKind  error  // for a transient error: the cloud kind it wraps
		wantRequeue  bool
		wantProgress string
		wantAttempts int32
		check        func(t *testing.T, entry deployv1alpha1.StackStatus)
	}{
		{
			name: "absent stack", reason: "a missing stack is created at once, counting one attempt: nobody reviews a create in Automatic mode",
			fake:      &fakeStacks{},
			wantCalls: []string{"CreateStack panther-core"}, wantProgress: "creating panther-core", wantAttempts: 1,
		},
		{
			name: "absent stack under manual approval", reason: "a create to review is prepared as a CREATE change set named after the desired state",
			fake: &fakeStacks{}, manual: true,
			wantCalls: []string{"CreateChangeSet panther-core create=true"}, wantProgress: "preparing panther-core",
			wantRequeue: true, // the change set is looked at again soon (changeSetFirstLook)
		},
		{
			name: "absent after three failures", reason: "the operator asks a person instead of failing for ever",
			fake: &fakeStacks{}, entry: deployv1alpha1.StackStatus{DesiredState: desiredHash, Attempts: 3},
			wantStall: deployv1alpha1.ReasonStackFailed, wantAttempts: 3,
		},
		{
			name: "absent within the backoff", reason: "a failed attempt waits RetryBase before the next, without an AWS call",
			fake:        &fakeStacks{},
			entry:       deployv1alpha1.StackStatus{DesiredState: desiredHash, Attempts: 1, LastTransitionTime: ago(10 * time.Second)},
			wantRequeue: true, wantProgress: "waiting to retry panther-core", wantAttempts: 1,
		},
		{
			name: "a new desired state resets the attempts", reason: "changing the spec is how a person says try again",
			fake:      &fakeStacks{},
			entry:     deployv1alpha1.StackStatus{DesiredState: oldHash, Attempts: 3},
			wantCalls: []string{"CreateStack panther-core"}, wantProgress: "creating panther-core", wantAttempts: 1,
		},
		{
			name: "a stack of someone else", reason: "the operator never acts on a stack it does not own",
			observed: cloud.Stack{Name: "panther-core", Status: "CREATE_COMPLETE"}, exists: true, fake: &fakeStacks{},
			wantStall: deployv1alpha1.ReasonStackNotOwned,
		},
		{
			name: "an abandoned review stack", reason: "a stack under review shows no tags, so without our change set it is someone else's",
			observed: cloud.Stack{Name: "panther-core", Status: cloud.StatusReviewInProgress}, exists: true, fake: &fakeStacks{},
			wantStall: deployv1alpha1.ReasonStackNotOwned,
		},
		{
			name: "an abandoned review stack to adopt", reason: "with the adopt annotation it is replaced: it holds no resources",
			observed: cloud.Stack{Name: "panther-core", Status: cloud.StatusReviewInProgress}, exists: true, fake: &fakeStacks{},
			adopt: true, wantCalls: []string{"DeleteStack panther-core"}, wantProgress: "replacing panther-core",
		},
		{
			name: "in progress", reason: "nothing waits inside Reconcile: an operation in progress is only reported",
			observed: ownedStack("UPDATE_IN_PROGRESS", oldHash), exists: true, fake: &fakeStacks{},
			wantProgress: "updating panther-core",
		},
		{
			name: "at the desired state", reason: "a settled stack costs no AWS call",
			observed: ownedStack("UPDATE_COMPLETE", desiredHash), exists: true, fake: &fakeStacks{},
			wantComplete: true,
		},
		{
			name: "rolled back from an update to its previous state", reason: "UPDATE_ROLLBACK_COMPLETE is healthy but not at the desired state: a new change set is made",
			observed: ownedStack("UPDATE_ROLLBACK_COMPLETE", oldHash), exists: true, fake: &fakeStacks{},
			wantCalls: []string{"CreateChangeSet panther-core create=false"}, wantProgress: "preparing panther-core",
			wantRequeue: true, // the change set is looked at again soon (changeSetFirstLook)
		},
		{
			name: "change set ready", reason: "a created change set is executed, counting one attempt",
			observed: ownedStack("UPDATE_COMPLETE", oldHash), exists: true,
			fake: &fakeStacks{describeChangeSet: func(string, string) (cloud.ChangeSet, error) {
				return cloud.ChangeSet{Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE"}, nil
			}},
			wantCalls: []string{"ExecuteChangeSet panther-core"}, wantProgress: "updating panther-core", wantAttempts: 1,
		},
		{
			name: "empty change set", reason: "CloudFormation finding nothing to change makes the stack complete at the desired state",
			observed: ownedStack("UPDATE_COMPLETE", oldHash), exists: true,
			fake: &fakeStacks{describeChangeSet: func(string, string) (cloud.ChangeSet, error) {
				return cloud.ChangeSet{Status: "FAILED", StatusReason: "The submitted information didn't contain changes. Submit different information to create a change set."}, nil
			}},
			wantComplete: true, wantCalls: []string{"DeleteChangeSet panther-core"},
			check: func(t *testing.T, entry deployv1alpha1.StackStatus) {
				if entry.SatisfiedState != desiredHash+"/"+oldHash {
					t.Errorf("satisfiedState %q", entry.SatisfiedState)
				}
			},
		},
		{
			name: "failed change set", reason: "a change set CloudFormation refused is cleared and retried, counting the attempt",
			observed: ownedStack("UPDATE_COMPLETE", oldHash), exists: true,
			fake: &fakeStacks{describeChangeSet: func(string, string) (cloud.ChangeSet, error) {
				return cloud.ChangeSet{Status: "FAILED", StatusReason: "Template format error"}, nil
			}},
			wantCalls: []string{"DeleteChangeSet panther-core"}, wantProgress: "retrying panther-core", wantAttempts: 1,
		},
		{
			name: "third failed change set", reason: "the third refusal stalls with CloudFormation's reason",
			observed: ownedStack("UPDATE_COMPLETE", oldHash), exists: true,
			entry: deployv1alpha1.StackStatus{DesiredState: desiredHash, Attempts: 2},
			fake: &fakeStacks{describeChangeSet: func(string, string) (cloud.ChangeSet, error) {
				return cloud.ChangeSet{Status: "FAILED", StatusReason: "Template format error"}, nil
			}},
			wantCalls: []string{"DeleteChangeSet panther-core"}, wantStall: deployv1alpha1.ReasonStackFailed, wantAttempts: 3,
		},
		{
			name: "executed change set of a rolled-back update", reason: "the spent change set goes once the backoff has passed",
			observed: ownedStack("UPDATE_ROLLBACK_COMPLETE", oldHash), exists: true,
			entry: deployv1alpha1.StackStatus{DesiredState: desiredHash, Attempts: 1, Status: "UPDATE_ROLLBACK_COMPLETE", LastTransitionTime: ago(time.Minute)},
			fake: &fakeStacks{describeChangeSet: func(string, string) (cloud.ChangeSet, error) {
				return cloud.ChangeSet{Status: "CREATE_COMPLETE", ExecutionStatus: "EXECUTE_COMPLETE"}, nil
			}},
			wantCalls: []string{"DeleteChangeSet panther-core"}, wantProgress: "retrying panther-core", wantAttempts: 1,
		},
		{
			name: "CloudFormation refuses the input", reason: "a ValidationError cannot be retried away: the spec must change",
			fake: &fakeStacks{createStack: func(cloud.StackInput) error {
				return &cloud.APIError{Operation: "CreateStack", Code: "ValidationError",
					Message: "Parameter 'Debug' must be one of AllowedValues", Kind: cloud.ErrInvalidRequest}
			}},
			wantCalls: []string{"CreateStack panther-core"}, wantStall: deployv1alpha1.ReasonParametersInvalid,
		},
		{
			name: "CloudFormation refuses the change set's input", reason: "the same holds for an update's change set",
			observed: ownedStack("UPDATE_COMPLETE", oldHash), exists: true,
			fake: &fakeStacks{createChangeSet: func(cloud.ChangeSetInput) error {
				return &cloud.APIError{Operation: "CreateChangeSet", Code: "ValidationError",
					Message: "Parameter 'Debug' must be one of AllowedValues", Kind: cloud.ErrInvalidRequest}
			}},
			wantCalls: []string{"CreateChangeSet panther-core create=false"}, wantStall: deployv1alpha1.ReasonParametersInvalid,
		},
		{
			name: "the stack exists already", reason: "a create whose answer was lost made the stack: the next reconcile sees it",
			fake: &fakeStacks{createStack: func(cloud.StackInput) error {
				return &cloud.APIError{Operation: "CreateStack", Code: "AlreadyExistsException", Kind: cloud.ErrAlreadyExists}
			}},
			wantCalls: []string{"CreateStack panther-core"}, wantProgress: "creating panther-core",
		},
		{
			name: "the change set exists already", reason: "a change set named after the desired state survives a restart and is found again",
			fake: &fakeStacks{createChangeSet: func(cloud.ChangeSetInput) error {
				return &cloud.APIError{Operation: "CreateChangeSet", Code: "AlreadyExistsException", Kind: cloud.ErrAlreadyExists}
			}},
			manual:    true,
			wantCalls: []string{"CreateChangeSet panther-core create=true"}, wantProgress: "preparing panther-core",
			wantRequeue: true, // the change set is looked at again soon (changeSetFirstLook)
		},
		{
			name: "throttled", reason: "an error retrying may fix is returned as transient, for the workqueue's backoff",
			fake: &fakeStacks{createStack: func(cloud.StackInput) error {
				return &cloud.APIError{Operation: "CreateStack", Code: "Throttling", Kind: cloud.ErrThrottled}
			}},
			wantCalls: []string{"CreateStack panther-core"}, wantErrKind: cloud.ErrThrottled,
		},
		{
			name: "rollback failed", reason: "UPDATE_ROLLBACK_FAILED is continued, the first time without skipping",
			observed: ownedStack("UPDATE_ROLLBACK_FAILED", oldHash), exists: true, fake: &fakeStacks{},
			wantCalls: []string{"ContinueUpdateRollback panther-core skip=[]"}, wantAttempts: 1,
			wantProgress: "continuing the rollback of panther-core",
		},
		{
			name: "rollback failed again", reason: "the second continuation skips the resource that failed",
			observed: ownedStack("UPDATE_ROLLBACK_FAILED", oldHash), exists: true,
			entry: deployv1alpha1.StackStatus{DesiredState: desiredHash, Attempts: 1},
			fake: &fakeStacks{events: func(string) ([]cloud.StackEvent, error) {
				return []cloud.StackEvent{{LogicalID: "AlertsTable", ResourceType: "AWS::DynamoDB::Table",
					Status: "UPDATE_FAILED", Reason: "Table is being deleted"}}, nil
			}},
			wantCalls:    []string{"ContinueUpdateRollback panther-core skip=[AlertsTable]"},
			wantAttempts: 2, wantProgress: "continuing the rollback of panther-core",
		},
		{
			name: "failed create", reason: "ROLLBACK_COMPLETE is left only by deleting; its buckets are recorded first",
			observed: ownedStack("ROLLBACK_COMPLETE", desiredHash), exists: true,
			fake: &fakeStacks{resources: func(string) ([]cloud.StackResource, error) {
				return []cloud.StackResource{{LogicalID: "Bucket", PhysicalID: "panther-kept", ResourceType: cloud.ResourceTypeBucket}}, nil
			}},
			wantCalls:    []string{"ListStackResources panther-core", "DeleteStack panther-core"},
			wantProgress: "replacing failed panther-core",
			check: func(t *testing.T, entry deployv1alpha1.StackStatus) {
				if entry.Resources == nil || len(entry.Resources.Buckets) != 1 || entry.Resources.Buckets[0] != "panther-kept" {
					t.Errorf("resources %+v, want the retained bucket recorded", entry.Resources)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := tableDeployment()
			if tt.adopt {
				obj.Annotations = map[string]string{deployv1alpha1.AnnotationAdopt: "true"}
			}
			if tt.manual {
				obj.Spec.Approval = deployv1alpha1.ApprovalManual
			}
			s := tableScope(obj, tt.fake, nil)
			entry := tt.entry
			if entry.DesiredState == "" {
				entry.DesiredState = desiredHash
			}
			desired := desiredStack{component: panther.Core, stackName: "panther-core", hash: desiredHash}
			complete, res, err := tableReconciler().ensureStack(context.Background(), s, desired, tt.observed, tt.exists, &entry)

			if complete != tt.wantComplete {
				t.Errorf("complete = %v, want %v (%s)", complete, tt.wantComplete, tt.reason)
			}
			checkStepError(t, err, tt.wantStall, tt.wantErrKind, tt.reason)
			if got := strings.Join(tt.fake.called(), "; "); got != strings.Join(tt.wantCalls, "; ") {
				t.Errorf("calls %q, want %q (%s)", got, strings.Join(tt.wantCalls, "; "), tt.reason)
			}
			if (res.RequeueAfter > 0) != tt.wantRequeue {
				t.Errorf("requeue after %v, want a requeue: %v", res.RequeueAfter, tt.wantRequeue)
			}
			if got := strings.Join(s.progress, ", "); got != tt.wantProgress {
				t.Errorf("progress %q, want %q", got, tt.wantProgress)
			}
			if entry.Attempts != tt.wantAttempts {
				t.Errorf("attempts %d, want %d", entry.Attempts, tt.wantAttempts)
			}
			if tt.check != nil {
				tt.check(t, entry)
			}
		})
	}
}

// checkStepError asserts that err is the Stalled error of reason wantStall, a transient error
// wrapping the cloud error kind wantKind, or nil when neither is given.
func checkStepError(t *testing.T, err error, wantStall string, wantKind error, why string) {
	t.Helper()
	switch st, stalledErr := asStalled(err); {
	case wantStall != "":
		if !stalledErr || st.reason != wantStall {
			t.Errorf("error %v, want Stalled %s (%s)", err, wantStall, why)
		}
	case wantKind != nil:
		var te *transientError
		if !errors.As(err, &te) || !errors.Is(err, wantKind) {
			t.Errorf("error %v, want a transient %v (%s)", err, wantKind, why)
		}
	case err != nil:
		t.Errorf("unexpected error %v (%s)", err, why)
	}
}
