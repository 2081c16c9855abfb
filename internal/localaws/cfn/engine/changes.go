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
	// changed holds resources being added or replaced: their attributes are
	// unknown to the evaluator until the change set runs.
	changed := map[string]bool{}
	ev := e.changeEvaluator(s, p, params, changed)
	included, err := includedResources(ev, p.Template)
	if err != nil {
		return nil, err
	}
	g, err := template.BuildGraph(p.Template, included)
	if err != nil {
		return nil, err
	}
	var changes []Change
	for _, id := range g.Order {
		decl := p.Template.Resources[id]
		c, ok, err := proposedChange(ev, s.Resources[id], id, decl.Type, decl.Properties, tagsChanged)
		if err != nil {
			return nil, err
		}
		if ok {
			if c.Action == "Add" || c.Replacement != "False" {
				changed[id] = true
			}
			changes = append(changes, c)
		}
	}
	return append(changes, removedResources(s, included)...), nil
}

// changeEvaluator evaluates the proposed template against the stack's
// current resources, treating those in changed as not yet known.
func (e *Engine) changeEvaluator(s *Stack, p *template.Prepared, params []template.StackParam, changed map[string]bool) *template.Evaluator {
	ev := template.NewEvaluator(s.identity(), p.Template, params)
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
	return ev
}

// includedResources is the set of template resources whose Condition holds.
func includedResources(ev *template.Evaluator, t *template.Template) (map[string]bool, error) {
	included := map[string]bool{}
	for id, r := range t.Resources {
		ok, err := ev.Included(r.Condition)
		if err != nil {
			return nil, err
		}
		if ok {
			included[id] = true
		}
	}
	return included, nil
}

// proposedChange is the change, if any, one included resource would
// undergo: an Add when it does not exist yet, otherwise a Modify.
func proposedChange(ev *template.Evaluator, existing *StackResource, id, typ string, props map[string]any, tagsChanged bool) (Change, bool, error) {
	if existing == nil || existing.PhysicalID == "" || existing.Status == "DELETE_COMPLETE" {
		return Change{Action: "Add", LogicalID: id, Type: typ}, true, nil
	}
	value, err := ev.Eval(props)
	if err != nil {
		return Change{}, false, err
	}
	c, ok := resourceChange(existing, typ, template.AsMap(value))
	switch {
	case ok:
	case typ == nestedStackType:
		// A nested stack's template may have changed behind its URL, so
		// CloudFormation always lists it, with ChangeSource Automatic.
		c, ok = inPlaceChange(existing, "Properties", "Dynamic", "Automatic"), true
	case tagsChanged && taggableTypes[typ]:
		// New stack tags reach every taggable resource.
		c, ok = inPlaceChange(existing, "Tags", "Static", "DirectModification"), true
	}
	return c, ok, nil
}

// removedResources lists the Removes for live resources the proposed
// template no longer includes, in resource ID order.
func removedResources(s *Stack, included map[string]bool) []Change {
	var changes []Change
	for _, id := range sortedResourceIDs(s) {
		if r := s.Resources[id]; !included[id] && r.PhysicalID != "" && r.Status != "DELETE_COMPLETE" {
			changes = append(changes, Change{Action: "Remove", LogicalID: id, PhysicalID: r.PhysicalID, Type: r.Type})
		}
	}
	return changes
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
