package controllers

import (
	"testing"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

func TestWrittenTellsAnOutOfDateCopyFromTheLatest(t *testing.T) {
	at := func(rv string) *deployv1alpha1.PantherDeployment {
		pd := &deployv1alpha1.PantherDeployment{}
		pd.Namespace, pd.Name, pd.ResourceVersion = "prod", "panther", rv
		return pd
	}
	var w written
	if w.stale(at("5")) {
		t.Fatal("a deployment never written is stale")
	}
	w.record(at("12"))
	for rv, want := range map[string]bool{"11": true, "12": false, "13": false, "opaque": false} {
		if got := w.stale(at(rv)); got != want {
			t.Errorf("stale(%s) after writing 12 = %v, want %v", rv, got, want)
		}
	}
	w.forget(client.ObjectKeyFromObject(at("12")))
	if w.stale(at("11")) {
		t.Fatal("a forgotten deployment is still compared")
	}
}
