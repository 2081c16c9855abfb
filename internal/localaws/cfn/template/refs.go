package template

import "strings"

// collectRefs returns every name a value refers to through Ref, GetAtt
// and Sub.
func collectRefs(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if len(x) == 1 {
				for k, arg := range x {
					switch k {
					case "Ref":
						out = append(out, ScalarString(arg))
						return
					case "Fn::GetAtt":
						if name := getAttTarget(arg); name != "" {
							out = append(out, name)
						}
						return
					case "Fn::Sub":
						out = append(out, subReferences(arg)...)
						if list, ok := arg.([]any); ok && len(list) == 2 {
							walk(list[1])
						}
						return
					}
				}
			}
			for _, val := range x {
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	walk(v)
	return out
}

// getAttTarget returns the logical ID of a GetAtt argument.
func getAttTarget(arg any) string {
	switch a := arg.(type) {
	case string:
		name, _, _ := strings.Cut(a, ".")
		return name
	case []any:
		if len(a) > 0 {
			return ScalarString(a[0])
		}
	}
	return ""
}

// subReferences lists the ${Name} and ${Name.Attr} references of a Sub
// string that are not defined by its own variable map.
func subReferences(arg any) []string {
	str := ""
	vars := map[string]any{}
	switch a := arg.(type) {
	case string:
		str = a
	case []any:
		if len(a) > 0 {
			str = ScalarString(a[0])
		}
		if len(a) > 1 {
			vars = AsMap(a[1])
		}
	}
	var out []string
	for _, ref := range subVariables(str) {
		name, _, _ := strings.Cut(ref, ".")
		if _, ok := vars[ref]; !ok {
			out = append(out, name)
		}
	}
	return out
}

// subVariables returns the variable names in a Sub string, skipping the
// ${!Literal} escape.
func subVariables(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		name := s[i+2 : i+j]
		if !strings.HasPrefix(name, "!") {
			out = append(out, strings.TrimSpace(name))
		}
		s = s[i+j+1:]
	}
}

// Generic tree helpers.
