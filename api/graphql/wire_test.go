package graphql

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// wireCheck compares the schema's types with the wire contract types they mirror, so that a
// function's answer is a field's value without conversion and a field's input is the
// operation's input.
type wireCheck struct {
	defs     map[string]*ast.Definition
	problems []string
}

func newWireCheck(t *testing.T) *wireCheck {
	t.Helper()
	doc, err := Document()
	if err != nil {
		t.Fatal(err)
	}
	c := &wireCheck{defs: map[string]*ast.Definition{}}
	for _, def := range doc.Definitions {
		c.defs[def.Name] = def
	}
	return c
}

func (c *wireCheck) fail(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *wireCheck) report(t *testing.T) {
	t.Helper()
	slices.Sort(c.problems)
	for _, p := range c.problems {
		t.Error(p)
	}
}

// mirrored are the object and input types that mirror a wire type: all but the root types.
func (c *wireCheck) mirrored() []string {
	var out []string
	for name, def := range c.defs {
		if (def.Kind == ast.Object || def.Kind == ast.InputObject) && !slices.Contains(RootTypes, name) && name != "schema" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// typeFields checks one type's fields against its wire type's JSON fields: each field is a
// wire field of a compatible type, and each wire field is in the schema or omitted on purpose.
func (c *wireCheck) typeFields(name string) {
	def, wire := c.defs[name], wireTypes[name]
	g := deref(wire.goType)
	if g.Kind() == reflect.Map { // an object whose fields are the map's known keys
		for _, f := range def.Fields {
			c.compatible(name+"."+f.Name, f.Type, g.Elem())
		}
		return
	}
	fields := jsonFields(g)
	for _, f := range def.Fields {
		path := name + "." + f.Name
		sf, ok := fields[f.Name]
		switch {
		case !ok:
			c.fail("%s: %s has no JSON field %q", path, g, f.Name)
			continue
		case wire.omitted[f.Name] != "":
			c.fail("%s is in the schema, yet listed as left out", path)
		case def.Kind == ast.Object && f.Type.NonNull && mayBeAbsent(sf):
			c.fail("%s is non-null, but %s.%s may be null or left out", path, g, sf.Name)
		}
		c.compatible(path, f.Type, sf.Type)
	}
	for _, jsonName := range slices.Sorted(maps.Keys(fields)) {
		if def.Fields.ForName(jsonName) == nil && wire.omitted[jsonName] == "" {
			c.fail("%s lacks %s's field %q: add it, or list it as left out with the reason", name, g, jsonName)
		}
	}
	for _, o := range slices.Sorted(maps.Keys(wire.omitted)) {
		if _, ok := fields[o]; !ok {
			c.fail("%s lists %q as left out, but %s has no such field", name, o, g)
		}
	}
}

var (
	timeType       = reflect.TypeFor[time.Time]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
)

// compatible checks that a GraphQL type holds the wire type's JSON values.
func (c *wireCheck) compatible(path string, t *ast.Type, g reflect.Type) {
	g = deref(g)
	if t.Elem != nil {
		if g.Kind() != reflect.Slice || g == rawMessageType {
			c.fail("%s is a list, but the wire field is %s", path, g)
			return
		}
		c.compatible(path+"[]", t.Elem, g.Elem())
		return
	}
	ok := true
	switch name := t.NamedType; name {
	case "AWSJSON":
		ok = g.Kind() == reflect.Map || g.Kind() == reflect.Interface || g == rawMessageType
	case "AWSDateTime":
		ok = g == timeType
	case "String", "ID", "AWSEmail", "AWSURL":
		ok = g.Kind() == reflect.String
	case "Int":
		ok = g.Kind() >= reflect.Int && g.Kind() <= reflect.Int64
	case "Float":
		ok = g.Kind() == reflect.Float64 || g.Kind() == reflect.Float32
	case "Boolean":
		ok = g.Kind() == reflect.Bool
	default:
		def := c.defs[name]
		switch {
		case def == nil:
			c.fail("%s is of type %s, which neither the schema nor this check knows", path, name)
		case def.Kind == ast.Enum:
			ok = g.Kind() == reflect.String
		case wireTypes[name].goType == nil:
			c.fail("%s is of type %s, which mirrors no wire type", path, name)
		default:
			ok = deref(wireTypes[name].goType) == g
		}
	}
	if !ok {
		c.fail("%s is %s, but the wire field is %s", path, t, g)
	}
}

func deref(g reflect.Type) reflect.Type {
	for g.Kind() == reflect.Pointer {
		g = g.Elem()
	}
	return g
}

// mayBeAbsent says whether a wire field may be missing or null in an answer.
func mayBeAbsent(sf reflect.StructField) bool {
	_, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
	return sf.Type.Kind() == reflect.Pointer || slices.Contains(strings.Split(opts, ","), "omitempty")
}

// jsonFields are a struct's fields by JSON name, embedded structs' fields included (the outer
// field wins, as in encoding/json).
func jsonFields(g reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	var embedded []reflect.Type
	for i := range g.NumField() {
		sf := g.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case name == "-" || !sf.IsExported():
		case sf.Anonymous && name == "" && deref(sf.Type).Kind() == reflect.Struct:
			embedded = append(embedded, deref(sf.Type))
		case name == "":
			out[sf.Name] = sf
		default:
			out[name] = sf
		}
	}
	for _, e := range embedded {
		for name, sf := range jsonFields(e) {
			if _, ok := out[name]; !ok {
				out[name] = sf
			}
		}
	}
	return out
}

func TestEveryTypeMirrorsItsWireType(t *testing.T) {
	c := newWireCheck(t)
	for _, name := range c.mirrored() {
		if wireTypes[name].goType == nil {
			c.fail("%s mirrors no wire type: add it to wireTypes", name)
			continue
		}
		c.typeFields(name)
	}
	for _, name := range slices.Sorted(maps.Keys(wireTypes)) {
		if c.defs[name] == nil {
			c.fail("wireTypes names %s, which the schema does not have", name)
		}
	}
	c.report(t)
}

// Each resolver's operation is a key of its function's one-key request, and the field's
// input is that operation's input.
func TestEveryFieldsInputIsItsOperationsInput(t *testing.T) {
	c := newWireCheck(t)
	for _, r := range resolvers {
		request, ok := requestTypes[r.Function]
		if !ok {
			c.fail("%s: no request type for %s", r.Field(), r.Function)
			continue
		}
		op, ok := jsonFields(request)[r.Operation]
		if !ok {
			c.fail("%s: %s has no operation %s", r.Field(), request, r.Operation)
			continue
		}
		field := c.defs[r.TypeName].Fields.ForName(r.FieldName)
		if field == nil {
			continue // Check reports it
		}
		c.arguments(r, field, op.Type)
	}
	c.report(t)
}

// arguments checks a field's arguments against its operation's input: either the one argument
// input, which is that input, or arguments that are fields of it (resetUserPassword(id:)).
func (c *wireCheck) arguments(r Resolver, field *ast.FieldDefinition, input reflect.Type) {
	for _, arg := range field.Arguments {
		if arg.Name == "input" {
			if len(field.Arguments) > 1 {
				c.fail("%s has input and other arguments: the functions read either input or fields of it", r.Field())
			}
			c.compatible(r.Field()+"(input)", arg.Type, input)
			continue
		}
		sf, ok := jsonFields(deref(input))[arg.Name]
		if !ok {
			c.fail("%s has the argument %s, which %s has no JSON field of", r.Field(), arg.Name, deref(input))
			continue
		}
		c.compatible(r.Field()+"("+arg.Name+")", arg.Type, sf.Type)
	}
}

// The check above can fail: a field the wire type lacks, one it has that the schema lacks, a
// wrong scalar and a wrong object type are each reported.
func TestWireCheckReportsMismatches(t *testing.T) {
	tests := []struct{ name, schema, want string }{
		{"unknown field", "type Paging { thisPage: Int! totalPages: Int! totalItems: Int! pages: Int }", `no JSON field "pages"`},
		{"missing field", "type Paging { thisPage: Int! totalPages: Int! }", `lacks analysisapi.Paging's field "totalItems"`},
		{"wrong scalar", "type Paging { thisPage: String! totalPages: Int! totalItems: Int! }", "Paging.thisPage is String!, but the wire field is int"},
		{"wrong object", "type ListDetectionsResponse { paging: TestError! detections: [Detection!]! }", "ListDetectionsResponse.paging is TestError!"},
		{"nullable wire field", "type TestError { message: String! } type FunctionTestResult { output: String! error: TestError }",
			"FunctionTestResult.output is non-null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newWireCheck(t)
			doc := mustParse(t, tt.schema)
			for _, def := range doc.Definitions {
				c.defs[def.Name] = def
			}
			for _, def := range doc.Definitions {
				c.typeFields(def.Name)
			}
			if !slices.ContainsFunc(c.problems, func(p string) bool { return strings.Contains(p, tt.want) }) {
				t.Fatalf("problems %q, want one with %q", c.problems, tt.want)
			}
		})
	}
}

