package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

const (
	pantherVersion = "1.16.0"
	region         = "us-east-1"
	// fleetLabel marks the benchmark's PantherDeployments, so that one List finds them all.
	fleetLabel = "bench.deploy.panther.io/fleet"
	// releaseBucket holds the one copy of the release every deployment reads, as an
	// organisation publishes a release once for all its accounts (a bucket policy grants them
	// read access on AWS; localaws does not check cross-account reads). It belongs to
	// publisherAccount, which runs no deployment.
	releaseBucket    = "panther-releases-bench"
	publisherAccount = "299999999999"
)

// member is one deployment of the fleet with the localaws account it owns alone, because
// Panther allows one installation per account and region.
type member struct {
	account   string // a 12-digit access key selects the localaws account
	namespace string
	created   time.Time
	ready     time.Time // first seen Ready at its generation
}

type fleet struct {
	members []*member
	k8s     client.WithWatch
	aws     *admin.Client
	// cloud reaches localaws as each account, for publishing and reading stack events.
	cloud *cloud.Factory
	// driftInterval is the deployments' drift detection interval, as the API server defaulted it.
	driftInterval time.Duration
}

func newFleet(n int, k8s client.WithWatch, awsURL string) *fleet {
	f := &fleet{k8s: k8s, aws: admin.New(awsURL), cloud: &cloud.Factory{LoadOptions: []func(*config.LoadOptions) error{
		config.WithBaseEndpoint(awsURL),
		// Never read the user's AWS configuration: every call goes to localaws as an account.
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	}}}
	for i := range n {
		f.members = append(f.members, &member{
			account:   fmt.Sprintf("2%011d", i+1),
			namespace: fmt.Sprintf("bench-%03d", i+1),
		})
	}
	return f
}

func (m *member) target() cloud.Target { return accountTarget(m.account) }

func accountTarget(account string) cloud.Target {
	return cloud.Target{Region: region, Credentials: cloud.Credentials{AccessKeyID: account, SecretAccessKey: "secret"}}
}

// prepare builds and publishes the release once and gives every member its namespace and its
// credentials Secret.
func (f *fleet) prepare(ctx context.Context, tmp string) error {
	dir := filepath.Join(tmp, "release")
	if _, err := release.Build(ctx, release.Options{
		Version: pantherVersion, Commit: "0000000", Templates: deployments.FS(), OutDir: dir,
		ModuleDir: ".", FunctionsDir: "lambdas",
	}); err != nil {
		return fmt.Errorf("building the release: %w", err)
	}
	publisher, err := f.cloud.Clients(ctx, accountTarget(publisherAccount))
	if err != nil {
		return err
	}
	if _, err := release.Publish(ctx, publisher.Releases, dir, pantherVersion, releaseBucket, true); err != nil {
		return fmt.Errorf("publishing the release: %w", err)
	}
	return f.each(8, func(m *member) error {
		if err := f.k8s.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: m.namespace}}); err != nil {
			return err
		}
		return f.k8s.Create(ctx, &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{Name: "aws", Namespace: m.namespace},
			StringData: map[string]string{"AWS_ACCESS_KEY_ID": m.account, "AWS_SECRET_ACCESS_KEY": "secret"},
		})
	})
}

// each runs fn for every member, at most workers at a time, and joins the errors.
func (f *fleet) each(workers int, fn func(*member) error) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	sem := make(chan struct{}, workers)
	for _, m := range f.members {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := fn(m); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", m.namespace, err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// createWorkers is how many PantherDeployments are created at once: Argo CD syncs ten
// applications at a time by default (--operation-processors), and a fleet in fifty
// namespaces is fifty applications.
const createWorkers = 10

// create creates the PantherDeployments as fast as the API server takes them, ten at a time
// as a GitOps sync of many applications would, and returns how long that took.
func (f *fleet) create(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	err := f.each(createWorkers, func(m *member) error {
		pd := &deployv1alpha1.PantherDeployment{
			ObjectMeta: metav1.ObjectMeta{Name: "panther", Namespace: m.namespace, Labels: map[string]string{fleetLabel: "true"}},
			Spec: deployv1alpha1.PantherDeploymentSpec{
				Region:      region,
				Version:     pantherVersion,
				Release:     deployv1alpha1.ReleaseSource{Bucket: releaseBucket},
				Credentials: &deployv1alpha1.Credentials{SecretRef: &deployv1alpha1.SecretReference{Name: "aws"}},
				Config: deployv1alpha1.PantherConfig{
					Company:   deployv1alpha1.CompanyConfig{DisplayName: "AwesomeCo", Email: "secops@example.com"},
					FirstUser: deployv1alpha1.FirstUserConfig{Email: "ada@example.com"},
				},
			},
		}
		m.created = time.Now()
		if err := f.k8s.Create(ctx, pd); err != nil {
			return fmt.Errorf("creating %s: %w", pd.Name, err)
		}
		return nil
	})
	return time.Since(start), err
}

// list returns the fleet's deployments by namespace.
func (f *fleet) list(ctx context.Context) (map[string]*deployv1alpha1.PantherDeployment, error) {
	list := &deployv1alpha1.PantherDeploymentList{}
	if err := f.k8s.List(ctx, list, client.HasLabels{fleetLabel}); err != nil {
		return nil, err
	}
	out := make(map[string]*deployv1alpha1.PantherDeployment, len(list.Items))
	for i := range list.Items {
		out[list.Items[i].Namespace] = &list.Items[i]
	}
	return out, nil
}

// poll calls check every interval until it reports done, the timeout passes, the benchmark
// is interrupted or the manager dies.
func poll(ctx context.Context, mgr *manager, interval, timeout time.Duration, check func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return errTimeout
		}
		if err := sleep(ctx, mgr, interval); err != nil {
			return err
		}
	}
}

