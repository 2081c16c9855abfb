package localaws

import (
	"context"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/appsync"
	"github.com/panther-operator/panther-operator/internal/localaws/cfn/engine"
	"github.com/panther-operator/panther-operator/internal/localaws/cloudwatch"
	"github.com/panther-operator/panther-operator/internal/localaws/cognito"
	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb"
	"github.com/panther-operator/panther-operator/internal/localaws/events"
	"github.com/panther-operator/panther-operator/internal/localaws/firehose"
	"github.com/panther-operator/panther-operator/internal/localaws/glue"
	"github.com/panther-operator/panther-operator/internal/localaws/iam"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
	"github.com/panther-operator/panther-operator/internal/localaws/kms"
	"github.com/panther-operator/panther-operator/internal/localaws/lambda"
	"github.com/panther-operator/panther-operator/internal/localaws/logs"
	"github.com/panther-operator/panther-operator/internal/localaws/s3"
	"github.com/panther-operator/panther-operator/internal/localaws/sns"
	"github.com/panther-operator/panther-operator/internal/localaws/sqs"
	"github.com/panther-operator/panther-operator/internal/localaws/sts"
)

// requestLogLimit bounds the request log; a long test suite stays well
// below it.
const requestLogLimit = 100000

// Emulator is the http.Handler that serves every emulated service.
type Emulator struct {
	logger *slog.Logger
	store  *state.Store
	faults *state.Faults
	reqlog *state.RequestLog

	// services by signing name.
	services map[string]wire.Service
	sts      *sts.Service
	iam      *iam.Service
	sqs      *sqs.Service
	cfn      *engine.Engine
	lambda   *lambda.Service
	events   *events.Service
	cognito  *cognito.Service
	appsync  *appsync.Service
	firehose *firehose.Service

	closed sync.Once
}

// openStore loads the state file, if one is set, and keeps writing it.
func openStore(opts Options, scale float64, logger *slog.Logger) (*state.Store, error) {
	// The order of the tables is the order of the state file.
	layout := state.NewLayout(slices.Concat(s3.Tables(), sts.Tables(), iam.Tables(), logs.Tables(), sqs.Tables(),
		dynamodb.Tables(), engine.Tables(), lambda.Tables(), sns.Tables(), events.Tables(), cognito.Tables(),
		appsync.Tables(), kms.Tables(), glue.Tables(), firehose.Tables(), cloudwatch.Tables())...)
	var loaded *state.State
	if opts.StateFile != "" {
		var err error
		if loaded, err = state.Load(opts.StateFile, layout); err != nil {
			return nil, err
		}
	}
	store := state.NewStore(layout, loaded, scale)
	if opts.StateFile != "" {
		store.Persist(opts.StateFile, logger)
	}
	return store, nil
}

