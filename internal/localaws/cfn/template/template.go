// Package template reads CloudFormation templates without touching any
// service: parsing JSON and YAML, the SAM transform, parameters,
// intrinsic functions and conditions, references and the dependency graph,
// and the resource specification properties are checked against.
package template

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
	"sync"

	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// AWS's template size limits.
const (
	MaxTemplateBody = 51200
	MaxTemplateURL  = 1 << 20
)

// Template is a parsed CloudFormation template.
type Template struct {
	Description string
	Transforms  []string
	Parameters  map[string]*paramDecl
	ParamOrder  []string
	Conditions  map[string]any
	Mappings    map[string]any
	Resources   map[string]*resourceDecl
	Outputs     map[string]*outputDecl
	Globals     map[string]any
}

type paramDecl struct {
	Type                  string
	Default               *string
	AllowedValues         []string
	AllowedPattern        string
	MinLength, MaxLength  *int
	MinValue, MaxValue    *float64
	NoEcho                bool
	Description           string
	ConstraintDescription string
}

type resourceDecl struct {
	Type                string
	Properties          map[string]any
	DependsOn           []string
	Condition           string
	DeletionPolicy      string
	UpdateReplacePolicy string
}

type outputDecl struct {
	Value       any
	Description string
	Export      any
	Condition   string
}

var knownSections = map[string]bool{
	"AWSTemplateFormatVersion": true, "Description": true, "Metadata": true, "Parameters": true,
	"Rules": true, "Mappings": true, "Conditions": true, "Transform": true, "Resources": true,
	"Outputs": true, "Globals": true,
}

// yamlMu serialises goformation's YAML conversion, which registers its tag
// resolvers in a package-level map on every call.
var yamlMu sync.Mutex

// decodeTemplate turns JSON or YAML (with short-form tags) into a generic
// tree; numbers stay json.Number so their text is kept exactly.
func decodeTemplate(body string) (map[string]any, error) {
	data := []byte(body)
	trimmed := bytes.TrimSpace(data)
	if !bytes.HasPrefix(trimmed, []byte("{")) {
		yamlMu.Lock()
		converted, err := intrinsics.ProcessYAML(data, &intrinsics.ProcessorOptions{NoProcess: true})
		yamlMu.Unlock()
		if err != nil {
			return nil, wire.ValidationError("Template format error: YAML not well-formed. (%s)", strings.TrimPrefix(err.Error(), "invalid YAML template: "))
		}
		data = converted
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, wire.ValidationError("Template format error: JSON not well-formed. (%v)", err)
	}
	m, ok := root.(map[string]any)
	if !ok {
		return nil, wire.ValidationError("Template format error: unsupported structure.")
	}
	return m, nil
}

// parseTemplate parses and structurally validates a template.
func parseTemplate(body string) (*Template, error) {
	root, err := decodeTemplate(body)
	if err != nil {
		return nil, err
	}
	var unknown []string
	for k := range root {
		if !knownSections[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, wire.ValidationError("Template format error: Invalid template property or properties [%s]", strings.Join(unknown, ", "))
	}
	t := &Template{
		Description: ScalarString(root["Description"]),
		Conditions:  AsMap(root["Conditions"]),
		Mappings:    AsMap(root["Mappings"]),
		Globals:     AsMap(root["Globals"]),
		Parameters:  map[string]*paramDecl{},
		Resources:   map[string]*resourceDecl{},
		Outputs:     map[string]*outputDecl{},
	}
	switch tr := root["Transform"].(type) {
	case string:
		t.Transforms = []string{tr}
	case []any:
		for _, x := range tr {
			t.Transforms = append(t.Transforms, ScalarString(x))
		}
	}
	if err := t.parseParameters(AsMap(root["Parameters"])); err != nil {
		return nil, err
	}
	resources := AsMap(root["Resources"])
	if len(resources) == 0 {
		return nil, wire.ValidationError("Template format error: At least one Resources member must be defined.")
	}
	for id, raw := range resources {
		rm, ok := raw.(map[string]any)
		if !ok || ScalarString(rm["Type"]) == "" {
			return nil, wire.ValidationError("Template format error: [/Resources/%s] Every Resources object must contain a Type member.", id)
		}
		t.Resources[id] = &resourceDecl{
			Type:                ScalarString(rm["Type"]),
			Properties:          AsMap(rm["Properties"]),
			DependsOn:           StringList(rm["DependsOn"]),
			Condition:           ScalarString(rm["Condition"]),
			DeletionPolicy:      ScalarString(rm["DeletionPolicy"]),
			UpdateReplacePolicy: ScalarString(rm["UpdateReplacePolicy"]),
		}
	}
	for id, raw := range AsMap(root["Outputs"]) {
		om := AsMap(raw)
		if _, ok := om["Value"]; !ok {
			return nil, wire.ValidationError("Template format error: Every Outputs member must contain a Value object")
		}
		t.Outputs[id] = &outputDecl{Value: om["Value"], Description: ScalarString(om["Description"]),
			Export: om["Export"], Condition: ScalarString(om["Condition"])}
	}
	return t, t.checkReferences()
}

func (t *Template) parseParameters(params map[string]any) error {
	for name, raw := range params {
		pm := AsMap(raw)
		p := &paramDecl{
			Type:                  ScalarString(pm["Type"]),
			AllowedPattern:        ScalarString(pm["AllowedPattern"]),
			Description:           ScalarString(pm["Description"]),
			ConstraintDescription: ScalarString(pm["ConstraintDescription"]),
			NoEcho:                ScalarString(pm["NoEcho"]) == "true",
		}
		if p.Type == "" {
			return wire.ValidationError("Template format error: Every Parameters object must contain a Type member.")
		}
		if d, ok := pm["Default"]; ok {
			s := ScalarString(d)
			if list, isList := d.([]any); isList {
				s = strings.Join(StringList(list), ",")
			}
			p.Default = &s
		}
		for _, v := range AsSlice(pm["AllowedValues"]) {
			p.AllowedValues = append(p.AllowedValues, ScalarString(v))
		}
		p.MinLength = optInt(pm["MinLength"])
		p.MaxLength = optInt(pm["MaxLength"])
		p.MinValue = optFloat(pm["MinValue"])
		p.MaxValue = optFloat(pm["MaxValue"])
		t.Parameters[name] = p
		t.ParamOrder = append(t.ParamOrder, name)
	}
	sort.Strings(t.ParamOrder)
	return nil
}

// checkReferences rejects Ref and GetAtt targets that do not exist, with
// AWS's error text.
func (t *Template) checkReferences() error {
	var missing []string
	seen := map[string]bool{}
	for _, r := range t.Resources {
		refs := collectRefs(r.Properties)
		refs = append(refs, r.DependsOn...)
		for _, ref := range refs {
			if seen[ref] || strings.HasPrefix(ref, "AWS::") {
				continue
			}
			if _, ok := t.Resources[ref]; ok {
				continue
			}
			if _, ok := t.Parameters[ref]; ok {
				continue
			}
			seen[ref] = true
			missing = append(missing, ref)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return wire.ValidationError("Template format error: Unresolved resource dependencies [%s] in the Resources block of the template", strings.Join(missing, ", "))
	}
	return nil
}
