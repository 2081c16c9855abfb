package graphql

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
	appsynctypes "github.com/aws/aws-sdk-go-v2/service/appsync/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	ciptypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// The web app's path end to end in localaws: the appsync stack deployed from
// deployments/appsync.yml into a GraphQL API with Cognito auth, the real panther-outputs-api
// behind its data source, and GraphQL over HTTP with a user's ID token. The destination the
// user adds records the user's sub as its creator: the identity reaches the API.
func TestGraphQLThroughLocalAWS(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a function and deploys a stack")
	}
	cfg := testenv.LocalAWS(t)
	ctx := t.Context()
	poolID, idToken, sub := signedInUser(t, cfg)

	api, err := appsync.NewFromConfig(cfg).CreateGraphqlApi(ctx, &appsync.CreateGraphqlApiInput{Name: aws.String("panther-graphql-api"),
		AuthenticationType: appsynctypes.AuthenticationTypeAmazonCognitoUserPools,
		UserPoolConfig: &appsynctypes.UserPoolConfig{UserPoolId: aws.String(poolID), AwsRegion: aws.String("us-east-1"),
			DefaultAction: appsynctypes.DefaultActionAllow}})
	must(t, err)
	deployOutputsAPI(t, cfg)
	deployAppSyncStack(t, cfg, aws.ToString(api.GraphqlApi.ApiId))
	url := api.GraphqlApi.Uris["GRAPHQL"]

	doc := query(t, url, idToken, `mutation Add($input: AddDestinationInput!) {
		addDestination(input: $input) { outputId outputType createdBy alertTypes outputConfig { slack { webhookURL } } } }`,
		map[string]any{"input": map[string]any{"displayName": "Chat", "defaultForSeverity": []string{"HIGH"},
			"outputConfig": map[string]any{"slack": map[string]any{"webhookURL": "https://hooks.slack.com/services/T0/B0/secret"}}}})
	added := field(t, doc, "addDestination")
	if added["outputType"] != "slack" || added["createdBy"] != sub || jsonText(added["alertTypes"]) != `["RULE","RULE_ERROR","POLICY"]` ||
		jsonText(added["outputConfig"]) != `{"slack":{"webhookURL":""}}` {
		t.Fatalf("added %s; want the caller %s as creator and the secret redacted", jsonText(added), sub)
	}

	doc = query(t, url, idToken, `{ destinations { outputId displayName } }`, nil)
	// Maps print their keys sorted.
	if got := jsonText(doc["data"]); got != `{"destinations":[{"displayName":"Chat","outputId":"`+added["outputId"].(string)+`"}]}` {
		t.Fatalf("destinations %s", got)
	}

	// The API's error is the field's GraphQL error, with the API's message.
	doc = query(t, url, idToken, `mutation { deleteDestination(input: {outputId: "missing"}) }`, nil)
	errs, _ := doc["errors"].([]any)
	if len(errs) != 1 || errs[0].(map[string]any)["message"] != "output missing does not exist" {
		t.Fatalf("deleting a missing destination: %s", jsonText(doc))
	}
	doc = query(t, url, idToken, `mutation D($id: ID!) { deleteDestination(input: {outputId: $id}) }`, map[string]any{"id": added["outputId"]})
	if jsonText(doc) != `{"data":{"deleteDestination":true}}` {
		t.Fatalf("delete: %s", jsonText(doc))
	}
}

// signedInUser is a user of a new pool, signed in after the first-login password change: the
// pool, the user's ID token and sub.
func signedInUser(t *testing.T, cfg aws.Config) (poolID, idToken, sub string) {
	t.Helper()
	ctx, c := t.Context(), cip.NewFromConfig(cfg)
	pool, err := c.CreateUserPool(ctx, &cip.CreateUserPoolInput{PoolName: aws.String("panther-users"),
		UsernameAttributes: []ciptypes.UsernameAttributeType{ciptypes.UsernameAttributeTypeEmail}})
	must(t, err)
	client, err := c.CreateUserPoolClient(ctx, &cip.CreateUserPoolClientInput{UserPoolId: pool.UserPool.Id, ClientName: aws.String("web"),
		ExplicitAuthFlows: []ciptypes.ExplicitAuthFlowsType{ciptypes.ExplicitAuthFlowsTypeAllowUserPasswordAuth,
			ciptypes.ExplicitAuthFlowsTypeAllowRefreshTokenAuth}})
	must(t, err)
	const email = "ada@example.com"
	user, err := c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{UserPoolId: pool.UserPool.Id, Username: aws.String(email)})
	must(t, err)
	for _, a := range user.User.Attributes {
		if aws.ToString(a.Name) == "sub" {
			sub = aws.ToString(a.Value)
		}
	}
	msgs, err := admin.New(aws.ToString(cfg.BaseEndpoint)).CognitoMessages(ctx, aws.ToString(pool.UserPool.Id))
	must(t, err)
	if len(msgs) == 0 || sub == "" {
		t.Fatalf("no invitation (%d messages) or no sub %q", len(msgs), sub)
	}
	auth, err := c.InitiateAuth(ctx, &cip.InitiateAuthInput{AuthFlow: ciptypes.AuthFlowTypeUserPasswordAuth, ClientId: client.UserPoolClient.ClientId,
		AuthParameters: map[string]string{"USERNAME": email, "PASSWORD": msgs[len(msgs)-1].TemporaryPassword}})
	must(t, err)
	resp, err := c.RespondToAuthChallenge(ctx, &cip.RespondToAuthChallengeInput{ClientId: client.UserPoolClient.ClientId,
		ChallengeName: auth.ChallengeName, Session: auth.Session,
		ChallengeResponses: map[string]string{"USERNAME": email, "NEW_PASSWORD": "Correct-Horse-42"}})
	must(t, err)
	if resp.AuthenticationResult == nil {
		t.Fatalf("no tokens after %s", auth.ChallengeName)
	}
	return aws.ToString(pool.UserPool.Id), aws.ToString(resp.AuthenticationResult.IdToken), sub
}

