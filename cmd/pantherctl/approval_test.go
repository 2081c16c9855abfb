package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// awaiting is a deployment with two stacks holding change sets for approval.
func awaiting() *deployv1alpha1.PantherDeployment {
	return &deployv1alpha1.PantherDeployment{
		ObjectMeta: metav1.ObjectMeta{Name: "prod", Namespace: "security"},
		Spec:       deployv1alpha1.PantherDeploymentSpec{Region: "us-east-1", Version: "1.16.0", Approval: deployv1alpha1.ApprovalManual},
		Status: deployv1alpha1.PantherDeploymentStatus{
			PendingApproval: "0123456789abcdef",
			Stacks: []deployv1alpha1.StackStatus{
				{Name: "bootstrap", StackName: "panther-bootstrap", Status: "UPDATE_COMPLETE"},
				{Name: "logAnalysis", StackName: "panther-log-analysis", PendingChange: "panther-aaaa",
					PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: "1111111111111111", Changes: []deployv1alpha1.PendingResourceChange{
						{Action: "Modify", LogicalID: "AlertsTable", ResourceType: "AWS::DynamoDB::Table", Replacement: "True", Scope: []string{"Properties"}},
						{Action: "Add", LogicalID: "NewQueue", ResourceType: "AWS::SQS::Queue"},
						{Action: "Remove", LogicalID: "Old", ResourceType: "AWS::SNS::Topic"},
					}}},
				{Name: "web", StackName: "panther-web", PendingChange: "panther-bbbb",
					PendingChangeDetail: &deployv1alpha1.PendingChange{Hash: "2222222222222222", Truncated: 3, Changes: []deployv1alpha1.PendingResourceChange{
						{Action: "Modify", LogicalID: "WebService", ResourceType: "AWS::ECS::Service", Replacement: "False", Scope: []string{"Properties", "Tags"}},
					}}},
			},
		},
	}
}

func TestRenderPlan(t *testing.T) {
	var out bytes.Buffer
	renderPlan(&out, awaiting())
	want := `PantherDeployment security/prod: 2 stack(s) have changes awaiting approval (hash 0123456789abcdef)

Stack panther-log-analysis (logAnalysis), change set panther-aaaa:
  ~ AlertsTable  AWS::DynamoDB::Table  Modify (replacement: True) [Properties]
  + NewQueue     AWS::SQS::Queue       Add
  - Old          AWS::SNS::Topic       Remove

Stack panther-web (web), change set panther-bbbb:
  ~ WebService  AWS::ECS::Service  Modify (replacement: False) [Properties, Tags]
  ... and 3 more (aws cloudformation describe-change-set --stack-name panther-web --change-set-name panther-bbbb)

Approve with: pantherctl approve prod -n security --hash 0123456789abcdef
`
	if out.String() != want {
		t.Errorf("plan:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestRenderPlanNothingPending(t *testing.T) {
	pd := awaiting()
	pd.Status = deployv1alpha1.PantherDeploymentStatus{}
	pd.Spec.Approval = ""
	var out bytes.Buffer
	renderPlan(&out, pd)
	if want := "PantherDeployment security/prod: no change awaits approval (spec.approval: Automatic)\n"; out.String() != want {
		t.Errorf("plan %q, want %q", out.String(), want)
	}
}

func fakeClient(t *testing.T, objs ...client.Object) client.Client {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := deployv1alpha1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	return fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).WithStatusSubresource(objs...).Build()
}

func TestApprove(t *testing.T) {
	key := client.ObjectKey{Namespace: "security", Name: "prod"}
	nothing := awaiting()
	nothing.Status = deployv1alpha1.PantherDeploymentStatus{}
	for _, tt := range []struct {
		name    string
		obj     *deployv1alpha1.PantherDeployment
		want    string
		wantErr error
	}{
		{"approves the pending hash", awaiting(), "", nil},
		{"approves the reviewed hash", awaiting(), "0123456789abcdef", nil},
		{"refuses a hash that is no longer pending", awaiting(), "ffffffffffffffff", errPlanChanged},
		{"refuses when nothing is pending", nothing, "", errNothingPending},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cl := fakeClient(t, tt.obj)
			hash, stacks, err := approveDeployment(context.Background(), cl, key, tt.want)
			got := &deployv1alpha1.PantherDeployment{}
			if getErr := cl.Get(context.Background(), key, got); getErr != nil {
				t.Fatal(getErr)
			}
			annotation := got.Annotations[deployv1alpha1.AnnotationApprove]
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("error %v, want %v", err, tt.wantErr)
				}
				if annotation != "" {
					t.Errorf("annotation %q written despite the error", annotation)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if hash != "0123456789abcdef" || annotation != hash {
				t.Errorf("approved %q, annotation %q; want 0123456789abcdef", hash, annotation)
			}
			if strings.Join(stacks, ",") != "panther-log-analysis,panther-web" {
				t.Errorf("stacks %v", stacks)
			}
		})
	}
}

func TestPlanUsage(t *testing.T) {
	for _, args := range [][]string{{"plan"}, {"approve"}, {"approve", "a", "b"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage: pantherctl "+args[0]) {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

func TestWatchStopsAtAnApproval(t *testing.T) {
	pd := awaiting()
	pd.Generation = 2
	pd.Status.Conditions = []metav1.Condition{{Type: deployv1alpha1.ConditionReconciling, Status: metav1.ConditionTrue,
		Reason: deployv1alpha1.ReasonAwaitingApproval, Message: "1 stack(s) have changes awaiting approval", ObservedGeneration: 2,
		LastTransitionTime: metav1.Now()}}
	cl := fakeClient(t, pd)
	var out bytes.Buffer
	code, err := watchDeployment(context.Background(), cl, client.ObjectKeyFromObject(pd), &out, time.Millisecond, time.Minute)
	if err != nil || code != 4 || !strings.Contains(out.String(), "pantherctl approve prod -n security") {
		t.Fatalf("exit %d, error %v, output %q", code, err, out.String())
	}
}
