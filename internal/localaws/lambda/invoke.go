package lambda

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// maxPayloadSize is Lambda's limit on a synchronous invocation's request.
const maxPayloadSize = 6 << 20

// tailSize is how much of the log an invocation with LogType Tail returns.
const tailSize = 4096

func invoke(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	if len(req.Body) > maxPayloadSize {
		return wire.NewError(http.StatusRequestEntityTooLarge, "RequestEntityTooLargeException",
			"Request must be smaller than %d bytes for the InvokeFunction operation", maxPayloadSize)
	}
	payload := req.Body
	if len(payload) == 0 {
		payload = []byte("{}")
	}
	switch kind := req.R.Header.Get("X-Amz-Invocation-Type"); kind {
	case "DryRun":
		return req.ReplyRESTJSON(http.StatusNoContent, nil)
	case "Event":
		l, err := req.svc.launchOf(fn)
		if err != nil {
			return err
		}
		go req.svc.invokeAsync(l, req.Account, req.Region, payload)
		return req.ReplyRESTJSON(http.StatusAccepted, nil)
	case "", "RequestResponse":
	default:
		return invalid("1 validation error detected: Value '%s' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]", kind)
	}
	res, err := req.svc.Run(fn.Name, req.Account, req.Region, payload)
	if err != nil {
		return err
	}
	h := req.W.Header()
	h.Set("X-Amz-Executed-Version", "$LATEST")
	if res.functionError != "" {
		h.Set("X-Amz-Function-Error", res.functionError)
	}
	if req.R.Header.Get("X-Amz-Log-Type") == "Tail" {
		h.Set("X-Amz-Log-Result", tail(res.logLines))
	}
	req.Status = http.StatusOK
	req.RespBody = res.payload
	h.Set("Content-Type", "application/json")
	return nil
}

// Invocation is what one synchronous invocation returned, for other services that invoke
// functions (event source mappings, custom resources, subscriptions).
type Invocation struct {
	outcome
	logLines []string
}

// Payload is the function's response, or its error document.
func (i Invocation) Payload() []byte { return i.payload }

// FunctionError is "" on success, else Lambda's kind of function error ("Unhandled").
func (i Invocation) FunctionError() string { return i.functionError }

// Run invokes a function synchronously and writes its logs. The caller holds the emulator's
// lock; Run releases it while the function runs.
func (s *Service) Run(name, account, region string, payload []byte) (Invocation, error) {
	fn, ok := s.functions(account, region)[name]
	if !ok {
		return Invocation{}, notFound(functionARN(region, account, name))
	}
	l, err := s.launchOf(fn)
	if err != nil {
		return Invocation{}, err
	}
	var res result
	s.unlocked(func() { res, err = s.runner.invoke(l, payload) })
	if errors.Is(err, errTooManyRequests) {
		return Invocation{}, wire.NewError(http.StatusTooManyRequests, "TooManyRequestsException", "Rate Exceeded.").
			With("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")
	}
	if err != nil {
		return Invocation{}, wire.NewError(http.StatusBadGateway, "ServiceException", "localaws could not start %s: %v", name, err)
	}
	lines := logLines(res, l)
	s.backends.Logs.AppendEvents(account, region, "/aws/lambda/"+name, res.stream, time.Now(), lines)
	return Invocation{outcome: res.outcome, logLines: lines}, nil
}

// FunctionExists reports whether a function ARN (with or without a qualifier) names a function.
func (s *Service) FunctionExists(functionARN string) bool {
	_, ok := s.functionByARN(functionARN)
	return ok
}

// functionByARN finds the function an ARN names.
func (s *Service) functionByARN(arn string) (*Function, bool) {
	parts := strings.Split(arn, ":")
	if len(parts) < 7 || parts[0] != "arn" || parts[2] != "lambda" || parts[5] != "function" {
		return nil, false
	}
	fn, ok := functionTable.Lookup(s.store.State(), parts[4], parts[3])[parts[6]]
	return fn, ok
}

// InvokeEvent starts an asynchronous (Event) invocation of the function an ARN names, as
// services that notify functions do (SNS subscriptions, S3 notifications), and returns at
// once. The caller holds the emulator's lock.
func (s *Service) InvokeEvent(functionARN string, payload []byte) error {
	fn, ok := s.functionByARN(functionARN)
	if !ok {
		return notFound(functionARN)
	}
	l, err := s.launchOf(fn)
	if err != nil {
		return err
	}
	parts := strings.Split(fn.ARN, ":")
	go s.invokeAsync(l, parts[4], parts[3], payload)
	return nil
}

// invokeAsync runs an Event invocation in the background, taking the lock to write its logs.
func (s *Service) invokeAsync(l *launch, account, region string, payload []byte) {
	res, err := s.runner.invoke(l, payload)
	if err != nil {
		return
	}
	s.store.Lock()
	defer s.store.Unlock()
	s.backends.Logs.AppendEvents(account, region, "/aws/lambda/"+l.name, res.stream, time.Now(), logLines(res, l))
}

