// Package appsync emulates AppSync GraphQL APIs: the REST-JSON control plane (APIs, schemas,
// data sources, resolvers, API keys) and the GraphQL endpoint each API reports in
// uris.GRAPHQL. Requests are parsed and validated against the API's schema with gqlparser;
// Query and Mutation fields resolve through direct Lambda resolvers, which invoke the data
// source's function with the event AppSync sends, and results are shaped to the selection
// set. Cognito user pool tokens are verified through the Tokens backend.
package appsync

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Backends are what AppSync uses of other services, called with the emulator's lock held.
type Backends struct {
	// Functions invokes a data source's Lambda function synchronously, releasing the lock
	// while it runs; functionError is Lambda's ("Unhandled") when the function failed.
	Functions interface {
		Invoke(account, region, name string, payload []byte) (response []byte, functionError string, err error)
	}
	// Tokens verifies a Cognito ID or access token: signature, issuer, expiry, revocation.
	Tokens interface {
		Verify(token, tokenUse string) (poolID string, claims map[string]any, err error)
	}
}

// apiTable holds the APIs by ID: the GraphQL endpoint names only the ID.
var apiTable = state.NewTable[*API]("appsyncApis", state.Global)

// Tables are the state tables of AppSync.
func Tables() []state.Declared { return []state.Declared{apiTable} }

// Service is the AppSync service.
type Service struct {
	store    *state.Store
	backends Backends

	mu       sync.Mutex
	endpoint string
	// schemas are the APIs' parsed schemas by API ID, with the SDL each was parsed from:
	// parsing a schema the size of an application's costs more than answering most queries.
	schemas map[string]parsedSchema
}

// parsedSchema is an API's schema as gqlparser loaded it, and the SDL it came from.
type parsedSchema struct {
	sdl    string
	schema *ast.Schema
}

// schemaOf is an API's parsed schema, parsing it only when its SDL changed.
func (s *Service) schemaOf(a *API) (*ast.Schema, error) {
	s.mu.Lock()
	cached, ok := s.schemas[a.ID]
	s.mu.Unlock()
	if ok && cached.sdl == a.Schema {
		return cached.schema, nil
	}
	schema, err := parseSchema(a.Schema)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.schemas == nil {
		s.schemas = map[string]parsedSchema{}
	}
	s.schemas[a.ID] = parsedSchema{sdl: a.Schema, schema: schema}
	s.mu.Unlock()
	return schema, nil
}

// New returns the AppSync service.
func New(store *state.Store, backends Backends) *Service {
	return &Service{store: store, backends: backends}
}

// SetEndpoint tells the service the URL clients reach localaws at, where the GraphQL
// endpoints are.
func (s *Service) SetEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoint = strings.TrimSuffix(url, "/")
}

// GraphQLURL is an API's GraphQL endpoint.
func (s *Service) GraphQLURL(apiID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.endpoint + GraphQLPrefix + apiID + "/graphql"
}

// GraphQLPrefix starts the path of the GraphQL endpoints: /_appsync/<api id>/graphql.
const GraphQLPrefix = "/_appsync/"

func (s *Service) apis() map[string]*API { return apiTable.Global(s.store.State()) }

// API is a GraphQL API with its schema, data sources, resolvers and keys.
type API struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Account        string            `json:"account"`
	Region         string            `json:"region"`
	AuthType       string            `json:"authenticationType"`
	UserPoolConfig *UserPoolConfig   `json:"userPoolConfig,omitempty"`
	Tags           map[string]string `json:"tags,omitempty"`
	Created        time.Time         `json:"created"`
	// Schema is the SDL; SchemaStatus and SchemaDetails are the last schema creation's.
	Schema        string                 `json:"schema,omitempty"`
	SchemaStatus  string                 `json:"schemaStatus,omitempty"`
	SchemaDetails string                 `json:"schemaDetails,omitempty"`
	DataSources   map[string]*DataSource `json:"dataSources"`
	// Resolvers are by "Type.field".
	Resolvers map[string]*Resolver `json:"resolvers"`
	Keys      map[string]*APIKey   `json:"keys"`
}

// UserPoolConfig is an API's Cognito user pool.
type UserPoolConfig struct {
	UserPoolID    string `json:"userPoolId"`
	AwsRegion     string `json:"awsRegion,omitempty"`
	DefaultAction string `json:"defaultAction,omitempty"`
}

// DataSource is where resolvers get data: a Lambda function, or NONE.
type DataSource struct {
	Name           string `json:"name"`
	Type           string `json:"type"`
	Description    string `json:"description,omitempty"`
	ServiceRoleArn string `json:"serviceRoleArn,omitempty"`
	FunctionArn    string `json:"lambdaFunctionArn,omitempty"`
}

// Resolver attaches a field to a data source.
type Resolver struct {
	TypeName   string `json:"typeName"`
	FieldName  string `json:"fieldName"`
	DataSource string `json:"dataSourceName"`
	Kind       string `json:"kind"`
}

// APIKey is an API key; Expires is in epoch seconds.
type APIKey struct {
	ID          string `json:"id"`
	Description string `json:"description,omitempty"`
	Expires     int64  `json:"expires"`
}

func (a *API) arn() string {
	return fmt.Sprintf("arn:%s:appsync:%s:%s:apis/%s", wire.Partition(a.Region), a.Region, a.Account, a.ID)
}

func notFound(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusNotFound, "NotFoundException", format, args...)
}

func badRequest(format string, args ...any) *wire.Error {
	return wire.NewError(http.StatusBadRequest, "BadRequestException", format, args...)
}

// api finds an API of the caller's account and region.
func (s *Service) api(account, region, id string) (*API, error) {
	a, ok := s.apis()[id]
	if !ok || a.Account != account || a.Region != region {
		return nil, notFound("GraphQL API %s not found.", id)
	}
	return a, nil
}
