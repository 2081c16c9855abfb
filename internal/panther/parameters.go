package panther

import (
	"fmt"
	"sort"
	"strings"
)

// ParameterSet is a group of parameter values a user supplied outside the typed config: the
// parameters of one stack in the spec, or the data of a Secret or ConfigMap in parametersFrom.
type ParameterSet struct {
	// Origin names where the values came from; it appears in error messages.
	Origin string
	// Values maps CloudFormation parameter names to values.
	Values map[string]string
	// Shared sets apply to every stack: a value reaches each stack whose parameter of that name
	// comes from config, and stacks without such a parameter ignore it. Sets that are not shared
	// belong to one stack, and naming a parameter it does not have is an error.
	Shared bool
}

// Inputs holds everything the value of a stack parameter can come from.
type Inputs struct {
	// Config maps config keys (CloudFormation parameter names) to values.
	Config map[string]string
	// Outputs holds the outputs of the stacks deployed so far.
	Outputs map[Component]map[string]string
	// Computed maps the computed value names (see ComputedNames) to values.
	Computed map[string]string
	// Overrides are user-supplied values. They replace config values, never outputs or
	// computed values.
	Overrides []ParameterSet
}

// ParameterError lists every problem found while building one stack's parameters.
type ParameterError struct {
	Stack       string
	Missing     []string
	Unknown     []string
	Conflicting []string
}

func (e *ParameterError) Error() string {
	var parts []string
	add := func(kind string, items []string) {
		if len(items) > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s", kind, strings.Join(items, "; ")))
		}
	}
	add("missing", e.Missing)
	add("unknown", e.Unknown)
	add("conflicting", e.Conflicting)
	return fmt.Sprintf("parameters of %s: %s", e.Stack, strings.Join(parts, "; and "))
}

// override is a user value for one parameter and where it came from.
type override struct {
	value  string
	origin string
}

// BuildParameters returns the full parameter map of one stack: every parameter its template
// declares, each with its value. It returns one *ParameterError listing every missing, unknown
// and conflicting parameter rather than stopping at the first.
func BuildParameters(c Component, in Inputs) (map[string]string, error) {
	stack, ok := catalog[c]
	if !ok {
		return nil, fmt.Errorf("unknown Panther component %q", c)
	}
	return buildParameters(stack, in)
}

func buildParameters(stack Stack, in Inputs) (map[string]string, error) {
	perr := &ParameterError{Stack: stack.Name}
	overrides := collectOverrides(stack, in.Overrides, perr)

	values := make(map[string]string, len(stack.Parameters))
	for _, p := range stack.Parameters {
		if o, ok := overrides[p.Name]; ok {
			if p.Source.Kind != FromConfig {
				perr.Conflicting = append(perr.Conflicting,
					fmt.Sprintf("%s is set by %s but comes from %s", p.Name, o.origin, p.Source))
				continue
			}
			values[p.Name] = o.value
			continue
		}
		v, ok := resolve(p.Source, in)
		if !ok {
			perr.Missing = append(perr.Missing, fmt.Sprintf("%s (%s)", p.Name, p.Source))
			continue
		}
		values[p.Name] = v
	}

	if len(perr.Missing)+len(perr.Unknown)+len(perr.Conflicting) > 0 {
		sort.Strings(perr.Missing)
		sort.Strings(perr.Unknown)
		sort.Strings(perr.Conflicting)
		return nil, perr
	}
	return values, nil
}

// collectOverrides merges the user's parameter sets for one stack, recording unknown names and
// sets that disagree with each other.
func collectOverrides(stack Stack, sets []ParameterSet, perr *ParameterError) map[string]override {
	declared := make(map[string]Source, len(stack.Parameters))
	for _, p := range stack.Parameters {
		declared[p.Name] = p.Source
	}
	merged := map[string]override{}
	for _, set := range sets {
		for _, name := range sortedKeys(set.Values) {
			value := set.Values[name]
			source, known := declared[name]
			if set.Shared && (!known || source.Kind != FromConfig) {
				continue // meant for another stack
			}
			if !known {
				perr.Unknown = append(perr.Unknown, fmt.Sprintf("%s (from %s)", name, set.Origin))
				continue
			}
			if prev, ok := merged[name]; ok && prev.value != value {
				perr.Conflicting = append(perr.Conflicting,
					// No values: they may come from a Secret, and errors end up in conditions.
					fmt.Sprintf("%s has different values in %s and %s", name, prev.origin, set.Origin))
				continue
			}
			merged[name] = override{value: value, origin: set.Origin}
		}
	}
	return merged
}

func resolve(s Source, in Inputs) (string, bool) {
	var v string
	var ok bool
	switch s.Kind {
	case FromConfig:
		v, ok = in.Config[s.Key]
	case FromOutput:
		v, ok = in.Outputs[s.Stack][s.Key]
	case FromComputed:
		v, ok = in.Computed[s.Key]
	}
	return v, ok
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// UnknownSharedParameters returns the names in shared parameter values that none of the nine
// stacks takes from config, sorted; such values would be silently ignored, so the operator
// reports them.
func UnknownSharedParameters(values map[string]string) []string {
	configurable := map[string]bool{}
	for _, k := range ConfigKeys() {
		configurable[k] = true
	}
	var unknown []string
	for _, name := range sortedKeys(values) {
		if !configurable[name] {
			unknown = append(unknown, name)
		}
	}
	return unknown
}

// CustomResourceVersion formats the default custom resource version, as the original did:
// "<version> (<commit>)".
func CustomResourceVersion(version, commit string) string {
	return fmt.Sprintf("%s (%s)", version, commit)
}
