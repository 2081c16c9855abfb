package template

import (
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// noValue is what Ref AWS::NoValue evaluates to; the enclosing property or
// list entry disappears.
type noValueType struct{}

var noValue = noValueType{}

// Unknown stands for a value that is only known after provisioning
// (a change set references a resource that will be added or replaced).
type Unknown struct{}

// Identity is what a stack's pseudo parameters resolve to.
type Identity struct {
	Account, Region, Name, ID string
}

// Evaluator resolves intrinsic functions against one stack.
type Evaluator struct {
	stack      Identity
	tmpl       *Template
	params     map[string]any
	conditions map[string]bool
	// Resource resolves Ref and GetAtt of a resource; attr is "" for Ref.
	Resource func(logicalID, attr string) (any, error)
	// ImportValue resolves Fn::ImportValue.
	ImportValue func(name string) (any, error)
	evaluating  map[string]bool
}

// NewEvaluator evaluates t for a stack with resolved parameters; Resource
// and ImportValue resolve nothing until the caller sets them.
func NewEvaluator(s Identity, t *Template, params []StackParam) *Evaluator {
	ev := &Evaluator{stack: s, tmpl: t, params: map[string]any{}, conditions: map[string]bool{}, evaluating: map[string]bool{}}
	for _, p := range params {
		if d, ok := t.Parameters[p.Key]; ok {
			ev.params[p.Key] = paramRefValue(d, p.Value)
		}
	}
	ev.Resource = func(id, attr string) (any, error) {
		return nil, wire.ValidationError("Template error: resource %s is not available", id)
	}
	ev.ImportValue = func(name string) (any, error) {
		return nil, wire.ValidationError("No export named %s found.", name)
	}
	return ev
}

// condition evaluates a named condition once.
func (ev *Evaluator) condition(name string) (bool, error) {
	if v, ok := ev.conditions[name]; ok {
		return v, nil
	}
	def, ok := ev.tmpl.Conditions[name]
	if !ok {
		return false, wire.ValidationError("Template format error: Unresolved dependencies [%s]. Cannot reference resources in the Conditions block of the template", name)
	}
	if ev.evaluating[name] {
		return false, wire.ValidationError("Template error: circular condition %s", name)
	}
	ev.evaluating[name] = true
	defer delete(ev.evaluating, name)
	v, err := ev.Eval(def)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		b = ScalarString(v) == "true"
	}
	ev.conditions[name] = b
	return b, nil
}

// Included reports whether a resource or output with this condition exists.
func (ev *Evaluator) Included(cond string) (bool, error) {
	if cond == "" {
		return true, nil
	}
	return ev.condition(cond)
}

// Eval resolves every intrinsic function inside v.
func (ev *Evaluator) Eval(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if fn, ok := intrinsicFuncs[k]; ok {
					return fn(ev, arg)
				}
			}
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			r, err := ev.Eval(val)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValueType); !drop {
				out[k] = r
			}
		}
		return out, nil
	case []any:
		out := make([]any, 0, len(x))
		for _, val := range x {
			r, err := ev.Eval(val)
			if err != nil {
				return nil, err
			}
			if _, drop := r.(noValueType); !drop {
				out = append(out, r)
			}
		}
		return out, nil
	}
	return v, nil
}

type intrinsic func(ev *Evaluator, arg any) (any, error)

var intrinsicFuncs map[string]intrinsic

func init() {
	intrinsicFuncs = map[string]intrinsic{
		"Ref":             fnRef,
		"Fn::GetAtt":      fnGetAtt,
		"Fn::Sub":         fnSub,
		"Fn::Join":        fnJoin,
		"Fn::Select":      fnSelect,
		"Fn::Split":       fnSplit,
		"Fn::If":          fnIf,
		"Fn::Equals":      fnEquals,
		"Fn::And":         fnAnd,
		"Fn::Or":          fnOr,
		"Fn::Not":         fnNot,
		"Condition":       fnCondition,
		"Fn::FindInMap":   fnFindInMap,
		"Fn::Base64":      fnBase64,
		"Fn::GetAZs":      fnGetAZs,
		"Fn::ImportValue": fnImportValue,
		"Fn::Cidr":        fnCidr,
	}
}

