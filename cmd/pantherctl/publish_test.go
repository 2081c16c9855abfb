package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/panther"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

const testVersion = "1.16.0"

// startLocalAWS starts localaws and points the standard AWS configuration at it, with the
// credentials of a 12-digit access key, which selects that localaws account.
func startLocalAWS(t testing.TB, account string) *localaws.Server {
	t.Helper()
	return startLocalAWSWith(t, account, localaws.Options{ZeroLatency: true})
}

// startLocalAWSWith starts localaws with opts and points the standard AWS configuration at it.
func startLocalAWSWith(t testing.TB, account string, opts localaws.Options) *localaws.Server {
	t.Helper()
	srv, err := localaws.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	t.Setenv("AWS_ENDPOINT_URL", srv.URL())
	t.Setenv("AWS_ACCESS_KEY_ID", account)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", t.TempDir()+"/none")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", t.TempDir()+"/none")
	return srv
}

func publish(t testing.TB, extra ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	args := append([]string{"release", "publish", "--version", testVersion, "--bucket", "panther-releases",
		"--commit", "0123abcd", "--module", "../.."}, extra...)
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String() + stderr.String()
}

// builtRelease is this tree's release, built once for the tests that publish it again: each
// build compiles every function.
var builtRelease = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "pantherctl-release-")
	if err != nil {
		return "", err
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"release", "build", "--version", testVersion, "--out", dir,
		"--commit", "0123abcd", "--module", "../.."}, &stdout, &stderr); code != 0 {
		return "", fmt.Errorf("release build: exit %d: %s", code, stderr.String())
	}
	return dir, nil
})

// publishBuilt publishes the release built once.
func publishBuilt(t testing.TB, extra ...string) (int, string) {
	t.Helper()
	dir, err := builtRelease()
	if err != nil {
		t.Fatal(err)
	}
	return publish(t, append([]string{"--dir", dir}, extra...)...)
}

func TestPublishSkipsWhatIsThereAndRefusesToOverwrite(t *testing.T) {
	startLocalAWS(t, "111111111111")
	code, out := publish(t)
	if code != 0 || !strings.Contains(out, "uploaded v1.16.0/manifest.json") {
		t.Fatalf("first publish: exit %d\n%s", code, out)
	}
	code, out = publishBuilt(t)
	if code != 1 || !strings.Contains(out, "already published") || !strings.Contains(out, "--force") {
		t.Fatalf("second publish without --force: exit %d\n%s", code, out)
	}
	code, out = publishBuilt(t, "--force")
	// Only the manifest is written again: every template and function is there with the same
	// content.
	if code != 0 || !regexp.MustCompile(`: 1 uploaded, [1-9]\d* already there`).MatchString(out) {
		t.Fatalf("publish with --force: exit %d\n%s", code, out)
	}
}

// defaultConfig is the typed config with the defaults the API server fills in.
func defaultConfig() deployv1alpha1.PantherConfig {
	yes := true
	return deployv1alpha1.PantherConfig{
		Company:    deployv1alpha1.CompanyConfig{DisplayName: "AwesomeCo", Email: "secops@example.com"},
		FirstUser:  deployv1alpha1.FirstUserConfig{GivenName: "PantherUser", FamilyName: "Community", Email: "ada@example.com"},
		Monitoring: deployv1alpha1.MonitoringConfig{CloudWatchLogRetentionDays: 365},
		Network: deployv1alpha1.NetworkConfig{SubnetOneIPRange: "172.31.250.0/26", SubnetTwoIPRange: "172.31.251.0/26",
			LoadBalancerSecurityGroupCidr: "0.0.0.0/0"},
		Setup:         deployv1alpha1.SetupConfig{OnboardSelf: &yes, EnableS3AccessLogs: &yes},
		LogProcessing: deployv1alpha1.LogProcessingConfig{LambdaMemorySize: 1024, SQSReadBatchSize: 10},
		CloudSecurity: deployv1alpha1.CloudSecurityConfig{LambdaMemorySize: 512},
		Database:      deployv1alpha1.DatabaseConfig{KvTableBillingMode: "PAY_PER_REQUEST"},
	}
}

// deploy creates one stack through a change set and waits until CloudFormation is done.
func deploy(t testing.TB, clients *cloud.Clients, template cloud.StackInput) cloud.Stack {
	t.Helper()
	ctx := context.Background()
	in := cloud.ChangeSetInput{StackInput: template, ChangeSetName: "publish-test", Create: true}
	if err := clients.Stacks.CreateChangeSet(ctx, in); err != nil {
		t.Fatalf("%s: %v", in.StackName, err)
	}
	waitFor(t, func() (bool, error) {
		cs, err := clients.Stacks.DescribeChangeSet(ctx, in.StackName, in.ChangeSetName)
		if cs.Status == "FAILED" {
			return false, errors.New(cs.StatusReason)
		}
		return cs.Status == "CREATE_COMPLETE", err
	})
	if err := clients.Stacks.ExecuteChangeSet(ctx, in.StackName, in.ChangeSetName); err != nil {
		t.Fatal(err)
	}
	var stack cloud.Stack
	waitFor(t, func() (bool, error) {
		var err error
		stack, err = clients.Stacks.Describe(ctx, in.StackName)
		if err != nil || stack.Status == "CREATE_IN_PROGRESS" {
			return false, err
		}
		if stack.Status != "CREATE_COMPLETE" {
			return false, errors.New(in.StackName + " ended " + string(stack.Status) + ": " + stack.StatusReason)
		}
		return true, nil
	})
	return stack
}

