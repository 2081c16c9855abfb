package controllers

import (
	"context"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// sourcedParameters is one parametersFrom entry's values and the stack they are for ("" for
// every stack that takes them).
type sourcedParameters struct {
	set   panther.ParameterSet
	stack panther.Component
	// secretVersion identifies the Secret's content (uid and resourceVersion) when the values
	// come from a Secret, so that the desired-state hash can follow the Secret without
	// including its values.
	secretVersion string
}

// loadParameters reads the Secrets and ConfigMaps of spec.parametersFrom.
func (r *PantherDeploymentReconciler) loadParameters(ctx context.Context, s *scope) (ctrl.Result, error) {
	s.sources = nil
	for i, src := range s.obj.Spec.ParametersFrom {
		values, version, found, err := r.readSource(ctx, s.obj.Namespace, src)
		if err != nil {
			return ctrl.Result{}, err
		}
		if !found {
			if src.Optional {
				continue
			}
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonParametersSourceNotFound,
				"%s %s/%s named in spec.parametersFrom[%d] does not exist: create it, or set optional: true",
				src.Kind, s.obj.Namespace, src.Name, i)
		}
		if src.Stack == "" {
			// A shared key that no stack takes would be ignored without a word; say so instead.
			if unknown := panther.UnknownSharedParameters(values); len(unknown) > 0 {
				return ctrl.Result{}, stalled(deployv1alpha1.ReasonParametersInvalid,
					"%s %s/%s named in spec.parametersFrom[%d] has keys no Panther stack takes as a parameter: %s; remove them or fix their names",
					src.Kind, s.obj.Namespace, src.Name, i, strings.Join(unknown, ", "))
			}
		}
		s.sources = append(s.sources, sourcedParameters{
			set: panther.ParameterSet{
				Origin: fmt.Sprintf("spec.parametersFrom[%d] (%s %s)", i, src.Kind, src.Name),
				Values: values,
				Shared: src.Stack == "",
			},
			stack:         panther.Component(src.Stack),
			secretVersion: version,
		})
	}
	return ctrl.Result{}, nil
}

// readSource returns the values of a parametersFrom entry and, for a Secret, its version.
func (r *PantherDeploymentReconciler) readSource(ctx context.Context, namespace string, src deployv1alpha1.ParametersSource) (map[string]string, string, bool, error) {
	key := client.ObjectKey{Namespace: namespace, Name: src.Name}
	values := map[string]string{}
	var version string
	var err error
	switch src.Kind {
	case deployv1alpha1.ParametersFromSecret:
		secret := &corev1.Secret{}
		if err = r.APIReader.Get(ctx, key, secret); err == nil {
			for k, v := range secret.Data {
				values[k] = string(v)
			}
			version = string(secret.UID) + "@" + secret.ResourceVersion
		}
	case deployv1alpha1.ParametersFromConfigMap:
		cm := &corev1.ConfigMap{}
		if err = r.APIReader.Get(ctx, key, cm); err == nil {
			for k, v := range cm.Data {
				values[k] = v
			}
		}
	default:
		return nil, "", false, stalled(deployv1alpha1.ReasonParametersInvalid, "Unknown parametersFrom kind %q", src.Kind)
	}
	if apierrors.IsNotFound(err) {
		return nil, "", false, nil
	}
	return values, version, err == nil, err
}

// hashableParameters returns the parameters with every value that came from a Secret replaced
// by the Secret's identity and version: the desired-state hash is written on the stack as a
// tag, and a hash of a short secret could be reversed by trying values.
func hashableParameters(s *scope, c panther.Component, params map[string]string) map[string]string {
	out := make(map[string]string, len(params))
	for k, v := range params {
		out[k] = v
	}
	for _, src := range s.sources {
		if src.secretVersion == "" || (src.stack != "" && src.stack != c) {
			continue
		}
		for k := range src.set.Values {
			if _, ok := out[k]; ok {
				out[k] = "from " + src.set.Origin + " " + src.secretVersion
			}
		}
	}
	return out
}

// parameterSets returns the user's parameter sets that apply to component c: the shared
// parametersFrom sets, those aimed at c, then spec.stacks.<c>.parameters.
func parameterSets(s *scope, c panther.Component) []panther.ParameterSet {
	var sets []panther.ParameterSet
	for _, src := range s.sources {
		if src.stack == "" || src.stack == c {
			sets = append(sets, src.set)
		}
	}
	if params := stackSpec(s.obj, c).Parameters; len(params) > 0 {
		sets = append(sets, panther.ParameterSet{Origin: fmt.Sprintf("spec.stacks.%s.parameters", c), Values: params})
	}
	return sets
}
