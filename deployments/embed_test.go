package deployments

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/internal/panther"
)

func TestEveryStackHasItsTemplate(t *testing.T) {
	names := StackNames()
	if len(names) != 9 {
		t.Fatalf("StackNames() = %v, want the nine Panther stacks", names)
	}
	for _, name := range names {
		body, err := Template(name)
		if err != nil {
			t.Fatalf("Template(%q): %v", name, err)
		}
		if !strings.HasPrefix(string(body), "AWSTemplateFormatVersion:") {
			t.Errorf("Template(%q) does not start with AWSTemplateFormatVersion", name)
		}
	}
}

func TestTemplateOfUnknownStack(t *testing.T) {
	if _, err := Template("panther-unknown"); err == nil {
		t.Fatal("Template of an unknown stack succeeded")
	}
}

func TestEmbeddedFilesAreExactlyTheTemplates(t *testing.T) {
	files, err := fs.Glob(FS(), "*")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{RootTemplate: true}
	for _, name := range StackNames() {
		file, _ := TemplateFile(name)
		want[file] = true
	}
	if len(files) != len(want) {
		t.Errorf("embedded files %v, want %d templates", files, len(want))
	}
	for _, f := range files {
		if !want[f] {
			t.Errorf("embedded file %s belongs to no stack", f)
		}
	}
}

// The root template's name is the catalog's too (the stacks' template files are read from the
// catalog itself).
func TestRootTemplateIsTheCatalogs(t *testing.T) {
	if RootTemplate != panther.RootTemplate {
		t.Errorf("root template %s here, %s in the catalog", RootTemplate, panther.RootTemplate)
	}
}
