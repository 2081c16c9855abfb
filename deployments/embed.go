// Package deployments holds Panther's CloudFormation templates: one template per Panther stack
// and the root template that nests all nine. They are embedded so that the release tooling and
// the tests read exactly the files that are published.
package deployments

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// RootTemplate is the file name of the root template, which nests every Panther stack.
const RootTemplate = "root.yml"

//go:embed *.yml
var templates embed.FS

// FS returns the embedded templates; every file sits at the top level.
func FS() fs.FS {
	return templates
}

// StackNames returns the names of the stacks that have a template, sorted: those of the
// stack catalog, which is the one list of Panther's stacks and their template files.
func StackNames() []string {
	names := make([]string, 0, len(panther.Components()))
	for _, st := range panther.Stacks() {
		names = append(names, st.Name)
	}
	sort.Strings(names)
	return names
}

// TemplateFile returns the file name of the template of a stack.
func TemplateFile(stackName string) (string, error) {
	st, err := panther.StackByName(stackName)
	if err != nil {
		return "", fmt.Errorf("no template for stack %q", stackName)
	}
	return st.Template, nil
}

// Template returns the template body of a stack.
func Template(stackName string) ([]byte, error) {
	file, err := TemplateFile(stackName)
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(templates, file)
}
