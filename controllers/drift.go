package controllers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

// maxDriftedResources bounds the drifted resources listed per stack in the status.
const maxDriftedResources = 20

// driftPoll is how soon to read a drift detection run that is under way.
const driftPoll = 5 * time.Second

// detectDrift runs CloudFormation drift detection on every complete stack once per
// spec.driftDetection.interval and reports the result in the status and the Drifted
// condition. It never holds up a deploy: it only runs on a deployment with nothing in
// progress, and a detection run is polled by requeue, never waited for.
func (r *PantherDeploymentReconciler) detectDrift(ctx context.Context, s *scope) (ctrl.Result, error) {
	interval, err := driftInterval(s.obj)
	if err != nil || interval == 0 {
		meta.RemoveStatusCondition(&s.obj.Status.Conditions, deployv1alpha1.ConditionDrifted)
		return ctrl.Result{}, nil
	}
	if len(s.progress) > 0 {
		return ctrl.Result{}, nil
	}
	now := r.Clock.Now()
	next := interval
	for i := range s.obj.Status.Stacks {
		entry := &s.obj.Status.Stacks[i]
		if !cloud.StackStatus(entry.Status).DriftCheckable() || entry.StackName == "" {
			continue
		}
		wait, err := r.checkStackDrift(ctx, s, entry, interval, now)
		if err != nil {
			return ctrl.Result{}, err
		}
		next = min(next, wait)
	}
	r.summariseDrift(s)
	return ctrl.Result{RequeueAfter: next}, nil
}

// checkStackDrift advances one stack's drift check and says how soon to look again.
func (r *PantherDeploymentReconciler) checkStackDrift(ctx context.Context, s *scope, entry *deployv1alpha1.StackStatus,
	interval time.Duration, now time.Time,
) (time.Duration, error) {
	if entry.Drift == nil {
		entry.Drift = &deployv1alpha1.StackDrift{}
	}
	drift := entry.Drift
	if drift.DetectionID != "" {
		check, err := s.clients.Stacks.DriftCheck(ctx, drift.DetectionID)
		switch {
		case errors.Is(err, cloud.ErrNotFound):
			drift.DetectionID = ""
			return 0, nil
		case err != nil:
			return 0, transient(deployv1alpha1.ReasonAWSError, err)
		case check.State() == cloud.DriftRunning:
			return driftPoll, nil
		}
		drift.DetectionID, drift.Status = "", check.StackDriftStatus
		drift.DriftedResources, drift.Resources = int32(check.DriftedResources), nil
		if check.State() == cloud.DriftFailed && drift.Status == "" {
			drift.Status = cloud.DriftStatusUnknown
		}
		if check.DriftedResources > 0 {
			resources, err := s.clients.Stacks.ResourceDrifts(ctx, entry.StackName)
			if err != nil {
				return 0, transient(deployv1alpha1.ReasonAWSError, err)
			}
			for _, d := range resources[:min(len(resources), maxDriftedResources)] {
				drift.Resources = append(drift.Resources, deployv1alpha1.DriftedResource{
					LogicalID: d.LogicalID, ResourceType: d.ResourceType, Status: d.Status, Properties: d.Properties,
				})
			}
		}
		checked := metav1.NewTime(now)
		drift.LastCheckTime = &checked
		return jitter(interval), nil
	}
	if drift.LastCheckTime != nil {
		if due := drift.LastCheckTime.Add(interval).Sub(now); due > 0 {
			return due, nil
		}
	}
	id, err := s.clients.Stacks.DetectDrift(ctx, entry.StackName)
	if err != nil {
		return 0, transient(deployv1alpha1.ReasonAWSError, err)
	}
	drift.DetectionID = id
	return driftPoll, nil
}

// summariseDrift sets the Drifted condition from the stacks' last checks, with an event when
// drift appears, changes or clears.
func (r *PantherDeploymentReconciler) summariseDrift(s *scope) {
	var drifted []string
	checked := 0
	for _, entry := range s.obj.Status.Stacks {
		if entry.Drift == nil || entry.Drift.LastCheckTime == nil {
			continue
		}
		checked++
		if entry.Drift.Status == cloud.DriftStatusDrifted {
			var ids []string
			for _, res := range entry.Drift.Resources {
				ids = append(ids, res.LogicalID+" ("+res.Status+")")
			}
			sort.Strings(ids)
			drifted = append(drifted, fmt.Sprintf("%s: %s", entry.StackName, strings.Join(ids, ", ")))
		}
	}
	if checked == 0 {
		return
	}
	before := meta.FindStatusCondition(s.previous.Conditions, deployv1alpha1.ConditionDrifted)
	if len(drifted) > 0 {
		message := "Resources changed outside CloudFormation: " + strings.Join(drifted, "; ")
		setCondition(s.obj, deployv1alpha1.ConditionDrifted, metav1.ConditionTrue, deployv1alpha1.ReasonDriftDetected, message)
		if before == nil || before.Status != metav1.ConditionTrue || before.Message != message {
			s.note(corev1.EventTypeWarning, deployv1alpha1.ReasonDriftDetected, "DetectDrift", message)
		}
		return
	}
	setCondition(s.obj, deployv1alpha1.ConditionDrifted, metav1.ConditionFalse, deployv1alpha1.ReasonInSync,
		"The last drift check found every resource as its template says")
	if before != nil && before.Status == metav1.ConditionTrue {
		s.note(corev1.EventTypeNormal, deployv1alpha1.ReasonInSync, "DetectDrift", "Drift cleared: every stack is in sync")
	}
}

// driftInterval parses spec.driftDetection.interval; "0" (or empty) turns detection off.
func driftInterval(obj *deployv1alpha1.PantherDeployment) (time.Duration, error) {
	switch v := obj.Spec.DriftDetection.Interval; v {
	case "", "0":
		return 0, nil
	default:
		return time.ParseDuration(v)
	}
}
