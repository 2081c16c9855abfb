// Package testenv starts the real control plane (kube-apiserver and etcd from
// KUBEBUILDER_ASSETS, see hack/envtest-assets.sh) with the project's CRDs installed, for the
// envtest suites of every package.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// ErrNoAssets says that the control plane binaries are missing.
var ErrNoAssets = errors.New("KUBEBUILDER_ASSETS is not set: run the tests with `make test`, " +
	"or export KUBEBUILDER_ASSETS=$(make -s envtest)")

// RepoRoot is the repository's top folder, found from this file's location so that every
// package's tests can name repository files whatever their working directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Start starts kube-apiserver and etcd with the CRDs of config/crd/bases installed, and
// registers the API types with client-go's scheme.
func Start() (*envtest.Environment, error) {
	if os.Getenv("KUBEBUILDER_ASSETS") == "" {
		return nil, ErrNoAssets
	}
	if err := deployv1alpha1.AddToScheme(scheme.Scheme); err != nil {
		return nil, fmt.Errorf("registering the API types: %w", err)
	}
	env := &envtest.Environment{
		CRDDirectoryPaths:     []string{filepath.Join(RepoRoot(), "config", "crd", "bases")},
		ErrorIfCRDPathMissing: true,
		Scheme:                scheme.Scheme,
	}
	if _, err := env.Start(); err != nil {
		return nil, fmt.Errorf("starting the control plane: %w", err)
	}
	return env, nil
}

// PantherDeploymentResource is the resource of the PantherDeployment kind.
var PantherDeploymentResource = schema.GroupVersionResource{
	Group: deployv1alpha1.GroupVersion.Group, Version: deployv1alpha1.GroupVersion.Version,
	Resource: "pantherdeployments",
}
