package lambda

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// defaultConcurrency bounds the instances of a function without reserved concurrency: enough
// for a pipeline's fan-out, few enough for a laptop.
const defaultConcurrency = 10

// Backends are what Lambda uses of other services. Their methods are called with the
// emulator's lock held.
type Backends struct {
	// S3 reads code zips named by S3Bucket and S3Key.
	S3 interface {
		GetObject(bucket, key, versionID string) ([]byte, error)
	}
	// Logs receives what functions print.
	Logs interface {
		AppendEvents(account, region, group, stream string, at time.Time, lines []string)
	}
	// Credentials issues the temporary credentials of a function's role.
	Credentials interface {
		IssueSession(roleArn, sessionName string) (accessKeyID, secretAccessKey, sessionToken string)
	}
	// Queues feeds SQS event source mappings.
	Queues Queues
	// Streams feeds DynamoDB-stream event source mappings.
	Streams Streams
}

var (
	functionTable = state.NewTable[*Function]("lambdaFunctions", state.PerRegion)
	layerTable    = state.NewTable[*Layer]("lambdaLayers", state.PerRegion)
)

// Tables are the state tables of Lambda.
func Tables() []state.Declared { return []state.Declared{functionTable, layerTable, mappingTable} }

// Service is the Lambda service.
type Service struct {
	store    *state.Store
	backends Backends
	code     *codeStore
	runner   *runner
	// dir holds the code store and the Python bootstrap; removed on Close when temporary.
	dir       string
	temporary bool
	python    string

	// timeScale multiplies SQS batching windows (0 is real time).
	timeScale float64

	mu       sync.Mutex
	endpoint string
	// sessions caches the credentials issued per function and code, so that warm instances
	// of one launch share them.
	sessions map[string][3]string
	// launches caches each function's launch at its latest revision: building one reads the
	// code store and the layers.
	launches map[string]*launch
	pollers  pollers
}

// New returns the Lambda service. dir keeps the functions' code; empty means a temporary
// folder removed by Close.
func New(store *state.Store, backends Backends, dir string) (*Service, error) {
	temporary := dir == ""
	if temporary {
		var err error
		if dir, err = os.MkdirTemp("", "localaws-lambda-"); err != nil {
			return nil, err
		}
	}
	return &Service{store: store, backends: backends, code: &codeStore{dir: dir}, runner: newRunner(DefaultIdleTimeout),
		dir: dir, temporary: temporary, python: filepath.Join(dir, pythonBootstrapName),
		sessions: map[string][3]string{}, launches: map[string]*launch{}}, nil
}

// SetEndpoint tells the service the URL functions reach localaws at (AWS_ENDPOINT_URL).
func (s *Service) SetEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoint = url
}

// Close stops every instance and removes temporary code.
func (s *Service) Close() {
	s.pollers.stopAll()
	s.runner.close()
	if s.temporary {
		_ = os.RemoveAll(s.dir)
	}
}

// Reset forgets every running instance, for an emulator reset.
func (s *Service) Reset() {
	s.pollers.stopAll()
	idle := s.runner.idleTimeout
	s.runner.close()
	s.runner = newRunner(idle)
}

// SetIdleTimeout sets how long an instance stays warm without an invocation; call it before
// the first invocation. Zero keeps DefaultIdleTimeout.
func (s *Service) SetIdleTimeout(d time.Duration) {
	if d > 0 {
		s.runner.idleTimeout = d
	}
}

func (s *Service) functions(account, region string) map[string]*Function {
	return functionTable.Region(s.store.State(), account, region)
}

func (s *Service) layers(account, region string) map[string]*Layer {
	return layerTable.Region(s.store.State(), account, region)
}

// request is a call to Lambda.
type request struct {
	*wire.Request
	svc *Service
	// name is the function or layer named in the path; rest is what follows it.
	name, rest string
}

type handlerFunc func(req *request) error

// route is one REST-JSON operation: method, path prefix after the API version, and whether
// a name follows.
type route struct {
	method, collection, suffix, operation string
	handler                               handlerFunc
}

