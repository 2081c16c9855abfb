package controllers

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// Event reasons of stack transitions.
const (
	eventStackCreated    = "StackCreated"
	eventStackUpdated    = "StackUpdated"
	eventStackDeleted    = "StackDeleted"
	eventStackFailed     = "StackFailed"
	eventStackRolledBack = "StackRolledBack"
	eventStackRecovered  = "StackRecovered"
)

// previousEntry returns the status entry of component c from the start of the reconcile.
func previousEntry(s *scope, c panther.Component) (deployv1alpha1.StackStatus, bool) {
	for _, e := range s.previous.Stacks {
		if e.Name == string(c) {
			return e, true
		}
	}
	return deployv1alpha1.StackStatus{}, false
}

// stackEntry starts the status entry of a stack from the previous one and what AWS says now.
func (r *PantherDeploymentReconciler) stackEntry(s *scope, c panther.Component, stackName string,
	observed cloud.Stack, exists bool,
) deployv1alpha1.StackStatus {
	entry, _ := previousEntry(s, c)
	entry.Name, entry.StackName = string(c), stackName
	status, reason, id := string(cloud.StatusNotFound), "", ""
	if exists {
		status, reason, id = string(observed.Status), observed.StatusReason, observed.ID
	}
	if entry.Status != status || entry.LastTransitionTime == nil {
		now := metav1.NewTime(r.Clock.Now())
		entry.LastTransitionTime = &now
	}
	entry.Status, entry.Reason, entry.StackID = status, reason, id
	if !exists && !wanted(s.obj, c) {
		entry.Version, entry.DesiredState, entry.Attempts, entry.Failure = "", "", 0, nil
		entry.PendingChangeDetail = nil
	}
	return entry
}

// stackEvents reports a stack's transition since the previous reconcile, once.
func (r *PantherDeploymentReconciler) stackEvents(s *scope, entry deployv1alpha1.StackStatus) {
	before, known := previousEntry(s, panther.Component(entry.Name))
	if !known || before.Status == entry.Status {
		return
	}
	name, status := entry.StackName, cloud.StackStatus(entry.Status)
	switch {
	case status.Succeeded():
		reason, message := eventStackCreated, "Created stack "+name
		if !status.Created() {
			reason, message = eventStackUpdated, "Updated stack "+name
		}
		if entry.Failure != nil {
			reason, message = eventStackRecovered, "Stack "+name+" recovered ("+entry.Status+")"
		}
		s.note(corev1.EventTypeNormal, reason, "Deploy", message)
	case !status.Exists():
		if cloud.StackStatus(before.Status).Exists() {
			s.note(corev1.EventTypeNormal, eventStackDeleted, "Delete", "Deleted stack "+name)
		}
	case status.RolledBack():
		s.note(corev1.EventTypeWarning, eventStackRolledBack, "Deploy",
			"Stack "+name+" rolled back ("+entry.Status+")"+failureText(entry.Failure))
	case status.Broken():
		s.note(corev1.EventTypeWarning, eventStackFailed, "Deploy",
			"Stack "+name+" failed ("+entry.Status+")"+failureText(entry.Failure))
	}
}
