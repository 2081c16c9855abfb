package release

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pythonPackage zips a Python function's folder: every package in it (a directory with
// __init__.py) that has a main.py holding lambda_handler, with its .py files only (no tests, no
// caches), at the zip's root where the python3.x runtime imports them from. nil when the folder
// is not a Python function.
func pythonPackage(dir string) ([]byte, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, e := range entries {
		pkg := filepath.Join(dir, e.Name())
		if !e.IsDir() || !isFile(filepath.Join(pkg, "__init__.py")) || !isFile(filepath.Join(pkg, "main.py")) {
			continue
		}
		err := filepath.WalkDir(pkg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "__pycache__" || d.Name() == "tests") {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(d.Name(), ".py") {
				return nil
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
			return nil, err
		}
	}
	if len(files) == 0 {
		return nil, nil
	}
	return zipFiles(files)
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// sortedNames is the map's keys in order: zip entries in a fixed order give fixed bytes.
func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
