package templatelint

import (
	"fmt"
	"regexp"
	"strings"
)

// pseudoParameters are the names Ref and Fn::Sub accept besides parameters and resources.
var pseudoParameters = map[string]bool{
	"AWS::AccountId":        true,
	"AWS::NotificationARNs": true,
	"AWS::NoValue":          true,
	"AWS::Partition":        true,
	"AWS::Region":           true,
	"AWS::StackId":          true,
	"AWS::StackName":        true,
	"AWS::URLSuffix":        true,
}

// arity bounds the argument count of the intrinsic functions that take a list.
var arity = map[string][2]int{
	"Fn::If":        {3, 3},
	"Fn::Equals":    {2, 2},
	"Fn::Not":       {1, 1},
	"Fn::And":       {2, 10},
	"Fn::Or":        {2, 10},
	"Fn::Join":      {2, 2},
	"Fn::Select":    {2, 2},
	"Fn::Split":     {2, 2},
	"Fn::FindInMap": {3, 3},
	"Fn::GetAtt":    {2, 2},
	"Fn::Cidr":      {3, 3},
}

var knownFunctions = map[string]bool{
	"Ref": true, "Condition": true, "Fn::Base64": true, "Fn::Cidr": true, "Fn::FindInMap": true,
	"Fn::GetAtt": true, "Fn::GetAZs": true, "Fn::ImportValue": true, "Fn::Join": true,
	"Fn::Select": true, "Fn::Split": true, "Fn::Sub": true, "Fn::Transform": true, "Fn::And": true,
	"Fn::Equals": true, "Fn::If": true, "Fn::Not": true, "Fn::Or": true, "Fn::Length": true,
	"Fn::ToJsonString": true,
}

// subVariable matches ${Name} in Fn::Sub strings; ${!Literal} is an escape and is skipped.
var subVariable = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

// referenceChecker checks that every intrinsic function names things that exist.
type referenceChecker struct {
	t        template
	problems []Problem
	// at is the problem template for findings in the entry being walked.
	at Problem
	// inConditions is set while walking the Conditions section, where only parameters may be
	// referenced.
	inConditions bool
}

func checkReferences(t template) []Problem {
	c := &referenceChecker{t: t}
	for _, name := range t.names("Conditions") {
		c.at = Problem{File: t.file, Section: "condition", Name: name}
		c.inConditions = true
		body := t.section("Conditions")[name]
		if !isConditionFunction(body) {
			c.report(nil, "a condition must be Fn::And, Fn::Equals, Fn::If, Fn::Not, Fn::Or or Condition")
		}
		c.walk(body, nil)
	}
	c.inConditions = false
	for _, name := range t.names("Resources") {
		resource := t.entry("Resources", name)
		c.at = Problem{File: t.file, Section: "resource", Name: name, Type: t.resourceType(name)}
		c.checkCondition(resource["Condition"], []string{"Condition"})
		c.checkDependsOn(resource["DependsOn"])
		c.walk(resource["Properties"], nil)
	}
	for _, name := range t.names("Outputs") {
		output := t.entry("Outputs", name)
		c.at = Problem{File: t.file, Section: "output", Name: name}
		c.checkCondition(output["Condition"], []string{"Condition"})
		c.walk(output["Value"], []string{"Value"})
		c.walk(output["Export"], []string{"Export"})
	}
	return c.problems
}

func (c *referenceChecker) report(path []string, format string, args ...any) {
	p := c.at
	p.Property = propertyPath(path)
	p.Message = fmt.Sprintf(format, args...)
	c.problems = append(c.problems, p)
}

func (c *referenceChecker) checkCondition(v any, path []string) {
	if v == nil {
		return
	}
	name, ok := v.(string)
	if !ok {
		c.report(path, "a condition name must be a string")
		return
	}
	if _, ok := c.t.section("Conditions")[name]; !ok {
		c.report(path, "condition %s is not declared", name)
	}
}

func (c *referenceChecker) checkDependsOn(v any) {
	var targets []any
	switch d := v.(type) {
	case nil:
		return
	case string:
		targets = []any{d}
	case []any:
		targets = d
	}
	for _, target := range targets {
		name, _ := target.(string)
		if _, ok := c.t.section("Resources")[name]; !ok {
			c.report([]string{"DependsOn"}, "depends on %v, which is not a resource of this template", target)
		}
	}
}

// walk visits a value, checking every intrinsic function call in it.
func (c *referenceChecker) walk(v any, path []string) {
	switch val := v.(type) {
	case map[string]any:
		if len(val) == 1 {
			for fn, arg := range val {
				if fn == "Ref" || fn == "Condition" || strings.HasPrefix(fn, "Fn::") {
					c.call(fn, arg, path)
					return
				}
			}
		}
		for _, k := range sortedKeys(val) {
			c.walk(val[k], append(path, k))
		}
	case []any:
		for i, item := range val {
			c.walk(item, append(path, fmt.Sprint(i)))
		}
	}
}