var errTimeout = errors.New("timed out")

// errResyncIncomplete says that the requested resync did not reach every deployment in time.
var errResyncIncomplete = errors.New("the resync is incomplete")

// condition returns a condition that is current for the object's generation, or nil.
func condition(pd *deployv1alpha1.PantherDeployment, conditionType string) *metav1.Condition {
	c := meta.FindStatusCondition(pd.Status.Conditions, conditionType)
	if c == nil || c.ObservedGeneration != pd.Generation {
		return nil
	}
	return c
}

// waitSettled waits until every complete stack of every deployment has finished its first
// drift check, which the operator starts as soon as a deployment is Ready. After that a
// deployment makes no AWS call until its settled requeue or its next drift check.
func (f *fleet) waitSettled(ctx context.Context, mgr *manager, timeout time.Duration) error {
	err := poll(ctx, mgr, 500*time.Millisecond, timeout, func() (bool, error) {
		pds, err := f.list(ctx)
		if err != nil {
			return false, err
		}
		for _, pd := range pds {
			interval, err := time.ParseDuration(pd.Spec.DriftDetection.Interval)
			if err != nil {
				return false, fmt.Errorf("%s: driftDetection.interval: %w", pd.Namespace, err)
			}
			if f.driftInterval = interval; interval == 0 {
				continue
			}
			for _, s := range pd.Status.Stacks {
				if d := s.Drift; d == nil || d.LastCheckTime == nil || d.DetectionID != "" {
					return false, nil
				}
			}
		}
		return true, nil
	})
	if errors.Is(err, errTimeout) {
		return fmt.Errorf("the first drift checks did not finish within %s", timeout)
	}
	return err
}

// requestResync asks every deployment for one reconcile with the reconcile-requested-at
// annotation, then waits until each account has called AWS and the log has been quiet for a
// while: that is the cost of one settled resync, which the steady state repeats.
func (f *fleet) requestResync(ctx context.Context, mgr *manager) error {
	since := time.Now()
	stamp := since.UTC().Format(time.RFC3339Nano)
	if err := f.each(8, func(m *member) error {
		pd := &deployv1alpha1.PantherDeployment{ObjectMeta: metav1.ObjectMeta{Name: "panther", Namespace: m.namespace}}
		patch := fmt.Appendf(nil, `{"metadata":{"annotations":{%q:%q}}}`, deployv1alpha1.AnnotationReconcileRequestedAt, stamp)
		return f.k8s.Patch(ctx, pd, client.RawPatch("application/merge-patch+json", patch))
	}); err != nil {
		return err
	}
	const quiet = 2 * time.Second
	// A large fleet's resyncs queue behind the manager's workers, and the request log to read
	// grows with it.
	timeout := max(time.Minute, time.Duration(len(f.members))*300*time.Millisecond)
	err := poll(ctx, mgr, time.Second, timeout, func() (bool, error) {
		records, err := f.aws.Requests(ctx)
		if err != nil {
			return false, err
		}
		seen := map[string]bool{}
		var latest time.Time
		for _, r := range records {
			// The operator's calls alone (see splitCalls): the deployed functions of hundreds
			// of accounts, some on a schedule, never leave the request log quiet.
			if r.Time.After(since) && r.AccessKeyID == r.Account {
				seen[r.Account] = true
				latest = r.Time
			}
		}
		for _, m := range f.members {
			if !seen[m.account] {
				return false, nil
			}
		}
		return time.Since(latest) > quiet, nil
	})
	if errors.Is(err, errTimeout) {
		return fmt.Errorf("%w: not every deployment called AWS within %s of its reconcile request", errResyncIncomplete, timeout)
	}
	return err
}
