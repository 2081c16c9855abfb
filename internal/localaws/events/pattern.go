package events

import (
	"encoding/json"
	"strconv"
	"strings"
)

// matches reports whether an event (as a JSON object) matches an EventBridge event pattern:
// every key of the pattern must match, a list of values matches any of them, and a value may
// be a content filter: prefix, suffix, anything-but, numeric, exists, equals-ignore-case.
func matches(pattern, event map[string]any) bool {
	for key, want := range pattern {
		got, present := event[key]
		switch w := want.(type) {
		case map[string]any:
			sub, ok := got.(map[string]any)
			if !ok || !matches(w, sub) {
				return false
			}
		case []any:
			if !matchesAny(w, got, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// matchesAny reports whether one of the pattern's values matches the event's value, or one of
// its values when it is a list.
func matchesAny(wants []any, got any, present bool) bool {
	values, isList := got.([]any)
	if !isList {
		values = []any{got}
	}
	for _, want := range wants {
		if filter, ok := want.(map[string]any); ok {
			if exists, ok := filter["exists"].(bool); ok {
				if exists == present {
					return true
				}
				continue
			}
		}
		if !present {
			continue
		}
		for _, v := range values {
			if matchesValue(want, v) {
				return true
			}
		}
	}
	return false
}

func matchesValue(want, got any) bool {
	filter, ok := want.(map[string]any)
	if !ok {
		return equalJSON(want, got)
	}
	s, isString := got.(string)
	switch {
	case filter["prefix"] != nil:
		p, _ := filter["prefix"].(string)
		return isString && strings.HasPrefix(s, p)
	case filter["suffix"] != nil:
		p, _ := filter["suffix"].(string)
		return isString && strings.HasSuffix(s, p)
	case filter["equals-ignore-case"] != nil:
		p, _ := filter["equals-ignore-case"].(string)
		return isString && strings.EqualFold(s, p)
	case filter["anything-but"] != nil:
		return !anythingBut(filter["anything-but"], got)
	case filter["numeric"] != nil:
		return numeric(filter["numeric"], got)
	}
	return false
}

func anythingBut(excluded, got any) bool {
	switch e := excluded.(type) {
	case []any:
		for _, v := range e {
			if equalJSON(v, got) {
				return true
			}
		}
		return false
	case map[string]any:
		return matchesValue(e, got)
	default:
		return equalJSON(e, got)
	}
}

// numeric evaluates ["<", 10, ">=", 2] style comparisons.
func numeric(spec, got any) bool {
	ops, ok := spec.([]any)
	n, isNumber := toFloat(got)
	if !ok || !isNumber || len(ops)%2 != 0 {
		return false
	}
	for i := 0; i < len(ops); i += 2 {
		op, _ := ops[i].(string)
		bound, _ := toFloat(ops[i+1])
		pass := map[string]bool{"=": n == bound, "<": n < bound, "<=": n <= bound, ">": n > bound, ">=": n >= bound}[op]
		if !pass {
			return false
		}
	}
	return true
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil
	}
	return 0, false
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
