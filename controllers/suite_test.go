package controllers_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"go.uber.org/zap/zapcore"
	"k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	"github.com/panther-operator/panther-operator/controllers"
	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther/release"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// The suite runs the real reconciler in a real manager against a real API server and a real
// localaws, which the AWS SDK reaches over HTTP. Every story uses its own namespace and its own
// localaws account, because Panther allows one deployment per account and region.

var (
	ctx       context.Context
	cancel    context.CancelFunc
	env       *envtest.Environment
	k8sClient client.Client
	aws       *localaws.Server
	awsAdmin  *admin.Client
	// releases maps a Panther version to the folder its release was built into.
	releases = map[string]string{}
)

const (
	baseVersion   = "1.16.0"
	pinnedVersion = "1.16.1"
)

func TestControllers(t *testing.T) {
	RegisterFailHandler(Fail)
	SetDefaultEventuallyTimeout(90 * time.Second)
	SetDefaultEventuallyPollingInterval(200 * time.Millisecond)
	RunSpecs(t, "PantherDeployment controller")
}

var _ = BeforeSuite(func() {
	ctrl.SetLogger(zap.New(zap.WriteTo(GinkgoWriter), zap.UseDevMode(true), zap.Level(zapcore.Level(-1))))
	ctx, cancel = context.WithCancel(context.Background())

	var err error
	// A small latency scale makes every stack take a little while, so that the order and
	// the parallelism of the stacks can be seen in their times.
	aws, err = localaws.Start("127.0.0.1:0", localaws.Options{LatencyScale: 0.02})
	Expect(err).NotTo(HaveOccurred())
	awsAdmin = admin.New(aws.URL())
	for key, value := range map[string]string{
		"AWS_ENDPOINT_URL":            aws.URL(),
		"AWS_ACCESS_KEY_ID":           "operator",
		"AWS_SECRET_ACCESS_KEY":       "operator-secret",
		"AWS_REGION":                  "us-east-1",
		"AWS_CONFIG_FILE":             filepath.Join(os.TempDir(), "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(os.TempDir(), "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		Expect(os.Setenv(key, value)).To(Succeed())
	}

	functions, err := release.BuildFunctions(ctx, testenv.RepoRoot(), "lambdas", "amd64")
	Expect(err).NotTo(HaveOccurred())
	for _, version := range []string{baseVersion, pinnedVersion} {
		dir := GinkgoT().TempDir()
		_, err := release.Build(ctx, release.Options{
			Version: version, Commit: "0123abcd", Templates: deployments.FS(), OutDir: dir, Functions: functions,
		})
		Expect(err).NotTo(HaveOccurred())
		releases[version] = dir
	}

	env, err = testenv.Start()
	Expect(err).NotTo(HaveOccurred())
	k8sClient, err = client.New(env.Config, client.Options{Scheme: scheme.Scheme})
	Expect(err).NotTo(HaveOccurred())

	stopManager = startManager()
})

// shiftedClock is the real clock moved forward by a shift the stories control, so that a
// story can let an hour pass (for drift detection) without waiting for it.
type shiftedClock struct {
	mu    sync.Mutex
	shift time.Duration
}

func (c *shiftedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.shift)
}

func (c *shiftedClock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

func (c *shiftedClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.shift += d
}

var testClock = &shiftedClock{}

// stopManager stops the running manager and waits until it is gone.
var stopManager func()

// startManager starts the operator's manager, as the manager binary does, and returns how to
// stop it; stories that restart the operator call both.
func startManager() (stop func()) {
	GinkgoHelper()
	mgr, err := ctrl.NewManager(env.Config, ctrl.Options{
		Scheme:  scheme.Scheme,
		Metrics: metricsserver.Options{BindAddress: "0"},
		// A restarted manager registers the controller again in this same process.
		Controller: config.Controller{SkipNameValidation: ptrTo(true)},
	})
	Expect(err).NotTo(HaveOccurred())
	_, err = controllers.New(mgr, controllers.Options{
		Clock: testClock,
		Intervals: controllers.Intervals{
			Progress:  250 * time.Millisecond,
			Settled:   time.Hour,
			Stalled:   time.Second,
			RetryBase: 200 * time.Millisecond,
		},
		MaxConcurrentReconciles: 4,
	})
	Expect(err).NotTo(HaveOccurred())
	mgrCtx, cancelMgr := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer GinkgoRecover()
		defer close(done)
		Expect(mgr.Start(mgrCtx)).To(Succeed())
	}()
	return func() {
		cancelMgr()
		<-done
	}
}

var _ = AfterSuite(func() {
	if stopManager != nil {
		stopManager()
	}
	if cancel != nil {
		cancel()
	}
	if env != nil {
		Expect(env.Stop()).To(Succeed())
	}
	if aws != nil {
		Expect(aws.Close()).To(Succeed())
	}
})