func isUnknown(v any) bool {
	_, ok := v.(Unknown)
	return ok
}

func (ev *Evaluator) pseudo(name string) (any, bool) {
	s := ev.stack
	switch name {
	case "AWS::AccountId":
		return s.Account, true
	case "AWS::Region":
		return s.Region, true
	case "AWS::StackName":
		return s.Name, true
	case "AWS::StackId":
		return s.ID, true
	case "AWS::Partition":
		return wire.Partition(s.Region), true
	case "AWS::URLSuffix":
		return "amazonaws.com", true
	case "AWS::NotificationARNs":
		return []any{}, true
	case "AWS::NoValue":
		return noValue, true
	}
	return nil, false
}

func fnRef(ev *Evaluator, arg any) (any, error) {
	name := ScalarString(arg)
	if v, ok := ev.pseudo(name); ok {
		return v, nil
	}
	if v, ok := ev.params[name]; ok {
		return v, nil
	}
	if _, ok := ev.tmpl.Resources[name]; ok {
		return ev.Resource(name, "")
	}
	return nil, wire.ValidationError("Template format error: Unresolved resource dependencies [%s] in the Resources block of the template", name)
}

func fnGetAtt(ev *Evaluator, arg any) (any, error) {
	var id, attr string
	switch a := arg.(type) {
	case string:
		id, attr, _ = strings.Cut(a, ".")
	case []any:
		if len(a) != 2 {
			return nil, wire.ValidationError("Template error: every Fn::GetAtt object requires two non-empty parameters")
		}
		id = ScalarString(a[0])
		resolved, err := ev.Eval(a[1])
		if err != nil {
			return nil, err
		}
		attr = ScalarString(resolved)
	}
	if _, ok := ev.tmpl.Resources[id]; !ok || attr == "" {
		return nil, wire.ValidationError("Template error: instance of Fn::GetAtt references undefined resource %s", id)
	}
	return ev.Resource(id, attr)
}

func fnSub(ev *Evaluator, arg any) (any, error) {
	var str string
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		str = a
	case []any:
		if len(a) != 2 {
			return nil, wire.ValidationError("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string")
		}
		str = ScalarString(a[0])
		for k, v := range AsMap(a[1]) {
			r, err := ev.Eval(v)
			if err != nil {
				return nil, err
			}
			vars[k] = r
		}
	}
	var b strings.Builder
	for {
		i := strings.Index(str, "${")
		if i < 0 {
			b.WriteString(str)
			return b.String(), nil
		}
		j := strings.IndexByte(str[i:], '}')
		if j < 0 {
			b.WriteString(str)
			return b.String(), nil
		}
		b.WriteString(str[:i])
		name := strings.TrimSpace(str[i+2 : i+j])
		str = str[i+j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			b.WriteString("${" + lit + "}")
			continue
		}
		v, ok := vars[name]
		if !ok {
			var err error
			if strings.Contains(name, ".") {
				v, err = fnGetAtt(ev, name)
			} else {
				v, err = fnRef(ev, name)
			}
			if err != nil {
				return nil, err
			}
		}
		if isUnknown(v) {
			return Unknown{}, nil
		}
		if list, isList := v.([]any); isList {
			v = strings.Join(StringList(list), ",")
		}
		b.WriteString(ScalarString(v))
	}
}

func fnImportValue(ev *Evaluator, arg any) (any, error) {
	v, err := ev.Eval(arg)
	if err != nil || isUnknown(v) {
		return v, err
	}
	return ev.ImportValue(ScalarString(v))
}

// EvalString evaluates v and renders it as text.
func (ev *Evaluator) EvalString(v any) (string, error) {
	r, err := ev.Eval(v)
	if err != nil {
		return "", err
	}
	if list, ok := r.([]any); ok {
		return strings.Join(StringList(list), ","), nil
	}
	if isUnknown(r) {
		return "", wire.ValidationError("Template error: value is not known before provisioning")
	}
	return ScalarString(r), nil
}
