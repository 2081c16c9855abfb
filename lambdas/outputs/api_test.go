package outputs_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/outputs"
)

const table = "panther-outputs"

// env is the API over localaws's DynamoDB and KMS, with the clients to look behind it.
type env struct {
	api *outputs.API
	ddb *dynamodb.Client
	kms *kms.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	cfg := testenv.LocalAWS(t)
	ddb, kmsc := dynamodb.NewFromConfig(cfg), kms.NewFromConfig(cfg)
	_, err := ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(table), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("outputId"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("outputId"), AttributeType: ddbtypes.ScalarAttributeTypeS}}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := kmsc.CreateKey(ctx, &kms.CreateKeyInput{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kmsc.CreateAlias(ctx, &kms.CreateAliasInput{AliasName: aws.String("alias/panther-alert-outputs"), TargetKeyId: key.KeyMetadata.KeyId}); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	a := &outputs.API{
		Store:     &awsx.OutputTable{Client: ddb, Name: table},
		Encrypter: &awsx.KMSKey{Client: kmsc, KeyID: "alias/panther-alert-outputs"},
		Now:       func() time.Time { clock = clock.Add(time.Minute); return clock },
		NewID:     outputs.NewOutputID,
	}
	return &env{api: a, ddb: ddb, kms: kmsc}
}

// call runs a request; an API error is returned, any other error fails the test.
func (e *env) call(t *testing.T, req outputsapi.Request) (any, *api.Error) {
	t.Helper()
	out, err := e.api.Handle(context.Background(), &req)
	var apiErr *api.Error
	if err != nil && !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	return out, apiErr
}

func (e *env) mustAdd(t *testing.T, in *outputsapi.AddOutputInput) *outputsapi.Output {
	t.Helper()
	out, err := e.call(t, outputsapi.Request{AddOutput: in})
	if err != nil {
		t.Fatalf("add %s: %v", in.DisplayName, err)
	}
	return out.(*outputsapi.Output)
}

func (e *env) list(t *testing.T, withSecrets bool) []outputsapi.Output {
	t.Helper()
	req := outputsapi.Request{GetOutputs: &outputsapi.GetOutputsInput{}}
	if withSecrets {
		req = outputsapi.Request{GetOutputsWithSecrets: &outputsapi.GetOutputsWithSecretsInput{}}
	}
	out, err := e.call(t, req)
	if err != nil {
		t.Fatal(err)
	}
	return out.([]outputsapi.Output)
}

// rawItems is the table as DynamoDB holds it.
func (e *env) rawItems(t *testing.T) []map[string]ddbtypes.AttributeValue {
	t.Helper()
	out, err := e.ddb.Scan(context.Background(), &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		t.Fatal(err)
	}
	return out.Items
}

// itemText is every name and value of an item, binary values as their bytes, so that a
// secret stored in the clear in any attribute shows.
func itemText(item map[string]ddbtypes.AttributeValue) string {
	var b strings.Builder
	var walk func(ddbtypes.AttributeValue)
	walk = func(v ddbtypes.AttributeValue) {
		switch v := v.(type) {
		case *ddbtypes.AttributeValueMemberS:
			b.WriteString(v.Value)
		case *ddbtypes.AttributeValueMemberB:
			b.Write(v.Value)
		case *ddbtypes.AttributeValueMemberSS:
			b.WriteString(strings.Join(v.Value, " "))
		case *ddbtypes.AttributeValueMemberL:
			for _, x := range v.Value {
				walk(x)
			}
		case *ddbtypes.AttributeValueMemberM:
			for k, x := range v.Value {
				b.WriteString(k)
				walk(x)
			}
		}
		b.WriteString("\n")
	}
	walk(&ddbtypes.AttributeValueMemberM{Value: item})
	return b.String()
}

const slackHook = "https://hooks.slack.com/services/T000/B000/secret-slack-path"

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestOutputLifecycleKeepsSecretsOutOfAnswersAndTheTable(t *testing.T) {
	e := newEnv(t)
	added := e.mustAdd(t, &outputsapi.AddOutputInput{UserID: "user-1", DisplayName: "alerts channel",
		OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: slackHook}}, DefaultForSeverity: []string{"HIGH", "CRITICAL"}})
	if !uuidV4.MatchString(added.OutputID) || added.OutputType != "slack" || added.CreatedBy != "user-1" || added.LastModifiedBy != "user-1" {
		t.Fatalf("added: %+v", added)
	}
	if added.OutputConfig.Slack == nil || added.OutputConfig.Slack.WebhookURL != "" {
		t.Fatalf("the answer to addOutput shows the webhook: %+v", added.OutputConfig.Slack)
	}
	if strings.Join(added.AlertTypes, ",") != "RULE,RULE_ERROR,POLICY" {
		t.Fatalf("empty alertTypes should mean every type: %v", added.AlertTypes)
	}

	// The table holds the metadata and a ciphertext that only the KMS key opens.
	items := e.rawItems(t)
	if len(items) != 1 {
		t.Fatalf("items: %d", len(items))
	}
	raw := itemText(items[0])
	if strings.Contains(raw, "secret-slack-path") || strings.Contains(raw, "webhookURL") {
		t.Fatalf("the table holds the config in the clear: %s", raw)
	}
	sealed, ok := items[0]["encryptedConfig"].(*ddbtypes.AttributeValueMemberB)
	if !ok {
		t.Fatalf("encryptedConfig is not binary: %#v", items[0]["encryptedConfig"])
	}
	opened, err := e.kms.Decrypt(context.Background(), &kms.DecryptInput{CiphertextBlob: sealed.Value})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(opened.Plaintext), slackHook) {
		t.Fatalf("the ciphertext does not open to the config: %q", opened.Plaintext)
	}

	got, apiErr := e.call(t, outputsapi.Request{GetOutput: &outputsapi.GetOutputInput{OutputID: added.OutputID}})
	if apiErr != nil || got.(*outputsapi.Output).OutputConfig.Slack.WebhookURL != "" || got.(*outputsapi.Output).DisplayName != "alerts channel" {
		t.Fatalf("getOutput: %v %+v", apiErr, got)
	}
	if l := e.list(t, false); len(l) != 1 || l[0].OutputConfig.Slack.WebhookURL != "" {
		t.Fatalf("getOutputs: %+v", l)
	}
	if l := e.list(t, true); len(l) != 1 || l[0].OutputConfig.Slack.WebhookURL != slackHook {
		t.Fatalf("getOutputsWithSecrets: %+v", l)
	}

	// The web app sends the secret back blank: the stored one stays.
	updated, apiErr := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{UserID: "user-2", OutputID: added.OutputID,
		DisplayName: "renamed", OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{}}, DefaultForSeverity: []string{"LOW"}, AlertTypes: []string{"RULE"}}})
	if apiErr != nil {
		t.Fatal(apiErr)
	}
	u := updated.(*outputsapi.Output)
	if u.LastModifiedBy != "user-2" || u.CreatedBy != "user-1" || !u.LastModifiedTime.After(u.CreationTime) || u.OutputConfig.Slack.WebhookURL != "" {
		t.Fatalf("updated: %+v", u)
	}
	l := e.list(t, true)
	if l[0].DisplayName != "renamed" || l[0].OutputConfig.Slack.WebhookURL != slackHook || strings.Join(l[0].DefaultForSeverity, ",") != "LOW" ||
		strings.Join(l[0].AlertTypes, ",") != "RULE" {
		t.Fatalf("after a blank-secret update: %+v %+v", l[0], l[0].OutputConfig.Slack)
	}
	// A new secret replaces the stored one.
	const newHook = "https://hooks.slack.com/services/T000/B000/rotated"
	if _, apiErr := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{OutputID: added.OutputID, DisplayName: "renamed",
		OutputConfig: &outputsapi.OutputConfig{Slack: &outputsapi.SlackConfig{WebhookURL: newHook}}}}); apiErr != nil {
		t.Fatal(apiErr)
	}
	if l := e.list(t, true); l[0].OutputConfig.Slack.WebhookURL != newHook {
		t.Fatalf("after a new secret: %+v", l[0].OutputConfig.Slack)
	}

	if _, apiErr := e.call(t, outputsapi.Request{DeleteOutput: &outputsapi.DeleteOutputInput{OutputID: added.OutputID}}); apiErr != nil {
		t.Fatal(apiErr)
	}
	if _, apiErr := e.call(t, outputsapi.Request{GetOutput: &outputsapi.GetOutputInput{OutputID: added.OutputID}}); apiErr == nil || apiErr.Type != "DoesNotExistError" {
		t.Fatalf("get after delete: %v", apiErr)
	}
	if _, apiErr := e.call(t, outputsapi.Request{DeleteOutput: &outputsapi.DeleteOutputInput{OutputID: added.OutputID}}); apiErr == nil || apiErr.Type != "DoesNotExistError" {
		t.Fatalf("second delete: %v", apiErr)
	}
	if l := e.list(t, false); len(l) != 0 {
		t.Fatalf("after delete: %+v", l)
	}
}

