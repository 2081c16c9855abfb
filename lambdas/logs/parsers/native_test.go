package parsers_test

import (
	"slices"
	"testing"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/parsers"
)

func TestFieldsListTheRequiredFields(t *testing.T) {
	s, err := logschema.Load([]byte(`
schema: Custom.Test
parser:
  native: {name: test}
fields:
  - {name: a, type: string}
  - {name: b, type: string, required: true}
  - {name: c, type: object, required: true, fields: [{name: d, type: string, required: true}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	natives := map[string]parsers.NativeFactory{"test": func(f *parsers.Fields) (func() parsers.Parser, error) {
		got = f.Required()
		return nil, nil
	}}
	if _, err := parsers.Compile(s, natives); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("required %q", got)
	}
}
