// Package analysis reads detection packs in the panther-analysis format: YAML or JSON specs of
// rules, globals and data models, each naming its Python body by Filename. It is the one reader
// of that format, for `pantherctl analysis` and for the analysis API's bulkUpload alike, and it
// checks specs as strictly as panther_analysis_tool does: unknown keys, missing required keys,
// bad severities and IDs, and duplicate IDs are errors that name the file, line and key.
//
// What is read:
//   - every .yml, .yaml and .json file is a spec, except under __pycache__, packs/ and hidden
//     folders; `AnalysisType: pack` specs are ignored wherever they are;
//   - `rule`, `global` and `datamodel` specs become the analysis API's Rule, Global and
//     DataModel, with the upload defaults (DedupPeriodMinutes 0 is 60, Threshold 0 is 1,
//     Severity upper-cased, tags and report values sorted; a test's Log becomes the JSON
//     Resource, with p_log_type from the test's LogType when the Log has none);
//   - `policy` specs judge cloud resources, which this deployment does not scan: they are
//     counted by PolicyID (so IDs stay unique) and otherwise not read.
package analysis

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
)

// MaxFileSize bounds every file read from a pack, so that a zip cannot expand without limit.
const MaxFileSize = 8 << 20

// Source is where an item of a pack came from: its spec and, when it has one, its Python body.
type Source struct {
	Spec   string
	Python string
}

// Pack is what a detection pack defines, sorted by ID.
type Pack struct {
	Rules      []analysisapi.Rule
	Globals    []analysisapi.Global
	DataModels []analysisapi.DataModel
	// Policies are the IDs of the policy specs, counted but not loaded.
	Policies []string
	// Sources maps every ID to its files; rules, globals, data models and policies share one
	// namespace of IDs, as they do in the analysis API.
	Sources map[string]Source
}

// Source is where the item with this ID came from.
func (p *Pack) Source(id string) Source { return p.Sources[id] }

// LoadDir reads the pack under dir. Files are named dir/<path> in errors and Sources.
//
// On invalid specs it returns the error, listing every problem, together with the pack of
// everything that was valid, so that tools can still test the rest.
func LoadDir(dir string) (*Pack, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s is not a directory of analysis specs", dir)
	}
	return LoadFS(os.DirFS(dir), filepath.ToSlash(dir))
}

// LoadZip reads a pack from a zip archive, such as `pantherctl analysis zip` writes and
// bulkUpload receives; files are named by their paths in the archive. Like LoadDir, it
// returns what was valid along with an error.
func LoadZip(data []byte) (*Pack, error) {
	archive, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a zip archive: %w", err)
	}
	return LoadFS(archive, "")
}

// LoadFS reads the pack in fsys, naming its files prefix/<path> (prefix may be empty). Like
// LoadDir, it returns what was valid along with an error.
func LoadFS(fsys fs.FS, prefix string) (*Pack, error) {
	files, err := packFiles(fsys)
	if err != nil {
		return nil, err
	}
	b := newBuilder()
	for _, name := range files {
		if !isSpec(name) {
			continue
		}
		file := display(prefix, name)
		data, err := readLimited(fsys, name)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s: %w", file, err))
			continue
		}
		s, errs := parseSpec(file, data)
		if len(errs) > 0 {
			b.errs = append(b.errs, errs...)
			continue
		}
		if s == nil { // a pack definition
			continue
		}
		body, python, err := readBody(fsys, prefix, name, s.filename)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("%s: Filename: %w", file, err))
			continue
		}
		b.addSpec(s, body, Source{Spec: file, Python: python})
	}
	return b.finish()
}

// Merge combines packs, such as several PATH arguments; an ID defined in two of them is an
// error naming both files.
func Merge(packs ...*Pack) (*Pack, error) {
	b := newBuilder()
	for _, p := range packs {
		if p == nil {
			continue
		}
		for _, r := range p.Rules {
			if b.claim(r.ID, p.Source(r.ID)) {
				b.pack.Rules = append(b.pack.Rules, r)
			}
		}
		for _, g := range p.Globals {
			if b.claim(g.ID, p.Source(g.ID)) {
				b.pack.Globals = append(b.pack.Globals, g)
			}
		}
		for _, d := range p.DataModels {
			if b.claim(d.ID, p.Source(d.ID)) {
				b.pack.DataModels = append(b.pack.DataModels, d)
			}
		}
		for _, id := range p.Policies {
			if b.claim(id, p.Source(id)) {
				b.pack.Policies = append(b.pack.Policies, id)
			}
		}
	}
	return b.finish()
}

// skipDir says which folders hold no specs: Python caches, packs/ (pack definitions) and
// hidden or archive-tool folders.
func skipDir(name string) bool {
	return name == "__pycache__" || name == "packs" || name == "__MACOSX" || strings.HasPrefix(name, ".")
}

func isSpec(name string) bool {
	switch path.Ext(name) {
	case ".yml", ".yaml", ".json":
		return true
	}
	return false
}

// packFiles lists the spec and Python files of a pack, in lexical order.
func packFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if isSpec(name) || path.Ext(name) == ".py" {
			files = append(files, name)
		}
		return nil
	})
	return files, err
}

func display(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return path.Join(prefix, name)
}

// readBody reads the Python file a spec names, relative to the spec's folder.
func readBody(fsys fs.FS, prefix, specName, filename string) (body, file string, err error) {
	if filename == "" {
		return "", "", nil
	}
	name := path.Join(path.Dir(specName), filepath.ToSlash(filename))
	if !fs.ValidPath(name) || path.IsAbs(filepath.ToSlash(filename)) {
		return "", "", fmt.Errorf("%q points outside the pack; name a file next to the spec", filename)
	}
	data, err := readLimited(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", fmt.Errorf("%q not found (looked for %s)", filename, display(prefix, name))
	}
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", display(prefix, name), err)
	}
	return string(data), display(prefix, name), nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("bigger than %d MiB, the limit for one file of a pack", MaxFileSize>>20)
	}
	return data, nil
}
