package templatelint

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// checkNestedParameters checks one stack template's parameters against the catalog: no
// defaults, and exactly the parameters the catalog produces.
func checkNestedParameters(stack panther.Stack, t template) []Problem {
	var problems []Problem
	declared := map[string]bool{}
	for _, name := range t.names("Parameters") {
		declared[name] = true
		if _, ok := t.entry("Parameters", name)["Default"]; ok {
			problems = append(problems, Problem{File: t.file, Section: "parameter", Name: name, Property: "Default",
				Message: "nested templates must not declare defaults: every value is passed on every create and update"})
		}
	}
	produced := map[string]bool{}
	for _, name := range stack.ParameterNames() {
		produced[name] = true
		if !declared[name] {
			problems = append(problems, Problem{File: t.file, Section: "parameter", Name: name,
				Message: fmt.Sprintf("the catalog passes it to %s but the template does not declare it", stack.Name)})
		}
	}
	for _, name := range t.names("Parameters") {
		if !produced[name] {
			problems = append(problems, Problem{File: t.file, Section: "parameter", Name: name,
				Message: fmt.Sprintf("no value for it is produced by the catalog of %s", stack.Name)})
		}
	}
	return problems
}

// checkOutputs checks every template's outputs against the catalog: the catalog's outputs
// exactly, and unconditional wherever another stack reads them.
func checkOutputs(templates map[panther.Component]template) []Problem {
	consumers := map[panther.Component]map[string][]string{}
	for _, s := range panther.Stacks() {
		for _, p := range s.Parameters {
			if p.Source.Kind != panther.FromOutput {
				continue
			}
			if consumers[p.Source.Stack] == nil {
				consumers[p.Source.Stack] = map[string][]string{}
			}
			consumers[p.Source.Stack][p.Source.Key] = append(consumers[p.Source.Stack][p.Source.Key], s.Name+" "+p.Name)
		}
	}
	var problems []Problem
	for _, stack := range panther.Stacks() {
		t, ok := templates[stack.Component]
		if !ok {
			continue
		}
		listed := map[string]bool{}
		for _, output := range stack.Outputs {
			listed[output] = true
			users := strings.Join(consumers[stack.Component][output], ", ")
			entry := t.entry("Outputs", output)
			switch {
			case entry == nil && users != "":
				problems = append(problems, Problem{File: t.file, Section: "output", Name: output,
					Message: "not declared, but consumed by " + users})
			case entry == nil:
				problems = append(problems, Problem{File: t.file, Section: "output", Name: output,
					Message: "not declared, but the catalog lists it as an output of " + stack.Name})
			case entry["Condition"] != nil && users != "":
				problems = append(problems, Problem{File: t.file, Section: "output", Name: output, Property: "Condition",
					Message: "is conditional, but consumed unconditionally by " + users})
			}
		}
		for _, output := range t.names("Outputs") {
			if !listed[output] {
				problems = append(problems, Problem{File: t.file, Section: "output", Name: output,
					Message: "the catalog does not list it as an output of " + stack.Name})
			}
		}
	}
	return problems
}

// iamNameProperties maps IAM resource types to the property that gives them a custom name,
// which requires CAPABILITY_NAMED_IAM rather than CAPABILITY_IAM.
var iamNameProperties = map[string]string{
	"AWS::IAM::Role":            "RoleName",
	"AWS::IAM::User":            "UserName",
	"AWS::IAM::Group":           "GroupName",
	"AWS::IAM::ManagedPolicy":   "ManagedPolicyName",
	"AWS::IAM::InstanceProfile": "InstanceProfileName",
}

// requiredCapabilities derives what a template needs acknowledged from its resources; nested
// stacks add what their own templates need.
func requiredCapabilities(t template, nested func(file string) []string) []string {
	set := map[string]bool{}
	for _, name := range t.names("Resources") {
		typ := t.resourceType(name)
		switch {
		case strings.HasPrefix(typ, "AWS::IAM::"):
			set[panther.CapabilityIAM] = true
			if prop, ok := iamNameProperties[typ]; ok {
				if props, _ := t.entry("Resources", name)["Properties"].(map[string]any); props[prop] != nil {
					set[panther.CapabilityNamedIAM] = true
				}
			}
		case typ == "AWS::CloudFormation::Stack":
			set[panther.CapabilityAutoExpand] = true
			props, _ := t.entry("Resources", name)["Properties"].(map[string]any)
			if file, ok := props["TemplateURL"].(string); ok && nested != nil {
				for _, c := range nested(file) {
					set[c] = true
				}
			}
		}
	}
	if _, ok := t.body["Transform"]; ok {
		set[panther.CapabilityAutoExpand] = true
	}
	caps := make([]string, 0, len(set))
	for c := range set {
		caps = append(caps, c)
	}
	sort.Strings(caps)
	return caps
}

func checkCapabilities(file string, want, got []string) []Problem {
	if slices.Equal(want, got) || (len(want) == 0 && len(got) == 0) {
		return nil
	}
	return []Problem{{File: file, Message: fmt.Sprintf("the template needs capabilities %v but the catalog declares %v", got, want)}}
}
