package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/panther-operator/panther-operator/api/graphql"
)

const templatePath = "../../deployments/appsync.yml"

func committedTemplate(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// A hand edit of the generated region, or a schema or resolver change not regenerated, fails.
func TestCommittedTemplateIsWhatTheGeneratorWrites(t *testing.T) {
	committed := committedTemplate(t)
	out, err := renderTemplate(committed, graphql.Schema, graphql.Resolvers())
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(committed) {
		t.Fatal("deployments/appsync.yml is not what hack/appsync writes: run make generate")
	}
}

// The table of fields in docs/graphql.md is the mapping's, too.
func TestCommittedDocIsWhatTheGeneratorWrites(t *testing.T) {
	committed, err := os.ReadFile("../../docs/graphql.md")
	if err != nil {
		t.Fatal(err)
	}
	out, err := renderDoc(committed, graphql.Resolvers())
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(committed) {
		t.Fatal("docs/graphql.md's table of fields is not what hack/appsync writes: run make generate")
	}
	for _, r := range graphql.Resolvers() {
		if !strings.Contains(string(committed), "| `"+r.Field()+"` | `"+r.Function+"` | `"+r.Operation+"` |\n") {
			t.Errorf("the table lacks %s", r.Field())
		}
	}
}

// resources are a template's resources by logical ID, as YAML nodes.
func resources(t *testing.T, template []byte) map[string]*yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(template, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]*yaml.Node{}
	section := child(doc.Content[0], "Resources")
	for i := 0; i+1 < len(section.Content); i += 2 {
		out[section.Content[i].Value] = section.Content[i+1]
	}
	return out
}

// child is a mapping's value under key, nil when absent.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// scalar is a property's value with its short-form tag ("!Ref ApiId"), "" when absent.
func scalar(n *yaml.Node, path ...string) string {
	for _, key := range path {
		n = child(n, key)
	}
	switch {
	case n == nil:
		return ""
	case strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!"): // a short-form intrinsic, not a YAML type
		return n.Tag + " " + n.Value
	}
	return n.Value
}

func TestTemplateHasTheSchemaADataSourcePerFunctionAndAResolverPerField(t *testing.T) {
	rs := resources(t, committedTemplate(t))
	schema := rs[schemaResource]
	if scalar(schema, "Type") != "AWS::AppSync::GraphQLSchema" || scalar(schema, "Properties", "ApiId") != "!Ref ApiId" {
		t.Fatalf("schema resource: %s %s", scalar(schema, "Type"), scalar(schema, "Properties", "ApiId"))
	}
	if scalar(schema, "Properties", "Definition") != graphql.Schema {
		t.Error("the schema's Definition is not schema.graphql's text")
	}
	for _, f := range graphql.Functions() {
		ds := rs[dataSourceID(f)]
		props := child(ds, "Properties")
		want := "!Sub arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + f
		if scalar(ds, "Type") != "AWS::AppSync::DataSource" || scalar(props, "Type") != "AWS_LAMBDA" ||
			scalar(props, "ServiceRoleArn") != "!Ref ServiceRole" || scalar(props, "LambdaConfig", "LambdaFunctionArn") != want {
			t.Errorf("data source of %s: type %s, %s, role %s, function %s", f, scalar(ds, "Type"), scalar(props, "Type"),
				scalar(props, "ServiceRoleArn"), scalar(props, "LambdaConfig", "LambdaFunctionArn"))
		}
	}
	count := 0
	for _, n := range rs {
		if scalar(n, "Type") == "AWS::AppSync::Resolver" {
			count++
		}
	}
	if count != len(graphql.Resolvers()) {
		t.Errorf("%d resolvers, %d fields", count, len(graphql.Resolvers()))
	}
	for _, r := range graphql.Resolvers() {
		res := rs[resolverID(r)]
		props := child(res, "Properties")
		if scalar(res, "DependsOn") != schemaResource || scalar(props, "TypeName") != r.TypeName ||
			scalar(props, "FieldName") != r.FieldName || scalar(props, "DataSourceName") != "!GetAtt "+dataSourceID(r.Function)+".Name" {
			t.Errorf("resolver of %s: depends on %s, %s.%s, data source %s", r.Field(), scalar(res, "DependsOn"),
				scalar(props, "TypeName"), scalar(props, "FieldName"), scalar(props, "DataSourceName"))
		}
		// A direct Lambda resolver has no mapping templates.
		if child(props, "RequestMappingTemplate") != nil || child(props, "ResponseMappingTemplate") != nil {
			t.Errorf("resolver of %s has mapping templates", r.Field())
		}
	}
	for _, alarm := range []string{"GraphQLClientErrorsAlarm", "GraphQLServerErrorsAlarm"} {
		if scalar(rs[alarm], "Type") != "AWS::CloudWatch::Alarm" {
			t.Errorf("the hand-written %s is gone", alarm)
		}
	}
}

func TestRenderKeepsWhatIsOutsideTheRegion(t *testing.T) {
	template := "Resources:\n  Alarm: {}\n" + templateBegin + "\n  Stale: {}\n" + templateEnd + "\n# after\n"
	resolvers := []graphql.Resolver{{TypeName: "Query", FieldName: "generalSettings", Function: graphql.OrganizationAPI, Operation: "getSettings"}}
	out, err := renderTemplate([]byte(template), "type Query {\n\n  generalSettings: String\n}\n", resolvers)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	if !strings.HasPrefix(got, "Resources:\n  Alarm: {}\n"+templateBegin+"\n") || !strings.HasSuffix(got, templateEnd+"\n# after\n") ||
		strings.Contains(got, "Stale") {
		t.Fatalf("rendered:\n%s", got)
	}
	rs := resources(t, out)
	if scalar(rs[schemaResource], "Properties", "Definition") != "type Query {\n\n  generalSettings: String\n}\n" ||
		rs["OrganizationApiDataSource"] == nil || rs["QueryGeneralSettingsResolver"] == nil || rs["Alarm"] == nil {
		t.Fatalf("resources %v", rs)
	}
}

func TestRenderRefusesWhatItCannotWrite(t *testing.T) {
	tests := []struct{ name, template, schema, want string }{
		{"no region", "Resources:\n  Alarm: {}\n", "type Query { a: String }\n", "no generated region"},
		{"tab", templateBegin + "\n" + templateEnd + "\n", "type Query {\n\ta: String\n}\n", "tab"},
		{"trailing space", templateBegin + "\n" + templateEnd + "\n", "type Query { \n}\n", "ends with a space"},
		{"no final newline", templateBegin + "\n" + templateEnd + "\n", "type Query { a: String }", "exactly one newline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderTemplate([]byte(tt.template), tt.schema, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("render = %v, want %q", err, tt.want)
			}
		})
	}
}
