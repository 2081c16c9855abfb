package controllers

import (
	"strconv"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// staleRetry is how soon a reconcile that met an out-of-date object looks again.
const staleRetry = 50 * time.Millisecond

// written remembers the resourceVersion of each deployment's latest status patch. The
// reconciler reads deployments from the manager's cache, which learns of a write a moment
// after it is made; a reconcile started in that moment (a stack event arriving right after the
// patch) would work from the status before it, and report the same stack changes twice.
type written struct {
	mu       sync.Mutex
	versions map[types.NamespacedName]uint64
}

// record notes the version a status patch produced.
func (w *written) record(obj client.Object) {
	v, err := strconv.ParseUint(obj.GetResourceVersion(), 10, 64)
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.versions == nil {
		w.versions = map[types.NamespacedName]uint64{}
	}
	w.versions[client.ObjectKeyFromObject(obj)] = v
}

// stale reports whether obj is older than the operator's own latest write of it.
// resourceVersions are opaque to clients in general; etcd's are increasing integers, and one
// that is not an integer is never called stale.
func (w *written) stale(obj client.Object) bool {
	v, err := strconv.ParseUint(obj.GetResourceVersion(), 10, 64)
	if err != nil {
		return false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return v < w.versions[client.ObjectKeyFromObject(obj)]
}

// forget drops a deployment that is gone.
func (w *written) forget(key types.NamespacedName) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.versions, key)
}
