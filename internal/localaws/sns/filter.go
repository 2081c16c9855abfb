package sns

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Filter policies, as AWS documents them: every key of the policy must
// match (AND), a list of conditions matches when one does (OR), and a
// condition is an exact string or number, or an operator object (prefix,
// suffix, equals-ignore-case, anything-but, numeric, exists). "$or" takes a
// list of policies. With FilterPolicyScope MessageAttributes the keys name
// message attributes; with MessageBody they name (nested) members of the
// JSON message body.

// accepts reports whether a subscription's filter policy accepts m.
func (sub *Subscription) accepts(m *message) bool {
	raw := sub.Attributes["FilterPolicy"]
	if raw == "" {
		return true
	}
	var policy map[string]any
	if json.Unmarshal([]byte(raw), &policy) != nil {
		return false
	}
	if sub.Attributes["FilterPolicyScope"] == "MessageBody" {
		var body map[string]any
		if json.Unmarshal([]byte(m.forProtocol(sub.Protocol)), &body) != nil {
			return false
		}
		return matchObject(policy, body)
	}
	return matchObject(policy, attributeValues(m.attrs))
}

// attributeValues are message attributes as filter policies see them:
// strings, numbers, and the members of String.Array; binary attributes
// are invisible.
func attributeValues(attrs map[string]MessageAttribute) map[string]any {
	out := map[string]any{}
	for name, a := range attrs {
		switch {
		case a.DataType == "String.Array":
			var list []any
			if json.Unmarshal([]byte(a.StringValue), &list) == nil {
				out[name] = list
			}
		case strings.HasPrefix(a.DataType, "Number"):
			if f, err := strconv.ParseFloat(a.StringValue, 64); err == nil {
				out[name] = f
			}
		case strings.HasPrefix(a.DataType, "String"):
			out[name] = a.StringValue
		}
	}
	return out
}

func matchObject(policy, doc map[string]any) bool {
	for key, cond := range policy {
		if key == "$or" {
			if !matchAny(cond, doc) {
				return false
			}
			continue
		}
		value, present := doc[key]
		switch c := cond.(type) {
		case map[string]any:
			if !matchNested(c, value) {
				return false
			}
		case []any:
			if !matchConditions(c, value, present) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// matchNested matches a nested policy against an object, or against any
// object of a list (a body's array of records).
func matchNested(policy map[string]any, value any) bool {
	if list, ok := value.([]any); ok {
		for _, item := range list {
			if matchNested(policy, item) {
				return true
			}
		}
		return false
	}
	nested, ok := value.(map[string]any)
	return ok && matchObject(policy, nested)
}

// matchAny is "$or": one of the policies matches.
func matchAny(cond any, doc map[string]any) bool {
	list, _ := cond.([]any)
	for _, p := range list {
		if obj, ok := p.(map[string]any); ok && matchObject(obj, doc) {
			return true
		}
	}
	return false
}

func matchConditions(conds []any, value any, present bool) bool {
	values, ok := value.([]any)
	if !ok {
		values = []any{value}
	}
	for _, c := range conds {
		if op, ok := c.(map[string]any); ok {
			if matchOperator(op, values, present) {
				return true
			}
			continue
		}
		if present && containsValue(values, c) {
			return true
		}
	}
	return false
}

// containsValue reports whether one of values equals an exact condition.
func containsValue(values []any, c any) bool {
	for _, v := range values {
		if v == c {
			return true
		}
	}
	return false
}

func matchOperator(op map[string]any, values []any, present bool) bool {
	for name, arg := range op {
		if name == "exists" {
			want, _ := arg.(bool)
			return present == want
		}
		if !present {
			return false
		}
		switch name {
		case "prefix", "suffix", "equals-ignore-case":
			return anyString(values, func(s string) bool { return stringOperator(name, arg, s) })
		case "anything-but":
			return anythingBut(arg, values)
		case "numeric":
			list, _ := arg.([]any)
			return anyNumber(values, func(f float64) bool { return numericMatch(list, f) })
		}
		return false
	}
	return false
}

func stringOperator(name string, arg any, s string) bool {
	want, ok := arg.(string)
	if !ok {
		return false
	}
	switch name {
	case "prefix":
		return strings.HasPrefix(s, want)
	case "suffix":
		return strings.HasSuffix(s, want)
	}
	return strings.EqualFold(s, want)
}

func anyString(values []any, f func(string) bool) bool {
	for _, v := range values {
		if s, ok := v.(string); ok && f(s) {
			return true
		}
	}
	return false
}

func anyNumber(values []any, f func(float64) bool) bool {
	for _, v := range values {
		if n, ok := v.(float64); ok && f(n) {
			return true
		}
	}
	return false
}

// anythingBut matches when no value is one of the excluded: a value, a
// list of values, or a prefix/suffix operator.
func anythingBut(arg any, values []any) bool {
	var excluded func(v any) bool
	switch a := arg.(type) {
	case []any:
		excluded = func(v any) bool { return containsValue(a, v) }
	case map[string]any:
		excluded = func(v any) bool {
			s, ok := v.(string)
			for name, want := range a {
				if ok && stringOperator(name, want, s) {
					return true
				}
			}
			return false
		}
	default:
		excluded = func(v any) bool { return v == a }
	}
	for _, v := range values {
		if excluded(v) {
			return false
		}
	}
	return true
}

// numericMatch checks f against ["op", n, "op", n, …].
func numericMatch(list []any, f float64) bool {
	if len(list) == 0 || len(list)%2 != 0 {
		return false
	}
	for i := 0; i < len(list); i += 2 {
		op, _ := list[i].(string)
		n, ok := list[i+1].(float64)
		if !ok {
			return false
		}
		var pass bool
		switch op {
		case "=":
			pass = f == n
		case "<":
			pass = f < n
		case "<=":
			pass = f <= n
		case ">":
			pass = f > n
		case ">=":
			pass = f >= n
		}
		if !pass {
			return false
		}
	}
	return true
}

// knownOperators are the operators of filter policy conditions.
var knownOperators = map[string]bool{"prefix": true, "suffix": true, "equals-ignore-case": true,
	"anything-but": true, "numeric": true, "exists": true}

// validateFilterPolicy checks a policy's shape: an object whose members
// are lists of conditions or nested objects.
func validateFilterPolicy(raw string) error {
	var policy map[string]any
	if err := json.Unmarshal([]byte(raw), &policy); err != nil || policy == nil {
		return errInvalid("FilterPolicy: failed to parse JSON.")
	}
	return validatePolicyObject(policy)
}

func validatePolicyObject(policy map[string]any) error {
	for key, cond := range policy {
		switch c := cond.(type) {
		case map[string]any:
			if err := validatePolicyObject(c); err != nil {
				return err
			}
		case []any:
			if key == "$or" {
				continue
			}
			if err := validateConditions(key, c); err != nil {
				return err
			}
		default:
			return errInvalid("FilterPolicy: \"%s\" must be an object or an array", key)
		}
	}
	return nil
}

func validateConditions(key string, conds []any) error {
	for _, c := range conds {
		op, ok := c.(map[string]any)
		if !ok {
			continue
		}
		for name, arg := range op {
			if !knownOperators[name] {
				return errInvalid("FilterPolicy: Unrecognized match type %s", name)
			}
			if list, isList := arg.([]any); name == "numeric" && (!isList || len(list) == 0 || len(list)%2 != 0) {
				return errInvalid("FilterPolicy: Value of numeric must be an array of operators and numbers for key %s", key)
			}
		}
	}
	return nil
}
