package release

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// functionKeyLine is a function's code reference in a stack template, `S3Key: functions/<name>`,
// naming the folder of the function under lambdas/.
var functionKeyLine = regexp.MustCompile(`(?m)^(\s+S3Key:\s*)functions/([a-z0-9-]+)\s*$`)

// FunctionReferences lists the functions a template's code references name, sorted.
func FunctionReferences(template []byte) []string {
	seen := map[string]bool{}
	for _, m := range functionKeyLine.FindAllSubmatch(template, -1) {
		seen[string(m[2])] = true
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// rewriteFunctionKeys points each code reference at the function's package in the release
// bucket (the full key, version prefix included: S3Key is absolute). A reference to a
// function the release did not build is an error.
func rewriteFunctionKeys(file string, template []byte, keyOf map[string]string) ([]byte, error) {
	var missing []string
	out := functionKeyLine.ReplaceAllFunc(template, func(line []byte) []byte {
		parts := functionKeyLine.FindSubmatch(line)
		key, ok := keyOf[string(parts[2])]
		if !ok {
			missing = append(missing, string(parts[2]))
			return line
		}
		return append(append([]byte{}, parts[1]...), key...)
	})
	if len(missing) > 0 {
		sort.Strings(missing)
		missing = slices.Compact(missing)
		return nil, fmt.Errorf("%s deploys the functions %s, which this build has not built: build the release from the repository root, with its lambdas/ folder",
			file, strings.Join(missing, ", "))
	}
	return out, nil
}

// DeployedFunction is one Lambda function a stack template deploys from a release package.
type DeployedFunction struct {
	// Name is the function's name in AWS, panther-<Folder>.
	Name string
	// Folder is the function's folder under lambdas/ and its package's name in the manifest.
	Folder    string
	Component panther.Component
	StackName string
}

// DeployedFunctions lists the functions the stack templates deploy, by stack in catalog order
// and by name within a stack: each code reference names a folder, deployed as
// panther.FunctionName(folder).
func DeployedFunctions(templates fs.FS) ([]DeployedFunction, error) {
	var out []DeployedFunction
	for _, st := range panther.Stacks() {
		body, err := fs.ReadFile(templates, st.Template)
		if err != nil {
			return nil, fmt.Errorf("read the template of %s: %w", st.Name, err)
		}
		for _, folder := range FunctionReferences(body) {
			out = append(out, DeployedFunction{Name: panther.FunctionName(folder), Folder: folder,
				Component: st.Component, StackName: st.Name})
		}
	}
	return out, nil
}
