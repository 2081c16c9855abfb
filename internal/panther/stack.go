package panther

import (
	"fmt"
	"sort"
)

// CloudFormation capabilities a stack may need to acknowledge.
const (
	CapabilityIAM        = "CAPABILITY_IAM"
	CapabilityNamedIAM   = "CAPABILITY_NAMED_IAM"
	CapabilityAutoExpand = "CAPABILITY_AUTO_EXPAND"
)

// Parameter is one CloudFormation parameter of a stack and where its value comes from.
type Parameter struct {
	Name   string
	Source Source
}

// Stack describes one Panther stack.
type Stack struct {
	Component Component
	// Name is the CloudFormation stack name; the fixed resource names inside the templates
	// allow one Panther per account and region, so the names are fixed too.
	Name string
	// Template is the template file name in the deployments directory.
	Template string
	// Needs lists the components this one cannot work without: it reads their outputs or
	// calls their functions. They must be enabled while this one is, and complete before it
	// is created or updated; the CRD's admission rules say the same (see DependencyRules).
	Needs []Component
	// After lists the components this one follows only to keep the original's deploy order:
	// it waits for them while they are enabled, and deploys anyway when they are disabled.
	After []Component
	// Capabilities the stack's template needs acknowledged, sorted.
	Capabilities []string
	// Outputs lists every output the template declares, sorted; only bootstrap and the
	// gateway have outputs.
	Outputs []string
	// Parameters lists every template parameter, sorted by name. Nested templates declare no
	// defaults, so every one of them is passed on every create and update.
	Parameters []Parameter
}

// Lookup returns the catalog entry of a component.
func Lookup(c Component) (Stack, error) {
	s, ok := catalog[c]
	if !ok {
		return Stack{}, fmt.Errorf("unknown Panther component %q", c)
	}
	return s.clone(), nil
}

// Stacks returns the catalog entries in catalog order.
func Stacks() []Stack {
	stacks := make([]Stack, 0, len(catalog))
	for _, c := range Components() {
		stacks = append(stacks, catalog[c].clone())
	}
	return stacks
}

// StackByName returns the catalog entry of a CloudFormation stack name.
func StackByName(name string) (Stack, error) {
	for _, s := range catalog {
		if s.Name == name {
			return s.clone(), nil
		}
	}
	return Stack{}, fmt.Errorf("unknown Panther stack %q", name)
}

// ParameterNames returns the stack's parameter names, sorted.
func (s Stack) ParameterNames() []string {
	names := make([]string, len(s.Parameters))
	for i, p := range s.Parameters {
		names[i] = p.Name
	}
	sort.Strings(names)
	return names
}

// ConfigKeys returns the config keys the stack reads, sorted.
func (s Stack) ConfigKeys() []string {
	var keys []string
	for _, p := range s.Parameters {
		if p.Source.Kind == FromConfig {
			keys = append(keys, p.Source.Key)
		}
	}
	sort.Strings(keys)
	return keys
}

// clone copies the slices so that callers cannot change the catalog.
func (s Stack) clone() Stack {
	s.Needs = append([]Component(nil), s.Needs...)
	s.After = append([]Component(nil), s.After...)
	s.Capabilities = append([]string(nil), s.Capabilities...)
	s.Outputs = append([]string(nil), s.Outputs...)
	s.Parameters = append([]Parameter(nil), s.Parameters...)
	return s
}

// ConsumedOutputs returns, per producing component, the output names other stacks read, sorted.
func ConsumedOutputs() map[Component][]string {
	seen := map[Component]map[string]bool{}
	for _, s := range catalog {
		for _, p := range s.Parameters {
			if p.Source.Kind != FromOutput {
				continue
			}
			if seen[p.Source.Stack] == nil {
				seen[p.Source.Stack] = map[string]bool{}
			}
			seen[p.Source.Stack][p.Source.Key] = true
		}
	}
	out := make(map[Component][]string, len(seen))
	for c, names := range seen {
		for name := range names {
			out[c] = append(out[c], name)
		}
		sort.Strings(out[c])
	}
	return out
}

// ConfigKeys returns every config key any of the nine stacks reads, sorted. In Root mode the
// root stack reads RootStack().ConfigKeys() instead.
func ConfigKeys() []string {
	seen := map[string]bool{}
	for _, s := range catalog {
		for _, k := range s.ConfigKeys() {
			seen[k] = true
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Predecessors lists what the stack waits for before it is created or updated: its needs, and
// the components it follows that are enabled.
func (s Stack) Predecessors(enabled func(Component) bool) []Component {
	preds := append([]Component(nil), s.Needs...)
	for _, c := range s.After {
		if enabled(c) {
			preds = append(preds, c)
		}
	}
	return preds
}

// Dependency is one need of the catalog: Stack cannot be enabled without Needs.
type Dependency struct {
	Stack, Needs Component
}

// Dependencies lists every need of the catalog, in catalog order of the needing stack, then of
// the needed one.
func Dependencies() []Dependency {
	var deps []Dependency
	for _, c := range Components() {
		for _, need := range catalog[c].Needs {
			deps = append(deps, Dependency{Stack: c, Needs: need})
		}
	}
	return deps
}

// Dependents lists, in catalog order, the components that need c.
func Dependents(c Component) []Component {
	var out []Component
	for _, d := range Dependencies() {
		if d.Needs == c {
			out = append(out, d.Stack)
		}
	}
	return out
}
