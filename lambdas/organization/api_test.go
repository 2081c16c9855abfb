package organization_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/organization"
)

// newTable is the panther-organization table, as core.yml declares it, on a fresh localaws.
func newTable(t *testing.T) *awsx.OrganizationTable {
	t.Helper()
	client := dynamodb.NewFromConfig(testenv.LocalAWS(t))
	_, err := client.CreateTable(context.Background(), &dynamodb.CreateTableInput{TableName: aws.String("panther-organization"), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}}})
	if err != nil {
		t.Fatal(err)
	}
	return &awsx.OrganizationTable{Client: client, Name: "panther-organization"}
}

func newAPI(store organization.Store) *organization.API {
	return &organization.API{Store: store, DefaultDisplayName: "Acme Corp", DefaultEmail: "admin@acme.example"}
}

func settings(t *testing.T, a *organization.API, req organizationapi.Request) organizationapi.GeneralSettings {
	t.Helper()
	out, err := a.Handle(context.Background(), &req)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := out.(*organizationapi.GeneralSettings)
	if !ok {
		t.Fatalf("answer %T, want *GeneralSettings", out)
	}
	return *s
}

var get = organizationapi.Request{GetSettings: &organizationapi.GetSettingsInput{}}

func update(in organizationapi.UpdateSettingsInput) organizationapi.Request {
	return organizationapi.Request{UpdateSettings: &in}
}