// waitFor polls done until it is true; polling is what a test of an asynchronous API does.
func waitFor(t testing.TB, done func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		ok, err := done()
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("timed out")
}

func clientsOf(t testing.TB) *cloud.Clients {
	t.Helper()
	clients, err := (&cloud.Factory{}).Clients(context.Background(), cloud.Target{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	return clients
}

func manifestOf(t testing.TB, clients *cloud.Clients) *panther.Manifest {
	t.Helper()
	data, err := clients.Objects.Get(context.Background(), "panther-releases", panther.ManifestKey(testVersion))
	if err != nil {
		t.Fatal(err)
	}
	m, err := panther.ParseManifest(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPublishedReleaseDeploysInCatalogOrder publishes the release into localaws and deploys
// the nine stacks from it, in catalog order, with the catalog's parameter maps.
func TestPublishedReleaseDeploysInCatalogOrder(t *testing.T) {
	srv := startLocalAWS(t, "222222222222")
	if code, out := publishBuilt(t); code != 0 {
		t.Fatalf("publish: %s", out)
	}
	ctx := context.Background()
	clients := clientsOf(t)
	m := manifestOf(t, clients)
	outputs := map[panther.Component]map[string]string{}
	for _, st := range panther.Stacks() {
		rel, _ := m.Stack(st.Component)
		params, err := panther.BuildParameters(st.Component, panther.Inputs{
			Config:  panther.ConfigValues(defaultConfig()),
			Outputs: outputs,
			Computed: map[string]string{
				panther.ComputedCustomResourceVersion: panther.CustomResourceVersion(testVersion, m.SourceCommit),
				panther.ComputedPantherVersion:        testVersion, panther.ComputedPantherCommit: m.SourceCommit,
				panther.ComputedDeployFromSource: "false", panther.ComputedReleaseBucket: "panther-releases",
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		url, err := clients.Objects.URL(ctx, "panther-releases", panther.VersionPrefix(testVersion)+rel.TemplateKey)
		if err != nil {
			t.Fatal(err)
		}
		stack := deploy(t, clients, cloud.StackInput{
			StackName: st.Name, TemplateURL: url, Parameters: params, Capabilities: rel.Capabilities,
			Tags: map[string]string{"Application": "Panther", "PantherVersion": testVersion, "Stack": st.Name},
		})
		outputs[st.Component] = stack.Outputs
	}

	// Every bucket of bootstrap carries the tags the teardown looks for.
	s3c := s3.NewFromConfig(awssdk.Config{Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("222222222222", "secret", "")},
		func(o *s3.Options) { o.BaseEndpoint = awssdk.String(srv.URL()); o.UsePathStyle = true })
	buckets := 0
	for name, value := range outputs[panther.Bootstrap] {
		if !strings.HasSuffix(name, "Bucket") || value == "" {
			continue
		}
		buckets++
		tags, err := s3c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: awssdk.String(value)})
		if err != nil {
			t.Fatalf("bucket %s (%s): %v", name, value, err)
		}
		got := map[string]string{}
		for _, tag := range tags.TagSet {
			got[awssdk.ToString(tag.Key)] = awssdk.ToString(tag.Value)
		}
		if got["Application"] != "Panther" || got["Stack"] != "panther-bootstrap" {
			t.Errorf("bucket %s has tags %v", value, got)
		}
	}
	if buckets < 4 {
		t.Errorf("found %d bootstrap buckets in its outputs, want at least 4", buckets)
	}
}

// TestPublishedRootTemplateDeploysAsNestedStacks deploys the release's root template, which
// nests the nine stacks.
func TestPublishedRootTemplateDeploysAsNestedStacks(t *testing.T) {
	startLocalAWS(t, "333333333333")
	clients := clientsOf(t)
	root := deployPublishedRoot(t, clients)
	ctx := context.Background()
	if !strings.HasPrefix(root.Outputs["LoadBalancerUrl"], "https://") {
		t.Errorf("LoadBalancerUrl = %q", root.Outputs["LoadBalancerUrl"])
	}
	all, err := clients.Stacks.List(ctx, []string{panther.RootStackName})
	if err != nil {
		t.Fatal(err)
	}
	nested := map[string]string{}
	for _, st := range all {
		if st.RootID == root.ID {
			nested[st.Tags["Stack"]] = string(st.Status)
		}
	}
	for _, st := range panther.Stacks() {
		if nested[st.Name] != "CREATE_COMPLETE" {
			t.Errorf("nested %s: %q", st.Name, nested[st.Name])
		}
	}
}

// deployPublishedRoot publishes the built release and deploys its root template (Root mode),
// which nests the nine stacks.
func deployPublishedRoot(t testing.TB, clients *cloud.Clients) cloud.Stack {
	t.Helper()
	if code, out := publishBuilt(t); code != 0 {
		t.Fatalf("publish: %s", out)
	}
	ctx := context.Background()
	m := manifestOf(t, clients)
	prefix := panther.VersionPrefix(testVersion)
	body, err := clients.Objects.Get(ctx, "panther-releases", prefix+m.Root.TemplateKey)
	if err != nil {
		t.Fatal(err)
	}
	body, err = release.AbsoluteRoot(body, "panther-releases", func(key string) (string, error) {
		return clients.Objects.URL(ctx, "panther-releases", prefix+key)
	})
	if err != nil {
		t.Fatal(err)
	}
	return deploy(t, clients, cloud.StackInput{
		StackName: panther.RootStackName, TemplateBody: string(body), Capabilities: m.Root.Capabilities,
		Parameters: map[string]string{"FirstUserEmail": "ada@example.com"},
		Tags:       map[string]string{"Application": "Panther"},
	})
}
