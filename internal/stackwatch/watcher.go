// Package stackwatch turns CloudFormation's stack status changes into reconcile requests, so
// that a deployment moves on the moment one of its stacks settles instead of at its next poll.
// One channel (cloud.StackEventQueue) per account and region is long-polled while a
// deployment there has work in progress; the reconciler tells the watcher which stacks each
// deployment has. Polling stays the fallback: see docs/stack-events.md.
package stackwatch

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/handler"
	"sigs.k8s.io/controller-runtime/pkg/source"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
)

// Key is an account and region: the scope of one channel.
type Key struct{ Account, Region string }

// Defaults of the Watcher's timing.
const (
	DefaultWait    = 20 * time.Second // SQS's longest long poll
	DefaultBackoff = time.Second
	maxBackoff     = time.Minute
)

// Watcher long-polls the channels of the accounts and regions with work in progress. It is a
// manager runnable; the zero value is not usable, New makes one.
type Watcher struct {
	// Wait is how long one receive waits for a change.
	Wait time.Duration
	// Backoff is the first pause after a failed call; it doubles up to a minute.
	Backoff time.Duration
	Log     logr.Logger

	requests chan event.TypedGenericEvent[client.Object]

	mu       sync.Mutex
	ctx      context.Context // nil until Start
	channels map[Key]*channel
}

// channel is the state of one account and region. Guarded by Watcher.mu.
type channel struct {
	queue cloud.StackEventQueue
	// owners maps a stack name to the deployment that has it.
	owners map[string]types.NamespacedName
	// active are the deployments with work in progress: the poll runs while there is one.
	active  map[types.NamespacedName]bool
	members map[types.NamespacedName]bool
	// stop ends the running poll; nil when none runs.
	stop context.CancelFunc
	// live is true while the last receive succeeded (or none has failed since Ensure).
	live bool
}

// New makes a Watcher with the default timing.
func New(log logr.Logger) *Watcher {
	return &Watcher{Wait: DefaultWait, Backoff: DefaultBackoff, Log: log,
		requests: make(chan event.TypedGenericEvent[client.Object], 1024), channels: map[Key]*channel{}}
}

// Source is the controller's watch source of the requests.
func (w *Watcher) Source() source.Source {
	return source.Channel(w.requests, &handler.EnqueueRequestForObject{})
}

// Start runs until ctx ends; pollers need its context. It implements manager.Runnable.
func (w *Watcher) Start(ctx context.Context) error {
	w.mu.Lock()
	w.ctx = ctx
	w.scheduleAll()
	w.mu.Unlock()
	<-ctx.Done()
	return nil
}

// Track records the stacks of a deployment in an account and region, and whether it has work
// in progress, and reports whether that channel is live: whether the deployment may rely on
// it and poll less often.
func (w *Watcher) Track(key Key, deployment types.NamespacedName, queue cloud.StackEventQueue, stacks []string, inProgress bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.removeLocked(deployment, key)
	ch := w.channels[key]
	if ch == nil {
		ch = &channel{owners: map[string]types.NamespacedName{}, active: map[types.NamespacedName]bool{},
			members: map[types.NamespacedName]bool{}}
		w.channels[key] = ch
	}
	ch.queue = queue
	ch.members[deployment] = true
	for _, name := range stacks {
		ch.owners[name] = deployment
	}
	if inProgress {
		ch.active[deployment] = true
	}
	w.scheduleAll()
	return ch.live && ch.stop != nil
}

// Forget drops a deployment, and reports whether it was the last one the watcher knew in its
// account and region.
func (w *Watcher) Forget(key Key, deployment types.NamespacedName) (last bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.removeLocked(deployment, Key{})
	w.scheduleAll()
	ch := w.channels[key]
	return ch == nil || len(ch.members) == 0
}

// removeLocked drops a deployment's entries from every channel but keep (it may have moved to
// another account or region).
func (w *Watcher) removeLocked(deployment types.NamespacedName, keep Key) {
	for key, ch := range w.channels {
		for name, owner := range ch.owners {
			if owner == deployment {
				delete(ch.owners, name)
			}
		}
		delete(ch.active, deployment)
		if key != keep {
			delete(ch.members, deployment)
		}
	}
}

// scheduleAll schedules every channel: a deployment that moved to another account or region
// may have left its former one with nothing in progress. Caller holds w.mu.
func (w *Watcher) scheduleAll() {
	for key, ch := range w.channels {
		w.schedule(key, ch)
	}
}

// schedule runs the channel's poll while one of its deployments has work in progress, and
// stops it at once when none has: a settled fleet makes no calls. Caller holds w.mu.
func (w *Watcher) schedule(key Key, ch *channel) {
	switch {
	case len(ch.active) == 0 && ch.stop != nil:
		ch.stop()
		ch.stop, ch.live = nil, false
	case len(ch.active) > 0 && ch.stop == nil && w.ctx != nil:
		ctx, stop := context.WithCancel(w.ctx)
		ch.stop = stop
		go w.poll(ctx, key, ch)
	}
}

// poll receives the channel's changes until ctx ends (schedule stops it).
func (w *Watcher) poll(ctx context.Context, key Key, ch *channel) {
	log := w.Log.WithValues("account", key.Account, "region", key.Region)
	backoff, ensured := w.Backoff, false
	for ctx.Err() == nil {
		w.mu.Lock()
		queue := ch.queue
		w.mu.Unlock()

		if !ensured {
			if err := queue.Ensure(ctx, key.Account); err != nil {
				if ctx.Err() == nil {
					log.Info("Cannot set up the stack events channel; polling instead", "error", err.Error())
				}
				backoff = w.pause(ctx, backoff)
				continue
			}
			ensured = true
			w.setLive(ctx, ch, true)
		}
		changes, err := queue.Receive(ctx, w.Wait)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			w.setLive(ctx, ch, false)
			// A queue deleted under the operator is made again; other failures are retried.
			ensured = !errors.Is(err, cloud.ErrNotFound)
			log.Info("Cannot receive stack events; polling instead", "error", err.Error())
			backoff = w.pause(ctx, backoff)
			continue
		}
		w.setLive(ctx, ch, true)
		backoff = w.Backoff
		w.route(ch, changes)
	}
}

// route sends a request for each change to the deployment that owns its stack.
func (w *Watcher) route(ch *channel, changes []cloud.StackChange) {
	w.mu.Lock()
	owners := make([]types.NamespacedName, 0, len(changes))
	for _, c := range changes {
		if owner, ok := ch.owners[c.StackName]; ok {
			owners = append(owners, owner)
			w.Log.V(1).Info("Stack status change", "stack", c.StackName, "status", c.Status, "deployment", owner.String())
		}
	}
	w.mu.Unlock()
	for _, owner := range owners {
		obj := &deployv1alpha1.PantherDeployment{}
		obj.Namespace, obj.Name = owner.Namespace, owner.Name
		select {
		case w.requests <- event.TypedGenericEvent[client.Object]{Object: obj}:
		default:
			// The controller is this far behind: the request would change nothing a
			// queued one does not, and polling finds the change anyway.
		}
	}
}

// setLive records whether the channel receives, unless its poll has been stopped.
func (w *Watcher) setLive(ctx context.Context, ch *channel, live bool) {
	w.mu.Lock()
	if ctx.Err() == nil {
		ch.live = live
	}
	w.mu.Unlock()
}

// pause waits out a backoff and returns the next one.
func (w *Watcher) pause(ctx context.Context, backoff time.Duration) time.Duration {
	select {
	case <-ctx.Done():
	case <-time.After(backoff):
	}
	return min(2*backoff, maxBackoff)
}
