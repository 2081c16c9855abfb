package templatelint

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/awslabs/goformation/v7/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

const schemaURL = "https://schema.panther.local/cloudformation.json"

// intrinsicDefinition matches a value that is one intrinsic function call. Its result is only
// known at deploy time, so any property may hold one.
const intrinsicDefinition = "PantherIntrinsicFunction"

// specification validates templates against the CloudFormation resource specification.
type specification struct {
	compiler *jsonschema.Compiler
	template *jsonschema.Schema
	known    map[string]bool

	mu        sync.Mutex
	resources map[string]*jsonschema.Schema
}

var (
	specOnce sync.Once
	spec     *specification
	specErr  error
)

// loadSpecification decodes and prepares the schema once per process; it is large.
func loadSpecification() (*specification, error) {
	specOnce.Do(func() { spec, specErr = newSpecification(schema.CloudformationSchema) })
	return spec, specErr
}

func newSpecification(source string) (*specification, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(source))
	if err != nil {
		return nil, fmt.Errorf("decode the CloudFormation schema: %w", err)
	}
	root, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the CloudFormation schema is not an object")
	}
	definitions, _ := root["definitions"].(map[string]any)
	known := map[string]bool{}
	for name := range definitions {
		if strings.Contains(name, "::") && !strings.Contains(name, ".") {
			known[name] = true
		}
	}
	prepareSchema(root)

	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(schemaURL, root); err != nil {
		return nil, err
	}
	tmpl, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compile the template schema: %w", err)
	}
	return &specification{compiler: c, template: tmpl, known: known, resources: map[string]*jsonschema.Schema{}}, nil
}

// prepareSchema adapts the published schema to templates as written rather than as deployed:
// every property may be an intrinsic function, and resources are validated one at a time
// against the definition of their own type, which gives precise messages where the published
// anyOf over every type would only say that nothing matched.
func prepareSchema(root map[string]any) {
	delete(root, "$id")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	definitions := root["definitions"].(map[string]any)
	for _, def := range definitions {
		allowIntrinsics(def)
	}
	if props, ok := root["properties"].(map[string]any); ok {
		for _, p := range props {
			allowIntrinsics(p)
		}
		if resources, ok := props["Resources"].(map[string]any); ok {
			resources["patternProperties"] = map[string]any{"^[a-zA-Z0-9]+$": map[string]any{"type": "object"}}
		}
	}
	definitions[intrinsicDefinition] = map[string]any{
		"type":          "object",
		"minProperties": 1,
		"maxProperties": 1,
		"propertyNames": map[string]any{"pattern": `^(Ref|Condition|Fn::[A-Za-z]+)$`},
	}
}

// allowIntrinsics rewrites, below node, every schema of a property value, array item or map
// value S into "an intrinsic function call, or else S".
func allowIntrinsics(node any) {
	obj, ok := node.(map[string]any)
	if !ok {
		return
	}
	for _, key := range []string{"properties", "patternProperties"} {
		if children, ok := obj[key].(map[string]any); ok {
			for name, child := range children {
				allowIntrinsics(child)
				children[name] = orIntrinsic(child)
			}
		}
	}
	for _, key := range []string{"items", "additionalProperties"} {
		if child, ok := obj[key].(map[string]any); ok {
			allowIntrinsics(child)
			obj[key] = orIntrinsic(child)
		}
	}
	for _, key := range []string{"anyOf", "oneOf", "allOf"} {
		if list, ok := obj[key].([]any); ok {
			for _, child := range list {
				allowIntrinsics(child)
			}
		}
	}
}

func orIntrinsic(s any) map[string]any {
	return map[string]any{
		"if":   map[string]any{"$ref": "#/definitions/" + intrinsicDefinition},
		"then": true,
		"else": s,
	}
}

// knownType reports whether the specification defines a resource type.
func (s *specification) knownType(t string) bool { return s.known[t] }

// resourceSchema compiles, once, the schema of one resource type.
func (s *specification) resourceSchema(t string) (*jsonschema.Schema, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sch, ok := s.resources[t]; ok {
		return sch, nil
	}
	pointer := strings.NewReplacer("~", "~0", "/", "~1").Replace(t)
	sch, err := s.compiler.Compile(schemaURL + "#/definitions/" + pointer)
	if err != nil {
		return nil, fmt.Errorf("compile the schema of %s: %w", t, err)
	}
	s.resources[t] = sch
	return sch, nil
}

// violations flattens a validation error into its leaf messages, each with the location of
// the offending value.
func violations(err error) []violation {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return []violation{{message: err.Error()}}
	}
	var out []violation
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, describe(e))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(verr)
	return out
}

// violation is one schema failure: the path of the value and what is wrong with it.
type violation struct {
	path    []string
	message string
}

func describe(e *jsonschema.ValidationError) violation {
	path := append([]string(nil), e.InstanceLocation...)
	var msg bytes.Buffer
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		// Name the unknown property itself: that is what the author has to fix.
		if len(k.Properties) == 1 {
			path = append(path, k.Properties[0])
			msg.WriteString("is not a property in the CloudFormation resource specification")
		} else {
			fmt.Fprintf(&msg, "properties %s are not in the CloudFormation resource specification", strings.Join(k.Properties, ", "))
		}
	default:
		msg.WriteString(e.ErrorKind.LocalizedString(printer))
	}
	return violation{path: path, message: msg.String()}
}
