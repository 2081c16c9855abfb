package panther

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
)

// ManifestFormat is the version of the manifest layout; readers refuse other formats.
const ManifestFormat = 1

// Manifest describes one published Panther release. It lives at
// s3://BUCKET/v<Version>/manifest.json; every key in it is relative to that v<Version>/ prefix
// and names an object by the SHA-256 of its content, so unchanged files keep their keys from
// one release to the next.
type Manifest struct {
	Format       int    `json:"format"`
	Version      string `json:"version"`
	SourceCommit string `json:"sourceCommit"`
	// Root is the template that nests every stack, for deployments in Root mode.
	Root TemplateRelease `json:"root"`
	// Stacks lists the nine stacks in catalog order.
	Stacks []StackRelease `json:"stacks"`
	// Functions lists the Lambda packages the templates reference, sorted by name.
	Functions []Asset `json:"functions"`
}

// TemplateRelease is one published template.
type TemplateRelease struct {
	TemplateKey    string   `json:"templateKey"`
	TemplateSHA256 string   `json:"templateSha256"`
	Capabilities   []string `json:"capabilities"`
	Parameters     []string `json:"parameters"`
	// ResourceTypes are the resource types the template declares, sorted. Releases built
	// before they were listed leave them out: then they are unknown (nil).
	ResourceTypes []string `json:"resourceTypes,omitempty"`
}

// MayDeclare reports whether the template may declare a resource of one of the types: it does,
// or its types are unknown.
func (t TemplateRelease) MayDeclare(types ...string) bool {
	if t.ResourceTypes == nil {
		return true
	}
	for _, typ := range types {
		if slices.Contains(t.ResourceTypes, typ) {
			return true
		}
	}
	return false
}

// StackRelease is the published template of one Panther stack.
type StackRelease struct {
	Component Component `json:"component"`
	StackName string    `json:"stackName"`
	TemplateRelease
}

// Asset is one published file other than a template, such as a Lambda zip.
type Asset struct {
	Name   string `json:"name"`
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
}

// VersionPrefix is the key prefix of a release in the release bucket.
func VersionPrefix(version string) string { return "v" + version + "/" }

// ManifestKey is the bucket key of a release's manifest.
func ManifestKey(version string) string { return VersionPrefix(version) + "manifest.json" }

// TemplateKey is the release-relative key of a template with the given SHA-256.
func TemplateKey(sha256Hex string) string { return "templates/" + sha256Hex + ".yml" }

// FunctionKey is the release-relative key of a Lambda zip with the given SHA-256.
func FunctionKey(sha256Hex string) string { return "functions/" + sha256Hex + ".zip" }

var (
	semverPattern = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)
	commitPattern = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ValidVersion reports whether v is a release version such as 1.16.0 (no leading v).
func ValidVersion(v string) bool { return semverPattern.MatchString(v) }

// Stack returns the release entry of a component.
func (m *Manifest) Stack(c Component) (StackRelease, bool) {
	for _, s := range m.Stacks {
		if s.Component == c {
			return s, true
		}
	}
	return StackRelease{}, false
}

// Validate checks the manifest against the catalog and its own content-hash rules, and
// reports every problem at once.
func (m *Manifest) Validate() error {
	var errs []error
	if m.Format != ManifestFormat {
		errs = append(errs, fmt.Errorf("format %d, want %d", m.Format, ManifestFormat))
	}
	if !ValidVersion(m.Version) {
		errs = append(errs, fmt.Errorf("version %q is not a release version like 1.16.0", m.Version))
	}
	if !commitPattern.MatchString(m.SourceCommit) {
		errs = append(errs, fmt.Errorf("source commit %q is not a hex commit id", m.SourceCommit))
	}
	errs = append(errs, m.Root.validate("root")...)
	if !slices.Equal(m.Root.Parameters, RootStack().ParameterNames()) {
		errs = append(errs, fmt.Errorf("root: parameters %v, want %v", m.Root.Parameters, RootStack().ParameterNames()))
	}
	if !slices.Equal(m.Root.Capabilities, RootCapabilities()) {
		errs = append(errs, fmt.Errorf("root: capabilities %v, want %v", m.Root.Capabilities, RootCapabilities()))
	}

	if len(m.Stacks) != len(Components()) {
		errs = append(errs, fmt.Errorf("%d stacks, want %d", len(m.Stacks), len(Components())))
	}
	for i, c := range Components() {
		if i >= len(m.Stacks) {
			break
		}
		got := m.Stacks[i]
		want := catalog[c]
		if got.Component != c {
			errs = append(errs, fmt.Errorf("stack %d is %q, want %q", i+1, got.Component, c))
			continue
		}
		if got.StackName != want.Name {
			errs = append(errs, fmt.Errorf("%s: stack name %q, want %q", c, got.StackName, want.Name))
		}
		errs = append(errs, got.validate(string(c))...)
		if !slices.Equal(got.Parameters, want.ParameterNames()) {
			errs = append(errs, fmt.Errorf("%s: parameters %v, want %v", c, got.Parameters, want.ParameterNames()))
		}
		if !sameStrings(got.Capabilities, want.Capabilities) {
			errs = append(errs, fmt.Errorf("%s: capabilities %v, want %v", c, got.Capabilities, want.Capabilities))
		}
	}

	if !sort.SliceIsSorted(m.Functions, func(i, j int) bool { return m.Functions[i].Name < m.Functions[j].Name }) {
		errs = append(errs, errors.New("functions are not sorted by name"))
	}
	for _, f := range m.Functions {
		if f.Name == "" {
			errs = append(errs, errors.New("function without a name"))
		}
		if !sha256Pattern.MatchString(f.SHA256) || f.Key != FunctionKey(f.SHA256) {
			errs = append(errs, fmt.Errorf("function %s: key %q does not match sha256 %q", f.Name, f.Key, f.SHA256))
		}
	}
	return errors.Join(errs...)
}

func (t TemplateRelease) validate(what string) []error {
	var errs []error
	if !sha256Pattern.MatchString(t.TemplateSHA256) {
		errs = append(errs, fmt.Errorf("%s: template sha256 %q is not 64 hex digits", what, t.TemplateSHA256))
	} else if t.TemplateKey != TemplateKey(t.TemplateSHA256) {
		errs = append(errs, fmt.Errorf("%s: template key %q, want %q", what, t.TemplateKey, TemplateKey(t.TemplateSHA256)))
	}
	if !sort.StringsAreSorted(t.Capabilities) {
		errs = append(errs, fmt.Errorf("%s: capabilities are not sorted", what))
	}
	if !sort.StringsAreSorted(t.Parameters) {
		errs = append(errs, fmt.Errorf("%s: parameters are not sorted", what))
	}
	return errs
}

// Marshal encodes the manifest as indented JSON with a final newline. Equal manifests give
// identical bytes.
func (m *Manifest) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// ParseManifest decodes a manifest strictly (unknown fields are errors) and validates it.
func ParseManifest(data []byte) (*Manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode release manifest: %w", err)
	}
	if dec.More() {
		return nil, errors.New("decode release manifest: trailing data after the manifest")
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("invalid release manifest: %w", err)
	}
	return &m, nil
}

// sameStrings compares lists, treating nil and empty as equal: JSON null and [] mean the same.
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b))
}
