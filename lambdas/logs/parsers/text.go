package parsers

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// fromText writes a field from a text parser's column: scalars are converted from their
// text; json, objects and arrays are read as JSON.
func (d *decoder) fromText(n *node, value []byte) (empty bool, err error) {
	switch n.kind {
	case kindJSON, kindObject, kindArray:
		saved := d.lexer
		d.lexer = lexer{in: value}
		defer func() { d.lexer = saved }()
		empty, err = d.value(n, 1)
		if err == nil && d.peek() != 0 {
			err = d.fail()
		}
		return empty, err
	}
	return d.scalar(n, value, nil, true)
}

// textMember writes one member of the event from a column's text.
func (d *decoder) textMember(n *node, value []byte) error {
	mark := len(d.e.Buf)
	d.e.Buf = append(d.e.Buf, n.key...)
	empty, err := d.fromText(n, value)
	if err != nil {
		return fieldError{n.name, err}
	}
	if empty {
		d.e.Buf = d.e.Buf[:mark]
	} else {
		d.e.Buf = append(d.e.Buf, ',')
	}
	return nil
}

// columns are the options every text parser shares.
type columns struct {
	root   *node
	empty  map[string]bool
	trim   bool
	expand []expansion
}

// expansion builds a field from others: "%{date} %{time}".
type expansion struct {
	field *node
	parts []expansionPart
}

type expansionPart struct {
	literal string
	column  string
}

func newColumns(root *node, emptyValues []string, trim bool, expand map[string]string) (*columns, error) {
	c := &columns{root: root, empty: set(emptyValues), trim: trim}
	for _, name := range slices.Sorted(maps.Keys(expand)) {
		f := root.members[name]
		if f == nil {
			return nil, errors.New("expandFields: " + name + " is not a declared field")
		}
		parts, err := parseExpansion(expand[name])
		if err != nil {
			return nil, errors.New("expandFields: " + name + ": " + err.Error())
		}
		c.expand = append(c.expand, expansion{field: f, parts: parts})
	}
	return c, nil
}

func parseExpansion(pattern string) ([]expansionPart, error) {
	var parts []expansionPart
	for pattern != "" {
		i := strings.Index(pattern, "%{")
		if i < 0 {
			parts = append(parts, expansionPart{literal: pattern})
			break
		}
		if i > 0 {
			parts = append(parts, expansionPart{literal: pattern[:i]})
		}
		end := strings.IndexByte(pattern[i:], '}')
		if end < 0 {
			return nil, errors.New("unclosed %{")
		}
		parts = append(parts, expansionPart{column: pattern[i+2 : i+end]})
		pattern = pattern[i+end+1:]
	}
	return parts, nil
}

// resolve returns the declared field of each name (nil for names the schema does not declare).
func (c *columns) resolve(names []string) []*node {
	nodes := make([]*node, len(names))
	for i, name := range names {
		nodes[i] = c.root.members[name]
	}
	return nodes
}

// write writes the values of the columns' fields (nodes, from resolve, in the order given)
// and the expanded fields; undeclared columns are ignored, empty values left out.
func (c *columns) write(d *decoder, nodes []*node, names []string, values [][]byte) error {
	for i, n := range nodes {
		if n == nil || i >= len(values) {
			continue
		}
		v := values[i]
		if c.trim {
			v = trimSpace(v)
		}
		if len(v) == 0 || len(c.empty) > 0 && c.empty[view(v)] {
			continue
		}
		if err := d.textMember(n, v); err != nil {
			return err
		}
	}
	for _, x := range c.expand {
		var buf []byte
		for _, p := range x.parts {
			if p.column == "" {
				buf = append(buf, p.literal...)
				continue
			}
			for i, name := range names {
				if name == p.column && i < len(values) {
					buf = append(buf, values[i]...)
				}
			}
		}
		if err := d.textMember(x.field, buf); err != nil {
			return err
		}
	}
	return c.checkRequired(nodes, values)
}

func (c *columns) checkRequired(nodes []*node, values [][]byte) error {
	for _, i := range c.root.mustHave {
		f := c.root.ordered[i]
		found := false
		for j, n := range nodes {
			if n == f && j < len(values) && len(values[j]) > 0 && !c.empty[view(values[j])] {
				found = true
			}
		}
		for _, x := range c.expand {
			found = found || x.field == f
		}
		if !found {
			return errors.New("required field " + f.name + " is missing")
		}
	}
	return nil
}