func TestDisplayNamesAreUniqueAndTypesFixed(t *testing.T) {
	e := newEnv(t)
	first := e.mustAdd(t, &outputsapi.AddOutputInput{DisplayName: "On call", OutputConfig: &outputsapi.OutputConfig{
		PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: strings.Repeat("ab", 16)}}})
	second := e.mustAdd(t, &outputsapi.AddOutputInput{DisplayName: "Queue", OutputConfig: &outputsapi.OutputConfig{
		SQS: &outputsapi.SQSConfig{QueueURL: "https://sqs.eu-west-1.amazonaws.com/123456789012/alerts"}}})

	if _, err := e.call(t, outputsapi.Request{AddOutput: &outputsapi.AddOutputInput{DisplayName: "ON CALL", OutputConfig: &outputsapi.OutputConfig{
		SNS: &outputsapi.SNSConfig{TopicARN: "arn:aws:sns:us-east-1:123456789012:alerts"}}}}); err == nil || err.Type != "AlreadyExistsError" || !strings.Contains(err.Message, "displayName") {
		t.Fatalf("a second output named alike: %v", err)
	}
	if _, err := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{OutputID: second.OutputID, DisplayName: "on call",
		OutputConfig: second.OutputConfig}}); err == nil || err.Type != "AlreadyExistsError" {
		t.Fatalf("renaming onto another's name: %v", err)
	}
	// Keeping its own name is no conflict.
	if _, err := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{OutputID: first.OutputID, DisplayName: "On call",
		OutputConfig: &outputsapi.OutputConfig{PagerDuty: &outputsapi.PagerDutyConfig{}}}}); err != nil {
		t.Fatalf("update keeping the name: %v", err)
	}
	if _, err := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{OutputID: first.OutputID, DisplayName: "On call",
		OutputConfig: second.OutputConfig}}); err == nil || err.Type != "InvalidInputError" || !strings.Contains(err.Message, "type cannot change") {
		t.Fatalf("changing the type: %v", err)
	}
	if _, err := e.call(t, outputsapi.Request{UpdateOutput: &outputsapi.UpdateOutputInput{OutputID: "00000000-0000-4000-8000-000000000000", DisplayName: "x",
		OutputConfig: second.OutputConfig}}); err == nil || err.Type != "DoesNotExistError" {
		t.Fatalf("updating a missing output: %v", err)
	}
	if _, err := e.call(t, outputsapi.Request{AddOutput: &outputsapi.AddOutputInput{DisplayName: "typed", OutputType: "slack",
		OutputConfig: second.OutputConfig}}); err == nil || !strings.Contains(err.Message, "outputType") {
		t.Fatalf("an outputType that contradicts the config: %v", err)
	}
	if _, err := e.call(t, outputsapi.Request{}); err == nil || err.Type != "InvalidInputError" {
		t.Fatalf("no operation: %v", err)
	}
	if l := e.list(t, true); len(l) != 2 || l[0].DisplayName != "On call" || l[0].OutputConfig.PagerDuty.IntegrationKey != strings.Repeat("ab", 16) {
		t.Fatalf("outputs: %+v", l)
	}
}

