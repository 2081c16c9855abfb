package localaws_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
	appsynctypes "github.com/aws/aws-sdk-go-v2/service/appsync/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func (e *env) appsync() *appsync.Client { return appsync.NewFromConfig(e.cfg) }

const itemSchema = `
schema { query: Query mutation: Mutation }
type Owner { username: String groups: [String] }
type Item @aws_cognito_user_pools {
  id: ID!
  name: String
  secret: String
  tags: [String]
  owner: Owner
  arguments: AWSJSON
  selection: [String]
  parent: String
  related: [Item]
}
type Query {
  item(id: ID!): Item
  items(prefix: String): [Item]
  boom: String
  unresolved: String
}
type Mutation { createItem(name: String!): Item }
`

// graphQLAPI creates an API with the item schema whose fields resolve through the Go test
// function, and returns its ID and GraphQL URL.
func graphQLAPI(t *testing.T, e *env, in *appsync.CreateGraphqlApiInput) (string, string) {
	t.Helper()
	c := ctx(t)
	createGoFunction(t, e, "resolver", 10, nil)
	api, err := e.appsync().CreateGraphqlApi(c, in)
	must(t, err)
	id := aws.ToString(api.GraphqlApi.ApiId)
	_, err = e.appsync().StartSchemaCreation(c, &appsync.StartSchemaCreationInput{ApiId: aws.String(id), Definition: []byte(itemSchema)})
	must(t, err)
	status, err := e.appsync().GetSchemaCreationStatus(c, &appsync.GetSchemaCreationStatusInput{ApiId: aws.String(id)})
	must(t, err)
	if status.Status != appsynctypes.SchemaStatusSuccess {
		t.Fatalf("schema %s: %s", status.Status, aws.ToString(status.Details))
	}
	_, err = e.appsync().CreateDataSource(c, &appsync.CreateDataSourceInput{ApiId: aws.String(id), Name: aws.String("fn"),
		Type:         appsynctypes.DataSourceTypeAwsLambda,
		LambdaConfig: &appsynctypes.LambdaDataSourceConfig{LambdaFunctionArn: aws.String("arn:aws:lambda:us-east-1:000000000000:function:resolver")},
	})
	must(t, err)
	for _, f := range [][2]string{{"Query", "item"}, {"Query", "items"}, {"Query", "boom"}, {"Mutation", "createItem"}, {"Item", "related"}} {
		_, err := e.appsync().CreateResolver(c, &appsync.CreateResolverInput{ApiId: aws.String(id), TypeName: aws.String(f[0]),
			FieldName: aws.String(f[1]), DataSourceName: aws.String("fn"), Kind: appsynctypes.ResolverKindUnit})
		must(t, err)
	}
	return id, api.GraphqlApi.Uris["GRAPHQL"]
}

// cognitoGraphQLAPI is an item API authorised by a user pool, with the ID token of a user of
// it in the Admin group.
func cognitoGraphQLAPI(t *testing.T, e *env) (url, token string) {
	t.Helper()
	poolID, clientID := cognitoPool(t, e)
	_, err := e.cognito().CreateGroup(ctx(t), &cip.CreateGroupInput{UserPoolId: aws.String(poolID), GroupName: aws.String("Admin")})
	must(t, err)
	tokens := firstSignIn(t, e, poolID, clientID, "ada@example.com", "Admin")
	_, url = graphQLAPI(t, e, &appsync.CreateGraphqlApiInput{Name: aws.String("items"),
		AuthenticationType: appsynctypes.AuthenticationTypeAmazonCognitoUserPools,
		UserPoolConfig: &appsynctypes.UserPoolConfig{UserPoolId: aws.String(poolID), AwsRegion: aws.String("us-east-1"),
			DefaultAction: appsynctypes.DefaultActionAllow}})
	return url, aws.ToString(tokens.IdToken)
}

// graphql POSTs a request to a GraphQL endpoint and decodes the answer.
func graphql(t *testing.T, url string, headers map[string]string, query string, vars map[string]any) (int, map[string]any) {
	t.Helper()
	status, doc, _ := graphqlRaw(t, url, headers, query, vars)
	return status, doc
}

// graphqlRaw is graphql that also returns the body as sent.
func graphqlRaw(t *testing.T, url string, headers map[string]string, query string, vars map[string]any) (int, map[string]any, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx(t), http.MethodPost, url, bytes.NewReader(body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer func() { _ = resp.Body.Close() }()
	data, _ := io.ReadAll(resp.Body)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%d %s: %v", resp.StatusCode, data, err)
	}
	return resp.StatusCode, doc, strings.TrimSpace(string(data))
}