// Arguments other than input are checked too: each must be a field of the operation's input
// of a compatible type, and input comes alone.
func TestArgumentCheckReportsMismatches(t *testing.T) {
	doc := mustParse(t, "type Mutation { good(id: ID!): Boolean! unknown(userId: ID!): Boolean! wrong(id: Int!): Boolean! both(input: String, id: ID!): Boolean! }")
	input := reflect.TypeFor[struct {
		ID string `json:"id"`
	}]()
	want := map[string]string{
		"good":    "",
		"unknown": "has the argument userId, which struct",
		"wrong":   "Mutation.wrong(id) is Int!, but the wire field is string",
		"both":    "Mutation.both has input and other arguments",
	}
	for _, f := range doc.Definitions[0].Fields {
		c := newWireCheck(t)
		c.arguments(Resolver{"Mutation", f.Name, UsersAPI, "removeUser"}, f, input)
		switch w := want[f.Name]; {
		case w == "" && len(c.problems) > 0:
			t.Errorf("%s: problems %q, want none", f.Name, c.problems)
		case w != "" && !slices.ContainsFunc(c.problems, func(p string) bool { return strings.Contains(p, w) }):
			t.Errorf("%s: problems %q, want one with %q", f.Name, c.problems, w)
		}
	}
}

func TestEnumsHoldTheValuesTheAPIsAccept(t *testing.T) {
	c := newWireCheck(t)
	// Listed only inside the functions: the analysis and alerts APIs' sort fields and directions.
	unlisted := []string{"SortDirection", "DetectionSortField"}
	for name, def := range c.defs {
		if def.Kind != ast.Enum || slices.Contains(unlisted, name) {
			continue
		}
		want, ok := enumValues[name]
		if !ok {
			t.Errorf("enum %s: add the wire contract's values to enumValues", name)
			continue
		}
		var got []string
		for _, v := range def.EnumValues {
			got = append(got, v.Name)
		}
		if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
			t.Errorf("enum %s = %v, the wire contract's values are %v", name, got, want)
		}
	}
}

