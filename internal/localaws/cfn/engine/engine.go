// Package engine is the CloudFormation service: its query API, and the
// stack operations behind it, which run asynchronously one resource step
// at a time (creates, updates, rollbacks, deletes, change sets, drift,
// nested stacks) and provision the modeled resource types into the other
// services through the backend interfaces S3, Logs, IAM, SQS, SNS, DynamoDB, Lambda, EventBridge,
// Cognito, AppSync, KMS, Glue and Firehose.
package engine

import (
	"context"
	"log/slog"
	"sync"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// S3 is what stacks use of S3. Errors are S3's (NoSuchBucket, …).
type S3 interface {
	CreateBucket(account, region, name string) error
	DeleteBucket(name string) error
	BucketTagging(name string) ([]state.Tag, error)
	PutBucketTagging(name string, tags []state.Tag) error
	BucketVersioning(name string) (string, error)
	PutBucketVersioning(name, status string) error
	PutBucketLifecycle(name, doc string) error
	PutBucketNotification(name, doc string) error
	PutBucketEncryption(name, doc string) error
	PutPublicAccessBlock(name, doc string) error
	PutBucketAcl(name, acl string) error
	PutBucketPolicy(name, policy string) error
	GetObject(bucket, key, versionID string) ([]byte, error)
}

// Logs is what stacks use of CloudWatch Logs.
type Logs interface {
	CreateLogGroup(account, region, name string, retention int, tags map[string]string) (arn string, err error)
	UpdateLogGroup(account, region, name string, retention int, tags map[string]string) error
	DeleteLogGroup(account, region, name string)
	LogGroupRetention(account, region, name string) (days int, exists bool)
}

// IAM is what stacks use of IAM.
type IAM interface {
	CreateRole(account, name, path, trustPolicy string) (arn, roleID string, err error)
	UpdateAssumeRolePolicy(account, name, trustPolicy string) error
	DeleteRole(account, name string)
	HasRole(account, name string) bool
	HasRoleArn(arn string) bool
}

// SQS is what stacks use of SQS. Queues are named within the stack's
// account and region; errors are SQS's (QueueDoesNotExist, …).
type SQS interface {
	CreateQueue(account, region, name string, attrs, tags map[string]string) (url, arn string, err error)
	// UpdateQueue sets the managed attributes to attrs' values or their
	// defaults and replaces the tags.
	UpdateQueue(account, region, name string, managed []string, attrs, tags map[string]string) error
	SetQueuePolicy(account, region, url, policy string) error
	DeleteQueue(account, region, name string)
	QueueAttributes(account, region, name string) (attrs map[string]string, exists bool)
}

// Lambda is what stacks use of Lambda: functions, layers, permissions and event source
// mappings, and the invocation of custom resources' functions.
type Lambda interface {
	PutFunction(account, region string, spec FunctionSpec) (arn string, err error)
	DeleteFunction(account, region, name string)
	FunctionARNOf(account, region, ref string) (arn string, exists bool)
	// FunctionConfiguration is the function's live configuration, without its code.
	FunctionConfiguration(account, region, name string) (spec FunctionSpec, exists bool)
	InvokeAsync(account, region, ref string, payload []byte) error
	PublishLayer(account, region, name, description string, runtimes []string, zip []byte) (arn string, err error)
	DeleteLayerVersionByARN(arn string)
	AddPermission(account, region, ref, sid, action, principal, sourceArn string) error
	RemovePermission(account, region, ref, sid string)
	CreateMapping(account, region string, spec MappingSpec) (uuid string, err error)
	UpdateMapping(account, region, uuid string, spec MappingSpec) error
	DeleteMapping(account, region, uuid string)
	// MappingConfiguration is a mapping's live settings, every field set, for drift.
	MappingConfiguration(account, region, uuid string) (spec MappingSpec, exists bool)
}

// FunctionSpec is an AWS::Lambda::Function as the template declares it, its code read.
type FunctionSpec struct {
	Name, Runtime, Handler, Role, Description string
	Timeout, MemorySize                       int
	Environment                               map[string]string
	Layers                                    []string
	Code                                      []byte
	Tags                                      map[string]string
	ReservedConcurrency                       *int
}

// MappingSpec is an AWS::Lambda::EventSourceMapping; nil fields take Lambda's defaults.
type MappingSpec struct {
	Function, EventSourceARN, StartingPosition string
	BatchSize, BatchingWindow                  *int
	Enabled                                    *bool
	FunctionResponseTypes                      []string
}

// DynamoDB is what stacks use of DynamoDB. A definition is a CreateTable
// request in the API's JSON shape. Errors are DynamoDB's.
type DynamoDB interface {
	CreateTable(account, region string, definition []byte) (arn string, err error)
	// ApplyTable changes an existing table to a definition with the same
	// name and keys.
	ApplyTable(account, region string, definition []byte) error
	DeleteTable(account, region, name string)
	SetTimeToLive(account, region, name, attribute string, enabled bool) error
	TableStreamArn(account, region, name string) (arn string, ok bool)
	// TableSettings are the live settings drift detection compares.
	TableSettings(account, region, name string) (settings TableSettings, exists bool)
}

// TableSettings are a table's live billing mode, stream view type ("" without a stream) and
// time to live.
type TableSettings struct {
	BillingMode, StreamViewType, TTLAttribute string
	TTLEnabled                                bool
}

// SNS is what stacks use of SNS. Topics and subscriptions are named by
// ARN; errors are SNS's (NotFound, InvalidParameter, …).
type SNS interface {
	CreateTopic(account, region, name string, attrs, tags map[string]string) (arn string, err error)
	// UpdateTopic sets the attributes given ("" removes one) and replaces
	// the tags.
	UpdateTopic(arn string, attrs, tags map[string]string) error
	SetTopicPolicy(arn, policy string) error
	DeleteTopic(arn string)
	Subscribe(owner, topicARN, protocol, endpoint string, attrs map[string]string) (arn string, err error)
	SetSubscriptionAttributes(arn string, attrs map[string]string) error
	Unsubscribe(arn string)
	UnsubscribeEndpoint(topicARN, protocol, endpoint string)
	// TopicAttributes are a topic's live attributes, for drift.
	TopicAttributes(arn string) (attrs map[string]string, exists bool)
	// SubscriptionAttributes are a subscription's live settable attributes, for drift.
	SubscriptionAttributes(arn string) (attrs map[string]string, exists bool)
}

// Events is what stacks use of EventBridge: rules, and the stack status-change events
// CloudFormation puts on the default bus.
type Events interface {
	PutRule(account, region, name, schedule, pattern, state, description string) (arn string, err error)
	PutTargets(account, region, rule string, targets []EventTarget) error
	RemoveTargets(account, region, rule string, ids []string)
	DeleteRule(account, region, name string)
	Emit(account, region, source, detailType string, resources []string, detail any) string
	// RuleSettings are a rule's live settings, for drift.
	RuleSettings(account, region, name string) (settings RuleSettings, exists bool)
}

// RuleSettings are an EventBridge rule's schedule, event pattern (JSON), state and description.
type RuleSettings struct {
	ScheduleExpression, EventPattern, State, Description string
}

// EventTarget is one target of an AWS::Events::Rule.
type EventTarget struct {
	ID, ARN, Input, InputPath string
}

// Cognito is what stacks use of Cognito user pools. A definition is the create request in
// the API's JSON shape (CreateUserPool, CreateUserPoolClient, CreateGroup); errors are
// Cognito's.
type Cognito interface {
	CreatePool(account, region string, definition []byte) (id, arn string, err error)
	DeletePool(id string)
	// Issuer is the iss claim of a pool's tokens (its ProviderURL).
	Issuer(poolID string) string
	CreateClient(account, region string, definition []byte) (id string, err error)
	DeleteClient(id string)
	CreateGroup(account, region string, definition []byte) error
	DeleteGroup(poolID, name string)
	// PoolClients are the IDs of a pool's app clients, for drift.
	PoolClients(poolID string) (clientIDs []string, exists bool)
}

// AppSync is what stacks use of AppSync; errors are AppSync's.
type AppSync interface {
	CreateAPI(account, region string, spec GraphQLAPISpec) (id, arn string, err error)
	DeleteAPI(id string)
	GraphQLURL(apiID string) string
	SetSchema(apiID, definition string) error
	CreateDataSource(apiID string, spec DataSourceSpec) (arn string, err error)
	DeleteDataSource(apiID, name string)
	CreateResolver(apiID string, spec ResolverSpec) (arn string, err error)
	DeleteResolver(apiID, typeName, fieldName string)
	CreateAPIKey(apiID, description string, expires int64) (key string, err error)
	DeleteAPIKey(apiID, key string)
	// APIConfiguration is an API's live name and authentication, for drift.
	APIConfiguration(account, region, apiID string) (spec GraphQLAPISpec, exists bool)
}

// GraphQLAPISpec is an AWS::AppSync::GraphQLApi.
type GraphQLAPISpec struct {
	Name, AuthType                            string
	UserPoolID, UserPoolRegion, DefaultAction string
	Tags                                      map[string]string
}

// DataSourceSpec is an AWS::AppSync::DataSource.
type DataSourceSpec struct {
	Name, Type, Description, ServiceRoleArn, FunctionArn string
}

// ResolverSpec is an AWS::AppSync::Resolver; Templates is set when it has mapping templates.
type ResolverSpec struct {
	TypeName, FieldName, DataSource, Kind string
	Templates                             bool
}

// KMS is what stacks use of KMS. Keys are named by ID (or ARN); errors
// are KMS's.
type KMS interface {
	CreateKey(account, region, description, policy string, enabled bool, tags map[string]string) (id, arn string)
	UpdateKey(account, region, id, description, policy string, enabled bool, tags map[string]string) error
	ScheduleKeyDeletion(account, region, id string, days int) error
	// PutAlias creates an alias, or retargets it when replace is set.
	PutAlias(account, region, name, target string, replace bool) error
	DeleteAlias(account, region, name string)
	// KeyMetadata is a key's live description and state (Enabled, Disabled, PendingDeletion),
	// for drift.
	KeyMetadata(account, region, id string) (description, keyState string, exists bool)
}

// Glue is what stacks use of the Glue Data Catalog. Inputs are the API's
// DatabaseInput and TableInput in JSON; errors are Glue's.
type Glue interface {
	CreateDatabase(account, region string, input []byte) (name string, err error)
	UpdateDatabase(account, region, name string, input []byte) error
	DeleteDatabase(account, region, name string)
	CreateTable(account, region, database string, input []byte) (name string, err error)
	UpdateTable(account, region, database string, input []byte) error
	DeleteTable(account, region, database, name string)
}

// Firehose is what stacks use of Firehose. A definition is a
// CreateDeliveryStream request in the API's JSON shape; errors are
// Firehose's.
type Firehose interface {
	CreateDeliveryStream(account, region string, definition []byte) (arn string, err error)
	UpdateDestination(account, region string, definition []byte) error
	DeleteDeliveryStream(account, region, name string)
	// DeliveryStreamExists reports whether a stream exists, for drift.
	DeliveryStreamExists(account, region, name string) bool
}

// Backends are the services stacks provision into.
type Backends struct {
	S3       S3
	Logs     Logs
	IAM      IAM
	SQS      SQS
	SNS      SNS
	DynamoDB DynamoDB
	Lambda   Lambda
	Events   Events
	Cognito  Cognito
	AppSync  AppSync
	KMS      KMS
	Glue     Glue
	Firehose Firehose
}

// Engine is the CloudFormation service.
type Engine struct {
	store   *state.Store
	faults  *state.Faults
	logger  *slog.Logger
	s3      S3
	logs    Logs
	iam     IAM
	sqs     SQS
	dynamo  DynamoDB
	lambda  Lambda
	sns     SNS
	events  Events
	cognito Cognito
	appsync AppSync
	kms     KMS
	glue    Glue
	hose    Firehose
	stacks  *stackRunner

	// endpoint is where functions reach localaws, for custom resources' ResponseURL.
	endpointMu sync.Mutex
	endpoint   string

	// ctx ends when the engine closes; stack operations stop then.
	ctx    context.Context
	cancel context.CancelFunc
}

// The state tables of CloudFormation, per region.
var (
	// stackTable holds stacks by stack ID; deleted stacks stay for
	// DescribeStacks by ID, as on AWS.
	stackTable  = state.NewTable[*Stack]("stacks", state.PerRegion)
	exportTable = state.NewTable[*Export]("exports", state.PerRegion)
	// resourceTable holds objects of modeled types that have no API in
	// localaws (SNS topics, KMS keys), by physical ID.
	resourceTable = state.NewTable[*GenericResource]("resources", state.PerRegion)
)

// Tables are the state tables of CloudFormation.
func Tables() []state.Declared {
	return []state.Declared{stackTable, exportTable, resourceTable}
}

// New returns the CloudFormation service. Its stack operations consult
// faults for provisioning fault rules and log their panics to logger.
func New(store *state.Store, faults *state.Faults, logger *slog.Logger, backends Backends) *Engine {
	ctx, cancel := context.WithCancel(context.Background())
	e := &Engine{store: store, faults: faults, logger: logger,
		s3: backends.S3, logs: backends.Logs, iam: backends.IAM, sqs: backends.SQS, dynamo: backends.DynamoDB,
		lambda: backends.Lambda, sns: backends.SNS, events: backends.Events, cognito: backends.Cognito,
		appsync: backends.AppSync, kms: backends.KMS, glue: backends.Glue, hose: backends.Firehose,
		ctx: ctx, cancel: cancel}
	e.stacks = newStackRunner(e)
	return e
}

// Resume restarts the stack operations that were in progress when the
// loaded state was written.
func (e *Engine) Resume() {
	e.store.Lock()
	defer e.store.Unlock()
	e.stacks.resumeAll()
}

// Close stops stack operations and waits for them.
func (e *Engine) Close() {
	e.cancel()
	e.stacks.wait()
}

// region is the CloudFormation state of one account and region.
type region struct {
	Stacks    map[string]*Stack
	Exports   map[string]*Export
	Resources map[string]*GenericResource
}

// region returns (creating) a region's state. Callers hold the state lock.
func (e *Engine) region(account, name string) region {
	st := e.store.State()
	return region{
		Stacks:    stackTable.Region(st, account, name),
		Exports:   exportTable.Region(st, account, name),
		Resources: resourceTable.Region(st, account, name),
	}
}

// request is a call to the CloudFormation API.
type request struct {
	*wire.Request
	eng *Engine
}

// region is the state of the caller's account and region.
func (req *request) region() region { return req.eng.region(req.Account, req.Region) }

type handlerFunc func(req *request) error

// SetEndpoint tells the engine the URL functions reach localaws at: custom resources get
// their ResponseURL there.
func (e *Engine) SetEndpoint(url string) {
	e.endpointMu.Lock()
	defer e.endpointMu.Unlock()
	e.endpoint = url
}

func (e *Engine) endpointURL() string {
	e.endpointMu.Lock()
	defer e.endpointMu.Unlock()
	return e.endpoint
}
