package appsync

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
)

func nowUnix() int64 { return time.Now().Unix() }

// target is where a resolver's field goes: the data source's function, "" for NONE.
type target struct{ function string }

// executor runs one operation. It copies what it needs of the API before resolvers run,
// since they release the lock.
type executor struct {
	svc             *Service
	account, region string
	targets         map[string]target
	schema          *ast.Schema
	doc             *ast.QueryDocument
	vars            map[string]any
	identity        any
	headers         map[string]string
	errors          []any
}

func newExecutor(s *Service, a *API, schema *ast.Schema, doc *ast.QueryDocument, vars map[string]any,
	identity any, r *http.Request) *executor {
	targets := map[string]target{}
	for key, res := range a.Resolvers {
		if ds := a.DataSources[res.DataSource]; ds != nil {
			targets[key] = target{function: functionName(ds.FunctionArn)}
		}
	}
	headers := map[string]string{}
	for k, v := range r.Header {
		headers[strings.ToLower(k)] = strings.Join(v, ",")
	}
	if vars == nil {
		vars = map[string]any{}
	}
	return &executor{svc: s, account: a.Account, region: a.Region, targets: targets, schema: schema, doc: doc,
		vars: vars, identity: identity, headers: headers}
}

// functionName is the name in a function ARN (a name stays a name).
func functionName(ref string) string {
	if parts := strings.Split(ref, ":"); strings.HasPrefix(ref, "arn:") && len(parts) >= 7 {
		return parts[6]
	}
	return ref
}

// object is an ordered JSON object: GraphQL answers fields in the order they were selected.
type object struct {
	keys   []string
	values map[string]any
}

func (o *object) set(k string, v any) {
	if _, ok := o.values[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.values[k] = v
}

func (o *object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		val, err := json.Marshal(o.values[k])
		if err != nil {
			return nil, err
		}
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(val)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// object resolves the selected fields of an object of a type, whose value is source.
func (ex *executor) object(typeName string, sel ast.SelectionSet, source map[string]any, path []any) *object {
	out := &object{values: map[string]any{}}
	for _, f := range ex.collect(sel, typeName) {
		key := f.Alias
		if key == "" {
			key = f.Name
		}
		if _, done := out.values[key]; done {
			continue
		}
		out.set(key, ex.field(typeName, f, source, append(slices.Clone(path), key)))
	}
	return out
}

// field resolves one field: through its resolver, or from the parent's value.
func (ex *executor) field(typeName string, f *ast.Field, source map[string]any, path []any) any {
	if f.Name == "__typename" {
		return typeName
	}
	var value any
	if t, ok := ex.targets[typeName+"."+f.Name]; ok {
		var failed bool
		if value, failed = ex.resolve(t, typeName, f, source, path); failed {
			return nil
		}
	} else if source != nil {
		value = source[f.Name]
	}
	return ex.complete(f.Definition.Type, f.SelectionSet, value, path)
}

// complete shapes a value to its type and selection set.
func (ex *executor) complete(t *ast.Type, sel ast.SelectionSet, value any, path []any) any {
	if value == nil {
		return nil
	}
	if t.Elem != nil {
		items, ok := value.([]any)
		if !ok {
			return nil
		}
		out := make([]any, len(items))
		for i, item := range items {
			out[i] = ex.complete(t.Elem, sel, item, append(slices.Clone(path), i))
		}
		return out
	}
	if len(sel) == 0 {
		return value
	}
	m, ok := value.(map[string]any)
	if !ok {
		return nil
	}
	typeName := t.Name()
	if def := ex.schema.Types[typeName]; def != nil && def.IsAbstractType() {
		if concrete, ok := m["__typename"].(string); ok {
			typeName = concrete
		}
	}
	return ex.object(typeName, sel, m, path)
}

// collect flattens a selection set for an object type: fragments whose type condition
// applies, @skip and @include honoured.
func (ex *executor) collect(sel ast.SelectionSet, typeName string) []*ast.Field {
	var out []*ast.Field
	for _, s := range sel {
		switch x := s.(type) {
		case *ast.Field:
			if ex.included(x.Directives) {
				out = append(out, x)
			}
		case *ast.InlineFragment:
			if ex.included(x.Directives) && ex.applies(x.TypeCondition, typeName) {
				out = append(out, ex.collect(x.SelectionSet, typeName)...)
			}
		case *ast.FragmentSpread:
			if ex.included(x.Directives) && x.Definition != nil && ex.applies(x.Definition.TypeCondition, typeName) {
				out = append(out, ex.collect(x.Definition.SelectionSet, typeName)...)
			}
		}
	}
	return out
}

func (ex *executor) applies(condition, typeName string) bool {
	if condition == "" || condition == typeName {
		return true
	}
	def := ex.schema.Types[condition]
	if def == nil || !def.IsAbstractType() {
		return false
	}
	for _, p := range ex.schema.GetPossibleTypes(def) {
		if p.Name == typeName {
			return true
		}
	}
	return false
}

func (ex *executor) included(dirs ast.DirectiveList) bool {
	if d := dirs.ForName("skip"); d != nil && d.ArgumentMap(ex.vars)["if"] == true {
		return false
	}
	if d := dirs.ForName("include"); d != nil && d.ArgumentMap(ex.vars)["if"] == false {
		return false
	}
	return true
}
