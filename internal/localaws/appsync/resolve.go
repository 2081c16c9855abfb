package appsync

import (
	"encoding/json"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// resolve invokes a field's function with the event AppSync sends direct Lambda resolvers;
// failed reports that an error was recorded. A NONE data source resolves to null.
func (ex *executor) resolve(t target, typeName string, f *ast.Field, source map[string]any, path []any) (any, bool) {
	if t.function == "" {
		return nil, false
	}
	args := f.ArgumentMap(ex.vars)
	if args == nil {
		args = map[string]any{}
	}
	var src any
	if source != nil {
		src = source
	}
	event := map[string]any{
		"arguments": args, "identity": ex.identity, "source": src,
		"request": map[string]any{"headers": ex.headers, "domainName": nil}, "prev": nil, "stash": map[string]any{},
		"info": map[string]any{"fieldName": f.Name, "parentTypeName": typeName, "variables": ex.vars,
			"selectionSetList": selectionList(f.SelectionSet, ""), "selectionSetGraphQL": selectionGraphQL(f.SelectionSet, "")},
	}
	payload, _ := json.Marshal(event)
	resp, functionError, err := ex.svc.backends.Functions.Invoke(ex.account, ex.region, t.function, payload)
	if err != nil {
		ae := wire.AsError(err)
		ex.fail(f, path, "Lambda:"+ae.Code, ae.Message)
		return nil, true
	}
	if functionError != "" {
		var doc struct {
			ErrorMessage string `json:"errorMessage"`
		}
		_ = json.Unmarshal(resp, &doc)
		ex.fail(f, path, "Lambda:"+functionError, doc.ErrorMessage)
		return nil, true
	}
	var value any
	if err := json.Unmarshal(resp, &value); err != nil {
		ex.fail(f, path, "Lambda:IllegalArgument", "The function's response is not JSON.")
		return nil, true
	}
	return value, false
}

// fail records a field error in AppSync's shape.
func (ex *executor) fail(f *ast.Field, path []any, errorType, message string) {
	ex.errors = append(ex.errors, map[string]any{"path": path, "data": nil, "errorType": errorType, "errorInfo": nil,
		"locations": []any{map[string]any{"line": f.Position.Line, "column": f.Position.Column, "sourceName": nil}},
		"message":   message})
}

// selectionList is info.selectionSetList: the selected fields, nested ones as parent/child.
func selectionList(sel ast.SelectionSet, prefix string) []string {
	out := []string{}
	for _, s := range sel {
		switch x := s.(type) {
		case *ast.Field:
			name := prefix + x.Name
			out = append(out, name)
			out = append(out, selectionList(x.SelectionSet, name+"/")...)
		case *ast.InlineFragment:
			out = append(out, selectionList(x.SelectionSet, prefix)...)
		case *ast.FragmentSpread:
			if x.Definition != nil {
				out = append(out, selectionList(x.Definition.SelectionSet, prefix)...)
			}
		}
	}
	return out
}

// selectionGraphQL is info.selectionSetGraphQL: the selection set as GraphQL text.
func selectionGraphQL(sel ast.SelectionSet, indent string) string {
	if len(sel) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("{\n")
	for _, s := range sel {
		b.WriteString(indent + "  ")
		switch x := s.(type) {
		case *ast.Field:
			if x.Alias != "" && x.Alias != x.Name {
				b.WriteString(x.Alias + ": ")
			}
			b.WriteString(x.Name)
			if len(x.SelectionSet) > 0 {
				b.WriteString(" " + selectionGraphQL(x.SelectionSet, indent+"  "))
			}
		case *ast.InlineFragment:
			b.WriteString("... on " + x.TypeCondition + " " + selectionGraphQL(x.SelectionSet, indent+"  "))
		case *ast.FragmentSpread:
			b.WriteString("... " + x.Name)
		}
		b.WriteString("\n")
	}
	b.WriteString(indent + "}")
	return b.String()
}
