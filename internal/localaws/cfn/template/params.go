package template

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// ParamInput is one parameter as a caller passed it.
type ParamInput struct {
	Key         string
	Value       string
	UsePrevious bool
}

// ResolveParameters applies defaults, previous values and constraints,
// answering with AWS's validation messages.
func ResolveParameters(t *Template, given []ParamInput, previous []StackParam) ([]StackParam, error) {
	byKey := map[string]ParamInput{}
	var unknown []string
	for _, p := range given {
		if _, ok := t.Parameters[p.Key]; !ok {
			unknown = append(unknown, p.Key)
			continue
		}
		byKey[p.Key] = p
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, wire.ValidationError("Parameters: [%s] do not exist in the template", strings.Join(unknown, ", "))
	}
	var out []StackParam
	var missing []string
	for _, name := range t.ParamOrder {
		decl := t.Parameters[name]
		in, passed := byKey[name]
		var value string
		switch {
		case passed && in.UsePrevious:
			prev, ok := paramValue(previous, name)
			if !ok {
				return nil, wire.ValidationError("Invalid input for parameter key %s. Cannot specify usePreviousValue as true for a parameter key not in the previous template", name)
			}
			value = prev
		case passed:
			value = in.Value
		case decl.Default != nil:
			value = *decl.Default
		default:
			missing = append(missing, name)
			continue
		}
		if err := checkParameter(name, decl, value); err != nil {
			return nil, err
		}
		out = append(out, StackParam{Key: name, Value: value, NoEcho: decl.NoEcho})
	}
	if len(missing) > 0 {
		return nil, wire.ValidationError("Parameters: [%s] must have values", strings.Join(missing, ", "))
	}
	return out, nil
}

// checkParameter applies a parameter's type and constraints.
func checkParameter(name string, d *paramDecl, value string) error {
	fail := func(format string, args ...any) error {
		if d.ConstraintDescription != "" {
			return wire.ValidationError("Parameter '%s' failed to satisfy constraint: %s", name, d.ConstraintDescription)
		}
		return wire.ValidationError(format, args...)
	}
	values := []string{value}
	if strings.HasPrefix(d.Type, "List<") || d.Type == "CommaDelimitedList" {
		values = splitList(value)
	}
	for _, v := range values {
		if d.Type == "Number" || d.Type == "List<Number>" {
			if err := checkNumberParameter(name, d, v, fail); err != nil {
				return err
			}
		}
		if len(d.AllowedValues) > 0 && !slices.Contains(d.AllowedValues, v) {
			return fail("Parameter '%s' must be one of AllowedValues", name)
		}
		if d.AllowedPattern != "" {
			re, err := regexp.Compile("^(?:" + d.AllowedPattern + ")$")
			if err == nil && !re.MatchString(v) {
				return fail("Parameter '%s' must match pattern %s", name, d.AllowedPattern)
			}
		}
		if d.MinLength != nil && utf8.RuneCountInString(v) < *d.MinLength {
			return fail("Parameter '%s' must contain at least %d characters", name, *d.MinLength)
		}
		if d.MaxLength != nil && utf8.RuneCountInString(v) > *d.MaxLength {
			return fail("Parameter '%s' must contain at most %d characters", name, *d.MaxLength)
		}
	}
	return nil
}

// checkNumberParameter applies MinValue and MaxValue to one numeric value;
// a value that is not a number fails regardless of ConstraintDescription.
func checkNumberParameter(name string, d *paramDecl, v string, fail func(format string, args ...any) error) error {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return wire.ValidationError("Parameter '%s' must be a number", name)
	}
	if d.MinValue != nil && n < *d.MinValue {
		return fail("Parameter '%s' must be a number not less than %s", name, formatNumber(*d.MinValue))
	}
	if d.MaxValue != nil && n > *d.MaxValue {
		return fail("Parameter '%s' must be a number not greater than %s", name, formatNumber(*d.MaxValue))
	}
	return nil
}

func splitList(v string) []string {
	if v == "" {
		return []string{}
	}
	parts := strings.Split(v, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// paramRefValue is what Ref returns for a parameter: a list for list types.
func paramRefValue(d *paramDecl, value string) any {
	if strings.HasPrefix(d.Type, "List<") || d.Type == "CommaDelimitedList" {
		parts := splitList(value)
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = p
		}
		return out
	}
	return value
}

// StackParam is a parameter value as the stack resolved it.
type StackParam struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	NoEcho bool   `json:"noEcho,omitempty"`
	// Resolved is the value behind an SSM parameter type (unused: no SSM).
	Resolved string `json:"resolved,omitempty"`
}

// paramValue returns a parameter value by key.
func paramValue(params []StackParam, key string) (string, bool) {
	for _, p := range params {
		if p.Key == key {
			return p.Value, true
		}
	}
	return "", false
}
