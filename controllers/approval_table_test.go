package controllers

import (
	"context"
	"slices"
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

func TestApprovalGate(t *testing.T) {
	desired := desiredStack{component: panther.Core, stackName: "panther-core", hash: desiredHash}
	changes := []cloud.ResourceChange{{Action: "Modify", LogicalID: "AnalysisApi", ResourceType: "AWS::Lambda::Function",
		Replacement: "False", Scope: []string{"Properties"}}}
	ready := cloud.ChangeSet{Status: "CREATE_COMPLETE", ExecutionStatus: "AVAILABLE", StackName: "panther-core", Changes: changes}
	hash := changeSetHash("panther-core", desired.changeSetName(), desiredHash, changes)
	held := deployv1alpha1.StackStatus{Name: "core", PendingChange: desired.changeSetName(),
		PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: hash}}
	approvedPlan := approvalHash([]deployv1alpha1.StackStatus{held})
	const generation = 4

	tests := []struct {
		name     string
		approval deployv1alpha1.ApprovalMode
		// annotation is the approve annotation; previous the status of the reconcile before.
		annotation string
		previous   deployv1alpha1.PantherDeploymentStatus
		wantRun    bool
	}{
		{name: "automatic runs at once", approval: deployv1alpha1.ApprovalAutomatic, wantRun: true},
		{name: "unset means automatic", wantRun: true},
		{name: "manual holds a change set nobody approved", approval: deployv1alpha1.ApprovalManual},
		{name: "manual runs the approved change set", approval: deployv1alpha1.ApprovalManual, annotation: approvedPlan, wantRun: true,
			previous: deployv1alpha1.PantherDeploymentStatus{PendingApproval: approvedPlan, ObservedGeneration: generation,
				Stacks: []deployv1alpha1.StackStatus{held}}},
		{name: "an approval of another plan holds it", approval: deployv1alpha1.ApprovalManual, annotation: "0000000000000000",
			previous: deployv1alpha1.PantherDeploymentStatus{PendingApproval: approvedPlan, ObservedGeneration: generation,
				Stacks: []deployv1alpha1.StackStatus{held}}},
		{name: "an approval given before a spec change holds it", approval: deployv1alpha1.ApprovalManual, annotation: approvedPlan,
			previous: deployv1alpha1.PantherDeploymentStatus{PendingApproval: approvedPlan, ObservedGeneration: generation - 1,
				Stacks: []deployv1alpha1.StackStatus{held}}},
		{name: "an approval of other changes holds it", approval: deployv1alpha1.ApprovalManual, annotation: approvedPlan,
			previous: deployv1alpha1.PantherDeploymentStatus{PendingApproval: approvedPlan, ObservedGeneration: generation,
				Stacks: []deployv1alpha1.StackStatus{{Name: "core", PendingChange: desired.changeSetName(),
					PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: "ffffffffffffffff"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := tableDeployment()
			obj.Generation = generation
			obj.Spec.Approval = tt.approval
			if tt.annotation != "" {
				obj.Annotations = map[string]string{deployv1alpha1.AnnotationApprove: tt.annotation}
			}
			fake := guardFake(map[string]cloud.ChangeSet{desired.changeSetName(): ready})
			s := tableScope(obj, fake, nil)
			s.previous = tt.previous
			entry := deployv1alpha1.StackStatus{Name: "core", DesiredState: desiredHash}
			_, _, err := tableReconciler().ensureStack(context.Background(), s, desired, ownedStack("UPDATE_COMPLETE", oldHash), true, &entry)
			checkStepError(t, err, "", nil, tt.name)

			var want []string
			if tt.wantRun {
				want = []string{"ExecuteChangeSet panther-core"}
			}
			if got := fake.called(); !slices.Equal(got, want) {
				t.Errorf("calls %q, want %q", got, want)
			}
			switch {
			case tt.wantRun && (entry.PendingChange != "" || entry.PendingChangeDetail != nil || len(s.awaiting) != 0):
				t.Errorf("an executed change set is still pending: %+v, awaiting %v", entry, s.awaiting)
			case !tt.wantRun && (entry.PendingChangeDetail == nil || entry.PendingChangeDetail.Hash != hash ||
				entry.PendingChange != desired.changeSetName() || !slices.Equal(s.awaiting, []string{"panther-core"})):
				t.Errorf("held change set not recorded: %+v, awaiting %v", entry, s.awaiting)
			case !tt.wantRun && len(entry.PendingChangeDetail.Changes) != 1:
				t.Errorf("changes %+v", entry.PendingChangeDetail.Changes)
			}
		})
	}
}

func TestApprovalHashes(t *testing.T) {
	changes := []cloud.ResourceChange{{Action: "Add", LogicalID: "Queue", ResourceType: "AWS::SQS::Queue"}}
	base := changeSetHash("panther-core", "panther-aaa", "d1", changes)
	if len(base) != hashLength {
		t.Fatalf("hash %q", base)
	}
	for name, other := range map[string]string{
		"another desired state": changeSetHash("panther-core", "panther-aaa", "d2", changes),
		"another change set":    changeSetHash("panther-core", "panther-bbb", "d1", changes),
		"other changes": changeSetHash("panther-core", "panther-aaa", "d1",
			[]cloud.ResourceChange{{Action: "Add", LogicalID: "Queue", ResourceType: "AWS::SNS::Topic"}}),
	} {
		if other == base {
			t.Errorf("%s: same hash %s", name, base)
		}
	}
	a := deployv1alpha1.StackStatus{Name: "core", PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: "1"}}
	b := deployv1alpha1.StackStatus{Name: "web", PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: "2"}}
	if approvalHash([]deployv1alpha1.StackStatus{a, b}) != approvalHash([]deployv1alpha1.StackStatus{b, a}) {
		t.Error("the deployment hash depends on the order of the stacks")
	}
	if approvalHash([]deployv1alpha1.StackStatus{a}) == approvalHash([]deployv1alpha1.StackStatus{a, b}) {
		t.Error("the deployment hash does not cover every stack")
	}
	if approvalHash([]deployv1alpha1.StackStatus{{Name: "core"}}) != "" {
		t.Error("a deployment with nothing held has a hash")
	}
}
