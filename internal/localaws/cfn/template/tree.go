package template

import (
	"encoding/json"
	"fmt"
	"strings"
)

// AsMap returns v as a map; an empty one when v is not a map.
func AsMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		return map[string]any{}
	}
	return m
}

// AsSlice returns v as a list, or nil.
func AsSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// ScalarString renders a scalar the way CloudFormation treats it: as text.
func ScalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%f", x), "0"), ".")
	}
	return fmt.Sprint(v)
}

// StringList reads a string or a list of strings.
func StringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			out = append(out, ScalarString(e))
		}
		return out
	}
	return nil
}

func optInt(v any) *int {
	if v == nil {
		return nil
	}
	var n int
	if _, err := fmt.Sscan(ScalarString(v), &n); err != nil {
		return nil
	}
	return &n
}

func optFloat(v any) *float64 {
	if v == nil {
		return nil
	}
	var f float64
	if _, err := fmt.Sscan(ScalarString(v), &f); err != nil {
		return nil
	}
	return &f
}
