package rulesengine_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	rulesengine "github.com/panther-operator/panther-operator/lambdas/rules-engine"
)

func TestInstallWritesTheEmbeddedPackage(t *testing.T) {
	dir, remove, err := rulesengine.InstallTemp()
	if err != nil {
		t.Fatal(err)
	}
	for _, module := range []string{"__init__.py", "rule.py", "event.py", "immutable.py", "data_model.py", "runner.py"} {
		installed, err := os.ReadFile(filepath.Join(dir, rulesengine.PackageName, module))
		if err != nil {
			t.Fatalf("%s was not installed: %v", module, err)
		}
		source, err := os.ReadFile(filepath.Join(rulesengine.PackageName, module))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(installed, source) {
			t.Errorf("%s differs from the source", module)
		}
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the folder is still there: %v", err)
	}
}
