package testkit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/wait"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// FieldOwner is the field manager of everything Apply, ApplyYAML and ApplyFile apply.
const FieldOwner = "panther-testkit"

// pollInterval is how often the waits read the object again.
const pollInterval = 250 * time.Millisecond

// Apply server-side applies each object, as `kubectl apply --server-side --force-conflicts`
// does, and updates it with what the API server returned. The objects' kinds must be known to
// Scheme (the built-in kinds and PantherDeployment) unless they are unstructured. A namespaced
// object without a namespace goes into "default". The object's status, resourceVersion and
// managed fields are not sent.
func (e *Env) Apply(ctx context.Context, objs ...client.Object) error {
	for _, obj := range objs {
		if err := e.applyOne(ctx, obj); err != nil {
			return err
		}
	}
	return nil
}

func (e *Env) applyOne(ctx context.Context, obj client.Object) error {
	u := &unstructured.Unstructured{}
	if typed, ok := obj.(*unstructured.Unstructured); ok {
		u = typed.DeepCopy()
	} else {
		gvk, err := apiutil.GVKForObject(obj, e.scheme)
		if err != nil {
			return fmt.Errorf("testkit: apply: %w", err)
		}
		content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return fmt.Errorf("testkit: apply: %w", err)
		}
		u.SetUnstructuredContent(content)
		u.SetGroupVersionKind(gvk)
	}
	unstructured.RemoveNestedField(u.Object, "status")
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	u.SetResourceVersion("")
	u.SetManagedFields(nil)
	if u.GetNamespace() == "" {
		namespaced, err := e.client.IsObjectNamespaced(u)
		if err != nil {
			return fmt.Errorf("testkit: apply %s %s: %w", u.GetKind(), u.GetName(), err)
		}
		if namespaced {
			u.SetNamespace("default")
		}
	}
	ac := client.ApplyConfigurationFromUnstructured(u)
	if err := e.client.Apply(ctx, ac, client.FieldOwner(FieldOwner), client.ForceOwnership); err != nil {
		return fmt.Errorf("testkit: apply %s %s: %w", u.GetKind(), client.ObjectKeyFromObject(u), err)
	}
	if typed, ok := obj.(*unstructured.Unstructured); ok {
		u.DeepCopyInto(typed)
		return nil
	}
	return runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj)
}

// ApplyYAML applies every object of a YAML (or JSON) stream of documents separated by "---",
// as `kubectl apply --server-side -f` does, in order, and returns them as the API server
// returned them. Empty documents are skipped; lists (kind: List) are not expanded.
func (e *Env) ApplyYAML(ctx context.Context, data []byte) ([]*unstructured.Unstructured, error) {
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var applied []*unstructured.Unstructured
	for {
		u := &unstructured.Unstructured{}
		if err := decoder.Decode(&u.Object); errors.Is(err, io.EOF) {
			return applied, nil
		} else if err != nil {
			return applied, fmt.Errorf("testkit: decoding YAML: %w", err)
		}
		if len(u.Object) == 0 {
			continue
		}
		if err := e.applyOne(ctx, u); err != nil {
			return applied, err
		}
		applied = append(applied, u)
	}
}

