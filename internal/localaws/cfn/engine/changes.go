package engine

import (
	"maps"
	"slices"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// computeChanges compares a proposed template, parameters and stack tags
// with what the stack has.
func (e *Engine) computeChanges(s *Stack, p *template.Prepared, params []template.StackParam, tags []state.Tag) ([]Change, error) {
	tagsChanged := len(s.Resources) > 0 && template.Canonical(tagsAsTree(tags)) != template.Canonical(tagsAsTree(s.Tags))
	ev := template.NewEvaluator(s.identity(), p.Template, params)
	changed := map[string]bool{}
	ev.Resource = func(id, attr string) (any, error) {
		r := s.Resources[id]
		if r == nil || r.PhysicalID == "" || changed[id] {
			return template.Unknown{}, nil
		}
		if attr == "" {
			return r.PhysicalID, nil
		}
		if v, ok := r.Attributes[attr]; ok {
			return v, nil
		}
		return template.Unknown{}, nil
	}
	ev.ImportValue = func(name string) (any, error) {
		if exp, ok := e.region(s.Account, s.Region).Exports[name]; ok {
			return exp.Value, nil
		}
		return nil, wire.ValidationError("No export named %s found.", name)
	}
	included := map[string]bool{}
	for id, r := range p.Template.Resources {
		ok, err := ev.Included(r.Condition)
		if err != nil {
			return nil, err
		}
		if ok {
			included[id] = true
		}
	}
	g, err := template.BuildGraph(p.Template, included)
	if err != nil {
		return nil, err
	}
	var changes []Change
	for _, id := range g.Order {
		decl := p.Template.Resources[id]
		existing := s.Resources[id]
		if existing == nil || existing.PhysicalID == "" || existing.Status == "DELETE_COMPLETE" {
			changed[id] = true
			changes = append(changes, Change{Action: "Add", LogicalID: id, Type: decl.Type})
			continue
		}
		value, err := ev.Eval(decl.Properties)
		if err != nil {
			return nil, err
		}
		c, ok := resourceChange(existing, decl.Type, template.AsMap(value))
		switch {
		case ok:
		case decl.Type == nestedStackType:
			// A nested stack's template may have changed behind its URL, so
			// CloudFormation always lists it, with ChangeSource Automatic.
			c, ok = inPlaceChange(existing, "Properties", "Dynamic", "Automatic"), true
		case tagsChanged && taggableTypes[decl.Type]:
			// New stack tags reach every taggable resource.
			c, ok = inPlaceChange(existing, "Tags", "Static", "DirectModification"), true
		}
		if ok {
			if c.Replacement != "False" {
				changed[id] = true
			}
			changes = append(changes, c)
		}
	}
	for _, id := range sortedResourceIDs(s) {
		if r := s.Resources[id]; !included[id] && r.PhysicalID != "" && r.Status != "DELETE_COMPLETE" {
			changes = append(changes, Change{Action: "Remove", LogicalID: id, PhysicalID: r.PhysicalID, Type: r.Type})
		}
	}
	return changes, nil
}

// inPlaceChange is a Modify without replacement of one attribute group.
func inPlaceChange(r *StackResource, attribute, evaluation, source string) Change {
	return Change{Action: "Modify", LogicalID: r.LogicalID, PhysicalID: r.PhysicalID, Type: r.Type,
		Replacement: "False", Scope: []string{attribute},
		Details: []ChangeDetail{{Attribute: attribute, RequiresRecreation: "Never", Evaluation: evaluation, ChangeSource: source}}}
}

// resourceChange describes how a resource would be modified, if at all.
func resourceChange(r *StackResource, typ string, props map[string]any) (Change, bool) {
	c := Change{Action: "Modify", LogicalID: r.LogicalID, PhysicalID: r.PhysicalID, Type: typ, Replacement: "False"}
	if r.Type != typ {
		c.Replacement = "True"
		return c, true
	}
	replace := replacementFor(typ, r.Properties, props)
	for _, k := range slices.Sorted(maps.Keys(union(r.Properties, props))) {
		oldV, newV := normalizeTree(r.Properties[k]), normalizeTree(props[k])
		unknown := containsUnknown(props[k])
		if !unknown && template.Canonical(oldV) == template.Canonical(newV) {
			continue
		}
		d := ChangeDetail{Attribute: "Properties", Name: k, RequiresRecreation: "Never", Evaluation: "Static", ChangeSource: "DirectModification"}
		if unknown {
			d.Evaluation, d.ChangeSource = "Dynamic", "ResourceAttribute"
		}
		if slices.Contains(replace, k) {
			d.RequiresRecreation = "Always"
			c.Replacement = "True"
		} else if unknown && slices.Contains(replacementProperties[typ], k) {
			d.RequiresRecreation = "Conditionally"
			if c.Replacement == "False" {
				c.Replacement = "Conditional"
			}
		}
		c.Details = append(c.Details, d)
		scope := "Properties"
		if k == "Tags" {
			scope = "Tags"
		}
		if !slices.Contains(c.Scope, scope) {
			c.Scope = append(c.Scope, scope)
		}
	}
	return c, len(c.Details) > 0
}

func containsUnknown(v any) bool {
	switch x := v.(type) {
	case template.Unknown:
		return true
	case map[string]any:
		for _, val := range x {
			if containsUnknown(val) {
				return true
			}
		}
	case []any:
		for _, val := range x {
			if containsUnknown(val) {
				return true
			}
		}
	}
	return false
}
