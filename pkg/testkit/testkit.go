package testkit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	ctrlconfig "sigs.k8s.io/controller-runtime/pkg/config"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	metricsserver "sigs.k8s.io/controller-runtime/pkg/metrics/server"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/controllers"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws"
)

// DefaultVersion is the Panther release published when Options.Versions is empty, the version
// of config/samples.
const DefaultVersion = "1.16.0"

// DefaultReleaseBucket is the bucket the releases are published into when
// Options.ReleaseBucket is empty, the bucket config/samples names.
const DefaultReleaseBucket = "panther-releases"

// DefaultRegion is the region of AWSConfig and Stacks when Options.Region is empty.
const DefaultRegion = "us-east-1"

// DefaultAccountID is localaws's default account: the account of AWSConfig and of every
// deployment that names no credentials of its own.
const DefaultAccountID = "000000000000"

// Options say what Start brings up. The zero value publishes DefaultVersion and suits most
// tests.
type Options struct {
	// Versions are the Panther releases published into ReleaseBucket; empty means
	// DefaultVersion. A deployment naming any other version stalls with ReleaseNotFound.
	Versions []string

	// ReleaseBucket is the S3 bucket in localaws the releases are published into; empty
	// means DefaultReleaseBucket.
	ReleaseBucket string

	// Region is the region of the release bucket, AWSConfig and Stacks; empty means
	// DefaultRegion. As on AWS, a deployment reads its release from a bucket in its own
	// region, so deployments meant to become Ready use this one; localaws serves every region.
	Region string

	// LatencyScale multiplies how long localaws takes to provision CloudFormation resources:
	// 1 makes a Panther deployment take about a minute, as in the demo. Zero means 0.02, which
	// makes the sample deployment Ready in seconds while stacks still visibly progress; a
	// negative value means no latency at all.
	LatencyScale float64

	// TimeScale multiplies the periods of localaws's schedules (the log processor runs every
	// minute on AWS) and SQS batching windows. Zero means 0.1; a negative value means real
	// time.
	TimeScale float64

	// AssetsDir holds the kube-apiserver and etcd binaries; empty means the KUBEBUILDER_ASSETS
	// environment variable (for example `export KUBEBUILDER_ASSETS=$(setup-envtest use -p path)`).
	AssetsDir string

	// CacheDir keeps built releases between runs; empty means
	// os.UserCacheDir()/panther-operator/testkit.
	CacheDir string

	// Logger receives the operator's logs; the zero value discards them. Tests usually pass
	// a logger that writes to t.Log or GinkgoWriter.
	Logger logr.Logger

	// AWSLogger receives localaws's one line per request; nil discards them.
	AWSLogger *slog.Logger
}

// Env is a running test environment: the API server, localaws and the operator. Its methods
// are safe for concurrent use. Stop it when the test ends.
type Env struct {
	opts      Options
	scheme    *runtime.Scheme
	apiServer *envtest.Environment
	aws       *localaws.Server
	awsConfig aws.Config
	client    client.Client

	stopOperator context.CancelFunc
	operatorDone chan error

	stopOnce sync.Once
	stopErr  error
}

// Start brings up the API server with the PantherDeployment CRD, localaws with the releases of
// opts.Versions published, and the operator. ctx bounds the start only; the environment runs
// until Stop. Building the releases the first time takes minutes (see Options.CacheDir).
func Start(ctx context.Context, opts Options) (*Env, error) {
	opts = withDefaults(opts)
	if opts.AssetsDir == "" {
		return nil, errors.New("testkit: no kube-apiserver and etcd: set KUBEBUILDER_ASSETS (for example " +
			"`export KUBEBUILDER_ASSETS=$(setup-envtest use -p path)`) or Options.AssetsDir")
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return nil, err
	}
	e := &Env{opts: opts, scheme: runtime.NewScheme()}
	if err := clientgoscheme.AddToScheme(e.scheme); err != nil {
		return nil, err
	}
	if err := deployv1alpha1.AddToScheme(e.scheme); err != nil {
		return nil, err
	}
	if err := e.start(ctx, root); err != nil {
		_ = e.Stop()
		return nil, err
	}
	return e, nil
}