// ApplyFile applies the manifests in each path, as `kubectl apply --server-side -f` does: a
// file, or a folder whose .yaml, .yml and .json files are applied in name order (not
// recursively). It returns the applied objects.
func (e *Env) ApplyFile(ctx context.Context, paths ...string) ([]*unstructured.Unstructured, error) {
	var applied []*unstructured.Unstructured
	for _, path := range paths {
		files, err := manifestFiles(path)
		if err != nil {
			return applied, err
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				return applied, fmt.Errorf("testkit: %w", err)
			}
			objs, err := e.ApplyYAML(ctx, data)
			applied = append(applied, objs...)
			if err != nil {
				return applied, fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	return applied, nil
}

// manifestFiles lists path, or the manifests of the folder path, sorted.
func manifestFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("testkit: %w", err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("testkit: %w", err)
	}
	var files []string
	for _, entry := range entries {
		switch strings.ToLower(filepath.Ext(entry.Name())) {
		case ".yaml", ".yml", ".json":
			if !entry.IsDir() {
				files = append(files, filepath.Join(path, entry.Name()))
			}
		}
	}
	sort.Strings(files)
	return files, nil
}

// WaitForReady waits up to timeout until the PantherDeployment key is Ready at its latest
// generation, and returns it. It returns early with an error when the deployment stalls,
// naming the Stalled reason and message, and on timeout with the last Ready condition.
func (e *Env) WaitForReady(ctx context.Context, key client.ObjectKey, timeout time.Duration) (*deployv1alpha1.PantherDeployment, error) {
	var last *deployv1alpha1.PantherDeployment
	err := e.poll(ctx, key, timeout, func(pd *deployv1alpha1.PantherDeployment) (bool, error) {
		last = pd
		if stalled := current(pd, deployv1alpha1.ConditionStalled); stalled != nil && stalled.Status == metav1.ConditionTrue {
			return false, fmt.Errorf("testkit: %s stalled (%s): %s", key, stalled.Reason, stalled.Message)
		}
		ready := current(pd, deployv1alpha1.ConditionReady)
		return ready != nil && ready.Status == metav1.ConditionTrue, nil
	})
	if err != nil {
		return last, fmt.Errorf("%w%s", err, describe(last, deployv1alpha1.ConditionReady))
	}
	return last, nil
}

// WaitForStalled waits up to timeout until the PantherDeployment key is Stalled at its latest
// generation, with reason unless reason is empty, and returns the Stalled condition. The
// reasons are the Reason constants of api/v1alpha1 (docs/conditions.md lists them). It returns
// early with an error when the deployment becomes Ready instead.
func (e *Env) WaitForStalled(ctx context.Context, key client.ObjectKey, reason string, timeout time.Duration) (*metav1.Condition, error) {
	var last *deployv1alpha1.PantherDeployment
	var stalled *metav1.Condition
	err := e.poll(ctx, key, timeout, func(pd *deployv1alpha1.PantherDeployment) (bool, error) {
		last = pd
		if ready := current(pd, deployv1alpha1.ConditionReady); ready != nil && ready.Status == metav1.ConditionTrue {
			return false, fmt.Errorf("testkit: %s became Ready instead of stalling", key)
		}
		stalled = current(pd, deployv1alpha1.ConditionStalled)
		return stalled != nil && stalled.Status == metav1.ConditionTrue && (reason == "" || stalled.Reason == reason), nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w%s", err, describe(last, deployv1alpha1.ConditionStalled))
	}
	return stalled, nil
}

// WaitForDeleted waits up to timeout until the object key of obj's kind is gone from the API
// server; for a PantherDeployment that is when the operator has torn its stacks down. It does
// not delete the object itself: call Client().Delete first.
func (e *Env) WaitForDeleted(ctx context.Context, obj client.Object, timeout time.Duration) error {
	key := client.ObjectKeyFromObject(obj)
	probe, ok := obj.DeepCopyObject().(client.Object)
	if !ok {
		return fmt.Errorf("testkit: %T is not a client.Object", obj)
	}
	err := wait.PollUntilContextTimeout(ctx, pollInterval, timeout, true, func(ctx context.Context) (bool, error) {
		err := e.client.Get(ctx, key, probe)
		if apierrors.IsNotFound(err) {
			return true, nil
		}
		return false, err
	})
	if err != nil {
		return fmt.Errorf("testkit: waiting for %s to be deleted: %w", key, err)
	}
	return nil
}

// poll reads the PantherDeployment key every pollInterval until done says so, returns an
// error, or timeout passes. A deployment not found yet is waited for.
func (e *Env) poll(ctx context.Context, key client.ObjectKey, timeout time.Duration,
	done func(*deployv1alpha1.PantherDeployment) (bool, error),
) error {
	err := wait.PollUntilContextTimeout(ctx, pollInterval, timeout, true, func(ctx context.Context) (bool, error) {
		pd := &deployv1alpha1.PantherDeployment{}
		if err := e.client.Get(ctx, key, pd); apierrors.IsNotFound(err) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		return done(pd)
	})
	if wait.Interrupted(err) {
		return fmt.Errorf("testkit: %s: timed out after %s", key, timeout)
	}
	return err
}

// current returns the condition of type t when the operator wrote it for the deployment's
// latest generation, else nil.
func current(pd *deployv1alpha1.PantherDeployment, t string) *metav1.Condition {
	c := meta.FindStatusCondition(pd.Status.Conditions, t)
	if c == nil || c.ObservedGeneration != pd.Generation {
		return nil
	}
	return c
}

// describe says what condition t of pd was, for an error message.
func describe(pd *deployv1alpha1.PantherDeployment, t string) string {
	if pd == nil {
		return " (the PantherDeployment was never found)"
	}
	c := meta.FindStatusCondition(pd.Status.Conditions, t)
	if c == nil {
		return fmt.Sprintf(" (no %s condition at generation %d)", t, pd.Generation)
	}
	return fmt.Sprintf(" (last %s=%s, reason %s, generation %d of %d: %s)", t, c.Status, c.Reason,
		c.ObservedGeneration, pd.Generation, c.Message)
}

// StackSummary is one CloudFormation stack in localaws.
type StackSummary struct {
	// Name is the stack's name, such as panther-bootstrap.
	Name string
	// ID is the stack's ARN.
	ID string
	// Status is CloudFormation's status, such as CREATE_COMPLETE.
	Status string
	// StatusReason is CloudFormation's reason for Status, often empty.
	StatusReason string
	// Outputs are the stack's outputs by key.
	Outputs map[string]string
	// Tags are the stack's tags by key, the operator's own among them.
	Tags map[string]string
}

// Stacks returns the stacks of localaws's default account in Options.Region that are not
// deleted, sorted by name: those of every deployment that names no credentials of its own.
func (e *Env) Stacks(ctx context.Context) ([]StackSummary, error) {
	return e.StacksIn(ctx, "", e.opts.Region)
}

// StacksIn returns the stacks that are not deleted in an account (12 digits; empty means
// DefaultAccountID) and region of localaws, sorted by name.
func (e *Env) StacksIn(ctx context.Context, accountID, region string) ([]StackSummary, error) {
	cfg, err := e.loadAWSConfig(ctx, region, accountID)
	if err != nil {
		return nil, err
	}
	var stacks []StackSummary
	pages := cloudformation.NewDescribeStacksPaginator(cloudformation.NewFromConfig(cfg), &cloudformation.DescribeStacksInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("testkit: listing the stacks: %w", err)
		}
		for _, s := range page.Stacks {
			summary := StackSummary{Name: deref(s.StackName), ID: deref(s.StackId), Status: string(s.StackStatus),
				StatusReason: deref(s.StackStatusReason), Outputs: map[string]string{}, Tags: map[string]string{}}
			for _, o := range s.Outputs {
				summary.Outputs[deref(o.OutputKey)] = deref(o.OutputValue)
			}
			for _, t := range s.Tags {
				summary.Tags[deref(t.Key)] = deref(t.Value)
			}
			stacks = append(stacks, summary)
		}
	}
	sort.Slice(stacks, func(i, j int) bool { return stacks[i].Name < stacks[j].Name })
	return stacks, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