// everyType is a valid config of each type, with a recognisable value in each secret.
func everyType() map[string]*outputsapi.OutputConfig {
	return map[string]*outputsapi.OutputConfig{
		"slack":     {Slack: &outputsapi.SlackConfig{WebhookURL: "https://hooks.slack.com/services/SECRET-1"}},
		"pagerduty": {PagerDuty: &outputsapi.PagerDutyConfig{IntegrationKey: "0123456789abcdef0123456789ABCDEF"}},
		"github":    {GitHub: &outputsapi.GitHubConfig{RepoName: "acme/security", Token: "SECRET-3"}},
		"jira": {Jira: &outputsapi.JiraConfig{OrgDomain: "https://acme.atlassian.net/", ProjectKey: "SEC", UserName: "bot@acme.example",
			APIKey: "SECRET-4", IssueType: "Task", Labels: []string{"panther", "security"}}},
		"opsgenie":      {Opsgenie: &outputsapi.OpsgenieConfig{APIKey: "SECRET-5"}},
		"msteams":       {MSTeams: &outputsapi.MSTeamsConfig{WebhookURL: "https://acme.webhook.office.com/webhookb2/SECRET-6"}},
		"sqs":           {SQS: &outputsapi.SQSConfig{QueueURL: "https://sqs.us-west-2.amazonaws.com/123456789012/alerts"}},
		"sns":           {SNS: &outputsapi.SNSConfig{TopicARN: "arn:aws:sns:us-west-2:123456789012:alerts"}},
		"asana":         {Asana: &outputsapi.AsanaConfig{PersonalAccessToken: "SECRET-9", ProjectGids: []string{"1200000000000001"}}},
		"customwebhook": {CustomWebhook: &outputsapi.CustomWebhookConfig{WebhookURL: "http://127.0.0.1:8080/SECRET-10"}},
	}
}

