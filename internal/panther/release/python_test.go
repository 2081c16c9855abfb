package release

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestPythonFunctionPackagesItsModulesOnly(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"engine/__init__.py":          "",
		"engine/main.py":              "def lambda_handler(event, context): return 1\n",
		"engine/helpers/__init__.py":  "",
		"engine/helpers/x.py":         "X = 1\n",
		"engine/__pycache__/main.pyc": "cache",
		"engine/tests/test_main.py":   "tests stay out\n",
		"engine/README.md":            "docs stay out\n",
		"tests/test_engine.py":        "tests stay out\n",
		"notapackage/main.py":         "no __init__.py\n",
		"embed.go":                    "package engine\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	first, err := pythonPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	want := []string{"engine/__init__.py", "engine/helpers/__init__.py", "engine/helpers/x.py", "engine/main.py"}
	if !slices.Equal(names, want) {
		t.Fatalf("zip holds %v, want %v", names, want)
	}
	second, _ := pythonPackage(dir)
	if !bytes.Equal(first, second) {
		t.Fatal("two packages of the same folder differ")
	}
	none, err := pythonPackage(t.TempDir())
	if err != nil || none != nil {
		t.Fatalf("an empty folder is no Python function: %v %v", none, err)
	}
}
