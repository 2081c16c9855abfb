package localaws

import (
	"slices"
	"sort"
	"strings"
)

// resourceGraph is the dependency order of a template's resources.
type resourceGraph struct {
	// order lists logical IDs so that every resource follows its
	// dependencies.
	order []string
	deps  map[string][]string
}

// buildGraph orders the included resources by DependsOn, Ref, GetAtt and
// Sub references, rejecting cycles the way CloudFormation does.
func buildGraph(t *template, included map[string]bool) (*resourceGraph, error) {
	g := &resourceGraph{deps: map[string][]string{}}
	ids := make([]string, 0, len(included))
	for id := range included {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := t.Resources[id]
		seen := map[string]bool{}
		for _, ref := range append(collectRefs(r.Properties), r.DependsOn...) {
			if included[ref] && !seen[ref] && ref != id {
				seen[ref] = true
				g.deps[id] = append(g.deps[id], ref)
			}
		}
		sort.Strings(g.deps[id])
	}
	const (
		unvisited = iota
		visiting
		visited
	)
	state := map[string]int{}
	var cycle []string
	var visit func(id string) bool
	visit = func(id string) bool {
		switch state[id] {
		case visiting:
			cycle = append(cycle, id)
			return false
		case visited:
			return true
		}
		state[id] = visiting
		for _, d := range g.deps[id] {
			if !visit(d) {
				cycle = append(cycle, id)
				return false
			}
		}
		state[id] = visited
		g.order = append(g.order, id)
		return true
	}
	for _, id := range ids {
		if !visit(id) {
			sort.Strings(cycle)
			return nil, validationError("Circular dependency between resources: [%s]", strings.Join(slices.Compact(cycle), ", "))
		}
	}
	return g, nil
}

// dependents returns, for each resource, the resources that depend on it.
func (g *resourceGraph) dependents() map[string][]string {
	out := map[string][]string{}
	for id, deps := range g.deps {
		for _, d := range deps {
			out[d] = append(out[d], id)
		}
	}
	return out
}
