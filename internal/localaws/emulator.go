package localaws

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// requestLogLimit bounds the request log; a long test suite stays well
// below it.
const requestLogLimit = 100000

// Emulator is the http.Handler that serves every emulated service.
type Emulator struct {
	logger *slog.Logger

	// mu guards state. Every API handler and every stack-operation step runs
	// with it held, which makes each AWS operation atomic, as AWS's are.
	mu      sync.Mutex
	state   *State
	latency float64
	// latencyChanged is closed (and replaced) when the latency scale
	// changes, so stack operations sleeping on the old scale wake up.
	latencyChanged chan struct{}
	services       map[string]service

	faults  *faultSet
	reqlog  *requestLog
	persist *persister
	stacks  *stackRunner

	ctx    context.Context
	cancel context.CancelFunc
	closed sync.Once
}

// NewEmulator builds an emulator, loading the state file if one is set and
// resuming stack operations that were in progress when it was written.
func NewEmulator(opts Options) (*Emulator, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	scale := opts.LatencyScale
	if scale == 0 && !opts.ZeroLatency {
		scale = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	e := &Emulator{
		logger:         logger,
		state:          newState(),
		latency:        scale,
		latencyChanged: make(chan struct{}),
		faults:         newFaultSet(),
		reqlog:         newRequestLog(requestLogLimit),
		ctx:            ctx,
		cancel:         cancel,
	}
	e.services = map[string]service{
		"sts":            stsService{},
		"iam":            iamService{},
		"s3":             s3Service{},
		"logs":           logsService{},
		"cloudformation": cfnService{},
	}
	e.stacks = newStackRunner(e)
	if opts.StateFile != "" {
		loaded, err := loadState(opts.StateFile)
		if err != nil {
			cancel()
			return nil, err
		}
		if loaded != nil {
			e.state = loaded
		}
		e.persist = newPersister(e, opts.StateFile)
	}
	e.mu.Lock()
	e.stacks.resumeAll()
	e.mu.Unlock()
	return e, nil
}

// Close stops stack operations and flushes the state file.
func (e *Emulator) Close() {
	e.closed.Do(func() {
		e.cancel()
		e.stacks.wait()
		if e.persist != nil {
			e.persist.stop()
		}
	})
}

// changed marks state dirty so the persister writes it. Callers hold mu.
func (e *Emulator) changed() {
	if e.persist != nil {
		e.persist.markDirty()
	}
}

// setLatencyScale changes the provisioning latency and wakes sleeping
// stack operations.
func (e *Emulator) setLatencyScale(scale float64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.latency = scale
	close(e.latencyChanged)
	e.latencyChanged = make(chan struct{})
}

// latencyScale returns the current provisioning latency multiplier.
func (e *Emulator) latencyScale() float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.latency
}

// ServeHTTP routes one request to the admin API or to a service.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.serveAdmin(w, r)
		return
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	req := e.newRequest(rec, r)
	e.handle(req)
	duration := time.Since(start)
	record := req.record(start, rec.status, duration)
	e.reqlog.add(record)
	e.logger.Info("request",
		"service", record.Service, "operation", record.Operation,
		"account", record.Account, "region", record.Region,
		"status", record.Status, "duration_ms", float64(duration.Microseconds())/1000,
		"request_id", record.RequestID)
}

// handle resolves, applies faults and runs one API request.
func (e *Emulator) handle(req *request) {
	svc, ok := e.services[req.service]
	if !ok {
		req.fail(notImplemented(req.service, req.r.Header.Get("X-Amz-Target")+req.r.FormValue("Action")))
		return
	}
	body, err := readBody(req.r)
	if err != nil {
		req.fail(newError(http.StatusBadRequest, "IncompleteBody", "%v", err))
		return
	}
	req.body = body
	if err := req.parse(); err != nil {
		req.fail(asAWSError(err))
		return
	}
	req.operation, req.resource = svc.resolve(req)
	if req.operation == "" {
		req.fail(req.unknownOperation())
		return
	}
	if fault := e.faults.match(req.service, req.operation, req.resource); fault != nil {
		if fault.Latency > 0 {
			sleepCtx(req.r.Context(), fault.Latency)
		}
		if fault.ErrorCode != "" {
			req.fail(faultAsError(fault))
			return
		}
	}
	if err := e.serve(svc, req); err != nil {
		req.fail(asAWSError(err))
		return
	}
	req.flush()
}

// serve runs a handler under the lock. A panic becomes an InternalFailure
// answer, so one bad request cannot leave the emulator locked.
func (e *Emulator) serve(svc service, req *request) (err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("handler panicked", "service", req.service, "operation", req.operation,
				"panic", p, "stack_trace", string(debug.Stack()))
			err = newError(http.StatusInternalServerError, "InternalFailure", "localaws internal error: %v", p)
		}
	}()
	if err = svc.serve(req); err == nil && req.mutating() {
		e.changed()
	}
	return err
}

// sleepCtx sleeps for d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}