// TestFunctions has a field per function the rules engine reports: rule, and the optional
// functions of a rule module, in the camel case the engine reports them in.
func TestTestFunctionsAreTheEnginesFunctions(t *testing.T) {
	src, err := os.ReadFile("../../lambdas/rules-engine/panther_engine/rule.py")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^OPTIONAL = \(([^)]*)\)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("rule.py no longer declares OPTIONAL = (...)")
	}
	want := []string{"rule"}
	for _, name := range regexp.MustCompile(`"([a-z_]+)"`).FindAllSubmatch(m[1], -1) {
		want = append(want, snakeToCamel(string(name[1])))
	}
	var got []string
	for _, f := range newWireCheck(t).defs["TestFunctions"].Fields {
		got = append(got, f.Name)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("TestFunctions fields %v, the engine's functions %v", got, want)
	}
}

func snakeToCamel(s string) string {
	words := strings.Split(s, "_")
	for i := 1; i < len(words); i++ {
		words[i] = strings.ToUpper(words[i][:1]) + words[i][1:]
	}
	return strings.Join(words, "")
}

func mustParse(t *testing.T, sdl string) *ast.SchemaDocument {
	t.Helper()
	doc, err := parser.ParseSchema(&ast.Source{Name: "test.graphql", Input: sdl})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
