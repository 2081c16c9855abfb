package lambda

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// runtimePrefix is the path of the Runtime API's version, as Lambda serves it.
const runtimePrefix = "/2018-06-01/runtime/"

// maxResponseSize is Lambda's limit on a synchronous invocation's response.
const maxResponseSize = 6 << 20

// invocation is one event handed to an instance, and where its outcome goes.
type invocation struct {
	id       string
	payload  []byte
	deadline time.Time
	timeout  time.Duration
	arn      string
	done     chan outcome // buffered, one outcome
}

// outcome is how an invocation ended: the response, or the error payload with the kind of
// function error Lambda reports in X-Amz-Function-Error.
type outcome struct {
	payload       []byte
	functionError string // "" on success, else "Unhandled"
}

// runtimeAPI is the Runtime API of one instance: the process asks it for the next event and
// posts the response or error of each, on its own loopback port.
type runtimeAPI struct {
	listener net.Listener
	server   *http.Server
	next     chan *invocation

	mu      sync.Mutex
	current *invocation
	// initErr is the error payload the runtime posted to /init/error, if any.
	initErr []byte
}

func newRuntimeAPI() (*runtimeAPI, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	api := &runtimeAPI{listener: ln, next: make(chan *invocation)}
	api.server = &http.Server{Handler: http.HandlerFunc(api.serve), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = api.server.Serve(ln) }()
	return api, nil
}

// address is what AWS_LAMBDA_RUNTIME_API holds: host and port, no scheme.
func (api *runtimeAPI) address() string { return api.listener.Addr().String() }

func (api *runtimeAPI) close() { _ = api.server.Close() }

func (api *runtimeAPI) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, runtimePrefix)
	switch {
	case r.Method == http.MethodGet && path == "invocation/next":
		api.serveNext(w, r)
	case r.Method == http.MethodPost && path == "init/error":
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxResponseSize))
		api.mu.Lock()
		api.initErr = errorPayload(body, r.Header.Get("Lambda-Runtime-Function-Error-Type"))
		api.mu.Unlock()
		accepted(w)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "invocation/"):
		api.serveResult(w, r, strings.TrimPrefix(path, "invocation/"))
	default:
		http.Error(w, `{"errorMessage":"unknown Runtime API path","errorType":"InvalidRequest"}`, http.StatusNotFound)
	}
}

// serveNext blocks until an event is handed to the instance, as Lambda's does.
func (api *runtimeAPI) serveNext(w http.ResponseWriter, r *http.Request) {
	var inv *invocation
	select {
	case inv = <-api.next:
	case <-r.Context().Done():
		return
	}
	api.mu.Lock()
	api.current = inv
	api.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", inv.arn)
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-"+strconv.FormatInt(time.Now().Unix(), 16)+"-"+strings.ReplaceAll(inv.id, "-", "")[:24]+";Sampled=0")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.payload)
}

// serveResult takes "<request id>/response" or "<request id>/error".
func (api *runtimeAPI) serveResult(w http.ResponseWriter, r *http.Request, rest string) {
	id, kind, _ := strings.Cut(rest, "/")
	body, err := io.ReadAll(io.LimitReader(r.Body, maxResponseSize+1))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	api.mu.Lock()
	inv := api.current
	if inv == nil || inv.id != id {
		api.mu.Unlock()
		writeRuntimeError(w, http.StatusBadRequest, "InvalidRequestID", "Invalid request ID")
		return
	}
	api.current = nil
	api.mu.Unlock()
	switch {
	case kind == "response" && len(body) > maxResponseSize:
		inv.done <- outcome{functionError: "Unhandled", payload: errorJSON("Function.ResponseSizeTooLarge",
			"Response payload size exceeded maximum allowed payload size (6291556 bytes).")}
		writeRuntimeError(w, http.StatusRequestEntityTooLarge, "Function.ResponseSizeTooLarge", "Response payload size exceeded")
		return
	case kind == "response":
		inv.done <- outcome{payload: body}
	case kind == "error":
		inv.done <- outcome{functionError: "Unhandled", payload: errorPayload(body, r.Header.Get("Lambda-Runtime-Function-Error-Type"))}
	default:
		writeRuntimeError(w, http.StatusNotFound, "InvalidRequest", "unknown Runtime API path")
		return
	}
	accepted(w)
}

// takeCurrent returns the invocation in flight, if any, and forgets it: the instance died.
func (api *runtimeAPI) takeCurrent() *invocation {
	api.mu.Lock()
	defer api.mu.Unlock()
	inv := api.current
	api.current = nil
	return inv
}

func (api *runtimeAPI) initError() []byte {
	api.mu.Lock()
	defer api.mu.Unlock()
	return api.initErr
}

func accepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}

func writeRuntimeError(w http.ResponseWriter, status int, errorType, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(errorJSON(errorType, message))
}

// errorJSON is Lambda's error payload.
func errorJSON(errorType, message string) []byte {
	data, _ := json.Marshal(map[string]string{"errorType": errorType, "errorMessage": message})
	return data
}

// errorPayload is what an invoker gets for a function error: the runtime's own JSON when it
// posted JSON (with errorType filled from the header when missing), else Lambda's wrapping.
func errorPayload(body []byte, headerType string) []byte {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil || doc == nil {
		if headerType == "" {
			headerType = "Unhandled"
		}
		return errorJSON(headerType, strings.TrimSpace(string(body)))
	}
	if _, ok := doc["errorType"]; !ok && headerType != "" {
		doc["errorType"] = headerType
		body, _ = json.Marshal(doc)
	}
	return body
}
