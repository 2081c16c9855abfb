package panther

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// validateCatalog checks the invariants the rest of the package relies on. It runs in the
// tests, so a bad edit to the catalog fails the tests rather than a deployment.
func validateCatalog(stacks map[Component]Stack, order []Component, teardown [][]Component) error {
	var errs []error
	position := map[Component]int{}
	for i, c := range order {
		position[c] = i
	}
	if len(position) != len(stacks) {
		errs = append(errs, fmt.Errorf("catalog order lists %d components, catalog has %d", len(position), len(stacks)))
	}
	names := map[string]Component{}
	for _, c := range order {
		s, ok := stacks[c]
		if !ok {
			errs = append(errs, fmt.Errorf("%s: in catalog order but not in the catalog", c))
			continue
		}
		if other, dup := names[s.Name]; dup {
			errs = append(errs, fmt.Errorf("%s and %s share stack name %s", other, c, s.Name))
		}
		names[s.Name] = c
		deps := map[Component]bool{}
		for _, dep := range s.Needs {
			deps[dep] = true
		}
		for _, dep := range append(append([]Component(nil), s.Needs...), s.After...) {
			if _, ok := stacks[dep]; !ok {
				errs = append(errs, fmt.Errorf("%s depends on unknown component %s", c, dep))
			} else if position[dep] >= position[c] {
				errs = append(errs, fmt.Errorf("%s depends on %s, which comes later in catalog order", c, dep))
			}
		}
		for _, dep := range s.After {
			if deps[dep] {
				errs = append(errs, fmt.Errorf("%s both needs and follows %s: keep it in Needs only", c, dep))
			}
		}
		seen := map[string]bool{}
		for _, p := range s.Parameters {
			if seen[p.Name] {
				errs = append(errs, fmt.Errorf("%s: parameter %s listed twice", c, p.Name))
			}
			seen[p.Name] = true
			if p.Source.Kind == FromOutput && !deps[p.Source.Stack] {
				errs = append(errs, fmt.Errorf("%s: parameter %s reads %s but %s is not a need", c, p.Name, p.Source, p.Source.Stack))
			}
			if p.Source.Kind == FromOutput && !slices.Contains(stacks[p.Source.Stack].Outputs, p.Source.Key) {
				errs = append(errs, fmt.Errorf("%s: parameter %s reads %s, which %s does not declare", c, p.Name, p.Source, p.Source.Stack))
			}
		}
		if !sort.StringsAreSorted(s.Outputs) {
			errs = append(errs, fmt.Errorf("%s: outputs are not sorted", c))
		}
		if !sort.StringsAreSorted(s.Capabilities) {
			errs = append(errs, fmt.Errorf("%s: capabilities are not sorted", c))
		}
	}
	errs = append(errs, validateTeardown(stacks, teardown)...)
	return errors.Join(errs...)
}

// validateTeardown checks that every component is deleted exactly once and only after every
// stack that needs it.
func validateTeardown(stacks map[Component]Stack, teardown [][]Component) []error {
	var errs []error
	group := map[Component]int{}
	for i, g := range teardown {
		for _, c := range g {
			if _, dup := group[c]; dup {
				errs = append(errs, fmt.Errorf("teardown lists %s twice", c))
			}
			group[c] = i
		}
	}
	components := make([]Component, 0, len(stacks))
	for c := range stacks {
		components = append(components, c)
	}
	sort.Slice(components, func(i, j int) bool { return components[i] < components[j] })
	for _, c := range components {
		s := stacks[c]
		gc, ok := group[c]
		if !ok {
			errs = append(errs, fmt.Errorf("teardown never deletes %s", c))
			continue
		}
		for _, dep := range s.Needs {
			if gd, ok := group[dep]; ok && gd <= gc {
				errs = append(errs, fmt.Errorf("teardown deletes %s (group %d) no later than %s (group %d), which needs it", dep, gd+1, c, gc+1))
			}
		}
	}
	return errs
}