// deployOutputsAPI builds panther-outputs-api and deploys it with its table and key.
func deployOutputsAPI(t *testing.T, cfg aws.Config) {
	t.Helper()
	ctx := t.Context()
	_, err := dynamodb.NewFromConfig(cfg).CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("panther-outputs"),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("outputId"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("outputId"), KeyType: ddbtypes.KeyTypeHash}},
		BillingMode:          ddbtypes.BillingModePayPerRequest})
	must(t, err)
	key, err := kms.NewFromConfig(cfg).CreateKey(ctx, &kms.CreateKeyInput{})
	must(t, err)
	_, err = lambda.NewFromConfig(cfg).CreateFunction(ctx, &lambda.CreateFunctionInput{FunctionName: aws.String(OutputsAPI),
		Runtime: lambdatypes.RuntimeProvidedal2023, Handler: aws.String("bootstrap"), Timeout: aws.Int32(30),
		Role: aws.String("arn:aws:iam::000000000000:role/panther-outputs-api"),
		Code: &lambdatypes.FunctionCode{ZipFile: functionZip(t, "outputs-api")},
		Environment: &lambdatypes.Environment{Variables: map[string]string{"OUTPUTS_TABLE": "panther-outputs",
			"OUTPUTS_KEY_ID": aws.ToString(key.KeyMetadata.KeyId)}}})
	must(t, err)
}

// functionZip builds a function of lambdas/ for Lambda: a static Linux binary named bootstrap
// at the zip's root.
func functionZip(t *testing.T, name string) []byte {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bootstrap")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-tags", "lambda.norpc", "-o", bin, "./lambdas/"+name)
	cmd.Dir = testenv.RepoRoot()
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", name, err, out)
	}
	data, err := os.ReadFile(bin)
	must(t, err)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: "bootstrap", Method: zip.Deflate}
	h.SetMode(0o755)
	f, err := w.CreateHeader(h)
	must(t, err)
	_, err = f.Write(data)
	must(t, err)
	must(t, w.Close())
	return buf.Bytes()
}

// deployAppSyncStack creates the panther-appsync stack from the committed template, with the
// parameters the operator passes, and waits for it.
func deployAppSyncStack(t *testing.T, cfg aws.Config, apiID string) {
	t.Helper()
	ctx := t.Context()
	body, err := deployments.Template("panther-appsync")
	must(t, err)
	topic, err := sns.NewFromConfig(cfg).CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String("panther-cw-alarms")})
	must(t, err)
	cfn := cloudformation.NewFromConfig(cfg)
	params := map[string]string{"AlarmTopicArn": aws.ToString(topic.TopicArn), "ApiId": apiID, "CustomResourceVersion": "1",
		"ServiceRole": "arn:aws:iam::000000000000:role/panther-appsync"}
	var parameters []cfntypes.Parameter
	for k, v := range params {
		parameters = append(parameters, cfntypes.Parameter{ParameterKey: aws.String(k), ParameterValue: aws.String(v)})
	}
	_, err = cfn.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("panther-appsync"),
		TemplateBody: aws.String(string(body)), Parameters: parameters})
	must(t, err)
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		out, err := cfn.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String("panther-appsync")})
		must(t, err)
		switch s := out.Stacks[0]; s.StackStatus {
		case cfntypes.StackStatusCreateComplete:
			return
		case cfntypes.StackStatusCreateInProgress:
		default:
			t.Fatalf("panther-appsync: %s: %s", s.StackStatus, aws.ToString(s.StackStatusReason))
		}
	}
	t.Fatal("panther-appsync was not created within a minute")
}

// query POSTs a GraphQL request with an ID token and decodes the answer.
func query(t *testing.T, url, idToken, q string, variables map[string]any) map[string]any {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": q, "variables": variables})
	must(t, err)
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, bytes.NewReader(body))
	must(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", idToken)
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	must(t, err)
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s: %v", resp.StatusCode, data, err)
	}
	return doc
}

// field is a field of a successful answer's data.
func field(t *testing.T, doc map[string]any, name string) map[string]any {
	t.Helper()
	data, _ := doc["data"].(map[string]any)
	value, ok := data[name].(map[string]any)
	if doc["errors"] != nil || !ok {
		t.Fatalf("answer %s", jsonText(doc))
	}
	return value
}

func jsonText(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