// start starts the parts in order; Stop stops whatever of them started.
func (e *Env) start(ctx context.Context, root string) error {
	latency := localaws.Options{LatencyScale: max(e.opts.LatencyScale, 0), ZeroLatency: e.opts.LatencyScale < 0,
		TimeScale: max(e.opts.TimeScale, 0), Logger: e.opts.AWSLogger}
	var err error
	if e.aws, err = localaws.Start("127.0.0.1:0", latency); err != nil {
		return fmt.Errorf("testkit: starting localaws: %w", err)
	}
	if e.awsConfig, err = e.loadAWSConfig(ctx, e.opts.Region, ""); err != nil {
		return err
	}
	factory := e.cloudFactory()
	if err := publishReleases(ctx, factory, root, e.opts); err != nil {
		return err
	}

	e.apiServer = &envtest.Environment{
		BinaryAssetsDirectory: e.opts.AssetsDir,
		CRDDirectoryPaths:     []string{filepath.Join(root, "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
		Scheme:                e.scheme,
	}
	cfg, err := e.apiServer.Start()
	if err != nil {
		e.apiServer = nil
		return fmt.Errorf("testkit: starting kube-apiserver and etcd from %s: %w", e.opts.AssetsDir, err)
	}
	// A client that reads straight from the API server, so that waits never see a stale cache.
	if e.client, err = client.New(cfg, client.Options{Scheme: e.scheme}); err != nil {
		return err
	}
	return e.startOperator(cfg, factory)
}

// startOperator runs the operator's manager in this process, as the manager binary does but
// with the short requeue intervals that suit an emulator answering in milliseconds.
func (e *Env) startOperator(cfg *rest.Config, factory *cloud.Factory) error {
	skip := true
	mgr, err := ctrl.NewManager(cfg, ctrl.Options{
		Scheme:  e.scheme,
		Logger:  e.opts.Logger,
		Metrics: metricsserver.Options{BindAddress: "0"},
		// Several environments may run, one after the other or side by side, in one process.
		Controller: ctrlconfig.Controller{SkipNameValidation: &skip},
	})
	if err != nil {
		return fmt.Errorf("testkit: creating the operator's manager: %w", err)
	}
	if _, err := controllers.New(mgr, controllers.Options{
		Cloud:                   factory,
		MaxConcurrentReconciles: 4,
		Intervals: controllers.Intervals{Progress: 500 * time.Millisecond, Settled: time.Hour,
			Stalled: time.Second, RetryBase: 500 * time.Millisecond},
	}); err != nil {
		return fmt.Errorf("testkit: setting up the operator: %w", err)
	}
	mgrCtx, cancel := context.WithCancel(context.Background())
	e.stopOperator, e.operatorDone = cancel, make(chan error, 1)
	go func() { e.operatorDone <- mgr.Start(mgrCtx) }()
	return nil
}

// cloudFactory builds the operator's AWS clients against localaws, whatever the test
// process's AWS environment variables and shared files say.
func (e *Env) cloudFactory() *cloud.Factory {
	return &cloud.Factory{LoadOptions: []func(*config.LoadOptions) error{
		config.WithBaseEndpoint(e.aws.URL()),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("testkit", "testkit", "")),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
	}}
}

// loadAWSConfig returns an SDK configuration for localaws in region; accessKeyID selects the
// account (12 digits) or, when empty, the default account.
func (e *Env) loadAWSConfig(ctx context.Context, region, accessKeyID string) (aws.Config, error) {
	if accessKeyID == "" {
		accessKeyID = "testkit"
	}
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region),
		config.WithBaseEndpoint(e.aws.URL()),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(accessKeyID, "testkit", "")),
		config.WithSharedConfigFiles([]string{}), config.WithSharedCredentialsFiles([]string{}))
	if err != nil {
		return aws.Config{}, fmt.Errorf("testkit: configuring the AWS SDK for localaws: %w", err)
	}
	return cfg, nil
}

// Stop stops the operator, the API server and localaws, in that order. It may be called more
// than once; later calls return the first call's result.
func (e *Env) Stop() error {
	e.stopOnce.Do(func() {
		var errs []error
		if e.stopOperator != nil {
			e.stopOperator()
			if err := <-e.operatorDone; err != nil {
				errs = append(errs, fmt.Errorf("testkit: the operator stopped with an error: %w", err))
			}
		}
		if e.apiServer != nil {
			if err := e.apiServer.Stop(); err != nil {
				errs = append(errs, fmt.Errorf("testkit: stopping the API server: %w", err))
			}
		}
		if e.aws != nil {
			if err := e.aws.Close(); err != nil {
				errs = append(errs, fmt.Errorf("testkit: stopping localaws: %w", err))
			}
		}
		e.stopErr = errors.Join(errs...)
	})
	return e.stopErr
}

// Client returns a controller-runtime client of the API server, as a cluster administrator,
// that reads without a cache. Its scheme knows the built-in kinds and PantherDeployment.
func (e *Env) Client() client.Client { return e.client }

// RESTConfig returns the API server's connection settings, as a cluster administrator.
func (e *Env) RESTConfig() *rest.Config { return rest.CopyConfig(e.apiServer.Config) }

// Scheme returns the scheme of Client: the built-in kinds and PantherDeployment.
func (e *Env) Scheme() *runtime.Scheme { return e.scheme }

// KubeConfig returns a kubeconfig of a cluster administrator, for tools run against the
// API server as processes (kubectl, argocd, flux).
func (e *Env) KubeConfig() ([]byte, error) {
	user, err := e.apiServer.AddUser(envtest.User{Name: "testkit-admin", Groups: []string{"system:masters"}}, nil)
	if err != nil {
		return nil, err
	}
	return user.KubeConfig()
}

// AWSConfig returns an AWS SDK configuration pointed at localaws, in Options.Region and the
// default account, which is where deployments without credentials of their own deploy.
func (e *Env) AWSConfig() aws.Config { return e.awsConfig.Copy() }

// AWSURL returns localaws's endpoint, such as http://127.0.0.1:40123. Any AWS tool reaches
// it with AWS_ENDPOINT_URL set to it and any access key.
func (e *Env) AWSURL() string { return e.aws.URL() }

// withDefaults fills in the zero fields of opts.
func withDefaults(opts Options) Options {
	if len(opts.Versions) == 0 {
		opts.Versions = []string{DefaultVersion}
	}
	if opts.ReleaseBucket == "" {
		opts.ReleaseBucket = DefaultReleaseBucket
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.LatencyScale == 0 {
		opts.LatencyScale = 0.02
	}
	if opts.TimeScale == 0 {
		opts.TimeScale = 0.1
	}
	if opts.AssetsDir == "" {
		opts.AssetsDir = os.Getenv("KUBEBUILDER_ASSETS")
	}
	if opts.Logger.GetSink() == nil {
		opts.Logger = logr.Discard()
	}
	return opts
}
