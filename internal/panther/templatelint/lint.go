package templatelint

import (
	"fmt"
	"io/fs"

	"github.com/panther-operator/panther-operator/internal/panther"
)

// maxInlineTemplateBytes is the largest template CloudFormation accepts inline, as TemplateBody.
const maxInlineTemplateBytes = 51200

// Lint checks the nine stack templates of the catalog and the root template in fsys, where
// every template sits at the top level. It returns the problems found, sorted; the error is
// only for failures of the lint itself.
func Lint(fsys fs.FS) ([]Problem, error) {
	spec, err := loadSpecification()
	if err != nil {
		return nil, err
	}
	var problems []Problem
	templates := map[panther.Component]template{}
	for _, stack := range panther.Stacks() {
		t, err := readTemplate(fsys, stack.Template)
		if err != nil {
			problems = append(problems, Problem{File: stack.Template, Message: err.Error()})
			continue
		}
		templates[stack.Component] = t
		problems = append(problems, checkTemplate(spec, t)...)
		problems = append(problems, checkNestedParameters(stack, t)...)
		problems = append(problems, checkCapabilities(t.file, stack.Capabilities, requiredCapabilities(t, nil))...)
		if stack.Component == panther.Bootstrap && t.size > maxInlineTemplateBytes {
			problems = append(problems, Problem{File: t.file, Message: fmt.Sprintf(
				"is %d bytes; the bootstrap stack is created before any bucket exists, so its template must fit in a request body (%d bytes)",
				t.size, maxInlineTemplateBytes)})
		}
	}
	problems = append(problems, checkOutputs(templates)...)

	root, err := readTemplate(fsys, panther.RootTemplate)
	if err != nil {
		problems = append(problems, Problem{File: panther.RootTemplate, Message: err.Error()})
	} else {
		problems = append(problems, checkTemplate(spec, root)...)
		problems = append(problems, checkRoot(root, templates)...)
		nested := func(file string) []string {
			for c, t := range templates {
				if t.file == file {
					s, _ := panther.Lookup(c)
					return s.Capabilities
				}
			}
			return nil
		}
		problems = append(problems, checkCapabilities(root.file, panther.RootCapabilities(), requiredCapabilities(root, nested))...)
	}
	sortProblems(problems)
	return problems, nil
}

// checkTemplate runs the checks that need only the template itself.
func checkTemplate(spec *specification, t template) []Problem {
	problems := checkSpecification(spec, t)
	problems = append(problems, checkReferences(t)...)
	problems = append(problems, checkBucketRules(t)...)
	problems = append(problems, checkFunctionRules(t)...)
	problems = append(problems, checkCustomResources(t)...)
	if _, ok := t.body["Resources"]; !ok {
		problems = append(problems, Problem{File: t.file, Message: "declares no resources"})
	}
	return problems
}

// Error summarises problems as one error, one problem per line, or nil when there are none.
func Error(problems []Problem) error {
	if len(problems) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d template problem(s):", len(problems))
	for _, p := range problems {
		msg += "\n  " + p.String()
	}
	return fmt.Errorf("%s", msg)
}
