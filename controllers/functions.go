package controllers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// releasedFunction is one function of the deployment and what its release says it runs.
type releasedFunction struct {
	name  string
	stack panther.Component
	// releaseSHA256 is the release package's hash in Lambda's form (base64).
	releaseSHA256 string
	// bucket and key are where the release keeps the package, for restoring it.
	bucket, key string
	// pin is the stack's functionOverrides entry for the function, if any.
	pin string
}

// checkFunctions compares the code of the deployment's functions with their release's
// packages, so that a function changed by `pantherctl dev push-function` (or by hand) is
// reported, and on a new generation of the spec (the next deploy) restores the release's code
// to every such function its stack's functionOverrides does not pin. Like detectDrift it only
// runs on a deployment with nothing in progress; it makes one ListFunctions per check, once per
// spec.driftDetection.interval and on every new generation.
func (r *PantherDeploymentReconciler) checkFunctions(ctx context.Context, s *scope) (ctrl.Result, error) {
	if s.obj.Spec.Mode == deployv1alpha1.ModeRoot {
		// The nested stacks' functions are not recorded (status.stacks[].resources), and the
		// operator acts only on functions a record says are the deployment's own.
		s.obj.Status.FunctionCode = nil
		meta.RemoveStatusCondition(&s.obj.Status.Conditions, deployv1alpha1.ConditionFunctionsDrifted)
		return ctrl.Result{}, nil
	}
	if len(s.progress) > 0 || len(s.awaiting) > 0 {
		return ctrl.Result{}, nil
	}
	interval, _ := driftInterval(s.obj)
	now := r.Clock.Now()
	record := s.obj.Status.FunctionCode
	// The first check of a deployment only reports: restoring is what a deploy does, and an
	// operator that meets a pushed function for the first time has seen no deploy yet.
	deploy := record != nil && record.CheckedGeneration != s.obj.Generation
	if record != nil && !deploy {
		if interval == 0 || record.LastCheckTime == nil {
			return ctrl.Result{}, nil
		}
		if due := record.LastCheckTime.Add(interval).Sub(now); due > 0 {
			return ctrl.Result{RequeueAfter: due}, nil
		}
	}

	released := r.releasedFunctions(s)
	names := make([]string, len(released))
	for i, fn := range released {
		names[i] = fn.name
	}
	checked := metav1.NewTime(now)
	next := ctrl.Result{}
	if interval > 0 {
		next.RequeueAfter = jitter(interval)
	}
	deployed := map[string]string{}
	if len(names) > 0 {
		var err error
		deployed, err = s.clients.Functions.CodeHashes(ctx, names)
		switch {
		case errors.Is(err, cloud.ErrAccessDenied):
			// An operator upgraded before its role: the stacks are still fine, so this only
			// says what is missing, and asks again at the next check rather than at once.
			s.obj.Status.FunctionCode = &deployv1alpha1.FunctionCodeStatus{LastCheckTime: &checked,
				CheckedGeneration: s.obj.Generation, Functions: statusFunctions(record)}
			setCondition(s.obj, deployv1alpha1.ConditionFunctionsDrifted, metav1.ConditionUnknown, deployv1alpha1.ReasonFunctionsUnchecked,
				"The operator may not list the functions (lambda:ListFunctions), so pushed functions are neither reported nor restored: grant it (docs/iam.md)")
			return next, nil
		case err != nil:
			return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
		}
	}
	functions := compareFunctions(released, deployed)
	var restored, denied []string
	if deploy {
		var err error
		if functions, restored, denied, err = r.restoreFunctions(ctx, s, released, functions); err != nil {
			return ctrl.Result{}, err
		}
	}
	s.obj.Status.FunctionCode = &deployv1alpha1.FunctionCodeStatus{
		LastCheckTime: &checked, CheckedGeneration: s.obj.Generation, Functions: functions,
	}
	summariseFunctions(s, functions, restored, denied)
	return next, nil
}

// statusFunctions is the functions of the last check, kept while a check cannot be made.
func statusFunctions(record *deployv1alpha1.FunctionCodeStatus) []deployv1alpha1.FunctionStatus {
	if record == nil {
		return nil
	}
	return record.Functions
}

// releasedFunctions lists the functions the deployment owns, with their release's package:
// the functions the enabled stacks declared (status.stacks[].resources, read from
// CloudFormation) that the release of the stack's version has a package for.
func (r *PantherDeploymentReconciler) releasedFunctions(s *scope) []releasedFunction {
	var out []releasedFunction
	for _, entry := range s.obj.Status.Stacks {
		c := panther.Component(entry.Name)
		if !c.Valid() || !wanted(s.obj, c) || entry.Resources == nil {
			continue
		}
		version := stackVersion(s.obj, c)
		manifest := s.manifests[version]
		if manifest == nil {
			continue
		}
		pins := stackSpec(s.obj, c).FunctionOverrides
		for _, name := range entry.Resources.Functions {
			folder, ok := panther.FunctionFolder(name)
			if !ok {
				continue
			}
			i := slices.IndexFunc(manifest.Functions, func(a panther.Asset) bool { return a.Name == folder })
			if i < 0 {
				continue
			}
			sum, err := panther.CodeSHA256(manifest.Functions[i].SHA256)
			if err != nil {
				continue // a manifest that parsed is validated: its hashes are hex
			}
			out = append(out, releasedFunction{
				name: name, stack: c, releaseSHA256: sum, pin: string(pins[name]),
				bucket: s.obj.Spec.Release.Bucket, key: panther.VersionPrefix(version) + manifest.Functions[i].Key,
			})
		}
	}
	slices.SortFunc(out, func(a, b releasedFunction) int { return strings.Compare(a.name, b.name) })
	return out
}

