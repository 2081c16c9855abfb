package template

import (
	"encoding/json"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func fnIf(ev *Evaluator, arg any) (any, error) {
	a := AsSlice(arg)
	if len(a) != 3 {
		return nil, wire.ValidationError("Template error: Fn::If requires a list argument with three elements")
	}
	ok, err := ev.condition(ScalarString(a[0]))
	if err != nil {
		return nil, err
	}
	if ok {
		return ev.Eval(a[1])
	}
	return ev.Eval(a[2])
}

func fnEquals(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Equals", arg, 2)
	if err != nil {
		return nil, err
	}
	return Canonical(a[0]) == Canonical(a[1]), nil
}

// Canonical renders a value for comparison.
func Canonical(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		data, _ := json.Marshal(v)
		return string(data)
	}
	return ScalarString(v)
}

func (ev *Evaluator) conditionList(fn string, arg any) ([]bool, error) {
	items := AsSlice(arg)
	if len(items) < 1 || len(items) > 10 {
		return nil, wire.ValidationError("Template error: %s requires a list of 1 to 10 conditions", fn)
	}
	out := make([]bool, 0, len(items))
	for _, it := range items {
		v, err := ev.Eval(it)
		if err != nil {
			return nil, err
		}
		b, ok := v.(bool)
		if !ok {
			b = ScalarString(v) == "true"
		}
		out = append(out, b)
	}
	return out, nil
}

func fnAnd(ev *Evaluator, arg any) (any, error) {
	conds, err := ev.conditionList("Fn::And", arg)
	if err != nil {
		return nil, err
	}
	for _, c := range conds {
		if !c {
			return false, nil
		}
	}
	return true, nil
}

func fnOr(ev *Evaluator, arg any) (any, error) {
	conds, err := ev.conditionList("Fn::Or", arg)
	if err != nil {
		return nil, err
	}
	for _, c := range conds {
		if c {
			return true, nil
		}
	}
	return false, nil
}

func fnNot(ev *Evaluator, arg any) (any, error) {
	conds, err := ev.conditionList("Fn::Not", arg)
	if err != nil || len(conds) != 1 {
		return nil, wire.ValidationError("Template error: Fn::Not requires a list argument with one function token")
	}
	return !conds[0], nil
}

func fnCondition(ev *Evaluator, arg any) (any, error) {
	return ev.condition(ScalarString(arg))
}
