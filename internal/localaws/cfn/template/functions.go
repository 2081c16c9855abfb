package template

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func (ev *Evaluator) evalArgs(fn string, arg any, n int) ([]any, error) {
	r, err := ev.Eval(arg)
	if err != nil {
		return nil, err
	}
	list, ok := r.([]any)
	if !ok || (n > 0 && len(list) != n) {
		return nil, wire.ValidationError("Template error: %s requires %d arguments", fn, n)
	}
	return list, nil
}

func fnJoin(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Join", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return Unknown{}, nil
	}
	items, ok := a[1].([]any)
	if !ok {
		return nil, wire.ValidationError("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if isUnknown(it) {
			return Unknown{}, nil
		}
		parts = append(parts, ScalarString(it))
	}
	return strings.Join(parts, ScalarString(a[0])), nil
}

func fnSelect(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Select", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return Unknown{}, nil
	}
	idx, err := strconv.Atoi(ScalarString(a[0]))
	items, ok := a[1].([]any)
	if err != nil || !ok || idx < 0 || idx >= len(items) {
		return nil, wire.ValidationError("Template error: Fn::Select cannot select nonexistent value at index %s", ScalarString(a[0]))
	}
	return items[idx], nil
}

func fnSplit(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Split", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return Unknown{}, nil
	}
	parts := strings.Split(ScalarString(a[1]), ScalarString(a[0]))
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func fnFindInMap(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::FindInMap", arg, 0)
	if err != nil || len(a) < 3 {
		return nil, wire.ValidationError("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")
	}
	m, ok := ev.tmpl.Mappings[ScalarString(a[0])]
	if !ok {
		return nil, wire.ValidationError("Template error: Unable to get mapping for %s", ScalarString(a[0]))
	}
	top, ok := AsMap(m)[ScalarString(a[1])]
	if !ok {
		return nil, wire.ValidationError("Template error: Unable to get mapping for %s::%s::%s", ScalarString(a[0]), ScalarString(a[1]), ScalarString(a[2]))
	}
	v, ok := AsMap(top)[ScalarString(a[2])]
	if !ok {
		return nil, wire.ValidationError("Template error: Unable to get mapping for %s::%s::%s", ScalarString(a[0]), ScalarString(a[1]), ScalarString(a[2]))
	}
	return v, nil
}

func fnBase64(ev *Evaluator, arg any) (any, error) {
	v, err := ev.Eval(arg)
	if err != nil || isUnknown(v) {
		return v, err
	}
	return base64.StdEncoding.EncodeToString([]byte(ScalarString(v))), nil
}

func fnGetAZs(ev *Evaluator, arg any) (any, error) {
	v, err := ev.Eval(arg)
	if err != nil {
		return nil, err
	}
	region := ScalarString(v)
	if region == "" {
		region = ev.stack.Region
	}
	return []any{region + "a", region + "b", region + "c"}, nil
}