func jsonOf(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func TestAppSyncQueryResolvesThroughGoFunction(t *testing.T) {
	e := startEnv(t)
	url, token := cognitoGraphQLAPI(t, e)
	status, doc, raw := graphqlRaw(t, url, map[string]string{"Authorization": token},
		`query Get($id: ID!) { item(id: $id) { __typename id label: name tags owner { username groups } related { id } } }`,
		map[string]any{"id": "x1"})
	if status != http.StatusOK || doc["errors"] != nil {
		t.Fatalf("%d %v", status, doc)
	}
	item := doc["data"].(map[string]any)["item"].(map[string]any)
	owner := item["owner"].(map[string]any)
	if item["__typename"] != "Item" || item["id"] != "x1" || item["label"] != "item-x1" || item["secret"] != nil ||
		item["name"] != nil || jsonOf(item["tags"]) != `["red","blue"]` || jsonOf(owner["groups"]) != `["Admin"]` ||
		owner["username"] == "" || owner["username"] == nil || jsonOf(item["related"]) != `[{"id":"x1-child"}]` {
		t.Fatalf("item = %v", jsonOf(item))
	}
	// Only the selected fields, in the order selected.
	if got := raw; !strings.HasPrefix(got, `{"data":{"item":{"__typename":"Item","id":"x1","label":"item-x1","tags"`) {
		t.Fatalf("data = %s", got)
	}
	_, doc = graphql(t, url, map[string]string{"Authorization": token},
		`{ items { id selection arguments } }`, nil)
	items := doc["data"].(map[string]any)["items"].([]any)
	first := items[0].(map[string]any)
	if len(items) != 2 || jsonOf(first["selection"]) != `["id","selection","arguments"]` || first["arguments"] != "{}" {
		t.Fatalf("items = %s", jsonOf(items))
	}
}

func TestAppSyncMutation(t *testing.T) {
	e := startEnv(t)
	url, token := cognitoGraphQLAPI(t, e)
	_, _, got := graphqlRaw(t, url, map[string]string{"Authorization": token},
		`mutation Create($name: String!) { createItem(name: $name) { id name parent arguments } }`, map[string]any{"name": "fresh"})
	if got != `{"data":{"createItem":{"id":"new-1","name":"fresh","parent":"Mutation","arguments":"{\"name\":\"fresh\"}"}}}` {
		t.Fatalf("mutation = %s", got)
	}
}

func TestAppSyncValidationErrorInvokesNothing(t *testing.T) {
	e := startEnv(t)
	url, token := cognitoGraphQLAPI(t, e)
	status, doc := graphql(t, url, map[string]string{"Authorization": token}, `{ item(id: "1") { id nope } }`, nil)
	errs, _ := doc["errors"].([]any)
	if status != http.StatusOK || doc["data"] != nil || len(errs) != 1 ||
		!strings.Contains(errs[0].(map[string]any)["message"].(string), `Cannot query field "nope" on type "Item"`) {
		t.Fatalf("%d %s", status, jsonOf(doc))
	}
	out, err := e.logs.DescribeLogStreams(ctx(t), &cloudwatchlogs.DescribeLogStreamsInput{LogGroupName: aws.String("/aws/lambda/resolver")})
	if err == nil && len(out.LogStreams) > 0 {
		t.Fatalf("the function ran: %d log streams", len(out.LogStreams))
	}
}

func TestAppSyncUnauthenticatedRequest(t *testing.T) {
	e := startEnv(t)
	url, token := cognitoGraphQLAPI(t, e)
	for name, headers := range map[string]map[string]string{
		"none": nil, "garbage": {"Authorization": "not-a-token"}, "tampered": {"Authorization": token[:len(token)-4] + "AAAA"},
	} {
		status, doc := graphql(t, url, headers, `{ item(id: "1") { id } }`, nil)
		if status != http.StatusUnauthorized ||
			jsonOf(doc) != `{"errors":[{"errorType":"UnauthorizedException","message":"Valid authorization header not provided."}]}` {
			t.Fatalf("%s: %d %s", name, status, jsonOf(doc))
		}
	}
}

func TestAppSyncFunctionErrorIsLambdaUnhandled(t *testing.T) {
	e := startEnv(t)
	url, token := cognitoGraphQLAPI(t, e)
	status, doc := graphql(t, url, map[string]string{"Authorization": token}, `{ boom unresolved item(id: "2") { id } }`, nil)
	data := doc["data"].(map[string]any)
	errs, _ := doc["errors"].([]any)
	if status != http.StatusOK || len(errs) != 1 || data["boom"] != nil || data["unresolved"] != nil ||
		jsonOf(data["item"]) != `{"id":"2"}` {
		t.Fatalf("%d %s", status, jsonOf(doc))
	}
	e0 := errs[0].(map[string]any)
	if e0["errorType"] != "Lambda:Unhandled" || e0["message"] != "the resolver failed on purpose" || jsonOf(e0["path"]) != `["boom"]` {
		t.Fatalf("error = %s", jsonOf(e0))
	}
}

func TestAppSyncAPIKeyAndCORS(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	id, url := graphQLAPI(t, e, &appsync.CreateGraphqlApiInput{Name: aws.String("public"),
		AuthenticationType: appsynctypes.AuthenticationTypeApiKey})
	key, err := e.appsync().CreateApiKey(c, &appsync.CreateApiKeyInput{ApiId: aws.String(id)})
	must(t, err)
	req, _ := http.NewRequestWithContext(c, http.MethodOptions, url, nil)
	req.Header.Set("Origin", "http://localhost:3000")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Access-Control-Allow-Origin") == "" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "x-api-key") {
		t.Fatalf("preflight %d %v", resp.StatusCode, resp.Header)
	}
	_, doc := graphql(t, url, map[string]string{"x-api-key": aws.ToString(key.ApiKey.Id)}, `{ item(id: "k") { id owner { username } } }`, nil)
	if jsonOf(doc) != `{"data":{"item":{"id":"k","owner":{"username":null}}}}` {
		t.Fatalf("with key: %s", jsonOf(doc))
	}
	status, _ := graphql(t, url, map[string]string{"x-api-key": "da2-wrong"}, `{ item(id: "k") { id } }`, nil)
	if status != http.StatusUnauthorized {
		t.Fatalf("wrong key: %d", status)
	}
}