// routes are matched in order; {name} stands between collection and suffix.
var routes = []route{
	{http.MethodPost, "functions", "", "CreateFunction", createFunction},
	{http.MethodGet, "functions", "", "ListFunctions", listFunctions},
	{http.MethodGet, "functions/", "/configuration", "GetFunctionConfiguration", getFunctionConfiguration},
	{http.MethodPut, "functions/", "/configuration", "UpdateFunctionConfiguration", updateFunctionConfiguration},
	{http.MethodPut, "functions/", "/code", "UpdateFunctionCode", updateFunctionCode},
	{http.MethodPost, "functions/", "/invocations", "Invoke", invoke},
	{http.MethodPost, "functions/", "/policy", "AddPermission", addPermission},
	{http.MethodGet, "functions/", "/policy", "GetPolicy", getPolicy},
	{http.MethodDelete, "functions/", "/policy/", "RemovePermission", removePermission},
	{http.MethodPut, "functions/", "/concurrency", "PutFunctionConcurrency", putFunctionConcurrency},
	{http.MethodDelete, "functions/", "/concurrency", "DeleteFunctionConcurrency", deleteFunctionConcurrency},
	{http.MethodGet, "functions/", "/concurrency", "GetFunctionConcurrency", getFunctionConcurrency},
	{http.MethodGet, "functions/", "", "GetFunction", getFunction},
	{http.MethodDelete, "functions/", "", "DeleteFunction", deleteFunction},
	{http.MethodPost, "event-source-mappings", "", "CreateEventSourceMapping", createEventSourceMapping},
	{http.MethodGet, "event-source-mappings", "", "ListEventSourceMappings", listEventSourceMappings},
	{http.MethodGet, "event-source-mappings/", "", "GetEventSourceMapping", getEventSourceMapping},
	{http.MethodPut, "event-source-mappings/", "", "UpdateEventSourceMapping", updateEventSourceMapping},
	{http.MethodDelete, "event-source-mappings/", "", "DeleteEventSourceMapping", deleteEventSourceMapping},
	{http.MethodPost, "layers/", "/versions", "PublishLayerVersion", publishLayerVersion},
	{http.MethodGet, "layers/", "/versions", "ListLayerVersions", listLayerVersions},
	{http.MethodGet, "layers/", "/versions/", "GetLayerVersion", getLayerVersion},
	{http.MethodDelete, "layers/", "/versions/", "DeleteLayerVersion", deleteLayerVersion},
}

// match finds the route of a request: the path is /<api version>/<collection><name><suffix>.
func match(r *http.Request) (route, string, string, bool) {
	path := r.URL.EscapedPath()
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)
	if len(parts) < 2 {
		return route{}, "", "", false
	}
	tail := strings.TrimSuffix(parts[1], "/")
	for _, rt := range routes {
		if rt.method != r.Method || !strings.HasPrefix(tail+"/", rt.collection) {
			continue
		}
		if !strings.HasSuffix(rt.collection, "/") {
			if tail == rt.collection {
				return rt, "", "", true
			}
			continue
		}
		name, rest, _ := strings.Cut(strings.TrimPrefix(tail, rt.collection), "/")
		if name == "" {
			continue
		}
		rest = "/" + rest
		switch {
		case rt.suffix == "" && rest == "/":
		case strings.HasSuffix(rt.suffix, "/") && strings.HasPrefix(rest, rt.suffix) && len(rest) > len(rt.suffix):
		case rt.suffix != "" && rest == rt.suffix:
		default:
			continue
		}
		unescaped, err := url.PathUnescape(name)
		if err != nil {
			continue
		}
		return rt, unescaped, strings.TrimPrefix(rest, rt.suffix), true
	}
	return route{}, "", "", false
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	rt, name, _, ok := match(req.R)
	if !ok {
		return "", ""
	}
	return rt.operation, name
}

// Serve implements wire.Service. Invoke releases the emulator's lock while the function runs
// and takes it again before it returns.
func (s *Service) Serve(req *wire.Request) error {
	rt, name, rest, ok := match(req.R)
	if !ok {
		return req.UnknownOperation()
	}
	return rt.handler(&request{Request: req, svc: s, name: name, rest: rest})
}

// unlocked runs f without the emulator's lock, which the caller holds, and takes it again.
func (s *Service) unlocked(f func()) {
	s.store.Unlock()
	defer s.store.Lock()
	f()
}

func notFound(arn string) *wire.Error {
	return wire.NewError(http.StatusNotFound, "ResourceNotFoundException", "Function not found: %s", arn)
}

func invalid(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "InvalidParameterValueException", format, args...)
}

func functionARN(region, account, name string) string {
	return fmt.Sprintf("arn:%s:lambda:%s:%s:function:%s", wire.Partition(region), region, account, name)
}

// functionName takes a name, a full ARN or a partial ARN (account:function:name), with or
// without a qualifier, as Lambda accepts them.
func functionName(ref string) string {
	if strings.HasPrefix(ref, "arn:") {
		parts := strings.Split(ref, ":")
		if len(parts) >= 7 {
			return parts[6]
		}
	}
	if parts := strings.Split(ref, ":"); len(parts) >= 3 && parts[1] == "function" {
		return parts[2]
	}
	name, _, _ := strings.Cut(ref, ":")
	return name
}

// function finds the function named in the path.
func (req *request) function() (*Function, error) {
	name := functionName(req.name)
	fn, ok := req.svc.functions(req.Account, req.Region)[name]
	if !ok {
		return nil, notFound(functionARN(req.Region, req.Account, name))
	}
	return fn, nil
}

// SetTimeScale makes SQS mappings wait scale times their batching window, for demos and tests.
func (s *Service) SetTimeScale(scale float64) {
	s.store.Lock()
	defer s.store.Unlock()
	s.timeScale = scale
}
