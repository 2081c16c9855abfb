package cloud

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// predicates lists every yes-or-no question StackStatus answers, by name.
var predicates = map[string]func(StackStatus) bool{
	"Exists":         StackStatus.Exists,
	"UnderReview":    StackStatus.UnderReview,
	"InProgress":     StackStatus.InProgress,
	"Deleting":       StackStatus.Deleting,
	"Complete":       StackStatus.Complete,
	"Succeeded":      StackStatus.Succeeded,
	"Created":        StackStatus.Created,
	"Failed":         StackStatus.Failed,
	"DeleteFailed":   StackStatus.DeleteFailed,
	"RollbackFailed": StackStatus.RollbackFailed,
	"RolledBack":     StackStatus.RolledBack,
	"Broken":         StackStatus.Broken,
	"DriftCheckable": StackStatus.DriftCheckable,
}

// statusCases is the whole StackStatus vocabulary of the CloudFormation API reference, plus
// the operator's own: for each, the predicates that hold (all others must not) and Operation.
var statusCases = []struct {
	status StackStatus
	holds  string // space-separated names from predicates
	op     string
	reason string
}{
	{"CREATE_IN_PROGRESS", "Exists InProgress", "creating", "the operator waits for a create it started"},
	{"CREATE_FAILED", "Exists Failed Broken", "creating", "a create without rollback that failed: only deleting it helps"},
	{"CREATE_COMPLETE", "Exists Complete Succeeded Created DriftCheckable", "creating", "the normal result of a first deploy"},
	{"ROLLBACK_IN_PROGRESS", "Exists InProgress", "rolling back", "a failed create being undone is still an operation to wait for"},
	{"ROLLBACK_FAILED", "Exists Failed Broken", "rolling back", "a create whose rollback failed can only be deleted"},
	{"ROLLBACK_COMPLETE", "Exists Failed RolledBack", "rolling back", "a rolled-back create holds nothing and cannot be updated: it must be replaced, not treated as usable"},
	{"DELETE_IN_PROGRESS", "Exists InProgress Deleting", "deleting", "the teardown waits for it; the stack still exists meanwhile"},
	{"DELETE_FAILED", "Exists Failed DeleteFailed Broken", "deleting", "the teardown reports the resources that blocked the delete"},
	{"DELETE_COMPLETE", "", "deleting", "DescribeStacks lists deleted stacks for 90 days; they must read as gone"},
	{"UPDATE_IN_PROGRESS", "Exists InProgress", "updating", "an update the operator executed"},
	{"UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "Exists InProgress", "updating", "CloudFormation still removes replaced resources: not settled yet"},
	{"UPDATE_COMPLETE", "Exists Complete Succeeded DriftCheckable", "updating", "the normal result of an upgrade"},
	{"UPDATE_FAILED", "Exists Broken", "updating", "an update without rollback that failed: the stack can still be updated, so it is not Failed"},
	{"UPDATE_ROLLBACK_IN_PROGRESS", "Exists InProgress", "rolling back", "a failed update being undone"},
	{"UPDATE_ROLLBACK_FAILED", "Exists RollbackFailed Broken", "rolling back", "the one state the operator leaves with ContinueUpdateRollback"},
	{"UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "Exists InProgress", "rolling back", "the rollback still removes new resources: not settled yet"},
	{"UPDATE_ROLLBACK_COMPLETE", "Exists Complete RolledBack DriftCheckable", "rolling back", "usable at its previous state, but the update did not succeed"},
	{"REVIEW_IN_PROGRESS", "Exists UnderReview", "updating", "a stack made by a CREATE change set: it exists but is not an operation to wait for"},
	{"IMPORT_IN_PROGRESS", "Exists InProgress", "updating", "an import someone else started is waited for like an update"},
	{"IMPORT_COMPLETE", "Exists Complete Succeeded DriftCheckable", "updating", "an import that succeeded leaves a usable stack"},
	{"IMPORT_ROLLBACK_IN_PROGRESS", "Exists InProgress", "rolling back", "a failed import being undone"},
	{"IMPORT_ROLLBACK_FAILED", "Exists Broken", "rolling back", "not RollbackFailed: ContinueUpdateRollback only takes UPDATE_ROLLBACK_FAILED"},
	{"IMPORT_ROLLBACK_COMPLETE", "Exists Complete RolledBack", "rolling back", "usable at its previous state, but the import did not succeed"},
	{StatusNotFound, "", "updating", "the operator's own status for a missing stack must not read as existing"},
	{"", "", "updating", "the zero value (a stack never read) must not read as existing"},
}

func TestStackStatusPredicates(t *testing.T) {
	for _, tc := range statusCases {
		t.Run(string(tc.status), func(t *testing.T) {
			want := map[string]bool{}
			for _, name := range strings.Fields(tc.holds) {
				if predicates[name] == nil {
					t.Fatalf("the table names an unknown predicate %q", name)
				}
				want[name] = true
			}
			got := map[string]bool{}
			for name, holds := range predicates {
				if holds(tc.status) {
					got[name] = true
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: predicates that hold = %v, want %v (%s)", tc.status, keys(got), keys(want), tc.reason)
			}
			if op := tc.status.Operation(); op != tc.op {
				t.Errorf("%s.Operation() = %q, want %q", tc.status, op, tc.op)
			}
		})
	}
}

// TestStackStatusVocabularyIsCovered fails when the SDK learns a stack status the table
// above does not decide, so that a new status is classified on purpose, not by accident.
func TestStackStatusVocabularyIsCovered(t *testing.T) {
	covered := map[StackStatus]bool{}
	for _, tc := range statusCases {
		if covered[tc.status] {
			t.Errorf("%q is in the table twice", tc.status)
		}
		covered[tc.status] = true
	}
	for _, s := range types.StackStatus("").Values() {
		if !covered[StackStatus(s)] {
			t.Errorf("CloudFormation status %s is not in statusCases", s)
		}
	}
}

func TestChangeSetState(t *testing.T) {
	const (
		noChanges     = "The submitted information didn't contain changes. Submit different information to create a change set."
		noUpdates     = "No updates are to be performed."
		invalidParams = "Parameters: [LogRetentionDays] must have values"
	)
	tests := []struct {
		name                   string
		status, execution, why string
		want                   ChangeSetState
		reason                 string
		knownBug               string
	}{
		{"pending", "CREATE_PENDING", "UNAVAILABLE", "", ChangeSetPending, "CloudFormation has not started computing it", ""},
		{"computing", "CREATE_IN_PROGRESS", "UNAVAILABLE", "", ChangeSetPending, "still being computed: wait, do not execute", ""},
		{"ready", "CREATE_COMPLETE", "AVAILABLE", "", ChangeSetReady, "the only combination ExecuteChangeSet accepts", ""},
		{"executing", "CREATE_COMPLETE", "EXECUTE_IN_PROGRESS", "", ChangeSetPending, "executing it again would fail; the stack shows the progress", ""},
		{"executed", "CREATE_COMPLETE", "EXECUTE_COMPLETE", "", ChangeSetExecuted, "spent: the stack's status tells the outcome", ""},
		{"execute failed", "CREATE_COMPLETE", "EXECUTE_FAILED", "", ChangeSetExecuted, "spent: the stack rolled back, a new change set is needed", ""},
		{"obsolete", "CREATE_COMPLETE", "OBSOLETE", "", ChangeSetExecuted, "another update overtook it: it can never run, so it is spent like an executed one", ""},
		{"empty, documented reason", "FAILED", "UNAVAILABLE", noChanges, ChangeSetEmpty, "CloudFormation's reason for a change set with nothing to change: success, not failure", ""},
		{"empty, update reason", "FAILED", "UNAVAILABLE", noUpdates, ChangeSetEmpty, "the other documented wording of an empty change set", ""},
		{"empty, reason within a longer text", "FAILED", "UNAVAILABLE", "Failed: " + noChanges, ChangeSetEmpty, "the reason is matched inside whatever CloudFormation puts around it", ""},
		{"failed", "FAILED", "UNAVAILABLE", invalidParams, ChangeSetFailed, "a real failure is counted as a failed attempt", ""},
		{"failed without reason", "FAILED", "", "", ChangeSetFailed, "a FAILED change set without a reason is still a failure, not empty", ""},
		{"failed, execution status ignored", "FAILED", "AVAILABLE", invalidParams, ChangeSetFailed, "FAILED wins over any execution status", ""},
		{"being deleted", "DELETE_PENDING", "UNAVAILABLE", "", ChangeSetPending, "it disappears shortly; DescribeChangeSet then answers ChangeSetNotFound", ""},
		{"deleting", "DELETE_IN_PROGRESS", "UNAVAILABLE", "", ChangeSetPending, "as above", ""},
		{"deleted", "DELETE_COMPLETE", "UNAVAILABLE", "", ChangeSetPending, "as above", ""},
		{"zero value", "", "", "", ChangeSetPending, "an unread change set is never executed", ""},
		{"delete failed", "DELETE_FAILED", "UNAVAILABLE", "", ChangeSetFailed, "CloudFormation leaves DELETE_FAILED only when told: waiting would wait forever",
			""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cs := ChangeSet{Status: tc.status, ExecutionStatus: tc.execution, StatusReason: tc.why}
			got := cs.State()
			expect(t, tc.knownBug, got == tc.want, "%+v.State() = %d, want %d (%s)", cs, got, tc.want, tc.reason)
		})
	}
}

func TestDriftCheckState(t *testing.T) {
	tests := []struct {
		status string
		want   DriftState
		reason string
	}{
		{"DETECTION_IN_PROGRESS", DriftRunning, "the operator polls again later"},
		{"DETECTION_COMPLETE", DriftDone, "the stack's drift status can be read"},
		{"DETECTION_FAILED", DriftFailed, "some resources could not be checked; the controller reports it"},
	}
	for _, tc := range tests {
		t.Run(tc.status, func(t *testing.T) {
			if got := (DriftCheck{DetectionStatus: tc.status}).State(); got != tc.want {
				t.Errorf("State() of %s = %d, want %d (%s)", tc.status, got, tc.want, tc.reason)
			}
		})
	}
}

func keys(set map[string]bool) []string { return slices.Sorted(maps.Keys(set)) }
