package controllers

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/panther-operator/panther-operator/internal/cloud"
)

// fakeStacks is a cloud.StackClient whose answers are function fields; a call without an
// answer fails the test's expectations through the error it returns. It records the calls it
// got, so that a case can say which action the step took.
type fakeStacks struct {
	mu    sync.Mutex
	calls []string

	describeChangeSet func(stack, name string) (cloud.ChangeSet, error)
	createChangeSet   func(in cloud.ChangeSetInput) error
	createStack       func(in cloud.StackInput) error
	template          func(stack, changeSet string) (string, error)
	events            func(stack string) ([]cloud.StackEvent, error)
	resources         func(stack string) ([]cloud.StackResource, error)
	// errs answers the other mutating calls by operation name; absent means success.
	errs map[string]error
}

func (f *fakeStacks) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fakeStacks) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeStacks) plain(op, target string) error {
	f.record(op + " " + target)
	return f.errs[op]
}

func (f *fakeStacks) List(context.Context, []string) (map[string]cloud.Stack, error) {
	return nil, fmt.Errorf("List: not expected in this test")
}

func (f *fakeStacks) Describe(context.Context, string) (cloud.Stack, error) {
	return cloud.Stack{}, fmt.Errorf("Describe: not expected in this test")
}

func (f *fakeStacks) Create(_ context.Context, in cloud.StackInput) error {
	f.record("CreateStack " + in.StackName)
	if f.createStack == nil {
		return nil
	}
	return f.createStack(in)
}

func (f *fakeStacks) CreateChangeSet(_ context.Context, in cloud.ChangeSetInput) error {
	f.record(fmt.Sprintf("CreateChangeSet %s create=%v", in.StackName, in.Create))
	if f.createChangeSet == nil {
		return nil
	}
	return f.createChangeSet(in)
}

func (f *fakeStacks) DescribeChangeSet(_ context.Context, stack, name string) (cloud.ChangeSet, error) {
	if f.describeChangeSet == nil {
		return cloud.ChangeSet{}, fmt.Errorf("change set %s: %w", name, cloud.ErrNotFound)
	}
	return f.describeChangeSet(stack, name)
}

func (f *fakeStacks) Template(_ context.Context, stack, changeSet string) (string, error) {
	if f.template == nil {
		return "", fmt.Errorf("template of %s %s: %w", stack, changeSet, cloud.ErrNotFound)
	}
	return f.template(stack, changeSet)
}

func (f *fakeStacks) ExecuteChangeSet(_ context.Context, stack, _ string) error {
	return f.plain("ExecuteChangeSet", stack)
}

func (f *fakeStacks) DeleteChangeSet(_ context.Context, stack, _ string) error {
	return f.plain("DeleteChangeSet", stack)
}

func (f *fakeStacks) Delete(_ context.Context, stack, _ string) error {
	return f.plain("DeleteStack", stack)
}

func (f *fakeStacks) ContinueUpdateRollback(_ context.Context, stack, _ string, skip []string) error {
	return f.plain("ContinueUpdateRollback", fmt.Sprintf("%s skip=%v", stack, skip))
}

func (f *fakeStacks) SetTerminationProtection(_ context.Context, stack string, enabled bool) error {
	return f.plain("SetTerminationProtection", fmt.Sprintf("%s %v", stack, enabled))
}

func (f *fakeStacks) Events(_ context.Context, stack string) ([]cloud.StackEvent, error) {
	if f.events == nil {
		return nil, nil
	}
	return f.events(stack)
}

func (f *fakeStacks) DetectDrift(context.Context, string) (string, error) {
	return "", fmt.Errorf("DetectDrift: not expected in this test")
}

func (f *fakeStacks) DriftCheck(context.Context, string) (cloud.DriftCheck, error) {
	return cloud.DriftCheck{}, fmt.Errorf("DriftCheck: not expected in this test")
}

func (f *fakeStacks) ResourceDrifts(context.Context, string) ([]cloud.ResourceDrift, error) {
	return nil, fmt.Errorf("ResourceDrifts: not expected in this test")
}

func (f *fakeStacks) Resources(_ context.Context, stack string) ([]cloud.StackResource, error) {
	f.record("ListStackResources " + stack)
	if f.resources == nil {
		return nil, nil
	}
	return f.resources(stack)
}

// fakeCleanup is a cloud.Cleanup whose answers are function fields and maps.
type fakeCleanup struct {
	calls []string

	tags      map[string]map[string]string
	tagErrs   map[string]error
	versions  map[string]int
	emptyErr  error
	deleteErr error
	groups    map[string]map[string]string
}

func (f *fakeCleanup) BucketTags(_ context.Context, bucket string) (map[string]string, error) {
	f.calls = append(f.calls, "GetBucketTagging "+bucket)
	if err := f.tagErrs[bucket]; err != nil {
		return nil, err
	}
	tags, ok := f.tags[bucket]
	if !ok {
		return nil, fmt.Errorf("bucket %s: %w", bucket, cloud.ErrNotFound)
	}
	return tags, nil
}

func (f *fakeCleanup) EmptyBucket(_ context.Context, bucket string) (int, bool, error) {
	f.calls = append(f.calls, "EmptyBucket "+bucket)
	n := f.versions[bucket]
	return n, n < cloud.MaxVersionsToEmpty, f.emptyErr
}

func (f *fakeCleanup) ExpireBucket(_ context.Context, bucket string) error {
	f.calls = append(f.calls, "ExpireBucket "+bucket)
	return nil
}

func (f *fakeCleanup) DeleteBucket(_ context.Context, bucket string) error {
	f.calls = append(f.calls, "DeleteBucket "+bucket)
	return f.deleteErr
}

func (f *fakeCleanup) LogGroups(_ context.Context, prefix string) (map[string]map[string]string, error) {
	f.calls = append(f.calls, "DescribeLogGroups "+prefix)
	return f.groups, nil
}

func (f *fakeCleanup) DeleteLogGroup(_ context.Context, name string) (bool, error) {
	f.calls = append(f.calls, "DeleteLogGroup "+name)
	return true, nil
}

// accessDenied is the error internal/cloud returns when AWS refuses a call for permission.
func accessDenied(operation string) error {
	return &cloud.APIError{Operation: operation, Code: "AccessDenied", Message: "Access Denied", Kind: cloud.ErrAccessDenied}
}
