// Command demo is the local demo behind `make demo`: a real Kubernetes API server, localaws,
// a published Panther release, the operator and the sample PantherDeployment, on one machine
// with no AWS account. It shows the deployment until Ready, prints the commands to look around
// and to tear down, and stops everything it started on Ctrl-C.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/controllers"
	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

func main() {
	dir := flag.String("dir", ".demo", "folder for the demo's kubeconfig, logs and release")
	awsAddr := flag.String("localaws", "127.0.0.1:4566", "address localaws listens on")
	latency := flag.Float64("latency-scale", 1, "localaws latency scale; 1 makes a Panther stack take seconds")
	timeScale := flag.Float64("time-scale", 0.1, "localaws time scale of schedules; 0.1 runs the every-minute log processor every 6 s")
	version := flag.String("version", "1.16.0", "Panther version to publish and deploy")
	webAddr := flag.String("web", "127.0.0.1:8080", "address the web app is served on")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *dir, *awsAddr, *webAddr, *latency, *timeScale, *version); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dir, awsAddr, webAddr string, latency, timeScale float64, version string) error {
	dir, err := filepath.Abs(dir)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	step("Building the control plane (kube-apiserver, etcd, kubectl); the first time takes minutes")
	assets, err := output(ctx, "hack/envtest-assets.sh")
	if err != nil {
		return err
	}
	kubectl := filepath.Join(assets, "kubectl")

	step("Starting localaws on " + awsAddr)
	aws, err := localaws.Start(awsAddr, localaws.Options{LatencyScale: latency, TimeScale: timeScale})
	if err != nil {
		return fmt.Errorf("starting localaws (is another one running on %s?): %w", awsAddr, err)
	}
	defer func() { _ = aws.Close() }()
	for key, value := range map[string]string{
		"AWS_ENDPOINT_URL": aws.URL(), "AWS_ACCESS_KEY_ID": "demo", "AWS_SECRET_ACCESS_KEY": "demo",
		"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_CONFIG_FILE": filepath.Join(dir, "no-aws-config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "no-aws-credentials"),
	} {
		_ = os.Setenv(key, value)
	}

	step("Publishing Panther " + version + " into localaws (s3://panther-releases)")
	if err := publish(ctx, filepath.Join(dir, "release"), version); err != nil {
		return err
	}

	step("Starting the Kubernetes API server with the PantherDeployment CRD")
	env, cfg, kubeconfig, err := startAPIServer(assets, dir)
	if err != nil {
		return err
	}
	defer func() { _ = env.Stop() }()

	step("Starting the operator (logs: " + filepath.Join(dir, "operator.log") + ")")
	stopOperator, err := startOperator(ctx, cfg, filepath.Join(dir, "operator.log"))
	if err != nil {
		return err
	}
	defer stopOperator()

	step("Applying config/samples/ with kubectl")
	apply := exec.CommandContext(ctx, kubectl, "--kubeconfig", kubeconfig, "apply", "-f", "config/samples/")
	apply.Stdout, apply.Stderr = os.Stdout, os.Stderr
	if err := apply.Run(); err != nil {
		return err
	}

	step("Following the deployment with pantherctl watch")
	watch := exec.CommandContext(ctx, filepath.Join("bin", "pantherctl"), "watch", "panther", "-n", "default",
		"--kubeconfig", kubeconfig, "--timeout", "30m")
	watch.Stdout, watch.Stderr = os.Stdout, os.Stderr
	if err := watch.Run(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("the deployment did not become Ready: %w", err)
	}

	return usePanther(ctx, aws.URL(), webAddr, dir, version, kubeconfig, kubectl)
}

// usePanther shows the deployed Panther at work, serves its web app and waits for Ctrl-C.
func usePanther(ctx context.Context, awsURL, webAddr, dir, version, kubeconfig, kubectl string) error {
	invitation, err := detect(ctx, awsURL)
	if err != nil {
		return err
	}

	step("Serving the web app on " + webAddr + " (logs: " + filepath.Join(dir, "web.log") + ")")
	web, err := startWeb(ctx, awsURL, webAddr, version, filepath.Join(dir, "web.log"))
	if err != nil {
		return fmt.Errorf("the web app: %w", err)
	}
	defer func() { _ = web.Stop() }()

	printNextSteps(kubeconfig, kubectl, awsURL, web.URL, invitation)
	<-ctx.Done()
	step("Stopping everything the demo started")
	return nil
}

// printNextSteps tells the user what to do with the running demo.
func printNextSteps(kubeconfig, kubectl, awsURL, webURL string, invitation invitation) {
	fmt.Printf(`
Panther is Ready in localaws. Sign in to the web app:

  %[4]s
  email:              %[5]s
  temporary password: %[6]s    (you choose your own password at the first sign-in)

In another terminal:

  export KUBECONFIG=%[1]s
  alias kubectl=%[2]s
  kubectl get pd                       # Region, Version, Ready, Reason, Drift, URL
  kubectl describe pd panther          # conditions, stacks and events
  bin/pantherctl status panther        # stacks, progress and latest events
  kubectl delete pd panther            # tears the stacks down in reverse order, then returns
  bin/pantherctl logs parse --log-type AWS.CloudTrail --records hack/demo/sample-cloudtrail.json
                                       # the same normalization, without AWS
  bin/pantherctl analysis test detections
                                       # the detection pack's unit tests, with the engine's code

Any AWS tool reaches localaws with AWS_ENDPOINT_URL=%[3]s (any access key).

Press Ctrl-C here to stop the API server, localaws and the operator.
`, kubeconfig, kubectl, awsURL, webURL, invitation.email, invitation.temporaryPassword)
}

// startAPIServer starts kube-apiserver and etcd with the CRDs installed, and writes a
// kubeconfig of an admin user into dir.
func startAPIServer(assets, dir string) (*envtest.Environment, *rest.Config, string, error) {
	env := &envtest.Environment{
		BinaryAssetsDirectory: assets, CRDDirectoryPaths: []string{filepath.Join("config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
	}
	cfg, err := env.Start()
	if err != nil {
		return nil, nil, "", err
	}
	fail := func(err error) (*envtest.Environment, *rest.Config, string, error) {
		_ = env.Stop()
		return nil, nil, "", err
	}
	user, err := env.AddUser(envtest.User{Name: "demo-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return fail(err)
	}
	kubeconfigData, err := user.KubeConfig()
	if err != nil {
		return fail(err)
	}
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, kubeconfigData, 0o600); err != nil {
		return fail(err)
	}
	return env, cfg, kubeconfig, nil
}

// startOperator runs the operator's manager in this process, logging to logPath, and returns
// how to stop it.
func startOperator(ctx context.Context, cfg *rest.Config, logPath string) (stop func(), err error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	ctrl.SetLogger(zap.New(zap.WriteTo(logFile)))
	if err := deployv1alpha1.AddToScheme(scheme.Scheme); err != nil {
		return nil, err
	}
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{Scheme: scheme.Scheme, Metrics: metricsserver.Options{BindAddress: "0"}})
	if err != nil {
		return nil, err
	}
	if _, err := controllers.New(mgr, controllers.Options{
		MaxConcurrentReconciles: 4,
		Intervals: controllers.Intervals{Progress: time.Second, Settled: 10 * time.Minute, Stalled: 10 * time.Second,
			RetryBase: 5 * time.Second},
	}); err != nil {
		return nil, err
	}
	mgrDone := make(chan error, 1)
	mgrCtx, stopMgr := context.WithCancel(ctx)
	go func() { mgrDone <- mgr.Start(mgrCtx) }()
	return func() {
		stopMgr()
		if err := <-mgrDone; err != nil {
			fmt.Fprintln(os.Stderr, "demo: the operator stopped with an error:", err)
		}
		_ = logFile.Close()
	}, nil
}

// publish builds the release of this tree and publishes it into localaws.
func publish(ctx context.Context, out, version string) error {
	commit, err := output(ctx, "git", "rev-parse", "--short", "HEAD")
	if err != nil {
		commit = "0000000"
	}
	if _, err := release.Build(ctx, release.Options{Version: version, Commit: commit, Templates: deployments.FS(),
		ModuleDir: ".", FunctionsDir: "lambdas", OutDir: out}); err != nil {
		return err
	}
	clients, err := (&cloud.Factory{}).Clients(ctx, cloud.Target{Region: "us-east-1"})
	if err != nil {
		return err
	}
	_, err = release.Publish(ctx, clients.Releases, out, version, "panther-releases", true)
	return err
}

func output(ctx context.Context, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

func step(message string) {
	fmt.Printf("==> %s\n", message)
}
