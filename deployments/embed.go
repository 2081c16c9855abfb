// Package deployments holds Panther's CloudFormation templates: one template per Panther stack
// and the root template that nests all nine. They are embedded so that the release tooling and
// the tests read exactly the files that are published.
package deployments

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// RootTemplate is the file name of the root template, which nests every Panther stack.
const RootTemplate = "root.yml"

//go:embed *.yml
var templates embed.FS

// stackTemplates maps each Panther stack name to its template file.
var stackTemplates = map[string]string{
	"panther-bootstrap":         "bootstrap.yml",
	"panther-bootstrap-gateway": "bootstrap_gateway.yml",
	"panther-appsync":           "appsync.yml",
	"panther-cloud-security":    "cloud_security.yml",
	"panther-core":              "core.yml",
	"panther-cw-dashboards":     "dashboards.yml",
	"panther-log-analysis":      "log_analysis.yml",
	"panther-web":               "web_server.yml",
	"panther-onboard":           "onboard.yml",
}

// FS returns the embedded templates; every file sits at the top level.
func FS() fs.FS {
	return templates
}

// StackNames returns the names of the stacks that have a template, sorted.
func StackNames() []string {
	names := make([]string, 0, len(stackTemplates))
	for name := range stackTemplates {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// TemplateFile returns the file name of the template of a stack.
func TemplateFile(stackName string) (string, error) {
	file, ok := stackTemplates[stackName]
	if !ok {
		return "", fmt.Errorf("no template for stack %q", stackName)
	}
	return file, nil
}

// Template returns the template body of a stack.
func Template(stackName string) ([]byte, error) {
	file, err := TemplateFile(stackName)
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(templates, file)
}
