package localaws

import (
	"encoding/base64"
	"strconv"
	"strings"
)

func (ev *evaluator) evalArgs(fn string, arg any, n int) ([]any, error) {
	r, err := ev.eval(arg)
	if err != nil {
		return nil, err
	}
	list, ok := r.([]any)
	if !ok || (n > 0 && len(list) != n) {
		return nil, validationError("Template error: %s requires %d arguments", fn, n)
	}
	return list, nil
}

func fnJoin(ev *evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Join", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return unknownValue{}, nil
	}
	items, ok := a[1].([]any)
	if !ok {
		return nil, validationError("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")
	}
	parts := make([]string, 0, len(items))
	for _, it := range items {
		if isUnknown(it) {
			return unknownValue{}, nil
		}
		parts = append(parts, scalarString(it))
	}
	return strings.Join(parts, scalarString(a[0])), nil
}

func fnSelect(ev *evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Select", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return unknownValue{}, nil
	}
	idx, err := strconv.Atoi(scalarString(a[0]))
	items, ok := a[1].([]any)
	if err != nil || !ok || idx < 0 || idx >= len(items) {
		return nil, validationError("Template error: Fn::Select cannot select nonexistent value at index %s", scalarString(a[0]))
	}
	return items[idx], nil
}

func fnSplit(ev *evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Split", arg, 2)
	if err != nil {
		return nil, err
	}
	if isUnknown(a[1]) {
		return unknownValue{}, nil
	}
	parts := strings.Split(scalarString(a[1]), scalarString(a[0]))
	out := make([]any, len(parts))
	for i, p := range parts {
		out[i] = p
	}
	return out, nil
}

func fnFindInMap(ev *evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::FindInMap", arg, 0)
	if err != nil || len(a) < 3 {
		return nil, validationError("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")
	}
	m, ok := ev.tmpl.Mappings[scalarString(a[0])]
	if !ok {
		return nil, validationError("Template error: Unable to get mapping for %s", scalarString(a[0]))
	}
	top, ok := asMap(m)[scalarString(a[1])]
	if !ok {
		return nil, validationError("Template error: Unable to get mapping for %s::%s::%s", scalarString(a[0]), scalarString(a[1]), scalarString(a[2]))
	}
	v, ok := asMap(top)[scalarString(a[2])]
	if !ok {
		return nil, validationError("Template error: Unable to get mapping for %s::%s::%s", scalarString(a[0]), scalarString(a[1]), scalarString(a[2]))
	}
	return v, nil
}

func fnBase64(ev *evaluator, arg any) (any, error) {
	v, err := ev.eval(arg)
	if err != nil || isUnknown(v) {
		return v, err
	}
	return base64.StdEncoding.EncodeToString([]byte(scalarString(v))), nil
}

func fnGetAZs(ev *evaluator, arg any) (any, error) {
	v, err := ev.eval(arg)
	if err != nil {
		return nil, err
	}
	region := scalarString(v)
	if region == "" {
		region = ev.stack.Region
	}
	return []any{region + "a", region + "b", region + "c"}, nil
}
