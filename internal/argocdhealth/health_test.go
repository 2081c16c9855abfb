package argocdhealth

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

const (
	configDir = "../../config/argocd"
	// cmKey is the argocd-cm key under which Argo CD looks up the health check of a kind.
	cmKey = "resource.customizations.health.deploy.panther.io_PantherDeployment"
)

func readScript(t *testing.T) string {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(configDir, "health.lua"))
	if err != nil {
		t.Fatal(err)
	}
	return string(script)
}

// deployment is a PantherDeployment at generation gen with the given conditions, each
// observed at observedGen as the controller writes them.
func deployment(gen, observedGen int64, conditions ...metav1.Condition) *deployv1alpha1.PantherDeployment {
	pd := &deployv1alpha1.PantherDeployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "deploy.panther.io/v1alpha1", Kind: "PantherDeployment"},
		ObjectMeta: metav1.ObjectMeta{Name: "panther", Namespace: "security", Generation: gen},
		Spec:       deployv1alpha1.PantherDeploymentSpec{Region: "us-east-1", Version: "1.16.0"},
	}
	for _, c := range conditions {
		c.ObservedGeneration = observedGen
		c.LastTransitionTime = metav1.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		pd.Status.Conditions = append(pd.Status.Conditions, c)
	}
	if len(conditions) > 0 {
		pd.Status.ObservedGeneration = observedGen
	}
	return pd
}

func cond(conditionType string, status metav1.ConditionStatus, reason, message string) metav1.Condition {
	return metav1.Condition{Type: conditionType, Status: status, Reason: reason, Message: message}
}

func TestHealthScript(t *testing.T) {
	const (
		working  = "Working on panther-core (UPDATE_IN_PROGRESS)"
		ready    = "Every enabled stack is complete at its desired state (Panther 1.16.0)"
		stall    = "Stack panther-core failed 3 times: Resource handler returned message: Access Denied"
		retrying = "Retrying after an error: Throttling: Rate exceeded"
		tearing  = "Tearing down: panther-web (DELETE_IN_PROGRESS)"
		suspend  = "Reconciliation is suspended (spec.suspend is true): no AWS call is made"
		awaiting = "1 stack(s) have changes awaiting approval (panther-core): review them with `pantherctl plan prod -n security`, then run `pantherctl approve prod -n security`"
	)
	readyTrue := cond(deployv1alpha1.ConditionReady, metav1.ConditionTrue, deployv1alpha1.ReasonSucceeded, ready)

	suspended := deployment(3, 3, cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonSuspended, suspend))
	suspended.Spec.Suspend = true
	// Suspending a Ready deployment: the operator has not written its status yet.
	suspendedReady := deployment(4, 3, readyTrue)
	suspendedReady.Spec.Suspend = true

	deleting := deployment(2, 2,
		cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonDeleting, tearing),
		cond(deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonDeleting, tearing))
	deleting.DeletionTimestamp = &metav1.Time{Time: time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC)}
	deleting.Finalizers = []string{deployv1alpha1.Finalizer}
	// Deleted before the operator ever wrote a status.
	deletingNew := deployment(1, 0)
	deletingNew.DeletionTimestamp = deleting.DeletionTimestamp
	deletingNew.Finalizers = deleting.Finalizers
	// A teardown refused by termination protection stays Progressing: Argo CD waits for the
	// deletion it asked for, and the message says why it does not finish.
	const protected = "Deletion is refused while panther-core has terminationProtection in the spec"
	deletingStalled := deployment(2, 2,
		cond(deployv1alpha1.ConditionStalled, metav1.ConditionTrue, deployv1alpha1.ReasonTerminationProtected, protected),
		cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonTerminationProtected, protected))
	deletingStalled.DeletionTimestamp = deleting.DeletionTimestamp

	for _, tc := range []struct {
		name string
		obj  *deployv1alpha1.PantherDeployment
		want Health
	}{
		{"new, no status yet", deployment(1, 0),
			Health{"Progressing", "Waiting for the operator to reconcile the deployment"}},
		{"progressing", deployment(1, 1,
			cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonProgressing, working),
			cond(deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonProgressing, working)),
			Health{"Progressing", working}},
		{"retrying after an AWS error", deployment(2, 1,
			cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonAWSError, retrying),
			cond(deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonAWSError, retrying)),
			Health{"Progressing", retrying}},
		{"ready", deployment(2, 2, readyTrue), Health{"Healthy", ready}},
		{"ready with drift detected", deployment(2, 2, readyTrue,
			cond(deployv1alpha1.ConditionDrifted, metav1.ConditionTrue, deployv1alpha1.ReasonDriftDetected, "panther-web drifted")),
			Health{"Healthy", ready}},
		{"ready at a stale generation", deployment(3, 2, readyTrue), Health{"Progressing", ready}},
		{"stalled", deployment(2, 2,
			cond(deployv1alpha1.ConditionStalled, metav1.ConditionTrue, deployv1alpha1.ReasonStackFailed, stall),
			cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonStackFailed, stall)),
			Health{"Degraded", stall}},
		{"stalled False", deployment(2, 2, readyTrue,
			cond(deployv1alpha1.ConditionStalled, metav1.ConditionFalse, deployv1alpha1.ReasonSucceeded, "")),
			Health{"Healthy", ready}},
		{"suspended", suspended, Health{"Suspended", "Reconciliation is suspended (spec.suspend is true)"}},
		{"suspended, status not written yet", suspendedReady,
			Health{"Suspended", "Reconciliation is suspended (spec.suspend is true)"}},
		{"awaiting approval", deployment(2, 2,
			cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonAwaitingApproval, awaiting),
			cond(deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonAwaitingApproval, awaiting)),
			Health{"Suspended", awaiting}},
		{"awaiting approval of an older generation", deployment(3, 2,
			cond(deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonAwaitingApproval, awaiting),
			cond(deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonAwaitingApproval, awaiting)),
			Health{"Progressing", awaiting}},
		{"deleting", deleting, Health{"Progressing", tearing}},
		{"deleting, no status yet", deletingNew, Health{"Progressing", "Tearing down the Panther stacks"}},
		{"deleting, stalled", deletingStalled, Health{"Progressing", protected}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			obj, err := runtime.DefaultUnstructuredConverter.ToUnstructured(tc.obj)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Run(readScript(t), obj)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("health = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestConfigMapEmbedsScript keeps the argocd-cm snippet users copy identical to health.lua.
func TestConfigMapEmbedsScript(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(configDir, "argocd-cm.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cm corev1.ConfigMap
	if err := yaml.UnmarshalStrict(data, &cm); err != nil {
		t.Fatal(err)
	}
	if cm.Name != "argocd-cm" {
		t.Errorf("ConfigMap name = %q, want argocd-cm", cm.Name)
	}
	if got, want := cm.Data[cmKey], readScript(t); got != want {
		t.Errorf("argocd-cm.yaml %s differs from health.lua:\n%s", cmKey, got)
	}
}

func TestRunRejectsUnknownStatus(t *testing.T) {
	if _, err := Run(`return {status = "Fine"}`, map[string]any{}); err == nil {
		t.Error("Run accepted a status Argo CD does not know")
	}
	if _, err := Run(`return nil`, map[string]any{}); err == nil {
		t.Error("Run accepted a script that returns no table")
	}
}