// NewEmulator builds an emulator, loading the state file if one is set and
// resuming stack operations that were in progress when it was written.
func NewEmulator(opts Options) (*Emulator, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	scale := opts.LatencyScale
	if scale == 0 && !opts.ZeroLatency {
		scale = 1
	}
	store, err := openStore(opts, scale, logger)
	if err != nil {
		return nil, err
	}
	// Each service keeps its own tables; CloudFormation provisions into
	// S3, Logs, IAM, SQS, SNS, DynamoDB, Lambda, EventBridge, Cognito, AppSync, KMS, Glue and
	// Firehose; STS assumes IAM's roles, Lambda polls SQS and DynamoDB streams, SNS delivers to
	// SQS and Lambda, S3 notifies SNS, SQS and Lambda, and Firehose writes to S3, through their
	// methods.
	faults := state.NewFaults()
	iamService, s3Service, logsService, dynamoService := iam.New(store), s3.New(store), logs.New(store), dynamodb.New(store)
	sqsService, cognitoService := sqs.New(store, opts.Clock), cognito.New(store)
	kmsService, glueService := kms.New(store), glue.New(store)
	firehoseService := firehose.New(store, s3Service, faults, opts.Clock)
	stsService := sts.New(store, iamService)
	codeDir := ""
	if opts.StateFile != "" {
		codeDir = opts.StateFile + ".lambda"
	}
	lambdaService, err := lambda.New(store, lambda.Backends{S3: s3Service, Logs: logsService, Credentials: stsService,
		Queues: lambdaQueues{sqsService}, Streams: lambdaStreams{dynamoService}}, codeDir)
	if err != nil {
		firehoseService.Close()
		store.Close()
		return nil, err
	}
	lambdaService.SetTimeScale(opts.TimeScale)
	lambdaService.SetIdleTimeout(opts.FunctionIdleTimeout)
	snsService := sns.New(store, sns.Backends{Queues: sqsService, Functions: lambdaService})
	eventsService := events.New(store, eventTargets{lambda: lambdaService, sqs: sqsService, sns: snsService}, opts.Clock)
	eventsService.SetTimeScale(opts.TimeScale)
	s3Service.SetDestinations(s3.Destinations{Topics: snsService, Queues: sqsService, Functions: lambdaService})
	appsyncService := appsync.New(store, appsync.Backends{Functions: appsyncFunctions{lambdaService}, Tokens: cognitoService})
	e := &Emulator{
		logger:   logger,
		store:    store,
		faults:   faults,
		reqlog:   state.NewRequestLog(requestLogLimit),
		sts:      stsService,
		iam:      iamService,
		sqs:      sqsService,
		lambda:   lambdaService,
		events:   eventsService,
		cognito:  cognitoService,
		appsync:  appsyncService,
		firehose: firehoseService,
		cfn: engine.New(store, faults, logger,
			engine.Backends{S3: s3Service, Logs: logsService, IAM: iamService, SQS: sqsService, SNS: snsService,
				DynamoDB: engineDynamoDB{dynamoService}, Lambda: engineLambda{lambdaService}, Events: engineEvents{eventsService},
				Cognito: cognitoService, AppSync: engineAppSync{appsyncService}, KMS: kmsService, Glue: glueService,
				Firehose: firehoseService}),
	}
	e.services = map[string]wire.Service{
		"sts":            e.sts,
		"iam":            iamService,
		"s3":             s3Service,
		"logs":           logsService,
		"sqs":            sqsService,
		"dynamodb":       dynamoService,
		"cloudformation": e.cfn,
		"lambda":         lambdaService,
		"sns":            snsService,
		"events":         eventsService,
		"cognito-idp":    cognitoService,
		"appsync":        appsyncService,
		"kms":            kmsService,
		"glue":           glueService,
		"firehose":       firehoseService,
		"monitoring":     cloudwatch.New(store, opts.Clock),
	}
	e.cfn.Resume()
	e.lambda.Resume()
	return e, nil
}

// Close stops stack operations and flushes the state file.
func (e *Emulator) Close() {
	e.closed.Do(func() {
		e.cfn.Close()
		e.events.Close()
		e.lambda.Close()
		e.firehose.Close()
		e.store.Close()
	})
}

// SetEndpoint tells the services the URL clients reach the emulator at, which functions get
// as AWS_ENDPOINT_URL; Start sets it.
func (e *Emulator) SetEndpoint(url string) {
	e.lambda.SetEndpoint(url)
	e.cfn.SetEndpoint(url)
	e.sqs.SetEndpoint(url)
	e.cognito.SetEndpoint(url)
	e.appsync.SetEndpoint(url)
}

// ServeHTTP routes one request to the admin API or to a service.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, adminPrefix) {
		e.serveAdmin(w, r)
		return
	}
	if servePreflight(w, r) || e.servePlain(w, r) {
		return
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK,
		cors: strings.HasPrefix(r.Header.Get("X-Amz-Target"), cognitoTargetPrefix)}
	req := wire.NewRequest(rec, r)
	e.store.Lock()
	req.Account = e.sts.AccountForKey(req.AccessKey)
	e.store.Unlock()
	e.handle(req)
	duration := time.Since(start)
	record := req.Record(start, rec.status, duration)
	e.reqlog.Add(record)
	// Asked first, so a logger that drops the line costs no attributes.
	if ctx := r.Context(); e.logger.Enabled(ctx, slog.LevelInfo) {
		e.logger.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("service", record.Service), slog.String("operation", record.Operation),
			slog.String("account", record.Account), slog.String("region", record.Region),
			slog.Int("status", record.Status), slog.Float64("duration_ms", float64(duration.Microseconds())/1000),
			slog.String("request_id", record.RequestID))
	}
}

