// Package e2e drives the project the way a user does: the manager binary as a process, the
// real kubectl built by hack/ against a real API server through a kubeconfig, and localaws.
package e2e_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/panther/release"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// shiftedClock is the real clock moved forward by what a story lets pass.
type shiftedClock struct{ shift atomic.Int64 }

func (c *shiftedClock) now() time.Time          { return time.Now().Add(time.Duration(c.shift.Load())) }
func (c *shiftedClock) advance(d time.Duration) { c.shift.Add(int64(d)) }

var (
	sqsClock   = &shiftedClock{}
	env        *envtest.Environment
	kubeconfig string
	aws        *localaws.Server
	manager    *exec.Cmd
	pantherctl string
)

func TestE2E(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "End to end with kubectl")
}

var _ = BeforeSuite(func() {
	var err error
	env, err = testenv.Start()
	Expect(err).NotTo(HaveOccurred())

	user, err := env.AddUser(envtest.User{Name: "e2e-admin", Groups: []string{"system:masters"}}, nil)
	Expect(err).NotTo(HaveOccurred())
	config, err := user.KubeConfig()
	Expect(err).NotTo(HaveOccurred())
	kubeconfig = filepath.Join(GinkgoT().TempDir(), "kubeconfig")
	Expect(os.WriteFile(kubeconfig, config, 0o600)).To(Succeed())

	By("starting localaws and publishing the release the sample names")
	// TimeScale 0.1 runs the log processor's every-minute schedule every 6 s; the SQS clock
	// moves forward when a story lets a visibility timeout pass.
	aws, err = localaws.Start("127.0.0.1:0", localaws.Options{LatencyScale: 0.02, TimeScale: 0.1, Clock: sqsClock.now})
	Expect(err).NotTo(HaveOccurred())
	awsEnv := []string{"AWS_ENDPOINT_URL=" + aws.URL(), "AWS_ACCESS_KEY_ID=e2e", "AWS_SECRET_ACCESS_KEY=e2e",
		"AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(GinkgoT().TempDir(), "none"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(GinkgoT().TempDir(), "none")}
	for _, kv := range awsEnv {
		key, value, _ := strings.Cut(kv, "=")
		Expect(os.Setenv(key, value)).To(Succeed())
	}
	dir := GinkgoT().TempDir()
	_, err = release.Build(context.Background(), release.Options{Version: "1.16.0", Commit: "0e2e0e2e",
		Templates: deployments.FS(), ModuleDir: testenv.RepoRoot(), FunctionsDir: "lambdas", OutDir: dir})
	Expect(err).NotTo(HaveOccurred())
	clients, err := (&cloud.Factory{}).Clients(context.Background(), cloud.Target{Region: "us-east-1"})
	Expect(err).NotTo(HaveOccurred())
	_, err = release.Publish(context.Background(), clients.Releases, dir, "1.16.0", "panther-releases", false)
	Expect(err).NotTo(HaveOccurred())

	By("building pantherctl")
	pantherctl = filepath.Join(GinkgoT().TempDir(), "pantherctl")
	buildCtl := exec.Command("go", "build", "-o", pantherctl, "./cmd/pantherctl")
	buildCtl.Dir = testenv.RepoRoot()
	ctlOut, err := buildCtl.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(ctlOut))

	By("building and starting the manager binary")
	bin := filepath.Join(GinkgoT().TempDir(), "manager")
	build := exec.Command("go", "build", "-o", bin, "./cmd/manager")
	build.Dir = testenv.RepoRoot()
	out, err := build.CombinedOutput()
	Expect(err).NotTo(HaveOccurred(), string(out))
	// localaws answers in milliseconds, so the manager looks again sooner than it would on AWS.
	manager = exec.Command(bin, "--metrics-bind-address=0", "--health-probe-bind-address=127.0.0.1:0",
		"--kubeconfig="+kubeconfig, "--requeue-progress=500ms", "--retry-base=1s")
	manager.Env = append(os.Environ(), awsEnv...)
	manager.Stdout, manager.Stderr = GinkgoWriter, GinkgoWriter
	Expect(manager.Start()).To(Succeed())
})

var _ = AfterSuite(func() {
	if manager != nil && manager.Process != nil {
		// The manager stops gracefully on SIGTERM, as in a pod.
		_ = manager.Process.Signal(syscall.SIGTERM)
		_ = manager.Wait()
	}
	if aws != nil {
		Expect(aws.Close()).To(Succeed())
	}
	if env != nil {
		Expect(env.Stop()).To(Succeed())
	}
})

// kubectl runs the kubectl next to the control plane binaries against the test cluster and
// returns its combined output.
func kubectl(args ...string) (string, error) {
	bin := filepath.Join(os.Getenv("KUBEBUILDER_ASSETS"), "kubectl")
	cmd := exec.CommandContext(context.Background(), bin, append([]string{"--kubeconfig", kubeconfig}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