// compareFunctions decides, for each function that exists, whether it runs its release's code
// (left out), the code its functionOverrides entry pins (Pinned) or other code (Drifted). A
// pin that names other code than the function runs is stale and pins nothing.
func compareFunctions(released []releasedFunction, deployed map[string]string) []deployv1alpha1.FunctionStatus {
	var out []deployv1alpha1.FunctionStatus
	for _, fn := range released {
		code, exists := deployed[fn.name]
		if !exists || code == fn.releaseSHA256 {
			continue
		}
		state := deployv1alpha1.FunctionDrifted
		if fn.pin == code {
			state = deployv1alpha1.FunctionPinned
		}
		out = append(out, deployv1alpha1.FunctionStatus{Name: fn.name, Stack: string(fn.stack),
			CodeSHA256: code, ReleaseSHA256: fn.releaseSHA256, State: state})
	}
	return out
}

// restoreFunctions puts the release's package back into every Drifted function, and returns
// the functions that still differ, the names it restored and those it may not update.
func (r *PantherDeploymentReconciler) restoreFunctions(ctx context.Context, s *scope, released []releasedFunction,
	functions []deployv1alpha1.FunctionStatus,
) (kept []deployv1alpha1.FunctionStatus, restored, denied []string, err error) {
	for _, fn := range functions {
		if fn.State != deployv1alpha1.FunctionDrifted {
			kept = append(kept, fn)
			continue
		}
		i := slices.IndexFunc(released, func(r releasedFunction) bool { return r.name == fn.Name })
		code, err := s.clients.Functions.UpdateCode(ctx, fn.Name, cloud.FunctionCode{S3Bucket: released[i].bucket, S3Key: released[i].key})
		switch {
		case errors.Is(err, cloud.ErrAccessDenied):
			// Reported in the condition; the stacks are unaffected, so the reconcile goes on.
			kept, denied = append(kept, fn), append(denied, fn.Name)
			continue
		case err != nil:
			return nil, nil, nil, transient(deployv1alpha1.ReasonAWSError, fmt.Errorf("restoring the release's code of %s: %w", fn.Name, err))
		}
		s.log.Info("Restored the release's code of a function", "function", fn.Name, "codeSHA256", code)
		s.note(corev1.EventTypeNormal, deployv1alpha1.ReasonFunctionCodeRestored, "UpdateFunctionCode",
			fmt.Sprintf("%s (stacks.%s) runs its release's code again (it ran %s)", fn.Name, fn.Stack, fn.CodeSHA256))
		restored = append(restored, fn.Name)
		if code != fn.ReleaseSHA256 {
			fn.CodeSHA256 = code
			kept = append(kept, fn)
		}
	}
	return kept, restored, denied, nil
}

// summariseFunctions sets the FunctionsDrifted condition, with a warning event when the set of
// drifted functions appears or changes.
func summariseFunctions(s *scope, functions []deployv1alpha1.FunctionStatus, restored, denied []string) {
	var drifted, pinned []string
	for _, fn := range functions {
		switch fn.State {
		case deployv1alpha1.FunctionDrifted:
			drifted = append(drifted, fmt.Sprintf("%s (stacks.%s) runs %s, its release has %s", fn.Name, fn.Stack, fn.CodeSHA256, fn.ReleaseSHA256))
		case deployv1alpha1.FunctionPinned:
			pinned = append(pinned, fmt.Sprintf("%s (stacks.%s)", fn.Name, fn.Stack))
		}
	}
	before := meta.FindStatusCondition(s.previous.Conditions, deployv1alpha1.ConditionFunctionsDrifted)
	wasDrifted := before != nil && before.Status == metav1.ConditionTrue
	switch {
	case len(drifted) > 0:
		message := "Functions run other code than their release's: " + strings.Join(drifted, "; ") +
			". The next deploy (a change of the spec) restores the release's code; to keep this code, pin it in spec.stacks.<stack>.functionOverrides"
		if len(denied) > 0 {
			message += ". The operator may not restore " + strings.Join(denied, ", ") + " (lambda:UpdateFunctionCode): grant it (docs/iam.md)"
		}
		setCondition(s.obj, deployv1alpha1.ConditionFunctionsDrifted, metav1.ConditionTrue, deployv1alpha1.ReasonFunctionCodeChanged, message)
		if !wasDrifted || before.Message != message {
			s.note(corev1.EventTypeWarning, deployv1alpha1.ReasonFunctionCodeChanged, "CheckFunctions", message)
		}
	case len(pinned) > 0:
		message := "Every function runs its release's code, except the pinned " + strings.Join(pinned, ", ") +
			", which run the code spec.stacks.<stack>.functionOverrides names"
		setCondition(s.obj, deployv1alpha1.ConditionFunctionsDrifted, metav1.ConditionFalse, deployv1alpha1.ReasonFunctionsPinned, message)
		if wasDrifted && len(restored) == 0 {
			s.note(corev1.EventTypeNormal, deployv1alpha1.ReasonFunctionsPinned, "CheckFunctions", message)
		}
	default:
		setCondition(s.obj, deployv1alpha1.ConditionFunctionsDrifted, metav1.ConditionFalse, deployv1alpha1.ReasonReleaseCode,
			"Every function runs its release's code")
		if wasDrifted && len(restored) == 0 {
			s.note(corev1.EventTypeNormal, deployv1alpha1.ReasonReleaseCode, "CheckFunctions", "Every function runs its release's code again")
		}
	}
}
