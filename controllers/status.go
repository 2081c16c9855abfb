package controllers

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/handler"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/metrics"
)

// finish turns the reconcile's outcome into conditions through the outcomes table, patches
// the status once, emits the events of the reconcile and of condition changes, and decides
// when to look again.
func (r *PantherDeploymentReconciler) finish(ctx context.Context, s *scope, base *deployv1alpha1.PantherDeployment,
	result ctrl.Result, err error,
) (ctrl.Result, error) {
	obj := s.obj
	obj.Status.PendingApproval = approvalHash(obj.Status.Stacks)
	o := outcomeOf(facts{err: err, suspended: s.suspended, finalized: s.finalized,
		deleting: !obj.DeletionTimestamp.IsZero(), inProgress: len(s.progress) > 0,
		awaitingApproval: len(s.awaiting) > 0})
	if o == outcomeFinalized {
		// The object is going away; there is no status left to write, but the events of its
		// last reconcile (the clean-up) still tell what happened.
		metrics.Forget(obj.Namespace, obj.Name)
		r.written.forget(client.ObjectKeyFromObject(obj))
		if key, ok := stackEventsKey(s); ok && r.StackEvents != nil {
			r.StackEvents.Forget(key, client.ObjectKeyFromObject(obj))
		}
		r.recordNotes(s)
		return result, nil
	}
	if err != nil {
		s.log.V(1).Info("Reconcile ended with an error", "error", err.Error())
	}
	row := outcomes[o]
	reason, message := reasonAndMessage(o, s, err)
	setConditions(obj, row, reason, message)
	if row.observed {
		obj.Status.ObservedGeneration = obj.Generation
	}
	s.eventsLive = r.trackStackEvents(s, len(s.progress) > 0)
	result, err = r.requeue(row.requeue, s, result, err)
	if o == outcomeAwaitingApproval && obj.Annotations[deployv1alpha1.AnnotationApprove] == obj.Status.PendingApproval {
		// Approved, but seen for the first time by this reconcile (for instance after a spec
		// change that left the change sets alone): the next one executes them.
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: r.Intervals.Progress})
	}

	recordStackMetrics(obj)
	// A reconcile that changed nothing sends nothing: an empty patch still costs the API
	// server a decode, a validation of the whole object and a storage round trip, which for
	// a fleet reconciled on every stack event is most of its work.
	if !equality.Semantic.DeepEqual(base.Status, obj.Status) {
		start := time.Now()
		patchErr := r.Status().Patch(ctx, obj, client.MergeFrom(base))
		metrics.StepDuration.WithLabelValues("status").Observe(time.Since(start).Seconds())
		if patchErr != nil && !apierrors.IsNotFound(patchErr) {
			if err == nil {
				return ctrl.Result{}, fmt.Errorf("patching the status: %w", patchErr)
			}
			return ctrl.Result{}, err
		}
		if patchErr == nil {
			r.written.record(obj)
		}
	}
	r.recordNotes(s)
	r.conditionEvents(s)
	return result, err
}

// requeue says when to look again for an outcome: a returned error gets a zero Result (the
// workqueue backs off), and stacks still moving keep the progress interval whatever else.
func (r *PantherDeploymentReconciler) requeue(kind requeueKind, s *scope, result ctrl.Result, err error) (ctrl.Result, error) {
	progress := r.Intervals.Progress
	if s.eventsLive {
		// The stack events of the account say when a stack settles; the poll is the fallback.
		progress *= eventFallback
	}
	switch kind {
	case requeueBackoff:
		return ctrl.Result{}, err
	case requeueStalled:
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: r.Intervals.Stalled})
		if len(s.progress) > 0 {
			result = lowestRequeue(result, ctrl.Result{RequeueAfter: progress})
		}
	case requeueProgress:
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: progress})
	case requeueSettled:
		result = lowestRequeue(result, ctrl.Result{RequeueAfter: jitter(r.Intervals.Settled)})
	case requeueNone:
	}
	if len(s.progress) == 0 {
		// A deployment with no stack moving (settled, checking drift, stalled) is looked at
		// again behind those whose stacks are, whose next level someone is waiting for. A
		// change to it, or a stack event, raises it back to the normal priority.
		result.Priority = ptr.To(handler.LowPriority)
	}
	return result, nil
}

// setConditions writes one outcome's conditions: the kstatus ones, and ACK's beside them.
func setConditions(obj *deployv1alpha1.PantherDeployment, row conditionRow, reason, message string) {
	for _, c := range []struct {
		conditionType string
		status        metav1.ConditionStatus
	}{
		{deployv1alpha1.ConditionReady, row.ready},
		{deployv1alpha1.ConditionReconciling, row.reconciling},
		{deployv1alpha1.ConditionStalled, row.stalled},
		{deployv1alpha1.ConditionACKResourceSynced, row.ready},
		{deployv1alpha1.ConditionACKTerminal, row.stalled},
		{deployv1alpha1.ConditionACKRecoverable, row.recoverable},
	} {
		if c.status == "" {
			meta.RemoveStatusCondition(&obj.Status.Conditions, c.conditionType)
			continue
		}
		setCondition(obj, c.conditionType, c.status, reason, message)
	}
}

// recordNotes records the reconcile's events, one per reason.
func (r *PantherDeploymentReconciler) recordNotes(s *scope) {
	for _, n := range s.notes {
		r.event(s, n.eventType, n.reason, n.action, strings.Join(n.messages, "; "))
	}
}

// conditionEvents reports, once, a deployment becoming Ready or Stalled.
func (r *PantherDeploymentReconciler) conditionEvents(s *scope) {
	before := meta.FindStatusCondition(s.previous.Conditions, deployv1alpha1.ConditionStalled)
	after := meta.FindStatusCondition(s.obj.Status.Conditions, deployv1alpha1.ConditionStalled)
	if after != nil && after.Status == metav1.ConditionTrue &&
		(before == nil || before.Status != metav1.ConditionTrue || before.Message != after.Message) {
		r.event(s, corev1.EventTypeWarning, after.Reason, "Stalled", after.Message)
	}
	if pending := s.obj.Status.PendingApproval; pending != "" && pending != s.previous.PendingApproval {
		r.event(s, corev1.EventTypeNormal, deployv1alpha1.ReasonAwaitingApproval, "Plan",
			awaitingMessage(s.obj, s.awaiting)+" (hash "+pending+")")
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
		if cloud.StackStatus(st.Status).Exists() {
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
