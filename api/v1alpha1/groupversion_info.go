// Package v1alpha1 holds the PantherDeployment API of the deploy.panther.io group: the Go
// types, the validation the API server enforces (OpenAPI and CEL markers), and the condition
// types and reasons the controller reports. It imports no AWS SDK and nothing of
// controller-runtime, so that any program can use the types.
//
// +kubebuilder:object:generate=true
// +groupName=deploy.panther.io
package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

var (
	// GroupVersion is the group and version of the objects in this package.
	GroupVersion = schema.GroupVersion{Group: "deploy.panther.io", Version: "v1alpha1"}

	// SchemeBuilder registers the types of this package with a runtime.Scheme.
	SchemeBuilder = runtime.NewSchemeBuilder(addKnownTypes)

	// AddToScheme adds the types of this package to a runtime.Scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)

func addKnownTypes(scheme *runtime.Scheme) error {
	scheme.AddKnownTypes(GroupVersion, &PantherDeployment{}, &PantherDeploymentList{})
	metav1.AddToGroupVersion(scheme, GroupVersion)
	return nil
}
