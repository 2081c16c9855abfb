// Package dynamodb emulates the DynamoDB JSON 1.0 API (tables, items,
// queries, scans, batches, transactions, TTL and tags) and the DynamoDB
// Streams API, whose records every item change appends when a table has a
// stream. Expressions are parsed and evaluated by package expr.
package dynamodb

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Service implements DynamoDB and DynamoDB Streams.
type Service struct {
	store *state.Store
}

// tableTable holds each region's tables, with their items and stream
// records, by name.
var tableTable = state.NewTable[*Table]("dynamodbTables", state.PerRegion)

// Tables are the state tables of DynamoDB.
func Tables() []state.Declared { return []state.Declared{tableTable} }

// New returns the DynamoDB service keeping its tables in store.
func New(store *state.Store) *Service { return &Service{store: store} }

// tables are a region's tables. Callers hold the state lock.
func (s *Service) tables(account, region string) map[string]*Table {
	return tableTable.Region(s.store.State(), account, region)
}

// request is a call to DynamoDB or DynamoDB Streams.
type request struct {
	*wire.Request
	svc *Service
}

func (req *request) tables() map[string]*Table { return req.svc.tables(req.Account, req.Region) }

// table returns a table for an item operation.
func (req *request) table(name string) (*Table, error) {
	if name == "" {
		return nil, validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null")
	}
	t, ok := req.tables()[name]
	if !ok {
		return nil, notFound("Requested resource not found")
	}
	return t, nil
}

// tableNotFound is how table operations report a missing table.
func tableNotFound(name string) *wire.Error {
	return notFound("Requested resource not found: Table: %s not found", name)
}

// lookupTable returns a table of a region by name.
func (s *Service) lookupTable(account, region, name string) (*Table, error) {
	t, ok := s.tables(account, region)[name]
	if !ok {
		return nil, tableNotFound(name)
	}
	return t, nil
}

// namedTable decodes a request that names only a table and returns it.
func (req *request) namedTable() (*Table, error) {
	var in struct{ TableName string }
	if err := req.decode(&in); err != nil {
		return nil, err
	}
	return req.svc.lookupTable(req.Account, req.Region, in.TableName)
}

// pageLimit is a request's Limit: its default when unset, at most most.
func pageLimit(limit, most int) (int, error) {
	if limit == 0 {
		return most, nil
	}
	if limit < 1 || limit > most {
		return 0, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value less than or equal to %d", limit, most)
	}
	return limit, nil
}

// decode reads the request body into v.
func (req *request) decode(v any) error {
	if err := req.DecodeJSON(v); err != nil {
		return wire.NewError(http.StatusBadRequest, "SerializationException", "%s", wire.AsError(err).Message)
	}
	return nil
}

type handlerFunc func(req *request) error

// The X-Amz-Target prefixes of the two APIs.
const (
	dynamoTarget  = "DynamoDB_20120810."
	streamsTarget = "DynamoDBStreams_20120810."
	// errorNamespace prefixes the __type of errors, as DynamoDB sends it.
	errorNamespace = "com.amazonaws.dynamodb.v20120810#"
)

var dynamoHandlers = map[string]handlerFunc{
	"CreateTable":               createTable,
	"DescribeTable":             describeTable,
	"ListTables":                listTables,
	"DeleteTable":               deleteTable,
	"UpdateTable":               updateTable,
	"UpdateTimeToLive":          updateTimeToLive,
	"DescribeTimeToLive":        describeTimeToLive,
	"TagResource":               tagResource,
	"UntagResource":             untagResource,
	"ListTagsOfResource":        listTagsOfResource,
	"GetItem":                   getItem,
	"PutItem":                   putItem,
	"UpdateItem":                updateItem,
	"DeleteItem":                deleteItem,
	"Query":                     query,
	"Scan":                      scan,
	"BatchGetItem":              batchGetItem,
	"BatchWriteItem":            batchWriteItem,
	"TransactWriteItems":        transactWriteItems,
	"TransactGetItems":          transactGetItems,
	"DescribeEndpoints":         describeEndpoints,
	"DescribeLimits":            describeLimits,
	"DescribeContinuousBackups": describeContinuousBackups,
}

var streamsHandlers = map[string]handlerFunc{
	"ListStreams":      listStreams,
	"DescribeStream":   describeStream,
	"GetShardIterator": getShardIterator,
	"GetRecords":       getRecords,
}

