package panther

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"
)

func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// validManifest builds a manifest the way the release builder does, from the catalog.
func validManifest() *Manifest {
	rootSHA := hashOf("root")
	m := &Manifest{
		Format:       ManifestFormat,
		Version:      "1.16.0",
		SourceCommit: "e74a52eb",
		Root: TemplateRelease{
			TemplateKey:    TemplateKey(rootSHA),
			TemplateSHA256: rootSHA,
			Capabilities:   []string{CapabilityAutoExpand, CapabilityIAM, CapabilityNamedIAM},
			Parameters:     RootStack().ParameterNames(),
		},
		Functions: []Asset{},
	}
	for _, s := range Stacks() {
		sha := hashOf(s.Template)
		m.Stacks = append(m.Stacks, StackRelease{
			Component: s.Component,
			StackName: s.Name,
			TemplateRelease: TemplateRelease{
				TemplateKey:    TemplateKey(sha),
				TemplateSHA256: sha,
				Capabilities:   append([]string{}, s.Capabilities...),
				Parameters:     s.ParameterNames(),
			},
		})
	}
	return m
}

func TestValidManifestRoundTrips(t *testing.T) {
	m := validManifest()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	first, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := ParseManifest(first)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, m) {
		t.Fatalf("round trip changed the manifest:\n%+v\n%+v", parsed, m)
	}
	second, _ := parsed.Marshal()
	if !bytes.Equal(first, second) {
		t.Fatal("marshalling the same manifest twice gave different bytes")
	}
	if !bytes.HasSuffix(first, []byte("}\n")) {
		t.Fatal("manifest does not end with a newline")
	}
	core, ok := parsed.Stack(Core)
	if !ok || core.StackName != "panther-core" {
		t.Fatalf("Stack(Core) = %+v, %v", core, ok)
	}
}

func TestManifestValidation(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(m *Manifest)
		wantText string
	}{
		{"format", func(m *Manifest) { m.Format = 2 }, "format 2, want 1"},
		{"version with v", func(m *Manifest) { m.Version = "v1.16.0" }, `version "v1.16.0" is not a release version`},
		{"commit", func(m *Manifest) { m.SourceCommit = "HEAD" }, `source commit "HEAD"`},
		{"root key", func(m *Manifest) { m.Root.TemplateKey = "root.yml" }, `root: template key "root.yml"`},
		{"root sha", func(m *Manifest) { m.Root.TemplateSHA256 = "abc" }, "root: template sha256"},
		{"missing stack", func(m *Manifest) { m.Stacks = m.Stacks[:8] }, "8 stacks, want 9"},
		{"stacks out of order", func(m *Manifest) { m.Stacks[0], m.Stacks[1] = m.Stacks[1], m.Stacks[0] }, `stack 1 is "bootstrapGateway", want "bootstrap"`},
		{"stack name", func(m *Manifest) { m.Stacks[4].StackName = "core" }, `core: stack name "core"`},
		{"parameters", func(m *Manifest) { m.Stacks[2].Parameters = m.Stacks[2].Parameters[1:] }, "appsync: parameters"},
		{"capabilities order", func(m *Manifest) { m.Stacks[0].Capabilities = []string{CapabilityNamedIAM, CapabilityIAM} }, "bootstrap: capabilities are not sorted"},
		{"capabilities", func(m *Manifest) { m.Stacks[3].Capabilities = nil }, "cloudSecurity: capabilities [], want [CAPABILITY_IAM]"},
		{"root parameters", func(m *Manifest) { m.Root.Parameters = m.Root.Parameters[1:] }, "root: parameters"},
		{"root capabilities", func(m *Manifest) { m.Root.Capabilities = []string{CapabilityIAM} }, "root: capabilities [CAPABILITY_IAM]"},
		{"function key", func(m *Manifest) {
			m.Functions = []Asset{{Name: "panther-users-api", Key: "functions/x.zip", SHA256: hashOf("zip")}}
		}, "function panther-users-api: key"},
		{"functions order", func(m *Manifest) {
			m.Functions = []Asset{
				{Name: "b", Key: FunctionKey(hashOf("b")), SHA256: hashOf("b")},
				{Name: "a", Key: FunctionKey(hashOf("a")), SHA256: hashOf("a")},
			}
		}, "functions are not sorted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validManifest()
			tt.mutate(m)
			err := m.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func TestParseManifestIsStrict(t *testing.T) {
	data, _ := validManifest().Marshal()
	tests := []struct {
		name string
		data string
	}{
		{"unknown field", strings.Replace(string(data), `"format": 1,`, `"format": 1, "extra": true,`, 1)},
		{"trailing data", string(data) + "{}"},
		{"not json", "version: 1.16.0"},
		{"invalid content", strings.Replace(string(data), `"version": "1.16.0"`, `"version": "latest"`, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseManifest([]byte(tt.data)); err == nil {
				t.Fatal("ParseManifest accepted it")
			}
		})
	}
}

func TestReleaseKeys(t *testing.T) {
	sha := hashOf("x")
	tests := []struct{ got, want string }{
		{VersionPrefix("1.16.0"), "v1.16.0/"},
		{ManifestKey("1.16.0"), "v1.16.0/manifest.json"},
		{TemplateKey(sha), "templates/" + sha + ".yml"},
		{FunctionKey(sha), "functions/" + sha + ".zip"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for v, want := range map[string]bool{"1.16.0": true, "1.16.0-rc.1": true, "v1.16.0": false, "1.16": false, "": false} {
		if ValidVersion(v) != want {
			t.Errorf("ValidVersion(%q) = %v, want %v", v, !want, want)
		}
	}
}
