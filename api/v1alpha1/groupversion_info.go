// Package v1alpha1 holds the PantherDeployment API of the deploy.panther.io group: the Go
// types, the validation the API server enforces (OpenAPI and CEL markers), and the condition
// types and reasons the controller reports. It imports no AWS SDK.
//
// +kubebuilder:object:generate=true
// +groupName=deploy.panther.io
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

var (
	// GroupVersion is the group and version of the objects in this package.
	GroupVersion = schema.GroupVersion{Group: "deploy.panther.io", Version: "v1alpha1"}

	// SchemeBuilder registers the types of this package with a runtime.Scheme.
	SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

	// AddToScheme adds the types of this package to a runtime.Scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