func TestAppSyncControlPlane(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	id, url := graphQLAPI(t, e, &appsync.CreateGraphqlApiInput{Name: aws.String("ctl"), AuthenticationType: appsynctypes.AuthenticationTypeAwsIam})
	got, err := e.appsync().GetGraphqlApi(c, &appsync.GetGraphqlApiInput{ApiId: aws.String(id)})
	must(t, err)
	if got.GraphqlApi.Uris["GRAPHQL"] != url || !strings.HasSuffix(aws.ToString(got.GraphqlApi.Arn), ":apis/"+id) {
		t.Fatalf("api = %+v", got.GraphqlApi)
	}
	list, err := e.appsync().ListResolvers(c, &appsync.ListResolversInput{ApiId: aws.String(id), TypeName: aws.String("Query")})
	must(t, err)
	if len(list.Resolvers) != 3 {
		t.Fatalf("resolvers = %d", len(list.Resolvers))
	}
	_, err = e.appsync().DeleteResolver(c, &appsync.DeleteResolverInput{ApiId: aws.String(id), TypeName: aws.String("Query"), FieldName: aws.String("boom")})
	must(t, err)
	_, err = e.appsync().CreateResolver(c, &appsync.CreateResolverInput{ApiId: aws.String(id), TypeName: aws.String("Query"),
		FieldName: aws.String("boom"), DataSourceName: aws.String("fn"), RequestMappingTemplate: aws.String("{}")})
	wantCode(t, err, "BadRequestException")
	_, err = e.appsync().StartSchemaCreation(c, &appsync.StartSchemaCreationInput{ApiId: aws.String(id), Definition: []byte("type Query {")})
	must(t, err)
	status, err := e.appsync().GetSchemaCreationStatus(c, &appsync.GetSchemaCreationStatusInput{ApiId: aws.String(id)})
	must(t, err)
	if status.Status != appsynctypes.SchemaStatusFailed {
		t.Fatalf("invalid schema status = %s", status.Status)
	}
	apis, err := e.appsync().ListGraphqlApis(c, &appsync.ListGraphqlApisInput{})
	must(t, err)
	if len(apis.GraphqlApis) != 1 {
		t.Fatalf("apis = %d", len(apis.GraphqlApis))
	}
	_, err = e.appsync().DeleteGraphqlApi(c, &appsync.DeleteGraphqlApiInput{ApiId: aws.String(id)})
	must(t, err)
	_, err = e.appsync().GetGraphqlApi(c, &appsync.GetGraphqlApiInput{ApiId: aws.String(id)})
	wantCode(t, err, "NotFoundException")
}
