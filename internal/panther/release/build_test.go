package release

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// tree reads every file under dir into a map keyed by slash-separated relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, a, b map[string][]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("builds have %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between the builds", name)
		}
	}
}

func build(t *testing.T, opts Options) (*panther.Manifest, map[string][]byte) {
	t.Helper()
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	m, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return m, tree(t, opts.OutDir)
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	opts := Options{Version: "1.16.0", Commit: "e74a52eb", Templates: deployments.FS(), ModuleDir: repoRoot, FunctionsDir: "lambdas"}
	_, first := build(t, opts)
	_, second := build(t, opts)
	sameTree(t, first, second)
}

func TestBuildOutput(t *testing.T) {
	m, files := build(t, Options{Version: "1.16.0", Commit: "1e10000", Templates: deployments.FS(), Functions: repoFunctions(t)})

	parsed, err := panther.ParseManifest(files["manifest.json"])
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Version != "1.16.0" || parsed.SourceCommit != "1e10000" || len(parsed.Functions) == 0 {
		t.Errorf("manifest %+v", parsed)
	}
	if len(files) != 1+len(m.Stacks)+1+len(m.Functions) {
		t.Errorf("release has %d files, want the manifest, %d templates and %d functions", len(files), len(m.Stacks)+1, len(m.Functions))
	}
	for _, s := range m.Stacks {
		body, ok := files[s.TemplateKey]
		if !ok || hexSHA256(body) != s.TemplateSHA256 {
			t.Errorf("%s: %s missing or not matching its hash", s.Component, s.TemplateKey)
		}
		// Published templates are the repository's, with only their code references pointing
		// at the release's function packages.
		source, _ := deployments.Template(s.StackName)
		codeKey := regexp.MustCompile(`(?m)^\s+S3Key: .*$`)
		if !bytes.Equal(codeKey.ReplaceAll(body, nil), codeKey.ReplaceAll(source, nil)) {
			t.Errorf("%s: published template differs from deployments beyond its code references", s.Component)
		}
	}

	root := files[m.Root.TemplateKey]
	if hexSHA256(root) != m.Root.TemplateSHA256 {
		t.Fatal("root template does not match its hash")
	}
	urls := regexp.MustCompile(`TemplateURL: (\S+)`).FindAllStringSubmatch(string(root), -1)
	if len(urls) != 9 {
		t.Fatalf("root has %d TemplateURLs, want 9", len(urls))
	}
	for _, u := range urls {
		if _, ok := files[u[1]]; !ok {
			t.Errorf("root TemplateURL %s is not a file of the release", u[1])
		}
	}
	for _, want := range []string{`Version: "1.16.0"`, `Commit: "1e10000"`} {
		if !strings.Contains(string(root), want) {
			t.Errorf("root template lacks %s", want)
		}
	}
	// Only the release bucket is left for the reader of the release to fill in.
	if strings.Contains(strings.Replace(string(root), "'{{PantherReleaseBucket}}'", "", 1), "{{") {
		t.Error("root template still holds a placeholder")
	}
	if len(m.Root.Parameters) != 39 || m.Root.Parameters[0] != "AccessLogsBucketName" {
		t.Errorf("root parameters %v", m.Root.Parameters)
	}
	// The resource types tell the operator which stacks may hold buckets and functions.
	if !slices.Equal(m.Root.ResourceTypes, []string{"AWS::CloudFormation::Stack"}) {
		t.Errorf("root resource types %v", m.Root.ResourceTypes)
	}
	bootstrap, _ := m.Stack(panther.Bootstrap)
	dashboards, _ := m.Stack(panther.Dashboards)
	if !bootstrap.MayDeclare("AWS::S3::Bucket") || dashboards.MayDeclare("AWS::S3::Bucket", "AWS::Lambda::Function") {
		t.Errorf("bootstrap declares %v, dashboards %v", bootstrap.ResourceTypes, dashboards.ResourceTypes)
	}
}

