package templatelint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// rootRequiredParameters are the root parameters without a default: the only value a user
// must give when deploying the root template.
var rootRequiredParameters = []string{"FirstUserEmail"}

// checkRoot checks the root template's nesting against the catalog and the nested templates:
// one nested stack per component, exactly the nested template's parameters, outputs read from
// nested stacks that declare them, and the Panther tags.
func checkRoot(root template, templates map[panther.Component]template) []Problem {
	var problems []Problem
	report := func(section, name, property, format string, args ...any) {
		p := Problem{File: root.file, Section: section, Name: name, Property: property, Message: fmt.Sprintf(format, args...)}
		if section == "resource" {
			p.Type = root.resourceType(name)
		}
		problems = append(problems, p)
	}

	wired := map[string]bool{}
	for _, name := range panther.RootStack().ParameterNames() {
		wired[name] = true
		if root.entry("Parameters", name) == nil {
			report("parameter", name, "", "the catalog wires it into the root stack but the template does not declare it")
		}
	}
	for _, name := range root.names("Parameters") {
		if !wired[name] {
			report("parameter", name, "", "the catalog does not wire it into the root stack")
		}
	}

	var required []string
	for _, name := range root.names("Parameters") {
		if _, ok := root.entry("Parameters", name)["Default"]; !ok {
			required = append(required, name)
		}
	}
	if strings.Join(required, ",") != strings.Join(rootRequiredParameters, ",") {
		report("", "", "Parameters", "parameters without a default are %v, want only %v", required, rootRequiredParameters)
	}

	byFile := map[string]panther.Stack{}
	for _, s := range panther.Stacks() {
		byFile[s.Template] = s
	}
	nestedOf := map[string]panther.Stack{} // logical id -> stack
	seen := map[panther.Component]string{}
	for _, name := range root.names("Resources") {
		if root.resourceType(name) != "AWS::CloudFormation::Stack" {
			continue
		}
		props, _ := root.entry("Resources", name)["Properties"].(map[string]any)
		file, _ := props["TemplateURL"].(string)
		stack, ok := byFile[file]
		if !ok {
			report("resource", name, "TemplateURL", "%q is not the template of a catalog stack", file)
			continue
		}
		if other, dup := seen[stack.Component]; dup {
			report("resource", name, "TemplateURL", "nests %s, which %s already nests", file, other)
		}
		seen[stack.Component] = name
		nested, loaded := templates[stack.Component]
		if !loaded {
			continue // the nested template's own problem is reported already
		}
		nestedOf[name] = stack
		problems = append(problems, checkNestedStack(root, name, props, stack, nested)...)
	}
	for _, c := range panther.Components() {
		if _, ok := seen[c]; !ok {
			s, _ := panther.Lookup(c)
			report("", "", "Resources", "no nested stack for %s (%s)", s.Name, s.Template)
		}
	}

	for _, ref := range nestedOutputReferences(root) {
		stack, ok := nestedOf[ref.resource]
		if !ok {
			continue // the reference check reports unknown resources
		}
		if templates[stack.Component].entry("Outputs", ref.output) == nil {
			report(ref.section, ref.name, ref.property, "reads output %s of %s, which %s does not declare", ref.output, ref.resource, stack.Template)
		}
	}
	return problems
}

func checkNestedStack(root template, name string, props map[string]any, stack panther.Stack, nested template) []Problem {
	var problems []Problem
	report := func(property, format string, args ...any) {
		problems = append(problems, Problem{File: root.file, Section: "resource", Name: name, Type: "AWS::CloudFormation::Stack",
			Property: property, Message: fmt.Sprintf(format, args...)})
	}
	passed, _ := props["Parameters"].(map[string]any)
	declared := map[string]bool{}
	for _, p := range nested.names("Parameters") {
		declared[p] = true
		if _, ok := passed[p]; !ok {
			report("Parameters", "does not pass %s, which %s declares without a default", p, nested.file)
		}
	}
	for _, p := range sortedKeys(passed) {
		if !declared[p] {
			report("Parameters."+p, "%s declares no such parameter", nested.file)
		}
	}

	want := map[string]string{"Application": "Panther", "PantherEdition": "Community", "Stack": stack.Name}
	got := map[string]any{}
	tags, _ := props["Tags"].([]any)
	for _, tag := range tags {
		if m, ok := tag.(map[string]any); ok {
			if k, ok := m["Key"].(string); ok {
				got[k] = m["Value"]
			}
		}
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			report("Tags", "tag %s is %v, want %s", k, got[k], want[k])
		}
	}
	if _, ok := got["PantherVersion"]; !ok {
		report("Tags", "has no PantherVersion tag")
	}
	return problems
}

// outputReference is a read of Resource.Outputs.Name somewhere in the root template.
type outputReference struct {
	section, name, property string
	resource, output        string
}

// nestedOutputReferences finds every Fn::GetAtt and Fn::Sub read of a nested stack output.
func nestedOutputReferences(t template) []outputReference {
	var refs []outputReference
	var walk func(section, name string, v any, path []string)
	add := func(section, name string, path []string, resource, attribute string) {
		if output, ok := strings.CutPrefix(attribute, "Outputs."); ok {
			refs = append(refs, outputReference{section: section, name: name, property: propertyPath(path), resource: resource, output: output})
		}
	}
	walk = func(section, name string, v any, path []string) {
		switch val := v.(type) {
		case map[string]any:
			if args, ok := val["Fn::GetAtt"].([]any); ok && len(args) == 2 {
				r, _ := args[0].(string)
				a, _ := args[1].(string)
				add(section, name, path, r, a)
			}
			if sub, ok := val["Fn::Sub"]; ok {
				text, _ := sub.(string)
				if list, ok := sub.([]any); ok && len(list) > 0 {
					text, _ = list[0].(string)
				}
				for _, m := range subVariable.FindAllStringSubmatch(text, -1) {
					if r, a, ok := strings.Cut(m[1], "."); ok {
						add(section, name, path, r, a)
					}
				}
			}
			for _, k := range sortedKeys(val) {
				walk(section, name, val[k], append(path, k))
			}
		case []any:
			for i, item := range val {
				walk(section, name, item, append(path, fmt.Sprint(i)))
			}
		}
	}
	for _, name := range t.names("Resources") {
		props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
		walk("resource", name, props, nil)
	}
	for _, name := range t.names("Outputs") {
		walk("output", name, t.entry("Outputs", name), nil)
	}
	return refs
}
