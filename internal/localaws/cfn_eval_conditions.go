package localaws

import "encoding/json"

func fnIf(ev *evaluator, arg any) (any, error) {
	a := asSlice(arg)
	if len(a) != 3 {
		return nil, validationError("Template error: Fn::If requires a list argument with three elements")
	}
	ok, err := ev.condition(scalarString(a[0]))
	if err != nil {
		return nil, err
	}
	if ok {
		return ev.eval(a[1])
	}
	return ev.eval(a[2])
}

func fnEquals(ev *evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Equals", arg, 2)
	if err != nil {
		return nil, err
	}
	return canonical(a[0]) == canonical(a[1]), nil
}

// canonical renders a value for comparison.
func canonical(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		data, _ := json.Marshal(v)
		return string(data)
	}
	return scalarString(v)
}

func (ev *evaluator) conditionList(fn string, arg any) ([]bool, error) {
	items := asSlice(arg)
	if len(items) < 1 || len(items) > 10 {
		return nil, validationError("Template error: %s requires a list of 1 to 10 conditions", fn)
	}
	out := make([]bool, 0, len(items))
	for _, it := range items {
		v, err := ev.eval(it)
		if err != nil {
			return nil, err
		}
		b, ok := v.(bool)
		if !ok {
			b = scalarString(v) == "true"
		}
		out = append(out, b)
	}
	return out, nil
}

func fnAnd(ev *evaluator, arg any) (any, error) {
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

func fnOr(ev *evaluator, arg any) (any, error) {
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

func fnNot(ev *evaluator, arg any) (any, error) {
	conds, err := ev.conditionList("Fn::Not", arg)
	if err != nil || len(conds) != 1 {
		return nil, validationError("Template error: Fn::Not requires a list argument with one function token")
	}
	return !conds[0], nil
}

func fnCondition(ev *evaluator, arg any) (any, error) {
	return ev.condition(scalarString(arg))
}
