package testkit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-logr/logr/testr"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/pkg/testkit"
)

// TestKit runs the kit the way a platform team's suite does: the repository's sample manifest
// becomes Ready, and a deployment of a version nobody published stalls with ReleaseNotFound.
func TestKit(t *testing.T) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		t.Skip("KUBEBUILDER_ASSETS is not set: run with `make test` or export KUBEBUILDER_ASSETS=$(make -s envtest)")
	}
	ctx := context.Background()
	started := time.Now()
	env, err := testkit.Start(ctx, testkit.Options{Logger: testr.NewWithOptions(t, testr.Options{Verbosity: 0})})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Error(err)
		}
	})
	t.Logf("started in %s", time.Since(started).Round(time.Millisecond))
	for range 2 { // every call adds an administrator of its own
		if kubeconfig, err := env.KubeConfig(); err != nil || len(kubeconfig) == 0 {
			t.Fatalf("KubeConfig: %d bytes, %v", len(kubeconfig), err)
		}
	}

	t.Run("the sample deployment becomes Ready", func(t *testing.T) {
		begin := time.Now()
		applied, err := env.ApplyFile(ctx, filepath.Join("..", "..", "config", "samples"))
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 1 || applied[0].GetKind() != "PantherDeployment" {
			t.Fatalf("applied %d objects, want the one PantherDeployment", len(applied))
		}
		pd, err := env.WaitForReady(ctx, client.ObjectKey{Namespace: "default", Name: "panther"}, 3*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Ready in %s", time.Since(begin).Round(time.Millisecond))
		if pd.Status.Version != testkit.DefaultVersion {
			t.Errorf("status.version = %q, want %q", pd.Status.Version, testkit.DefaultVersion)
		}
		stacks, err := env.Stacks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(stacks) != 9 {
			t.Fatalf("localaws holds %d stacks, want Panther's nine: %v", len(stacks), stacks)
		}
		for _, s := range stacks {
			if s.Status != "CREATE_COMPLETE" || s.Tags["PantherVersion"] != testkit.DefaultVersion {
				t.Errorf("stack %s: status %s, PantherVersion %q", s.Name, s.Status, s.Tags["PantherVersion"])
			}
		}
	})

	t.Run("a deployment of an unpublished version stalls with ReleaseNotFound", func(t *testing.T) {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "staging"}}
		// Another region, so that it does not meet the sample's deployment (one per account
		// and region).
		pd := &deployv1alpha1.PantherDeployment{
			ObjectMeta: metav1.ObjectMeta{Namespace: "staging", Name: "panther"},
			Spec: deployv1alpha1.PantherDeploymentSpec{
				Region: "us-west-2", Version: "1.16.9",
				Release: deployv1alpha1.ReleaseSource{Bucket: testkit.DefaultReleaseBucket},
			},
		}
		if err := env.Apply(ctx, ns, pd); err != nil {
			t.Fatal(err)
		}
		stalled, err := env.WaitForStalled(ctx, client.ObjectKeyFromObject(pd), deployv1alpha1.ReasonReleaseNotFound, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("Stalled: %s", stalled.Message)
		stacks, err := env.StacksIn(ctx, "", "us-west-2")
		if err != nil {
			t.Fatal(err)
		}
		if len(stacks) != 0 {
			t.Errorf("a stalled deployment created %d stacks", len(stacks))
		}
	})

	t.Run("a second deployment in another localaws account becomes Ready", func(t *testing.T) {
		secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "staging", Name: "aws"},
			StringData: map[string]string{"AWS_ACCESS_KEY_ID": "111111111111", "AWS_SECRET_ACCESS_KEY": "any"}}
		pd := &deployv1alpha1.PantherDeployment{
			ObjectMeta: metav1.ObjectMeta{Namespace: "staging", Name: "second"},
			Spec: deployv1alpha1.PantherDeploymentSpec{
				Region: testkit.DefaultRegion, Version: testkit.DefaultVersion,
				Release:     deployv1alpha1.ReleaseSource{Bucket: testkit.DefaultReleaseBucket},
				Credentials: &deployv1alpha1.Credentials{SecretRef: &deployv1alpha1.SecretReference{Name: "aws"}},
			},
		}
		if err := env.Apply(ctx, secret, pd); err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitForReady(ctx, client.ObjectKeyFromObject(pd), 3*time.Minute); err != nil {
			t.Fatal(err)
		}
		stacks, err := env.StacksIn(ctx, "111111111111", testkit.DefaultRegion)
		if err != nil {
			t.Fatal(err)
		}
		if len(stacks) != 9 {
			t.Errorf("account 111111111111 holds %d stacks, want nine", len(stacks))
		}
	})

	t.Run("deleting the sample tears its stacks down", func(t *testing.T) {
		pd := &deployv1alpha1.PantherDeployment{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "panther"}}
		if err := env.Client().Delete(ctx, pd); err != nil {
			t.Fatal(err)
		}
		if err := env.WaitForDeleted(ctx, pd, 3*time.Minute); err != nil {
			t.Fatal(err)
		}
		stacks, err := env.Stacks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(stacks) != 0 {
			t.Errorf("after the teardown localaws holds %d stacks", len(stacks))
		}
	})
}