// logLines are an invocation's log lines as Lambda writes them around what the function
// printed.
func logLines(res result, l *launch) []string {
	lines := make([]string, 0, len(res.lines)+4)
	lines = append(lines, fmt.Sprintf("START RequestId: %s Version: $LATEST", res.requestID))
	lines = append(lines, res.lines...)
	if strings.Contains(string(res.payload), "Sandbox.Timedout") {
		lines = append(lines, fmt.Sprintf("%s %s Task timed out after %.2f seconds",
			time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), res.requestID, l.timeout.Seconds()))
	}
	lines = append(lines, "END RequestId: "+res.requestID)
	ms := float64(res.duration.Microseconds()) / 1000
	report := fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
		res.requestID, ms, int(ms)+1, l.memory, min(l.memory, 64))
	if res.coldStart {
		report += fmt.Sprintf("\tInit Duration: %.2f ms", float64(res.initDuration.Microseconds())/1000)
	}
	return append(lines, report)
}

// tail is the base64 of the log's last 4 KB, as X-Amz-Log-Result carries it.
func tail(lines []string) string {
	text := strings.Join(lines, "\n") + "\n"
	if len(text) > tailSize {
		text = text[len(text)-tailSize:]
	}
	return base64.StdEncoding.EncodeToString([]byte(text))
}

// launchOf describes how to start instances of fn at its current code and configuration.
// The caller holds the emulator's lock.
func (s *Service) launchOf(fn *Function) (*launch, error) {
	key := fn.ARN + "@" + fn.RevisionID
	s.mu.Lock()
	cached, ok := s.launches[fn.ARN]
	s.mu.Unlock()
	if ok && cached.key == key {
		return cached, nil
	}
	var layerDigests []string
	for _, arn := range fn.Layers {
		v, err := s.layerVersion(arn)
		if err != nil {
			return nil, err
		}
		layerDigests = append(layerDigests, v.CodeDigest)
	}
	concurrency := defaultConcurrency
	if fn.ReservedConcurrency != nil {
		concurrency = *fn.ReservedConcurrency
	}
	// The folders are named here and filled when an instance first starts (launch.unpack),
	// without the emulator's lock: unpacking a function's zip takes long enough to stall
	// every other call.
	l := &launch{key: key, arn: fn.ARN, name: fn.Name, runtime: fn.Runtime,
		handler: fn.Handler, taskRoot: s.code.unpackedDir(fn.CodeDigest), optDir: s.code.mergedDir(layerDigests),
		timeout: time.Duration(fn.Timeout) * time.Second, memory: fn.MemorySize, concurrency: concurrency,
		pythonBootstrap: s.python, code: s.code, codeDigest: fn.CodeDigest, layerDigests: layerDigests}
	l.env = s.environment(fn, l, strings.Split(fn.ARN, ":")[3])
	s.mu.Lock()
	s.launches[fn.ARN] = l
	s.mu.Unlock()
	return l, nil
}

// environment is the process environment Lambda gives a function, pointed at localaws.
func (s *Service) environment(fn *Function, l *launch, region string) []string {
	key, secret, token := s.credentials(fn)
	s.mu.Lock()
	endpoint := s.endpoint
	s.mu.Unlock()
	env := []string{
		"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=en_US.UTF-8", "TZ=:UTC",
		"LAMBDA_TASK_ROOT=" + l.taskRoot, "LAMBDA_RUNTIME_DIR=" + filepath.Dir(s.python), "_HANDLER=" + fn.Handler,
		"AWS_EXECUTION_ENV=AWS_Lambda_" + fn.Runtime, "AWS_REGION=" + region, "AWS_DEFAULT_REGION=" + region,
		"AWS_LAMBDA_FUNCTION_NAME=" + fn.Name, "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		fmt.Sprintf("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=%d", fn.MemorySize),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + fn.Name, "AWS_ENDPOINT_URL=" + endpoint,
		"AWS_ACCESS_KEY_ID=" + key, "AWS_SECRET_ACCESS_KEY=" + secret, "AWS_SESSION_TOKEN=" + token,
		"PYTHONUNBUFFERED=1",
	}
	pythonPath := l.taskRoot
	if l.optDir != "" {
		pythonPath += ":" + filepath.Join(l.optDir, "python") + ":" +
			filepath.Join(l.optDir, "python", "lib", fn.Runtime, "site-packages")
		env = append(env, "LD_LIBRARY_PATH="+filepath.Join(l.optDir, "lib"))
	}
	env = append(env, "PYTHONPATH="+pythonPath)
	for k, v := range fn.Environment {
		env = append(env, k+"="+v)
	}
	return env
}

// credentials are the function's role's temporary credentials, one session per revision.
func (s *Service) credentials(fn *Function) (string, string, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := fn.ARN + "@" + fn.RevisionID
	if c, ok := s.sessions[key]; ok {
		return c[0], c[1], c[2]
	}
	a, b, c := s.backends.Credentials.IssueSession(fn.Role, fn.Name)
	s.sessions[key] = [3]string{a, b, c}
	return a, b, c
}
