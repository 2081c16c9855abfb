package analysis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// problems collects the errors of one spec file, each as "<file>:<line>: <message>".
type problems struct {
	file string
	errs []error
}

func (p *problems) add(n *yaml.Node, format string, args ...any) {
	where := p.file
	if n != nil && n.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.file, n.Line)
	}
	p.errs = append(p.errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
}

// mapping is a YAML mapping's values by key, in the file's order.
type mapping struct {
	node   *yaml.Node
	keys   []string
	values map[string]*yaml.Node
}

func (m mapping) has(key string) bool { return m.values[key] != nil }

// strictMapping reads a mapping whose keys must all be allowed and whose required keys must be
// there; what is the mapping's name in messages ("the spec", "test 2").
func strictMapping(p *problems, n *yaml.Node, what string, allowed, required []string) (mapping, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.add(n, "%s must be a mapping of keys (%s), not %s", what, strings.Join(allowed, ", "), kindName(n))
		return mapping{}, false
	}
	m := mapping{node: n, values: map[string]*yaml.Node{}}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(allowed, key.Value):
			p.add(key, "unknown key %q in %s (allowed: %s)", key.Value, what, strings.Join(allowed, ", "))
			ok = false
		case m.values[key.Value] != nil:
			p.add(key, "key %q appears twice in %s", key.Value, what)
			ok = false
		default:
			m.keys = append(m.keys, key.Value)
			m.values[key.Value] = value
		}
	}
	for _, key := range required {
		if !m.has(key) {
			p.add(n, "%s is missing the required key %q", what, key)
			ok = false
		}
	}
	return m, ok
}

// decode decodes one value into out, reporting a type mismatch under the key's name.
func decode(p *problems, m mapping, key string, out any) bool {
	n := m.values[key]
	if n == nil {
		return true
	}
	if err := n.Decode(out); err != nil {
		messages := []string{err.Error()}
		var typeErr *yaml.TypeError
		if errors.As(err, &typeErr) {
			messages = typeErr.Errors
		}
		for i, msg := range messages {
			messages[i] = stripLine(msg)
		}
		p.add(n, "%s: %s", key, strings.Join(messages, "; "))
		return false
	}
	return true
}

// stripLine drops yaml.v3's "line N: " prefix: our messages carry the line already.
func stripLine(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i >= 0 {
			return rest[i+2:]
		}
	}
	return msg
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && (n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode) {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		} else if len(n.Content) > 0 {
			n = n.Content[0]
		} else {
			return n
		}
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "something else"
}

// yaml11Bools are the plain scalars YAML 1.1 (PyYAML) reads as booleans and YAML 1.2 as strings.
var yaml11Bools = map[string]bool{
	"yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
	"no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
}

// maxDepth bounds nesting (and alias expansion) when an event is turned into JSON.
const maxDepth = 64

// nodeJSON writes a YAML value as JSON, keeping the mapping order of the file. Scalars keep
// what they say: a timestamp stays the string it was written as.
func nodeJSON(n *yaml.Node, buf *bytes.Buffer, depth int) error {
	n = resolve(n)
	if depth > maxDepth {
		return fmt.Errorf("line %d: nested deeper than %d levels", n.Line, maxDepth)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return mappingJSON(n, buf, depth)
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := nodeJSON(item, buf, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case yaml.ScalarNode:
		return scalarJSON(n, buf)
	}
	buf.WriteString("null")
	return nil
}

func mappingJSON(n *yaml.Node, buf *bytes.Buffer, depth int) error {
	buf.WriteByte('{')
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := resolve(n.Content[i])
		if key.Kind != yaml.ScalarNode || key.Value == "<<" {
			return fmt.Errorf("line %d: event keys must be plain names (no YAML merge keys or complex keys)", key.Line)
		}
		if seen[key.Value] {
			return fmt.Errorf("line %d: key %q appears twice", key.Line, key.Value)
		}
		seen[key.Value] = true
		if i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(key.Value)
		buf.Write(name)
		buf.WriteByte(':')
		if err := nodeJSON(n.Content[i+1], buf, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

func scalarJSON(n *yaml.Node, buf *bytes.Buffer) error {
	var value any
	switch n.ShortTag() {
	case "!!null":
		buf.WriteString("null")
		return nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return err
		}
		value = b
	case "!!int":
		if err := n.Decode(&value); err != nil {
			return err
		}
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return err
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("line %d: %s has no JSON form", n.Line, n.Value)
		}
		value = f
	case "!!str":
		value = n.Value
		// panther_analysis_tool reads YAML 1.1, where unquoted yes, no, on and off are
		// booleans; a test event must mean the same here as there.
		if b, ok := yaml11Bools[n.Value]; ok && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			value = b
		}
	default: // timestamps, binary and custom tags: the text as written
		value = n.Value
	}
	data, err := json.Marshal(value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	buf.Write(data)
	return nil
}
