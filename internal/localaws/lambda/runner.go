package lambda

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// launch is how to start instances of a function at one code and configuration. A function
// whose code or configuration changes gets a new launch; instances of the old one are not
// reused.
type launch struct {
	// key identifies the code and configuration: instances are reused only under one key.
	key      string
	arn      string
	name     string
	runtime  string
	handler  string
	taskRoot string
	// optDir holds the function's layers, merged, as Lambda mounts them at /opt.
	optDir  string
	env     []string
	timeout time.Duration
	memory  int
	// concurrency bounds the instances that run at once.
	concurrency int
	// pythonBootstrap is the path of this package's Python runtime, for python3.x functions.
	pythonBootstrap string
	// code holds the zips that taskRoot and optDir are unpacked from.
	code         *codeStore
	codeDigest   string
	layerDigests []string
}

// unpack fills taskRoot and optDir from the function's and its layers' zips, the first time
// an instance of this code starts; later calls find them unpacked.
func (l *launch) unpack() error {
	if err := l.code.prepare(); err != nil {
		return err
	}
	if _, err := l.code.unpacked(l.codeDigest); err != nil {
		return err
	}
	_, err := l.code.merged(l.layerDigests)
	return err
}

// command is the process that runs the function's runtime.
func (l *launch) command() ([]string, error) {
	switch {
	case l.runtime == "provided.al2023" || l.runtime == "provided.al2" || l.runtime == "provided":
		return []string{filepath.Join(l.taskRoot, "bootstrap")}, nil
	case l.runtime == "go1.x":
		return []string{filepath.Join(l.taskRoot, l.handler)}, nil
	case strings.HasPrefix(l.runtime, "python3"):
		python, err := exec.LookPath("python3")
		if err != nil {
			return nil, fmt.Errorf("runtime %s needs python3 on this machine: %w", l.runtime, err)
		}
		return []string{python, "-u", l.pythonBootstrap}, nil
	}
	return nil, fmt.Errorf("runtime %s is not supported", l.runtime)
}

// pool holds the instances of one function.
type pool struct {
	mu      sync.Mutex
	launch  *launch
	idle    []*instance
	running int // instances alive, busy or idle
}

// DefaultIdleTimeout is how long an instance stays warm without an invocation. Lambda keeps an
// idle instance for minutes, not for ever; without a limit, every function that ever ran
// would keep a process, which for a fleet of deployments on one machine is thousands.
const DefaultIdleTimeout = 10 * time.Minute

// runner runs functions' invocations on pooled instances.
type runner struct {
	mu     sync.Mutex
	pools  map[string]*pool // by function ARN
	closed bool
	// idleTimeout is how long an idle instance lives; the sweeper, started with the first
	// idle instance, stops them.
	idleTimeout time.Duration
	sweeping    bool
	stop        chan struct{}
}

func newRunner(idleTimeout time.Duration) *runner {
	return &runner{pools: map[string]*pool{}, idleTimeout: idleTimeout, stop: make(chan struct{})}
}

// errTooManyRequests is the answer while every instance a function may have is busy.
var errTooManyRequests = fmt.Errorf("rate exceeded")

// acquire returns an idle instance of l, or starts one within l's concurrency.
func (r *runner) acquire(l *launch) (*pool, *instance, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, nil, fmt.Errorf("localaws is shutting down")
	}
	p := r.pools[l.arn]
	var stale []*instance
	if p == nil || p.launch.key != l.key {
		if p != nil {
			p.mu.Lock()
			stale, p.idle = p.idle, nil
			p.mu.Unlock()
		}
		p = &pool{launch: l}
		r.pools[l.arn] = p
	}
	r.mu.Unlock()
	for _, inst := range stale {
		go inst.kill()
	}

	p.mu.Lock()
	for len(p.idle) > 0 {
		inst := p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		if inst.alive() {
			p.mu.Unlock()
			return p, inst, nil
		}
		p.running--
		go inst.kill()
	}
	if p.running >= l.concurrency {
		p.mu.Unlock()
		return nil, nil, errTooManyRequests
	}
	p.running++
	p.mu.Unlock()
	inst, err := startInstance(l)
	if err != nil {
		p.mu.Lock()
		p.running--
		p.mu.Unlock()
		return nil, nil, err
	}
	return p, inst, nil
}

// release returns a live instance to its pool, or forgets a dead one.
func (r *runner) release(p *pool, inst *instance) {
	r.mu.Lock()
	current := r.pools[p.launch.arn] == p && !r.closed
	if current && !r.sweeping {
		r.sweeping = true
		go r.sweep()
	}
	r.mu.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	if current && inst.alive() {
		inst.idleSince = time.Now()
		p.idle = append(p.idle, inst)
		return
	}
	p.running--
	go inst.kill()
}

