package template

import (
	"slices"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Graph is the dependency order of a template's resources.
type Graph struct {
	// Order lists logical IDs so that every resource follows its
	// dependencies.
	Order []string
	Deps  map[string][]string
}

// BuildGraph orders the included resources by DependsOn, Ref, GetAtt and
// Sub references, rejecting cycles the way CloudFormation does.
func BuildGraph(t *Template, included map[string]bool) (*Graph, error) {
	g := &Graph{Deps: map[string][]string{}}
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
				g.Deps[id] = append(g.Deps[id], ref)
			}
		}
		sort.Strings(g.Deps[id])
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
		for _, d := range g.Deps[id] {
			if !visit(d) {
				cycle = append(cycle, id)
				return false
			}
		}
		state[id] = visited
		g.Order = append(g.Order, id)
		return true
	}
	for _, id := range ids {
		if !visit(id) {
			sort.Strings(cycle)
			return nil, wire.ValidationError("Circular dependency between resources: [%s]", strings.Join(slices.Compact(cycle), ", "))
		}
	}
	return g, nil
}

// Dependents returns, for each resource, the resources that depend on it.
func (g *Graph) Dependents() map[string][]string {
	out := map[string][]string{}
	for id, deps := range g.Deps {
		for _, d := range deps {
			out[d] = append(out[d], id)
		}
	}
	return out
}
