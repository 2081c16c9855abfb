// Package rulesengine carries the rules engine's Python package inside Go binaries, so that
// tools such as pantherctl run exactly the engine they were built with, not whatever a
// checkout happens to hold.
package rulesengine

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Package is the Python package panther_engine, its modules under panther_engine/.
//
//go:embed panther_engine/*.py
var Package embed.FS

// PackageName is the directory and import name of the Python package.
const PackageName = "panther_engine"

// Install writes the Python package into dir (as dir/panther_engine/*.py), so that Python
// run with PYTHONPATH=dir imports it.
func Install(dir string) error {
	target := filepath.Join(dir, PackageName)
	if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	modules, err := fs.Glob(Package, PackageName+"/*.py")
	if err != nil {
		return err
	}
	for _, name := range modules {
		data, err := Package.ReadFile(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(target, filepath.Base(name)), data, 0o644); err != nil {
			return fmt.Errorf("install the rules engine: %w", err)
		}
	}
	return nil
}

// InstallTemp installs the Python package into a new temporary directory, to be the
// PYTHONPATH of `python3 -m panther_engine.<module>`; remove deletes it.
func InstallTemp() (dir string, remove func() error, err error) {
	dir, err = os.MkdirTemp("", "panther-engine-")
	if err != nil {
		return "", nil, err
	}
	remove = func() error { return os.RemoveAll(dir) }
	if err := Install(dir); err != nil {
		_ = remove()
		return "", nil, err
	}
	return dir, remove, nil
}