// sweep stops, every quarter of the idle timeout, the instances idle for longer than it, until
// the runner closes.
func (r *runner) sweep() {
	ticker := time.NewTicker(max(r.idleTimeout/4, 10*time.Millisecond))
	defer ticker.Stop()
	for {
		select {
		case <-r.stop:
			return
		case now := <-ticker.C:
			r.mu.Lock()
			pools := make([]*pool, 0, len(r.pools))
			for _, p := range r.pools {
				pools = append(pools, p)
			}
			r.mu.Unlock()
			for _, p := range pools {
				for _, inst := range p.expire(now, r.idleTimeout) {
					go inst.kill()
				}
			}
		}
	}
}

// expire takes the instances idle since before now-timeout out of the pool.
func (p *pool) expire(now time.Time, timeout time.Duration) []*instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	var expired []*instance
	kept := p.idle[:0]
	for _, inst := range p.idle {
		if now.Sub(inst.idleSince) >= timeout {
			expired = append(expired, inst)
			p.running--
			continue
		}
		kept = append(kept, inst)
	}
	clear(p.idle[len(kept):])
	p.idle = kept
	return expired
}

// forget drops the instances of a deleted function.
func (r *runner) forget(arn string) {
	r.mu.Lock()
	p := r.pools[arn]
	delete(r.pools, arn)
	r.mu.Unlock()
	if p == nil {
		return
	}
	p.mu.Lock()
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, inst := range idle {
		inst.kill()
	}
}

// close kills every idle instance; busy ones die as they are released.
func (r *runner) close() {
	r.mu.Lock()
	if !r.closed {
		close(r.stop)
	}
	r.closed = true
	pools := r.pools
	r.pools = map[string]*pool{}
	r.mu.Unlock()
	for _, p := range pools {
		p.mu.Lock()
		idle := p.idle
		p.idle = nil
		p.mu.Unlock()
		for _, inst := range idle {
			inst.kill()
		}
	}
}

// result is an invocation's outcome with what Lambda reports beside it.
type result struct {
	outcome
	requestID string
	lines     []string // what the function printed during the invocation
	stream    string
	duration  time.Duration
	// initDuration is the cold start's time to the first event; zero when warm.
	initDuration time.Duration
	coldStart    bool
}

// invoke runs one invocation of l: on an idle instance or a new one, killing the instance
// when it runs out of time. It never holds the emulator's lock.
func (r *runner) invoke(l *launch, payload []byte) (result, error) {
	p, inst, err := r.acquire(l)
	if err != nil {
		return result{}, err
	}
	res := result{requestID: wire.NewUUID(), stream: inst.stream, coldStart: inst.fresh}
	start := time.Now()
	inv := &invocation{id: res.requestID, payload: payload, deadline: start.Add(l.timeout), timeout: l.timeout,
		arn: l.arn, done: make(chan outcome, 1)}
	timer := time.NewTimer(l.timeout)
	defer timer.Stop()

	res.outcome = r.deliver(inst, inv, timer, &res)
	res.duration = time.Since(start)
	if res.coldStart {
		res.initDuration = time.Since(inst.started) - res.duration
	}
	inst.fresh = false
	res.lines = inst.output.take()
	r.release(p, inst)
	return res, nil
}

// deliver hands the event to the instance and waits for its outcome, its death or its
// deadline.
func (r *runner) deliver(inst *instance, inv *invocation, timer *time.Timer, res *result) outcome {
	select {
	case inst.api.next <- inv:
	case <-inst.exited:
		if initErr := inst.api.initError(); initErr != nil {
			return outcome{functionError: "Unhandled", payload: initErr}
		}
		return outcome{functionError: "Unhandled", payload: errorJSON("Runtime.ExitError",
			fmt.Sprintf("RequestId: %s Error: %s", inv.id, inst.exitMessage()))}
	case <-timer.C:
		inst.kill()
		return timedOut(inv)
	}
	select {
	case o := <-inv.done:
		return o
	case <-inst.exited:
		inst.api.takeCurrent()
		return outcome{functionError: "Unhandled", payload: errorJSON("Runtime.ExitError",
			fmt.Sprintf("RequestId: %s Error: %s", inv.id, inst.exitMessage()))}
	case <-timer.C:
		inst.kill()
		return timedOut(inv)
	}
}

// timedOut is Lambda's answer for an invocation that ran out of time.
func timedOut(inv *invocation) outcome {
	return outcome{functionError: "Unhandled", payload: errorJSON("Sandbox.Timedout",
		fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", inv.id, inv.timeout.Seconds()))}
}

// newLogStreamName is a log stream name as Lambda makes them: the date, the version and a
// random part.
func newLogStreamName(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("2006/01/02") + "/[$LATEST]" + hex.EncodeToString(b[:])
}

// pythonBootstrapName is the file the Python runtime bootstrap is written to in the code store.
const pythonBootstrapName = "localaws_python_bootstrap.py"
