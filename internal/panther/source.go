package panther

import "fmt"

// SourceKind says where a stack parameter gets its value.
type SourceKind int

const (
	// FromConfig values come from the deployment's typed configuration, turned by the operator
	// into a map keyed by CloudFormation parameter name.
	FromConfig SourceKind = iota + 1
	// FromOutput values are outputs of an earlier stack (bootstrap or bootstrap gateway).
	FromOutput
	// FromComputed values are derived by the operator or the release (versions, commit).
	FromComputed
)

// Computed value names. The operator supplies them on every build of a parameter map.
const (
	// ComputedCustomResourceVersion is "<version> (<commit>)" unless the user pins it; custom
	// resources run again whenever it changes.
	ComputedCustomResourceVersion = "CustomResourceVersion"
	// ComputedPantherVersion is the semantic version of the release, without a leading v.
	ComputedPantherVersion = "PantherVersion"
	// ComputedPantherCommit is the short source commit of the release.
	ComputedPantherCommit = "PantherCommit"
	// ComputedDeployFromSource is "true" when the operator publishes its own assets into the
	// bootstrap source bucket and image registry, "false" when it deploys a published release.
	ComputedDeployFromSource = "DeployFromSource"
	// ComputedReleaseBucket is the bucket of the release, whose function packages the stacks
	// with functions deploy (their S3 keys are written into the templates by the release build).
	ComputedReleaseBucket = "PantherReleaseBucket"
)

// ComputedNames lists every computed value name.
func ComputedNames() []string {
	return []string{ComputedCustomResourceVersion, ComputedDeployFromSource, ComputedPantherCommit, ComputedPantherVersion, ComputedReleaseBucket}
}

// Source describes where one parameter's value comes from.
type Source struct {
	Kind SourceKind
	// Key is the config key (FromConfig), the output name (FromOutput) or the computed value
	// name (FromComputed).
	Key string
	// Stack is the producing component of a FromOutput value.
	Stack Component
}

// Config is a value from the typed configuration, keyed by CloudFormation parameter name.
func Config(key string) Source { return Source{Kind: FromConfig, Key: key} }

// Output is the named output of an earlier stack.
func Output(stack Component, name string) Source {
	return Source{Kind: FromOutput, Key: name, Stack: stack}
}

// Computed is a value the operator derives.
func Computed(name string) Source { return Source{Kind: FromComputed, Key: name} }

func (s Source) String() string {
	switch s.Kind {
	case FromConfig:
		return "config " + s.Key
	case FromOutput:
		return fmt.Sprintf("output %s of %s", s.Key, s.Stack)
	case FromComputed:
		return "computed " + s.Key
	default:
		return "unknown source"
	}
}
