package templatelint

import (
	"fmt"
	"strings"
)

// sectionNames maps top-level template sections to the word used in problems.
var sectionNames = map[string]string{
	"Resources":  "resource",
	"Parameters": "parameter",
	"Outputs":    "output",
	"Conditions": "condition",
	"Mappings":   "mapping",
}

// checkSpecification validates the template's sections against the template schema and each
// resource against the schema of its type.
func checkSpecification(spec *specification, t template) []Problem {
	var problems []Problem
	if err := spec.template.Validate(t.body); err != nil {
		for _, v := range violations(err) {
			problems = append(problems, locate(t, v))
		}
	}
	for _, name := range t.names("Resources") {
		resource := t.entry("Resources", name)
		if resource == nil {
			continue // the template schema has already reported it
		}
		typ := t.resourceType(name)
		p := Problem{File: t.file, Section: "resource", Name: name, Type: typ}
		switch {
		case typ == "":
			p.Message = "has no Type"
			problems = append(problems, p)
			continue
		case strings.HasPrefix(typ, "Custom::"):
			// Custom resources have no specification; checkCustomResources holds them to
			// Panther's rules.
			continue
		case !spec.knownType(typ):
			p.Message = fmt.Sprintf("type %s is not in the CloudFormation resource specification", typ)
			problems = append(problems, p)
			continue
		}
		sch, err := spec.resourceSchema(typ)
		if err != nil {
			p.Message = err.Error()
			problems = append(problems, p)
			continue
		}
		seen := map[string]bool{}
		for _, branch := range []int{1, 2} {
			err := sch.Validate(chooseBranch(resource, branch))
			if err == nil {
				continue
			}
			for _, v := range violations(err) {
				key := propertyPath(v.path) + "\x00" + v.message
				if seen[key] {
					continue
				}
				seen[key] = true
				vp := p
				path := v.path
				if len(path) > 0 && path[0] == "Properties" {
					path = path[1:]
				}
				vp.Property = propertyPath(path)
				vp.Message = v.message
				problems = append(problems, vp)
			}
		}
	}
	return problems
}

// locate turns a violation of the template schema into a problem naming the section entry.
func locate(t template, v violation) Problem {
	p := Problem{File: t.file, Message: v.message}
	if len(v.path) >= 2 {
		if section, ok := sectionNames[v.path[0]]; ok {
			p.Section = section
			p.Name = v.path[1]
			if section == "resource" {
				p.Type = t.resourceType(p.Name)
			}
			p.Property = propertyPath(v.path[2:])
			return p
		}
	}
	p.Property = propertyPath(v.path)
	return p
}
