package release

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// Options says what to build and where.
type Options struct {
	// Version is the release version, such as 1.16.0.
	Version string
	// Commit is the short source commit the release is built from.
	Commit string
	// Templates holds the stack templates and the root template at its top level.
	Templates fs.FS
	// ModuleDir is the Go module that holds the functions; empty means no functions.
	ModuleDir string
	// FunctionsDir is the folder, relative to ModuleDir, with one folder per Lambda function.
	// A missing folder means no functions.
	FunctionsDir string
	// Functions, when set, are packages built before (by BuildFunctions for amd64), used
	// instead of compiling FunctionsDir: releasing several versions of one tree builds once.
	Functions []Function
	// OutDir receives the release. Its manifest.json, templates/ and functions/ are replaced.
	OutDir string
}

var commitPattern = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// Build writes the release into opts.OutDir and returns its manifest.
func Build(ctx context.Context, opts Options) (*panther.Manifest, error) {
	if !panther.ValidVersion(opts.Version) {
		return nil, fmt.Errorf("version %q is not a release version like 1.16.0", opts.Version)
	}
	if opts.OutDir == "" {
		return nil, errors.New("no output directory")
	}
	// The manifest checks the commit too, but only after the functions are compiled.
	if !commitPattern.MatchString(opts.Commit) {
		return nil, fmt.Errorf("source commit %q is not a hex commit id", opts.Commit)
	}
	files := map[string][]byte{} // release-relative key -> content

	functions := opts.Functions
	if functions == nil {
		var err error
		if functions, err = buildFunctions(ctx, opts.ModuleDir, opts.FunctionsDir); err != nil {
			return nil, err
		}
	}
	m := &panther.Manifest{
		Format:       panther.ManifestFormat,
		Version:      opts.Version,
		SourceCommit: opts.Commit,
		Functions:    []panther.Asset{},
	}
	functionKeys := map[string]string{} // function name -> its package's full key in the bucket
	for _, fn := range functions {
		sum := hexSHA256(fn.Zip)
		key := panther.FunctionKey(sum)
		files[key] = fn.Zip
		functionKeys[fn.Name] = panther.VersionPrefix(opts.Version) + key
		m.Functions = append(m.Functions, panther.Asset{Name: fn.Name, Key: key, SHA256: sum})
	}

	keyOfFile, err := addStackTemplates(opts.Templates, m, files, functionKeys)
	if err != nil {
		return nil, err
	}

	rootSource, err := fs.ReadFile(opts.Templates, panther.RootTemplate)
	if err != nil {
		return nil, fmt.Errorf("read the root template: %w", err)
	}
	root, err := rewriteRoot(rootSource, keyOfFile, opts.Version, opts.Commit)
	if err != nil {
		return nil, err
	}
	rootParams, err := parameterNames(root)
	if err != nil {
		return nil, fmt.Errorf("root template: %w", err)
	}
	rootTypes, err := resourceTypes(root)
	if err != nil {
		return nil, fmt.Errorf("root template: %w", err)
	}
	rootSum := hexSHA256(root)
	files[panther.TemplateKey(rootSum)] = root
	m.Root = panther.TemplateRelease{
		TemplateKey:    panther.TemplateKey(rootSum),
		TemplateSHA256: rootSum,
		Capabilities:   panther.RootCapabilities(),
		Parameters:     rootParams,
		ResourceTypes:  rootTypes,
	}

	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("the built manifest is invalid: %w", err)
	}
	manifest, err := m.Marshal()
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = manifest
	if err := writeRelease(opts.OutDir, files); err != nil {
		return nil, err
	}
	return m, nil
}

// addStackTemplates adds the nine stack templates, their code references rewritten, to the
// release files and the manifest, and returns each template file's release key.
func addStackTemplates(templates fs.FS, m *panther.Manifest, files map[string][]byte, functionKeys map[string]string) (map[string]string, error) {
	keyOfFile := map[string]string{}
	for _, s := range panther.Stacks() {
		source, err := fs.ReadFile(templates, s.Template)
		if err != nil {
			return nil, fmt.Errorf("read the template of %s: %w", s.Name, err)
		}
		body, err := rewriteFunctionKeys(s.Template, source, functionKeys)
		if err != nil {
			return nil, err
		}
		types, err := resourceTypes(body)
		if err != nil {
			return nil, fmt.Errorf("the template of %s: %w", s.Name, err)
		}
		sum := hexSHA256(body)
		key := panther.TemplateKey(sum)
		files[key] = body
		keyOfFile[s.Template] = key
		m.Stacks = append(m.Stacks, panther.StackRelease{
			Component: s.Component,
			StackName: s.Name,
			TemplateRelease: panther.TemplateRelease{
				TemplateKey:    key,
				TemplateSHA256: sum,
				Capabilities:   append([]string{}, s.Capabilities...),
				Parameters:     s.ParameterNames(),
				ResourceTypes:  types,
			},
		})
	}
	return keyOfFile, nil
}

func hexSHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// writeRelease replaces the release entries of dir with files. Only the entries a release
// consists of are removed, never anything else in the directory.
func writeRelease(dir string, files map[string][]byte) error {
	for _, stale := range []string{"manifest.json", "templates", "functions"} {
		if err := os.RemoveAll(filepath.Join(dir, stale)); err != nil {
			return err
		}
	}
	for key, data := range files {
		path := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