func TestResourceTypes(t *testing.T) {
	tests := []struct {
		name, template string
		want           []string
	}{
		{name: "sorted, without repeats, short forms read",
			template: "Resources:\n  B:\n    Type: AWS::S3::Bucket\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn\n  A:\n    Type: AWS::S3::Bucket\n",
			want:     []string{"AWS::Lambda::Function", "AWS::S3::Bucket"}},
		{name: "no resources", template: "Parameters:\n  P:\n    Type: String\n", want: []string{}},
		{name: "a transform deploys other types: unknown",
			template: "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resourceTypes([]byte(tt.template))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("resourceTypes = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestBuildReplacesOnlyReleaseEntries(t *testing.T) {
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"templates/stale.yml", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(out, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build(t, Options{Version: "1.16.0", Commit: "e74a52eb", Templates: deployments.FS(), Functions: repoFunctions(t), OutDir: out})
	if _, err := os.Stat(filepath.Join(out, "templates", "stale.yml")); !os.IsNotExist(err) {
		t.Error("a stale template survived the build")
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Error("the build removed a file that is not part of a release")
	}
}

func TestBuildRejects(t *testing.T) {
	withRoot := func(edit func(string) string) fs.FS {
		m := fstest.MapFS{}
		files, _ := fs.Glob(deployments.FS(), "*.yml")
		for _, f := range files {
			data, _ := fs.ReadFile(deployments.FS(), f)
			if f == panther.RootTemplate {
				data = []byte(edit(string(data)))
			}
			m[f] = &fstest.MapFile{Data: data}
		}
		return m
	}
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"version with a v", Options{Version: "v1.16.0", Commit: "abcdef0"}, "not a release version"},
		{"no commit", Options{Version: "1.16.0"}, "source commit"},
		{"unknown nested template", Options{Version: "1.16.0", Commit: "abcdef0", Templates: withRoot(func(s string) string {
			return strings.Replace(s, "TemplateURL: core.yml", "TemplateURL: kernel.yml", 1)
		})}, "TemplateURL kernel.yml is not a stack template"},
		{"missing version token", Options{Version: "1.16.0", Commit: "abcdef0", Templates: withRoot(func(s string) string {
			return strings.Replace(s, "'{{PantherVersion}}'", "'1.0.0'", 1)
		})}, "want exactly one '{{PantherVersion}}'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.Templates == nil {
				tt.opts.Templates = deployments.FS()
			}
			tt.opts.Functions = repoFunctions(t)
			tt.opts.OutDir = t.TempDir()
			_, err := Build(context.Background(), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// repoRoot is the module whose lambdas/ the real templates deploy.
const repoRoot = "../../.."

// builtFunctions are the repository's functions, built once for the tests that only need
// them present.
var builtFunctions = sync.OnceValues(func() ([]Function, error) {
	return BuildFunctions(context.Background(), repoRoot, "lambdas", "amd64")
})

func repoFunctions(t *testing.T) []Function {
	t.Helper()
	fns, err := builtFunctions()
	if err != nil {
		t.Fatal(err)
	}
	return fns
}

func TestBuildCompilesTheFunctionsTheTemplatesDeploy(t *testing.T) {
	opts := Options{Version: "1.16.0", Commit: "e74a52eb", Templates: deployments.FS(), Functions: repoFunctions(t)}
	m, files := build(t, opts)
	names := map[string]panther.Asset{}
	for _, fn := range m.Functions {
		names[fn.Name] = fn
	}
	for _, s := range panther.Stacks() {
		source, _ := deployments.FS().Open(s.Template)
		data, _ := io.ReadAll(source)
		for _, ref := range FunctionReferences(data) {
			fn, ok := names[ref]
			if !ok {
				t.Fatalf("%s deploys %s, which the release lacks", s.Template, ref)
			}
			stack, _ := m.Stack(s.Component)
			if !bytes.Contains(files[stack.TemplateKey], []byte("S3Key: v1.16.0/"+fn.Key)) {
				t.Errorf("%s in the release does not name the package of %s", s.Template, ref)
			}
		}
	}
	fn, ok := names["log-processor"]
	if !ok {
		t.Fatalf("functions %+v: no log-processor", m.Functions)
	}
	archive := files[fn.Key]
	if hexSHA256(archive) != fn.SHA256 {
		t.Fatal("function zip does not match its hash")
	}
	r, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.File) != 1 || r.File[0].Name != "bootstrap" || r.File[0].Mode().Perm() != 0o755 {
		t.Fatalf("zip holds %v, want one executable named bootstrap", r.File)
	}
	f, _ := r.File[0].Open()
	head := make([]byte, 4)
	_, _ = f.Read(head)
	if string(head) != "\x7fELF" {
		t.Fatal("bootstrap is not a Linux executable")
	}
	for _, shared := range []string{"awsx", "logs", "api", "sources"} {
		if _, ok := names[shared]; ok {
			t.Errorf("the shared package lambdas/%s was built as a function", shared)
		}
	}
}

func TestBuildRefusesTemplatesDeployingFunctionsItDidNotBuild(t *testing.T) {
	module := t.TempDir()
	write := func(path, content string) {
		full := filepath.Join(module, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/functions\n\ngo 1.26\n")
	write("lambdas/hello/main.go", "package main\n\nfunc main() { println(\"hello\") }\n")
	write("lambdas/shared/shared.go", "package shared\n")
	_, err := Build(context.Background(), Options{Version: "1.16.0", Commit: "e74a52eb", Templates: deployments.FS(),
		ModuleDir: module, FunctionsDir: "lambdas", OutDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "bootstrap_gateway.yml deploys the functions cfn-custom-resources, which this build has not built") {
		t.Fatalf("err %v", err)
	}
}

func TestZipExecutableIsDeterministic(t *testing.T) {
	a, err := zipExecutable("bootstrap", []byte("binary"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := zipExecutable("bootstrap", []byte("binary"))
	if !bytes.Equal(a, b) {
		t.Fatal("the same input gave different zips")
	}
	r, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if !r.File[0].Modified.Equal(zipEpoch) {
		t.Fatalf("entry time %v, want %v", r.File[0].Modified, zipEpoch)
	}
}