// handlersFor picks the API of a request by its target prefix.
func handlersFor(req *wire.Request) map[string]handlerFunc {
	target := req.TargetHeader()
	switch {
	case strings.HasPrefix(target, dynamoTarget):
		return dynamoHandlers
	case strings.HasPrefix(target, streamsTarget):
		return streamsHandlers
	}
	return nil
}

// Resolve implements wire.Service: the resource is the table a request
// names (the first one for batches and transactions).
func (s *Service) Resolve(req *wire.Request) (string, string) {
	op := req.Target()
	if _, ok := handlersFor(req)[op]; !ok {
		return "", ""
	}
	req.ErrorNamespace, req.CRC32 = errorNamespace, true
	if name, ok := tableNameAsSDKWritesIt(req.Body); ok {
		return op, name
	}
	var probe struct {
		TableName     string
		ResourceArn   string
		StreamArn     string
		RequestItems  map[string]json.RawMessage
		TransactItems []map[string]struct{ TableName string }
	}
	_ = json.Unmarshal(req.Body, &probe)
	switch {
	case probe.TableName != "":
		return op, probe.TableName
	case probe.ResourceArn != "" || probe.StreamArn != "":
		return op, tableFromArn(probe.ResourceArn + probe.StreamArn)
	}
	for name := range probe.RequestItems {
		return op, name
	}
	for _, ti := range probe.TransactItems {
		for _, v := range ti {
			return op, v.TableName
		}
	}
	return op, ""
}

// tableNameKey is how the SDK's serializer writes the TableName member.
var tableNameKey = []byte(`"TableName":"`)

// tableNameAsSDKWritesIt reads TableName without decoding the request, which on the item
// operations costs as much as the operation itself. Only a request naming one table, written
// compactly, qualifies: a TableName key inside a value is either escaped (a string) or
// followed by an object, never by `":"`; batches and transactions name theirs deeper and take
// the decoding path, as do names with escapes.
func tableNameAsSDKWritesIt(body []byte) (string, bool) {
	i := bytes.Index(body, tableNameKey)
	if i < 0 || bytes.Contains(body, []byte(`"RequestItems"`)) || bytes.Contains(body, []byte(`"TransactItems"`)) {
		return "", false
	}
	rest := body[i+len(tableNameKey):]
	end := bytes.IndexByte(rest, '"')
	if end <= 0 || bytes.IndexByte(rest[:end], '\\') >= 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// tableFromArn reads the table name of a table, index or stream ARN.
func tableFromArn(arn string) string {
	_, rest, ok := strings.Cut(arn, ":table/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return handlersFor(req)[req.Operation](&request{Request: req, svc: s})
}

func validation(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "ValidationException", format, args...)
}

func notFound(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "ResourceNotFoundException", format, args...)
}

func inUse(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "ResourceInUseException", format, args...)
}

// conditionFailed is ConditionalCheckFailedException, carrying the item
// when ReturnValuesOnConditionCheckFailure asks for it.
func conditionFailed(item expr.Item) *wire.Error {
	e := wire.NewError(http.StatusBadRequest, "ConditionalCheckFailedException", "The conditional request failed")
	if item != nil {
		e.Fields = map[string]any{"Item": item}
	}
	return e
}

// exprError turns an expression error into a ValidationException.
func exprError(err error) error {
	var e *expr.Error
	if errors.As(err, &e) {
		return validation("%s", e.Msg)
	}
	return err
}

func describeEndpoints(req *request) error {
	return req.ReplyJSON(map[string]any{"Endpoints": []map[string]any{{"Address": req.R.Host, "CachePeriodInMinutes": 1440}}})
}

func describeLimits(req *request) error {
	return req.ReplyJSON(map[string]int{"AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
		"TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000})
}

func describeContinuousBackups(req *request) error {
	var in struct{ TableName string }
	if err := req.decode(&in); err != nil {
		return err
	}
	t, ok := req.tables()[in.TableName]
	if !ok {
		return wire.NewError(http.StatusBadRequest, "TableNotFoundException", "Table not found: %s", in.TableName)
	}
	pitr := "DISABLED"
	if t.PointInTimeRecovery {
		pitr = "ENABLED"
	}
	return req.ReplyJSON(map[string]any{"ContinuousBackupsDescription": map[string]any{
		"ContinuousBackupsStatus":        "ENABLED",
		"PointInTimeRecoveryDescription": map[string]string{"PointInTimeRecoveryStatus": pitr},
	}})
}
