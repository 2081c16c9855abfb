// Package example shows how a platform team tests the Panther manifests of its GitOps
// repository with pkg/testkit: one environment for the whole package, started in TestMain.
package example

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/pkg/testkit"
)

// env is the API server, localaws and operator every test of the package shares.
var env *testkit.Env

func TestMain(m *testing.M) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		fmt.Println("skipping: set KUBEBUILDER_ASSETS to a folder with kube-apiserver and etcd (setup-envtest use -p path)")
		os.Exit(0)
	}
	// The API server's helpers log through controller-runtime's global logger, which warns
	// when a suite never sets it; a real suite may pass a zap logger instead.
	ctrl.SetLogger(logr.Discard())
	var err error
	// The first run builds the Panther release (minutes); later runs find it in the cache.
	env, err = testkit.Start(context.Background(), testkit.Options{Versions: []string{"1.16.0"}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := env.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// TestManifestsDeploy applies the repository's manifests, as Argo CD would, and checks that
// the operator deploys what the team expects.
func TestManifestsDeploy(t *testing.T) {
	ctx := context.Background()
	if _, err := env.ApplyFile(ctx, "manifests"); err != nil {
		t.Fatal(err)
	}
	pd, err := env.WaitForReady(ctx, client.ObjectKey{Namespace: "security", Name: "prod"}, 3*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if pd.Status.URL == "" {
		t.Error("the deployment reports no web URL")
	}

	stacks, err := env.Stacks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range stacks {
		names[s.Name] = true
		if s.Tags["team"] != "secops" {
			t.Errorf("stack %s has team tag %q, want secops", s.Name, s.Tags["team"])
		}
	}
	if names["panther-onboard"] {
		t.Error("the onboard stack is deployed although the manifest disables it")
	}
	if len(stacks) != 8 {
		t.Errorf("%d stacks deployed, want the eight enabled ones", len(stacks))
	}
}

// TestInconsistentManifestIsRefused shows a mistake the API server refuses before the
// operator sees it: the web stack needs cloud-security.
func TestInconsistentManifestIsRefused(t *testing.T) {
	ctx := context.Background()
	pd := &deployv1alpha1.PantherDeployment{}
	pd.Namespace, pd.Name = "default", "broken"
	pd.Spec.Region, pd.Spec.Version = "eu-west-1", "1.16.0"
	pd.Spec.Release.Bucket = testkit.DefaultReleaseBucket
	disabled := false
	pd.Spec.Stacks.CloudSecurity = deployv1alpha1.StackSpec{Enabled: &disabled}
	err := env.Apply(ctx, pd)
	if err == nil || !strings.Contains(err.Error(), "stacks.web needs stacks.cloudSecurity") {
		t.Fatalf("apply = %v, want the API server to refuse it", err)
	}
}

// TestUnpublishedVersionStalls shows a mistake only the operator finds: the version is not
// published in the release bucket.
func TestUnpublishedVersionStalls(t *testing.T) {
	ctx := context.Background()
	manifest := []byte(`
apiVersion: deploy.panther.io/v1alpha1
kind: PantherDeployment
metadata: {name: next, namespace: default}
spec:
  region: eu-central-1
  version: "1.17.0"
  release: {bucket: panther-releases}
`)
	if _, err := env.ApplyYAML(ctx, manifest); err != nil {
		t.Fatal(err)
	}
	stalled, err := env.WaitForStalled(ctx, client.ObjectKey{Namespace: "default", Name: "next"},
		deployv1alpha1.ReasonReleaseNotFound, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stalled.Message, "1.17.0") {
		t.Errorf("the Stalled message does not name the version: %s", stalled.Message)
	}
}