func TestEveryTypeIsStoredWithItsSecretsAndAnsweredWithout(t *testing.T) {
	e := newEnv(t)
	for typ, cfg := range everyType() {
		if out := e.mustAdd(t, &outputsapi.AddOutputInput{DisplayName: typ, OutputConfig: cfg}); out.OutputType != typ {
			t.Fatalf("%s: type %s", typ, out.OutputType)
		}
	}
	redacted, _ := json.Marshal(e.list(t, false))
	if strings.Contains(string(redacted), "SECRET") || strings.Contains(string(redacted), "0123456789abcdef") {
		t.Fatalf("getOutputs shows a secret: %s", redacted)
	}
	// What is not secret stays readable: the app shows it.
	for _, want := range []string{`"orgDomain":"https://acme.atlassian.net"`, `"userName":"bot@acme.example"`, `"repoName":"acme/security"`,
		`"queueUrl":"https://sqs.us-west-2.amazonaws.com/123456789012/alerts"`, `"topicArn":"arn:aws:sns:us-west-2:123456789012:alerts"`,
		`"projectGids":["1200000000000001"]`, `"serviceRegion":"US"`, `"labels":["panther","security"]`} {
		if !strings.Contains(string(redacted), want) {
			t.Errorf("getOutputs lacks %s", want)
		}
	}
	withSecrets, _ := json.Marshal(e.list(t, true))
	for i := 1; i <= 10; i++ {
		if i == 2 || i == 7 || i == 8 {
			continue // the PagerDuty key is hex; queues and topics have no secret
		}
		if !strings.Contains(string(withSecrets), fmt.Sprintf("SECRET-%d", i)) {
			t.Errorf("getOutputsWithSecrets lacks SECRET-%d", i)
		}
	}
	if !strings.Contains(string(withSecrets), "0123456789abcdef0123456789ABCDEF") {
		t.Error("getOutputsWithSecrets lacks the PagerDuty key")
	}
	for _, item := range e.rawItems(t) {
		if raw := itemText(item); strings.Contains(raw, "SECRET") || strings.Contains(raw, "0123456789abcdef") {
			t.Fatalf("the table holds a secret in the clear: %s", raw)
		}
	}
}
