package appsync

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// maxQueryBytes bounds a GraphQL request (AppSync's limit is 1 MB per request and response).
const maxQueryBytes = 1 << 20

// graphQLRequest is the body POSTed to the GraphQL endpoint.
type graphQLRequest struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

// errUnauthorized is the 401 AppSync answers without valid credentials.
type errUnauthorized string

func (e errUnauthorized) Error() string { return string(e) }

const noAuthorization = errUnauthorized("Valid authorization header not provided.")

// ServeGraphQL answers the GraphQL endpoint of an API, /_appsync/<api id>/graphql: CORS
// preflights, and POSTed queries and mutations. It takes the emulator's lock, which resolvers
// release while their function runs.
func (s *Service) ServeGraphQL(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Headers", "content-type, authorization, x-api-key, x-amz-date, x-amz-security-token, x-amz-user-agent")
	h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
	h.Set("Access-Control-Max-Age", "86400")
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusOK)
		return
	}
	apiID, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, GraphQLPrefix), "/graphql")
	if !ok || r.Method != http.MethodPost {
		writeErrors(w, http.StatusNotFound, "NotFoundException", "No GraphQL endpoint at "+r.Method+" "+r.URL.Path)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxQueryBytes+1))
	var in graphQLRequest
	if err == nil && len(body) <= maxQueryBytes {
		err = json.Unmarshal(body, &in)
	}
	if err != nil || len(body) > maxQueryBytes || in.Query == "" {
		writeErrors(w, http.StatusBadRequest, "MalformedHttpRequestException", "Unable to parse GraphQL query.")
		return
	}
	s.store.Lock()
	defer s.store.Unlock()
	status, doc := s.execute(apiID, r, in)
	h.Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(doc)
}

func writeErrors(w http.ResponseWriter, status int, errorType, message string) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]string{"errorType": errorType, "message": message}}})
}

// execute runs one request with the lock held and returns the HTTP status and the response.
func (s *Service) execute(apiID string, r *http.Request, in graphQLRequest) (int, any) {
	a, ok := s.apis()[apiID]
	if !ok {
		return http.StatusNotFound, errorDoc("NotFoundException", "GraphQL API "+apiID+" not found.")
	}
	identity, err := s.authorize(a, r)
	if err != nil {
		return http.StatusUnauthorized, errorDoc("UnauthorizedException", err.Error())
	}
	schema, err := s.schemaOf(a)
	if a.Schema == "" || err != nil {
		return http.StatusBadRequest, errorDoc("BadRequestException", "The GraphQL API has no valid schema.")
	}
	doc, errs := gqlparser.LoadQueryWithRules(schema, in.Query, rules.NewDefaultRules())
	if len(errs) > 0 {
		return http.StatusOK, validationDoc(errs)
	}
	op := doc.Operations.ForName(in.OperationName)
	if op == nil {
		return http.StatusOK, errorDoc("BadRequestException", "No operation named "+in.OperationName+".")
	}
	if op.Operation == ast.Subscription {
		return http.StatusOK, errorDoc("BadRequestException", "localaws does not serve subscriptions.")
	}
	vars, verr := validator.VariableValues(schema, op, in.Variables)
	if verr != nil {
		return http.StatusOK, validationDoc(gqlerror.List{asGQLError(verr)})
	}
	ex := newExecutor(s, a, schema, doc, vars, identity, r)
	root := schema.Query
	if op.Operation == ast.Mutation {
		root = schema.Mutation
	}
	data := ex.object(root.Name, op.SelectionSet, nil, nil)
	out := map[string]any{"data": data}
	if len(ex.errors) > 0 {
		out["errors"] = ex.errors
	}
	return http.StatusOK, out
}

func asGQLError(err error) *gqlerror.Error {
	var ge *gqlerror.Error
	if errors.As(err, &ge) {
		return ge
	}
	return gqlerror.Wrap(err)
}

func errorDoc(errorType, message string) map[string]any {
	return map[string]any{"errors": []any{map[string]string{"errorType": errorType, "message": message}}}
}

// validationDoc is AppSync's answer to a query the schema refuses: no data, the errors
// with their locations.
func validationDoc(errs gqlerror.List) map[string]any {
	out := make([]any, len(errs))
	for i, e := range errs {
		locs := make([]any, len(e.Locations))
		for j, l := range e.Locations {
			locs[j] = map[string]any{"line": l.Line, "column": l.Column, "sourceName": nil}
		}
		out[i] = map[string]any{"path": nil, "locations": locs, "message": "Validation error: " + e.Message,
			"errorType": "ValidationError"}
	}
	return map[string]any{"data": nil, "errors": out}
}

// authorize checks the request's credentials against the API's authentication type and
// returns the identity resolvers see.
func (s *Service) authorize(a *API, r *http.Request) (any, error) {
	switch a.AuthType {
	case "API_KEY":
		key := r.Header.Get("X-Api-Key")
		if key == "" {
			return nil, noAuthorization
		}
		if k, ok := a.Keys[key]; !ok || k.Expires < nowUnix() {
			return nil, errUnauthorized("You are not authorized to make this call.")
		}
		return nil, nil
	case "AWS_IAM":
		return iamIdentity(r)
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token == "" {
		return nil, noAuthorization
	}
	poolID, claims, err := s.backends.Tokens.Verify(token, "")
	if err != nil || a.UserPoolConfig == nil || poolID != a.UserPoolConfig.UserPoolID {
		return nil, noAuthorization
	}
	username, _ := claims["cognito:username"].(string)
	if username == "" {
		username, _ = claims["username"].(string)
	}
	return map[string]any{"sub": claims["sub"], "issuer": claims["iss"], "username": username, "claims": claims,
		"sourceIp": []string{sourceIP(r)}, "defaultAuthStrategy": a.UserPoolConfig.DefaultAction,
		"groups": claims["cognito:groups"]}, nil
}

// iamIdentity is the identity of a SigV4-signed request; the signature is not verified.
func iamIdentity(r *http.Request) (any, error) {
	auth := r.Header.Get("Authorization")
	_, cred, ok := strings.Cut(auth, "Credential=")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256") || !ok {
		return nil, errUnauthorized("Missing Authentication Token")
	}
	key, _, _ := strings.Cut(cred, "/")
	account := wire.DefaultAccount
	if wire.IsAccountID(key) {
		account = key
	}
	return map[string]any{"accountId": account, "sourceIp": []string{sourceIP(r)}, "username": key,
		"userArn": "arn:aws:iam::" + account + ":root", "cognitoIdentityPoolId": nil, "cognitoIdentityId": nil}, nil
}

func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
