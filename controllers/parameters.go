package controllers

import (
	"context"
	"fmt"

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
}

// loadParameters reads the Secrets and ConfigMaps of spec.parametersFrom.
func (r *PantherDeploymentReconciler) loadParameters(ctx context.Context, s *scope) (ctrl.Result, error) {
	s.sources = nil
	for i, src := range s.obj.Spec.ParametersFrom {
		values, found, err := r.readSource(ctx, s.obj.Namespace, src)
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
		s.sources = append(s.sources, sourcedParameters{
			set: panther.ParameterSet{
				Origin: fmt.Sprintf("spec.parametersFrom[%d] (%s %s)", i, src.Kind, src.Name),
				Values: values,
				Shared: src.Stack == "",
			},
			stack: panther.Component(src.Stack),
		})
	}
	return ctrl.Result{}, nil
}

func (r *PantherDeploymentReconciler) readSource(ctx context.Context, namespace string, src deployv1alpha1.ParametersSource) (map[string]string, bool, error) {
	key := client.ObjectKey{Namespace: namespace, Name: src.Name}
	values := map[string]string{}
	var err error
	switch src.Kind {
	case deployv1alpha1.ParametersFromSecret:
		secret := &corev1.Secret{}
		if err = r.APIReader.Get(ctx, key, secret); err == nil {
			for k, v := range secret.Data {
				values[k] = string(v)
			}
			for k, v := range secret.StringData {
				values[k] = v
			}
		}
	case deployv1alpha1.ParametersFromConfigMap:
		cm := &corev1.ConfigMap{}
		if err = r.APIReader.Get(ctx, key, cm); err == nil {
			for k, v := range cm.Data {
				values[k] = v
			}
		}
	default:
		return nil, false, stalled(deployv1alpha1.ReasonParametersInvalid, "Unknown parametersFrom kind %q", src.Kind)
	}
	if apierrors.IsNotFound(err) {
		return nil, false, nil
	}
	return values, err == nil, err
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
