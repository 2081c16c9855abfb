package controllers

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/metrics"
)

// finish turns the reconcile's outcome into conditions, patches the status once, emits the
// events of condition changes, and decides when to look again.
func (r *PantherDeploymentReconciler) finish(ctx context.Context, s *scope, base *deployv1alpha1.PantherDeployment,
	result ctrl.Result, err error,
) (ctrl.Result, error) {
	obj := s.obj
	gen := obj.Generation
	stall, isStalled := asStalled(err)
	switch {
	case isStalled:
		s.log.Info("Stalled", "reason", stall.reason, "message", stall.message)
		setCondition(obj, deployv1alpha1.ConditionStalled, metav1.ConditionTrue, stall.reason, stall.message)
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionFalse, stall.reason, stall.message)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionReconciling)
		obj.Status.ObservedGeneration = gen
		// Other stacks may still be moving: the shortest requeue wins.
		result, err = lowestRequeue(result, ctrl.Result{RequeueAfter: r.Intervals.Stalled}), nil
	case err != nil:
		reason, message := deployv1alpha1.ReasonAWSError, err.Error()
		var te *transientError
		if errors.As(err, &te) {
			reason = te.reason
		}
		message = "Retrying after an error: " + message
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionFalse, reason, message)
		setCondition(obj, deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, reason, message)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionStalled)
	case s.suspended:
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonSuspended,
			"Reconciliation is suspended (spec.suspend is true): no AWS call is made")
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionReconciling)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionStalled)
	case s.finalized:
		// The object is going away; there is no status left to write, but the events of its
		// last reconcile (the clean-up) still tell what happened.
		metrics.Forget(obj.Namespace, obj.Name)
		for _, n := range s.notes {
			r.event(s, n.eventType, n.reason, n.action, strings.Join(n.messages, "; "))
		}
		return result, nil
	case !obj.DeletionTimestamp.IsZero():
		message := "Tearing down: " + progressText(s.progress)
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonDeleting, message)
		setCondition(obj, deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonDeleting, message)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionStalled)
		obj.Status.ObservedGeneration = gen
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: r.Intervals.Progress})
	case len(s.progress) > 0:
		message := "Working on " + progressText(s.progress)
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionFalse, deployv1alpha1.ReasonProgressing, message)
		setCondition(obj, deployv1alpha1.ConditionReconciling, metav1.ConditionTrue, deployv1alpha1.ReasonProgressing, message)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionStalled)
		obj.Status.ObservedGeneration = gen
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: r.Intervals.Progress})
	default:
		setCondition(obj, deployv1alpha1.ConditionReady, metav1.ConditionTrue, deployv1alpha1.ReasonSucceeded,
			fmt.Sprintf("Every enabled stack is complete at its desired state (Panther %s)", obj.Spec.Version))
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionReconciling)
		meta.RemoveStatusCondition(&obj.Status.Conditions, deployv1alpha1.ConditionStalled)
		obj.Status.ObservedGeneration = gen
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: jitter(r.Intervals.Settled)})
	}

	recordStackMetrics(obj)
	if patchErr := r.Status().Patch(ctx, obj, client.MergeFrom(base)); patchErr != nil && !apierrors.IsNotFound(patchErr) {
		if err == nil {
			err = fmt.Errorf("patching the status: %w", patchErr)
		}
		return result, err
	}
	for _, n := range s.notes {
		r.event(s, n.eventType, n.reason, n.action, strings.Join(n.messages, "; "))
	}
	r.conditionEvents(s)
	return result, err
}

// conditionEvents reports, once, a deployment becoming Ready or Stalled.
func (r *PantherDeploymentReconciler) conditionEvents(s *scope) {
	before := meta.FindStatusCondition(s.previous.Conditions, deployv1alpha1.ConditionStalled)
	after := meta.FindStatusCondition(s.obj.Status.Conditions, deployv1alpha1.ConditionStalled)
	if after != nil && after.Status == metav1.ConditionTrue &&
		(before == nil || before.Status != metav1.ConditionTrue || before.Message != after.Message) {
		r.event(s, corev1.EventTypeWarning, after.Reason, "Stalled", after.Message)
	}
	wasReady := meta.IsStatusConditionTrue(s.previous.Conditions, deployv1alpha1.ConditionReady)
	if !wasReady && meta.IsStatusConditionTrue(s.obj.Status.Conditions, deployv1alpha1.ConditionReady) {
		r.event(s, corev1.EventTypeNormal, deployv1alpha1.ReasonSucceeded, "Ready",
			"Panther "+s.obj.Spec.Version+" is ready")
	}
}

// event records an event about the deployment. Messages never carry secret values.
func (r *PantherDeploymentReconciler) event(s *scope, eventType, reason, action, message string) {
	const maxNote = 1000 // the API server refuses event notes of more than 1 kB
	if len(message) > maxNote {
		message = message[:maxNote-3] + "..."
	}
	if r.Recorder != nil {
		r.Recorder.Eventf(s.obj, nil, eventType, reason, action, "%s", message)
	}
}

func setCondition(obj *deployv1alpha1.PantherDeployment, conditionType string, status metav1.ConditionStatus, reason, message string) {
	meta.SetStatusCondition(&obj.Status.Conditions, metav1.Condition{
		Type: conditionType, Status: status, Reason: reason, Message: message,
		ObservedGeneration: obj.Generation,
	})
}

// progressText lists what is in progress, briefly.
func progressText(items []string) string {
	if len(items) == 0 {
		return "waiting for AWS"
	}
	const most = 4
	if len(items) > most {
		return strings.Join(items[:most], ", ") + fmt.Sprintf(" and %d more", len(items)-most)
	}
	return strings.Join(items, ", ")
}

// jitter spreads settled requeues by up to 10 % so that many deployments do not poll AWS in
// lockstep.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return d
	}
	return d + time.Duration(rand.Int64N(int64(d)/10+1))
}

// recordStackMetrics sets the deployment's stack gauges from its status.
func recordStackMetrics(obj *deployv1alpha1.PantherDeployment) {
	metrics.Forget(obj.Namespace, obj.Name)
	counts := map[string]int{}
	remaining := 0
	for _, st := range obj.Status.Stacks {
		counts[st.Status]++
		if st.Status != statusNotFound {
			remaining++
		}
		if st.Drift != nil && st.Drift.LastCheckTime != nil {
			metrics.DriftedResources.WithLabelValues(obj.Namespace, obj.Name, st.StackName).Set(float64(st.Drift.DriftedResources))
		}
	}
	for status, n := range counts {
		metrics.Stacks.WithLabelValues(obj.Namespace, obj.Name, status).Set(float64(n))
	}
	if !obj.DeletionTimestamp.IsZero() {
		metrics.TeardownStacksRemaining.WithLabelValues(obj.Namespace, obj.Name).Set(float64(remaining))
	}
}
