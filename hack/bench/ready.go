package main

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// waitReady records when each deployment is first seen Ready at its current generation; a
// Stalled deployment fails the benchmark at once. It watches rather than lists: listing fifty
// deployments several times a second loads the API server the operator measured here needs.
func (f *fleet) waitReady(ctx context.Context, mgr *manager, timeout time.Duration) error {
	byNamespace := map[string]*member{}
	for _, m := range f.members {
		byNamespace[m.namespace] = m
	}
	pending, last := len(f.members), ""
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for pending > 0 {
		// A watch the API server ends is started again; the list catches what it missed.
		pds, err := f.list(ctx)
		if err != nil {
			return err
		}
		for _, pd := range pds {
			if pending, last, err = f.observeReady(byNamespace, pd, pending, last); err != nil {
				return err
			}
		}
		w, err := f.k8s.Watch(ctx, &deployv1alpha1.PantherDeploymentList{}, client.HasLabels{fleetLabel})
		if err != nil {
			return err
		}
		for open := true; open && pending > 0; {
			select {
			case e, ok := <-w.ResultChan():
				open = ok
				pd, isPD := e.Object.(*deployv1alpha1.PantherDeployment)
				if !ok || e.Type == watch.Error || !isPD {
					continue
				}
				if pending, last, err = f.observeReady(byNamespace, pd, pending, last); err != nil {
					w.Stop()
					return err
				}
			case <-deadline.C:
				w.Stop()
				return fmt.Errorf("not every deployment was Ready within %s (for example %s)", timeout, last)
			case <-ctx.Done():
				w.Stop()
				return ctx.Err()
			case <-mgr.done:
				w.Stop()
				return mgr.exitError()
			}
		}
		w.Stop()
	}
	return nil
}

// observeReady records one deployment's state, returning how many are still pending and the
// latest message of one that is not Ready.
func (f *fleet) observeReady(byNamespace map[string]*member, pd *deployv1alpha1.PantherDeployment, pending int, last string) (int, string, error) {
	m := byNamespace[pd.Namespace]
	if m == nil || !m.ready.IsZero() {
		return pending, last, nil
	}
	if c := condition(pd, deployv1alpha1.ConditionStalled); c != nil && c.Status == metav1.ConditionTrue {
		return pending, last, fmt.Errorf("%s/%s is Stalled (%s): %s", pd.Namespace, pd.Name, c.Reason, c.Message)
	}
	c := condition(pd, deployv1alpha1.ConditionReady)
	if c != nil && c.Status == metav1.ConditionTrue {
		m.ready = time.Now()
		return pending - 1, last, nil
	}
	if c != nil {
		last = fmt.Sprintf("%s: %s: %s", pd.Namespace, c.Reason, c.Message)
	}
	return pending, last, nil
}