func TestEmptyTableAnswersTheDeploymentDefaults(t *testing.T) {
	table := newTable(t)
	got := settings(t, newAPI(table), get)
	want := organizationapi.GeneralSettings{DisplayName: "Acme Corp", Email: "admin@acme.example"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if stored, revision, err := table.LoadSettings(context.Background()); stored != nil || revision != 0 || err != nil {
		t.Fatalf("reading wrote the defaults: %+v %d %v", stored, revision, err)
	}
}

func TestUpdatesChangeOnlyTheFieldsGiven(t *testing.T) {
	a := newAPI(newTable(t))
	got := settings(t, a, update(organizationapi.UpdateSettingsInput{DisplayName: aws.String("  Globex  "), AnalyticsConsent: aws.Bool(true)}))
	want := organizationapi.GeneralSettings{DisplayName: "Globex", Email: "admin@acme.example", AnalyticsConsent: true}
	if got != want {
		t.Fatalf("first update answered %+v, want %+v", got, want)
	}
	got = settings(t, a, update(organizationapi.UpdateSettingsInput{Email: aws.String(" soc@globex.example "), ErrorReportingConsent: aws.Bool(true)}))
	want = organizationapi.GeneralSettings{DisplayName: "Globex", Email: "soc@globex.example", ErrorReportingConsent: true, AnalyticsConsent: true}
	if got != want {
		t.Fatalf("second update answered %+v, want %+v", got, want)
	}
	got = settings(t, a, update(organizationapi.UpdateSettingsInput{AnalyticsConsent: aws.Bool(false)}))
	want.AnalyticsConsent = false
	if got != want {
		t.Fatalf("withdrawing consent answered %+v, want %+v", got, want)
	}
	if got := settings(t, a, get); got != want {
		t.Fatalf("read back %+v, want %+v", got, want)
	}
	// Once saved, the settings no longer follow the deployment's defaults.
	redeployed := newAPI(a.Store)
	redeployed.DefaultDisplayName = "Renamed In The Stack"
	if got := settings(t, redeployed, get); got != want {
		t.Fatalf("after a redeploy %+v, want %+v", got, want)
	}
}

// An update that changes nothing leaves the table empty, so the defaults keep following the stack.
func TestUpdateChangingNothingWritesNothing(t *testing.T) {
	table := newTable(t)
	a := newAPI(table)
	got := settings(t, a, update(organizationapi.UpdateSettingsInput{DisplayName: aws.String("Acme Corp "), AnalyticsConsent: aws.Bool(false)}))
	if got != (organizationapi.GeneralSettings{DisplayName: "Acme Corp", Email: "admin@acme.example"}) {
		t.Fatalf("answered %+v", got)
	}
	settings(t, a, update(organizationapi.UpdateSettingsInput{}))
	if stored, _, err := table.LoadSettings(context.Background()); stored != nil || err != nil {
		t.Fatalf("a no-op update stored %+v (%v)", stored, err)
	}
}

func TestInvalidInputNamesTheFieldAndTheFix(t *testing.T) {
	table := newTable(t)
	a := newAPI(table)
	for name, tc := range map[string]struct {
		in   organizationapi.UpdateSettingsInput
		want string
	}{
		"blank name":        {organizationapi.UpdateSettingsInput{DisplayName: aws.String("   ")}, "displayName: must be 1 to 100 characters once leading and trailing spaces are trimmed, not 0"},
		"long name":         {organizationapi.UpdateSettingsInput{DisplayName: aws.String(strings.Repeat("é", 101))}, "displayName: must be 1 to 100 characters once leading and trailing spaces are trimmed, not 101"},
		"two-line name":     {organizationapi.UpdateSettingsInput{DisplayName: aws.String("Acme\nCorp")}, "displayName: must be one line without control characters"},
		"empty email":       {organizationapi.UpdateSettingsInput{Email: aws.String(" ")}, "email: is empty; give a single address such as security@example.com"},
		"no at sign":        {organizationapi.UpdateSettingsInput{Email: aws.String("security.example.com")}, `email: "security.example.com" is not an email address; give a single address`},
		"display form":      {organizationapi.UpdateSettingsInput{Email: aws.String("SOC <soc@acme.example>")}, `email: "SOC <soc@acme.example>" is not an email address`},
		"two addresses":     {organizationapi.UpdateSettingsInput{Email: aws.String("a@acme.example, b@acme.example")}, `email: "a@acme.example, b@acme.example" is not an email address`},
		"bare host":         {organizationapi.UpdateSettingsInput{Email: aws.String("root@localhost")}, `email: "root@localhost" has no domain name such as example.com after the @`},
		"address literal":   {organizationapi.UpdateSettingsInput{Email: aws.String("root@[192.0.2.1]")}, `email: "root@[192.0.2.1]" has no domain name`},
		"long email":        {organizationapi.UpdateSettingsInput{Email: aws.String(strings.Repeat("a", 250) + "@x.io")}, "email: is 255 characters long; an address has at most 254"},
		"valid name, email": {organizationapi.UpdateSettingsInput{DisplayName: aws.String("Fine"), Email: aws.String("nope")}, `email: "nope" is not an email address`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := a.Handle(context.Background(), &organizationapi.Request{UpdateSettings: &tc.in})
			var apiErr *api.Error
			if !errors.As(err, &apiErr) || apiErr.Type != "InvalidInputError" || !strings.HasPrefix(apiErr.Message, tc.want) {
				t.Fatalf("got %v, want InvalidInputError starting %q", err, tc.want)
			}
		})
	}
	if stored, _, err := table.LoadSettings(context.Background()); stored != nil || err != nil {
		t.Fatalf("a refused update stored %+v (%v)", stored, err)
	}
}

func TestLimitsAreInclusive(t *testing.T) {
	a := newAPI(newTable(t))
	name := strings.Repeat("名", 100)
	email := strings.Repeat("a", 249) + "@x.io"
	got := settings(t, a, update(organizationapi.UpdateSettingsInput{DisplayName: &name, Email: &email}))
	if got.DisplayName != name || got.Email != email {
		t.Fatalf("answered %+v", got)
	}
}

func TestRequestMustNameOneOperation(t *testing.T) {
	a := newAPI(newTable(t))
	for name, req := range map[string]organizationapi.Request{
		"none": {},
		"both": {GetSettings: &organizationapi.GetSettingsInput{}, UpdateSettings: &organizationapi.UpdateSettingsInput{}},
	} {
		_, err := a.Handle(context.Background(), &req)
		var apiErr *api.Error
		if !errors.As(err, &apiErr) || apiErr.Type != "InvalidInputError" || !strings.Contains(apiErr.Message, "getSettings, updateSettings") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
