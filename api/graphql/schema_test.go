package graphql

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/appsync"
	appsynctypes "github.com/aws/aws-sdk-go-v2/service/appsync/types"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/testenv"
)

// schemaStatus creates a GraphQL API in a localaws of its own and gives it sdl. localaws
// loads a schema the way AppSync does, with AppSync's scalars and directives declared, and
// checks that every type it names exists.
func schemaStatus(t *testing.T, sdl string) (appsynctypes.SchemaStatus, string) {
	t.Helper()
	client := appsync.NewFromConfig(testenv.LocalAWS(t))
	api, err := client.CreateGraphqlApi(t.Context(), &appsync.CreateGraphqlApiInput{Name: aws.String("schema"),
		AuthenticationType: appsynctypes.AuthenticationTypeApiKey})
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.StartSchemaCreation(t.Context(), &appsync.StartSchemaCreationInput{ApiId: api.GraphqlApi.ApiId, Definition: []byte(sdl)})
	if err != nil {
		t.Fatal(err)
	}
	status, err := client.GetSchemaCreationStatus(t.Context(), &appsync.GetSchemaCreationStatusInput{ApiId: api.GraphqlApi.ApiId})
	if err != nil {
		t.Fatal(err)
	}
	return status.Status, aws.ToString(status.Details)
}

func TestSchemaLoadsWithAppSyncDeclarations(t *testing.T) {
	if status, details := schemaStatus(t, Schema); status != appsynctypes.SchemaStatusSuccess {
		t.Fatalf("schema.graphql: %s: %s", status, details)
	}
}

// The check above can fail: a schema naming a type nobody declares is refused.
func TestSchemaWithAnUndeclaredTypeIsRefused(t *testing.T) {
	broken := strings.Replace(Schema, "alertSummaries: [AlertSummary!]!", "alertSummaries: [AlertSumary!]!", 1)
	if broken == Schema {
		t.Fatal("the schema no longer has the line this test breaks")
	}
	if status, details := schemaStatus(t, broken); status != appsynctypes.SchemaStatusFailed || !strings.Contains(details, "AlertSumary") {
		t.Fatalf("status %s: %s", status, details)
	}
}

func TestEveryRootFieldHasExactlyOneResolver(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCheckReportsMissingDuplicateAndUnknownResolvers(t *testing.T) {
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		resolvers []Resolver
		want      string
	}{
		{"missing", resolvers[1:], resolvers[0].Field() + " has no resolver"},
		{"duplicate", append(Resolvers(), resolvers[0]), resolvers[0].Field() + " has 2 resolvers"},
		{"unknown", append(Resolvers(), Resolver{"Query", "userGroups", UsersAPI, "listGroups"}),
			"a resolver names Query.userGroups, which the schema does not have"},
		{"not a root type", append(Resolvers(), Resolver{"Rule", "body", AnalysisAPI, "getRule"}),
			"a resolver names Rule.body, which the schema does not have"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := check(doc, tt.resolvers)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("check = %v, want %q", err, tt.want)
			}
		})
	}
}

// Every resolver's function is one the templates deploy, under that name.
func TestEveryFunctionIsDeclaredInATemplate(t *testing.T) {
	templates := readTemplates(t)
	for _, f := range Functions() {
		if !strings.Contains(templates, "FunctionName: "+f+"\n") {
			t.Errorf("no template declares the function %s", f)
		}
	}
}

func readTemplates(t *testing.T) string {
	t.Helper()
	files, err := fs.Glob(deployments.FS(), "*.yml")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range files {
		data, err := fs.ReadFile(deployments.FS(), f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	return all.String()
}
