package controllers

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/handler"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

func TestOutcomeOf(t *testing.T) {
	stall := stalled(deployv1alpha1.ReasonConflict, "taken")
	retry := transient(deployv1alpha1.ReasonAWSError, errors.New("boom"))
	tests := []struct {
		name   string
		reason string
		facts  facts
		want   outcome
	}{
		{"nothing to do", "no error and nothing moving is Ready", facts{}, outcomeReady},
		{"stacks moving", "progress without an error is Progressing", facts{inProgress: true}, outcomeProgressing},
		{"stalled while stacks move", "a person must act even while other stacks still move", facts{err: stall, inProgress: true}, outcomeStalled},
		{"stalled while deleting", "a blocked teardown is Stalled, not Deleting", facts{err: stall, deleting: true}, outcomeStalled},
		{"error while deleting", "a retried error is reported as such during a teardown too", facts{err: retry, deleting: true}, outcomeRetrying},
		{"wrapped stall", "a Stalled error is recognised through wrapping", facts{err: fmt.Errorf("step: %w", stall)}, outcomeStalled},
		{"suspended", "suspend is reported before progress", facts{suspended: true, inProgress: true}, outcomeSuspended},
		{"deleting", "a teardown in progress", facts{deleting: true, inProgress: true}, outcomeDeleting},
		{"released", "once the finalizer is gone there is no status to write", facts{finalized: true, err: stall}, outcomeFinalized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := outcomeOf(tt.facts); got != tt.want {
				t.Errorf("outcomeOf = %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestOutcomeConditions(t *testing.T) {
	type conditions map[string]metav1.ConditionStatus
	tests := []struct {
		name   string
		reason string
		o      outcome
		want   conditions
	}{
		{"ready", "Ready alone, with ACK's synced beside it", outcomeReady, conditions{
			"Ready": "True", "ACK.ResourceSynced": "True"}},
		{"stalled", "kstatus Failed, and ACK's terminal", outcomeStalled, conditions{
			"Ready": "False", "Stalled": "True", "ACK.ResourceSynced": "False", "ACK.Terminal": "True"}},
		{"retrying", "kstatus InProgress, and ACK's recoverable", outcomeRetrying, conditions{
			"Ready": "False", "Reconciling": "True", "ACK.ResourceSynced": "False", "ACK.Recoverable": "True"}},
		{"progressing", "kstatus InProgress", outcomeProgressing, conditions{
			"Ready": "False", "Reconciling": "True", "ACK.ResourceSynced": "False"}},
		{"suspended", "neither in progress nor failed", outcomeSuspended, conditions{
			"Ready": "False", "ACK.ResourceSynced": "False"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obj := tableDeployment()
			// Every condition present before, so that the table's removals show too.
			setConditions(obj, conditionRow{ready: "True", reconciling: "True", stalled: "True", recoverable: "True"}, "Old", "old")
			setConditions(obj, outcomes[tt.o], "Why", "What to do")
			got := conditions{}
			for _, c := range obj.Status.Conditions {
				got[c.Type] = c.Status
				if c.Reason != "Why" || c.Message != "What to do" {
					t.Errorf("%s has %s/%q", c.Type, c.Reason, c.Message)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("conditions %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestRequeue(t *testing.T) {
	r := tableReconciler()
	boom := errors.New("boom")
	tests := []struct {
		name     string
		reason   string
		kind     requeueKind
		progress bool
		err      error
		want     time.Duration
		wantErr  bool
	}{
		{"backoff", "a returned error comes with a zero Result", requeueBackoff, true, boom, 0, true},
		{"stalled", "a person must act: look again after the stalled interval", requeueStalled, false, nil, time.Minute, false},
		{"stalled while moving", "stacks still moving keep the progress interval", requeueStalled, true, nil, time.Second, false},
		{"progress", "", requeueProgress, true, nil, time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scope{}
			if tt.progress {
				s.working("creating panther-core")
			}
			res, err := r.requeue(tt.kind, s, ctrl.Result{RequeueAfter: time.Hour}, tt.err)
			if res.RequeueAfter != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("requeue = %v, %v; want %v, error %v (%s)", res.RequeueAfter, err, tt.want, tt.wantErr, tt.reason)
			}
			if low := res.Priority != nil && *res.Priority == handler.LowPriority; low == tt.progress {
				t.Errorf("requeue priority %v with stacks in progress %v: moving deployments keep the normal priority, others get the low one",
					res.Priority, tt.progress)
			}
		})
	}
	res, _ := r.requeue(requeueSettled, &scope{}, ctrl.Result{}, nil)
	if res.RequeueAfter < time.Hour || res.RequeueAfter > time.Hour+6*time.Minute {
		t.Errorf("settled requeue %v, want an hour plus up to 10 %% jitter", res.RequeueAfter)
	}
	if res.Priority == nil || *res.Priority != handler.LowPriority {
		t.Errorf("settled requeue priority %v, want the low priority", res.Priority)
	}
}

func TestRetryMessageCarriesNoAWSText(t *testing.T) {
	err := transient(deployv1alpha1.ReasonAWSError, &cloud.APIError{Operation: "DescribeStacks", Code: "Throttling",
		Message: "Rate exceeded (Service: CloudFormation; Status Code: 400; Request ID: 5f1c-1234)", Kind: cloud.ErrThrottled})
	_, message := reasonAndMessage(outcomeRetrying, &scope{obj: tableDeployment()}, err)
	if strings.Contains(message, "Request ID") || strings.Contains(message, "Rate exceeded") {
		t.Errorf("message %q carries AWS's text", message)
	}
	if !strings.Contains(message, "DescribeStacks") || !strings.Contains(message, "Throttling") {
		t.Errorf("message %q does not name the call and code", message)
	}
}

func TestTeardownOrder(t *testing.T) {
	obj := tableDeployment()
	want := [][]string{
		{"panther-web", "panther-onboard", "panther-appsync", "panther-cw-dashboards"},
		{"panther-cloud-security", "panther-log-analysis"},
		{"panther-core"}, {"panther-bootstrap-gateway"}, {"panther-bootstrap"},
	}
	if got := teardownOrder(obj); !reflect.DeepEqual(got, want) {
		t.Errorf("Stacks mode: %v, want %v", got, want)
	}
	obj.Spec.Mode = deployv1alpha1.ModeRoot
	got := teardownOrder(obj)
	if !reflect.DeepEqual(got[0], []string{panther.RootStackName}) || !reflect.DeepEqual(got[1:], want) {
		t.Errorf("Root mode: %v, want the root stack first", got)
	}
}

func TestCleanUpBucket(t *testing.T) {
	owned := map[string]string{"Application": "Panther", "Stack": "panther-bootstrap", deployv1alpha1.OwnerTagKey: "security/panther/u1"}
	tests := []struct {
		name      string
		reason    string
		cleanup   *fakeCleanup
		wantCalls []string
		wantStall string
		wantKind  error
		want      string // the result reported, "" for none
	}{
		{
			name: "owned and small", reason: "emptied, then deleted",
			cleanup:   &fakeCleanup{tags: map[string]map[string]string{"b": owned}, versions: map[string]int{"b": 3}},
			wantCalls: []string{"GetBucketTagging b", "EmptyBucket b", "DeleteBucket b"}, want: bucketDeleted,
		},
		{
			name: "owned and huge", reason: "10,000 versions and more are left to expire",
			cleanup:   &fakeCleanup{tags: map[string]map[string]string{"b": owned}, versions: map[string]int{"b": cloud.MaxVersionsToEmpty}},
			wantCalls: []string{"GetBucketTagging b", "EmptyBucket b", "ExpireBucket b"}, want: bucketLeftToExpire,
		},
		{
			name: "gone", reason: "a bucket someone already deleted is done",
			cleanup: &fakeCleanup{}, wantCalls: []string{"GetBucketTagging b"},
		},
		{
			name: "another deployment's", reason: "a recorded name whose tags name another owner is left alone",
			cleanup:   &fakeCleanup{tags: map[string]map[string]string{"b": {"Application": "Panther", deployv1alpha1.OwnerTagKey: "elsewhere/panther/u2"}}},
			wantCalls: []string{"GetBucketTagging b"},
		},
		{
			name: "untagged", reason: "a bucket with no tags cannot be confirmed as the deployment's",
			cleanup: &fakeCleanup{tags: map[string]map[string]string{"b": {}}}, wantCalls: []string{"GetBucketTagging b"},
		},
		{
			name: "tags unreadable", reason: "access denied is an error naming the bucket and permission, never 'not ours'",
			cleanup:   &fakeCleanup{tagErrs: map[string]error{"b": accessDenied("GetBucketTagging")}},
			wantCalls: []string{"GetBucketTagging b"}, wantStall: deployv1alpha1.ReasonCleanupBlocked,
		},
		{
			name: "tags throttled", reason: "other errors are retried",
			cleanup:   &fakeCleanup{tagErrs: map[string]error{"b": &cloud.APIError{Operation: "GetBucketTagging", Code: "SlowDown", Kind: cloud.ErrThrottled}}},
			wantCalls: []string{"GetBucketTagging b"}, wantKind: cloud.ErrThrottled,
		},
		{
			name: "delete refused", reason: "the permission to delete is named too",
			cleanup:   &fakeCleanup{tags: map[string]map[string]string{"b": owned}, deleteErr: accessDenied("DeleteBucket")},
			wantCalls: []string{"GetBucketTagging b", "EmptyBucket b", "DeleteBucket b"}, wantStall: deployv1alpha1.ReasonCleanupBlocked,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tableScope(tableDeployment(), nil, tt.cleanup)
			entry, err := tableReconciler().cleanUpBucket(context.Background(), s, "b")
			checkStepError(t, err, tt.wantStall, tt.wantKind, tt.reason)
			if tt.wantStall != "" {
				st, _ := asStalled(err)
				if !strings.Contains(st.message, "bucket b") || !strings.Contains(st.message, "s3:") {
					t.Errorf("message %q does not name the bucket and the permission", st.message)
				}
			}
			if !reflect.DeepEqual(tt.cleanup.calls, tt.wantCalls) {
				t.Errorf("calls %v, want %v (%s)", tt.cleanup.calls, tt.wantCalls, tt.reason)
			}
			got := ""
			if entry != nil {
				got = entry.Result
			}
			if got != tt.want {
				t.Errorf("result %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCleanUpLogGroupsOnlyClaimsThePrefixForTheOwner(t *testing.T) {
	groups := map[string]map[string]string{
		"/aws/lambda/panther-log-processor": {},
		"/aws/lambda/panther-other":         {deployv1alpha1.OwnerTagKey: "elsewhere/panther/u2"},
	}
	obj := tableDeployment()
	obj.Status.Stacks = []deployv1alpha1.StackStatus{{Name: "logAnalysis",
		Resources: &deployv1alpha1.StackResources{Functions: []string{"panther-rules-engine"}}}}

	cleanup := &fakeCleanup{groups: groups}
	if _, err := tableReconciler().cleanUpLogGroups(context.Background(), tableScope(obj, nil, cleanup)); err != nil {
		t.Fatal(err)
	}
	if want := []string{"DeleteLogGroup /aws/lambda/panther-rules-engine"}; !reflect.DeepEqual(cleanup.calls, want) {
		t.Errorf("without the claim: calls %v, want only the declared function's group %v", cleanup.calls, want)
	}

	now := metav1.Now()
	obj.Status.ClaimedAt = &now
	cleanup = &fakeCleanup{groups: groups}
	if _, err := tableReconciler().cleanUpLogGroups(context.Background(), tableScope(obj, nil, cleanup)); err != nil {
		t.Fatal(err)
	}
	want := []string{"DescribeLogGroups /aws/lambda/panther-", "DeleteLogGroup /aws/lambda/panther-log-processor",
		"DeleteLogGroup /aws/lambda/panther-rules-engine"}
	if !reflect.DeepEqual(cleanup.calls, want) {
		t.Errorf("with the claim: calls %v, want %v", cleanup.calls, want)
	}
}

func TestSetConditionsKeepsKstatusAndACKApart(t *testing.T) {
	obj := tableDeployment()
	setConditions(obj, outcomes[outcomeStalled], "Conflict", "taken")
	if !meta.IsStatusConditionTrue(obj.Status.Conditions, deployv1alpha1.ConditionStalled) ||
		!meta.IsStatusConditionTrue(obj.Status.Conditions, deployv1alpha1.ConditionACKTerminal) {
		t.Fatalf("conditions %+v", obj.Status.Conditions)
	}
}
