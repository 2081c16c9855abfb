package appsync

import (
	"encoding/base64"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// request is a call to the control plane; parts are the path segments after /v1/apis.
type request struct {
	*wire.Request
	svc   *Service
	parts []string
}

type handlerFunc func(req *request) error

// route is one operation: method and path pattern, "*" standing for a name.
type route struct {
	method, pattern, operation string
	handler                    handlerFunc
}

var routes = []route{
	{http.MethodPost, "", "CreateGraphqlApi", createGraphqlAPI},
	{http.MethodGet, "", "ListGraphqlApis", listGraphqlAPIs},
	{http.MethodGet, "*", "GetGraphqlApi", getGraphqlAPI},
	{http.MethodPost, "*", "UpdateGraphqlApi", updateGraphqlAPI},
	{http.MethodDelete, "*", "DeleteGraphqlApi", deleteGraphqlAPI},
	{http.MethodPost, "*/schemacreation", "StartSchemaCreation", startSchemaCreation},
	{http.MethodGet, "*/schemacreation", "GetSchemaCreationStatus", getSchemaCreationStatus},
	{http.MethodPost, "*/datasources", "CreateDataSource", createDataSource},
	{http.MethodGet, "*/datasources/*", "GetDataSource", getDataSource},
	{http.MethodDelete, "*/datasources/*", "DeleteDataSource", deleteDataSource},
	{http.MethodPost, "*/types/*/resolvers", "CreateResolver", createResolver},
	{http.MethodGet, "*/types/*/resolvers", "ListResolvers", listResolvers},
	{http.MethodDelete, "*/types/*/resolvers/*", "DeleteResolver", deleteResolver},
	{http.MethodPost, "*/apikeys", "CreateApiKey", createAPIKey},
	{http.MethodDelete, "*/apikeys/*", "DeleteApiKey", deleteAPIKey},
}

// match finds the route of a request under /v1/apis.
func match(r *http.Request) (route, []string, bool) {
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/v1/apis")
	if !ok {
		return route{}, nil, false
	}
	var parts []string
	if rest = strings.Trim(rest, "/"); rest != "" {
		parts = strings.Split(rest, "/")
	}
	for i, p := range parts {
		if u, err := url.PathUnescape(p); err == nil {
			parts[i] = u
		}
	}
	for _, rt := range routes {
		if rt.method == r.Method && fits(rt.pattern, parts) {
			return rt, parts, true
		}
	}
	return route{}, nil, false
}

func fits(pattern string, parts []string) bool {
	var want []string
	if pattern != "" {
		want = strings.Split(pattern, "/")
	}
	if len(want) != len(parts) {
		return false
	}
	for i, w := range want {
		if w != "*" && w != parts[i] {
			return false
		}
	}
	return true
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	rt, parts, ok := match(req.R)
	if !ok {
		return "", ""
	}
	if len(parts) > 0 {
		return rt.operation, parts[0]
	}
	return rt.operation, ""
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	rt, parts, ok := match(req.R)
	if !ok {
		return req.UnknownOperation()
	}
	return rt.handler(&request{Request: req, svc: s, parts: parts})
}

// api is the API the path names.
func (req *request) api() (*API, error) { return req.svc.api(req.Account, req.Region, req.parts[0]) }

func (req *request) reply(v any) error { return req.ReplyRESTJSON(http.StatusOK, v) }

// APISpec is a CreateGraphqlApi request.
type APISpec struct {
	Name, AuthType                            string
	UserPoolID, UserPoolRegion, DefaultAction string
	Tags                                      map[string]string
}

// authTypes are the authentication types localaws enforces.
var authTypes = map[string]bool{"API_KEY": true, "AWS_IAM": true, "AMAZON_COGNITO_USER_POOLS": true}

// CreateAPI creates a GraphQL API and returns its ID and ARN. Callers hold the state lock.
func (s *Service) CreateAPI(account, region string, spec APISpec) (id, arn string, err error) {
	if err := checkSpec(spec); err != nil {
		return "", "", err
	}
	pool, err := userPoolConfig(spec, region)
	if err != nil {
		return "", "", err
	}
	a := &API{ID: strings.ToLower(wire.RandomFrom(wire.Alnum, 26)), Name: spec.Name, Account: account, Region: region,
		AuthType: spec.AuthType, UserPoolConfig: pool, Tags: spec.Tags, Created: time.Now().UTC(),
		DataSources: map[string]*DataSource{}, Resolvers: map[string]*Resolver{}, Keys: map[string]*APIKey{}}
	s.apis()[a.ID] = a
	return a.ID, a.arn(), nil
}

// checkSpec refuses an API without a name or with an authentication type localaws does not
// enforce.
func checkSpec(spec APISpec) error {
	if spec.Name == "" {
		return badRequest("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
	}
	if !authTypes[spec.AuthType] {
		return badRequest("localaws does not support authenticationType %q", spec.AuthType)
	}
	return nil
}

// userPoolConfig is the user pool of an API with spec's authentication; nil unless it is
// AMAZON_COGNITO_USER_POOLS.
func userPoolConfig(spec APISpec, region string) (*UserPoolConfig, error) {
	if spec.AuthType != "AMAZON_COGNITO_USER_POOLS" {
		return nil, nil
	}
	if spec.UserPoolID == "" {
		return nil, badRequest("userPoolConfig is required for AMAZON_COGNITO_USER_POOLS.")
	}
	pool := &UserPoolConfig{UserPoolID: spec.UserPoolID, AwsRegion: spec.UserPoolRegion, DefaultAction: spec.DefaultAction}
	if pool.AwsRegion == "" {
		pool.AwsRegion = region
	}
	if pool.DefaultAction == "" {
		pool.DefaultAction = "ALLOW"
	}
	return pool, nil
}

// UpdateAPI sets an API's name and authentication, as UpdateGraphqlApi does. Callers hold the
// state lock.
func (s *Service) UpdateAPI(account, region, id string, spec APISpec) error {
	a, err := s.api(account, region, id)
	if err != nil {
		return err
	}
	if err := checkSpec(spec); err != nil {
		return err
	}
	pool, err := userPoolConfig(spec, region)
	if err != nil {
		return err
	}
	a.Name, a.AuthType, a.UserPoolConfig = spec.Name, spec.AuthType, pool
	return nil
}

// APIConfiguration returns an API's name and authentication as an APISpec, for drift
// detection, and whether it exists. Callers hold the state lock.
func (s *Service) APIConfiguration(account, region, id string) (APISpec, bool) {
	a, err := s.api(account, region, id)
	if err != nil {
		return APISpec{}, false
	}
	spec := APISpec{Name: a.Name, AuthType: a.AuthType, Tags: maps.Clone(a.Tags)}
	if c := a.UserPoolConfig; c != nil {
		spec.UserPoolID, spec.UserPoolRegion, spec.DefaultAction = c.UserPoolID, c.AwsRegion, c.DefaultAction
	}
	return spec, true
}

// DeleteAPI deletes an API. Callers hold the state lock.
func (s *Service) DeleteAPI(id string) {
	delete(s.apis(), id)
	s.mu.Lock()
	delete(s.schemas, id)
	s.mu.Unlock()
}

func (s *Service) describe(a *API) map[string]any {
	graphql := s.GraphQLURL(a.ID)
	u, _ := url.Parse(graphql)
	out := map[string]any{"apiId": a.ID, "name": a.Name, "arn": a.arn(), "authenticationType": a.AuthType,
		"uris": map[string]string{"GRAPHQL": graphql}, "dns": map[string]string{"GRAPHQL": u.Host},
		"apiType": "GRAPHQL", "visibility": "GLOBAL", "xrayEnabled": false, "owner": a.Account}
	if a.UserPoolConfig != nil {
		out["userPoolConfig"] = a.UserPoolConfig
	}
	if len(a.Tags) > 0 {
		out["tags"] = a.Tags
	}
	return out
}

func createGraphqlAPI(req *request) error {
	var in apiInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	id, _, err := req.svc.CreateAPI(req.Account, req.Region, in.spec())
	if err != nil {
		return err
	}
	return req.reply(map[string]any{"graphqlApi": req.svc.describe(req.svc.apis()[id])})
}

// apiInput is the body of CreateGraphqlApi and UpdateGraphqlApi.
type apiInput struct {
	Name               string            `json:"name"`
	AuthenticationType string            `json:"authenticationType"`
	UserPoolConfig     *UserPoolConfig   `json:"userPoolConfig"`
	Tags               map[string]string `json:"tags"`
}

func (in apiInput) spec() APISpec {
	spec := APISpec{Name: in.Name, AuthType: in.AuthenticationType, Tags: in.Tags}
	if c := in.UserPoolConfig; c != nil {
		spec.UserPoolID, spec.UserPoolRegion, spec.DefaultAction = c.UserPoolID, c.AwsRegion, c.DefaultAction
	}
	return spec
}

func updateGraphqlAPI(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	var in apiInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if err := req.svc.UpdateAPI(req.Account, req.Region, a.ID, in.spec()); err != nil {
		return err
	}
	return req.reply(map[string]any{"graphqlApi": req.svc.describe(a)})
}

func getGraphqlAPI(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	return req.reply(map[string]any{"graphqlApi": req.svc.describe(a)})
}

func listGraphqlAPIs(req *request) error {
	out := []any{}
	for _, a := range req.svc.apis() {
		if a.Account == req.Account && a.Region == req.Region {
			out = append(out, req.svc.describe(a))
		}
	}
	return req.reply(map[string]any{"graphqlApis": out})
}

func deleteGraphqlAPI(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	req.svc.DeleteAPI(a.ID)
	return req.reply(map[string]any{})
}

// prelude declares AppSync's scalars and directives, which schemas use without declaring.
const prelude = `
scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`

// parseSchema loads an API's SDL with AppSync's prelude.
func parseSchema(sdl string) (*ast.Schema, error) {
	return gqlparser.LoadSchema(&ast.Source{Name: "aws.graphql", Input: prelude, BuiltIn: true},
		&ast.Source{Name: "schema.graphql", Input: sdl})
}

// SetSchema replaces an API's schema; an invalid one leaves the status FAILED with the
// parser's message, which it also returns. Callers hold the state lock.
func (s *Service) SetSchema(apiID, sdl string) error {
	a, ok := s.apis()[apiID]
	if !ok {
		return notFound("GraphQL API %s not found.", apiID)
	}
	if _, err := parseSchema(sdl); err != nil {
		a.SchemaStatus, a.SchemaDetails = "FAILED", err.Error()
		return badRequest("Schema is not valid: %v", err)
	}
	a.Schema, a.SchemaStatus, a.SchemaDetails = sdl, "SUCCESS", "Successfully created schema with the provided definition."
	return nil
}

func startSchemaCreation(req *request) error {
	var in struct {
		Definition string `json:"definition"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	a, err := req.api()
	if err != nil {
		return err
	}
	sdl, err := base64.StdEncoding.DecodeString(in.Definition)
	if err != nil {
		return badRequest("definition is not base64: %v", err)
	}
	// The outcome is read with GetSchemaCreationStatus, as on AWS.
	_ = req.svc.SetSchema(a.ID, string(sdl))
	return req.reply(map[string]any{"status": "PROCESSING"})
}

func getSchemaCreationStatus(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	if a.SchemaStatus == "" {
		return notFound("No schema creation found for the API %s.", a.ID)
	}
	return req.reply(map[string]any{"status": a.SchemaStatus, "details": a.SchemaDetails})
}