func (c *referenceChecker) call(fn string, arg any, path []string) {
	if !knownFunctions[fn] {
		c.report(path, "unknown intrinsic function %s", fn)
		return
	}
	if bounds, ok := arity[fn]; ok {
		list, isList := arg.([]any)
		if !isList || len(list) < bounds[0] || len(list) > bounds[1] {
			c.report(path, "%s takes a list of %d to %d arguments", fn, bounds[0], bounds[1])
			return
		}
	}
	switch fn {
	case "Ref":
		c.ref(arg, path)
	case "Condition":
		if !c.inConditions {
			c.report(path, "the Condition function is only allowed inside Conditions")
		}
		c.checkCondition(arg, path)
	case "Fn::If":
		args := arg.([]any)
		c.checkCondition(args[0], path)
		c.walk(args[1], path)
		c.walk(args[2], path)
	case "Fn::GetAtt":
		args := arg.([]any)
		c.resource(args[0], path, "Fn::GetAtt")
		c.walk(args[1], path)
	case "Fn::Sub":
		c.sub(arg, path)
	case "Fn::FindInMap":
		c.findInMap(arg.([]any), path)
	default:
		c.walk(arg, path)
	}
}

func (c *referenceChecker) ref(arg any, path []string) {
	name, ok := arg.(string)
	if !ok {
		c.report(path, "Ref takes a name")
		return
	}
	if pseudoParameters[name] {
		return
	}
	if _, ok := c.t.section("Parameters")[name]; ok {
		return
	}
	if _, ok := c.t.section("Resources")[name]; ok && !c.inConditions {
		return
	}
	if c.inConditions {
		c.report(path, "Ref %s names no parameter", name)
		return
	}
	c.report(path, "Ref %s names no parameter or resource", name)
}

func (c *referenceChecker) resource(arg any, path []string, fn string) {
	name, ok := arg.(string)
	if !ok {
		c.report(path, "%s takes a resource name", fn)
		return
	}
	if c.inConditions {
		c.report(path, "%s is not allowed inside Conditions", fn)
		return
	}
	if _, ok := c.t.section("Resources")[name]; !ok {
		c.report(path, "%s names %s, which is not a resource of this template", fn, name)
	}
}

func (c *referenceChecker) sub(arg any, path []string) {
	var text string
	local := map[string]any{}
	switch a := arg.(type) {
	case string:
		text = a
	case []any:
		if len(a) != 2 {
			c.report(path, "Fn::Sub takes a string or a list of a string and a map")
			return
		}
		s, okS := a[0].(string)
		m, okM := a[1].(map[string]any)
		if !okS || !okM {
			c.report(path, "Fn::Sub takes a string or a list of a string and a map")
			return
		}
		text, local = s, m
		for _, k := range sortedKeys(m) {
			c.walk(m[k], path)
		}
	default:
		c.report(path, "Fn::Sub takes a string or a list of a string and a map")
		return
	}
	for _, match := range subVariable.FindAllStringSubmatch(text, -1) {
		name := match[1]
		if _, ok := local[name]; ok || pseudoParameters[name] {
			continue
		}
		if resource, _, isAttr := strings.Cut(name, "."); isAttr {
			c.resource(resource, path, "Fn::Sub ${"+name+"}")
			continue
		}
		c.ref(name, path)
	}
}

func (c *referenceChecker) findInMap(args []any, path []string) {
	for _, a := range args {
		c.walk(a, path)
	}
	mapName, ok := args[0].(string)
	if !ok {
		return
	}
	mapping, ok := c.t.section("Mappings")[mapName].(map[string]any)
	if !ok {
		c.report(path, "Fn::FindInMap names mapping %s, which is not declared", mapName)
		return
	}
	top, ok := args[1].(string)
	if !ok {
		return // chosen at deploy time, for example by region
	}
	second, ok := mapping[top].(map[string]any)
	if !ok {
		c.report(path, "mapping %s has no key %s", mapName, top)
		return
	}
	if key, ok := args[2].(string); ok {
		if _, found := second[key]; !found {
			c.report(path, "mapping %s has no key %s.%s", mapName, top, key)
		}
	}
}

// isConditionFunction reports whether v is a call of a function that yields true or false.
func isConditionFunction(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return false
	}
	for fn := range m {
		switch fn {
		case "Fn::And", "Fn::Equals", "Fn::If", "Fn::Not", "Fn::Or", "Condition":
			return true
		}
	}
	return false
}