// handle resolves, applies faults and runs one API request.
func (e *Emulator) handle(req *wire.Request) {
	svc, ok := e.services[req.Service]
	if !ok {
		req.Fail(wire.NotImplemented(req.Service, req.R.Header.Get("X-Amz-Target")+req.R.FormValue("Action")))
		return
	}
	body, err := wire.ReadBody(req.R)
	if err != nil {
		req.Fail(wire.NewError(http.StatusBadRequest, "IncompleteBody", "%v", err))
		return
	}
	req.Body = body
	if err := req.Parse(); err != nil {
		req.Fail(wire.AsError(err))
		return
	}
	req.Operation, req.Resource = svc.Resolve(req)
	if req.Operation == "" {
		req.Fail(req.UnknownOperation())
		return
	}
	if fault := e.faults.Match(req.Service, req.Operation, req.Resource); fault != nil {
		if fault.Latency > 0 {
			sleepCtx(req.R.Context(), fault.Latency)
		}
		if fault.ErrorCode != "" {
			req.Fail(wire.FaultError(fault))
			return
		}
	}
	if err := e.serve(svc, req); err != nil {
		req.Fail(wire.AsError(err))
		return
	}
	req.Flush()
}

// serve runs a handler under the lock. A panic becomes an InternalFailure
// answer, so one bad request cannot leave the emulator locked.
func (e *Emulator) serve(svc wire.Service, req *wire.Request) (err error) {
	e.store.Lock()
	defer e.store.Unlock()
	defer func() {
		if p := recover(); p != nil {
			e.logger.Error("handler panicked", "service", req.Service, "operation", req.Operation,
				"panic", p, "stack_trace", string(debug.Stack()))
			err = wire.NewError(http.StatusInternalServerError, "InternalFailure", "localaws internal error: %v", p)
		}
	}()
	if err = svc.Serve(req); err == nil && req.Mutating() {
		e.store.Changed()
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
	// cors adds the CORS headers of a browser's call to the answer, error or not.
	cors bool
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	if s.cors {
		h := s.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage")
	}
	s.ResponseWriter.WriteHeader(code)
}

// The web app calls Cognito's sign-in operations (InitiateAuth, RespondToAuthChallenge,
// ForgotPassword, GetUser...) from the browser: unsigned JSON POSTs to the endpoint root,
// from another origin than localaws's. Browsers send them only after a CORS preflight, and
// let the app read an answer only if it allows the app's origin, as Cognito's endpoint does.
const cognitoTargetPrefix = "AWSCognitoIdentityProviderService."

// corsHeaders are the request headers a browser's call to a JSON operation carries.
var corsHeaders = []string{"content-type", "x-amz-target", "x-amz-user-agent", "authorization"}

// servePreflight answers the CORS preflight of a call to a JSON operation at the endpoint
// root, and reports whether the request was one. A preflight names no operation: it only
// lists x-amz-target among the headers the call will send.
func servePreflight(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodOptions || r.URL.Path != "/" || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	allowed := slices.Clone(corsHeaders)
	asksTarget := false
	for _, line := range r.Header.Values("Access-Control-Request-Headers") {
		for name := range strings.SplitSeq(line, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			asksTarget = asksTarget || name == "x-amz-target"
			if name != "" && !slices.Contains(allowed, name) {
				allowed = append(allowed, name) // such as the SDKs' amz-sdk-invocation-id
			}
		}
	}
	if !asksTarget {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "POST")
	h.Set("Access-Control-Allow-Headers", strings.Join(allowed, ", "))
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusOK)
	return true
}
