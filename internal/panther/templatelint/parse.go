package templatelint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// shortForms maps CloudFormation's YAML short-form tags to the function names of the long
// form. GetAtt is handled separately because its scalar form splits on the first dot.
var shortForms = map[string]string{
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!Sub":          "Fn::Sub",
	"!Transform":    "Fn::Transform",
	"!And":          "Fn::And",
	"!Equals":       "Fn::Equals",
	"!If":           "Fn::If",
	"!Not":          "Fn::Not",
	"!Or":           "Fn::Or",
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!GetAtt":       "Fn::GetAtt",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
}

// parseTemplate decodes a YAML template into the JSON data model (maps, slices, strings,
// numbers, booleans, nil), with every short-form tag turned into its long form. It rejects
// what CloudFormation rejects or silently mangles: several documents, duplicate keys, unknown
// tags, anchors and aliases, and non-string keys.
func parseTemplate(data []byte) (map[string]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document")
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the template is not a YAML mapping")
	}
	value, err := convert(doc.Content[0])
	if err != nil {
		return nil, err
	}
	// Round-trip through JSON so that numbers take the representation the schema validator
	// expects, exactly as a JSON template would.
	raw, err := json.Marshal(value)
	if err != nil {
		return nil, err
	}
	normalised, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	return normalised.(map[string]any), nil
}

func convert(n *yaml.Node) (any, error) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return nil, fmt.Errorf("line %d: YAML anchors and aliases are not supported by CloudFormation", n.Line)
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return convertShortForm(n)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return convertMapping(n)
	case yaml.SequenceNode:
		items := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := convert(c)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		return items, nil
	case yaml.ScalarNode:
		return convertScalar(n)
	default:
		return nil, fmt.Errorf("line %d: unexpected YAML node", n.Line)
	}
}

func convertMapping(n *yaml.Node) (map[string]any, error) {
	out := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return nil, fmt.Errorf("line %d: mapping keys must be plain strings", k.Line)
		}
		if _, dup := out[k.Value]; dup {
			return nil, fmt.Errorf("line %d: key %q appears twice in the same mapping", k.Line, k.Value)
		}
		value, err := convert(v)
		if err != nil {
			return nil, err
		}
		out[k.Value] = value
	}
	return out, nil
}

func convertScalar(n *yaml.Node) (any, error) {
	switch n.Tag {
	case "!!str", "!!timestamp", "!!binary":
		return n.Value, nil
	case "!!null":
		return nil, nil
	case "!!bool":
		return strconv.ParseBool(n.Value)
	case "!!int":
		var v int64
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	case "!!float":
		var v float64
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	default:
		return nil, fmt.Errorf("line %d: unsupported YAML tag %s", n.Line, n.Tag)
	}
}

func convertShortForm(n *yaml.Node) (any, error) {
	fn, ok := shortForms[n.Tag]
	if !ok {
		return nil, fmt.Errorf("line %d: unknown tag %s", n.Line, n.Tag)
	}
	if fn == "Fn::GetAtt" && n.Kind == yaml.ScalarNode {
		resource, attribute, found := strings.Cut(n.Value, ".")
		if !found || resource == "" || attribute == "" {
			return nil, fmt.Errorf("line %d: !GetAtt %q is not Resource.Attribute", n.Line, n.Value)
		}
		return map[string]any{fn: []any{resource, attribute}}, nil
	}
	// Convert the node's content as if it had no tag.
	plain := *n
	plain.Tag = ""
	switch n.Kind {
	case yaml.ScalarNode:
		plain.Tag = "!!str"
	case yaml.SequenceNode:
		plain.Tag = "!!seq"
	case yaml.MappingNode:
		plain.Tag = "!!map"
	}
	inner, err := convert(&plain)
	if err != nil {
		return nil, err
	}
	return map[string]any{fn: inner}, nil
}
