// Package parsers compiles log schemas into parsers: a schema-guided JSON transcoder, and the
// csv, fastmatch and regex text parsers whose columns go through the same field conversion.
// A parser writes each event straight into a pantherlog.Event; nothing is decoded into maps.
package parsers

import (
	"fmt"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

type kind int

const (
	kindString kind = iota
	kindInt
	kindSmallInt
	kindBigInt
	kindFloat
	kindBool
	kindTimestamp
	kindJSON
	kindObject
	kindArray
)

// node is one compiled value schema.
type node struct {
	kind kind
	name string
	// key is `"column":`, the member as it is written.
	key      []byte
	required bool
	index    int
	// Objects.
	members  map[string]*node
	ordered  []*node
	mustHave []int
	words    int
	// Arrays.
	elem *node
	// Timestamps.
	time      timeCodec
	eventRank int
	// Strings and json values.
	scanners []pantherlog.Scanner
	allow    map[string]bool
	deny     map[string]bool
}

// compiler turns a validated schema into nodes; event-time fields are ranked in declaration
// order.
type compiler struct {
	schema *logschema.Schema
	rank   int
}

func compileFields(s *logschema.Schema) (*node, error) {
	c := &compiler{schema: s}
	return c.object("", s.Fields)
}

func (c *compiler) object(path string, fields []*logschema.Field) (*node, error) {
	n := &node{kind: kindObject, members: map[string]*node{}}
	for i, f := range fields {
		at := f.Name
		if path != "" {
			at = path + "." + f.Name
		}
		child, err := c.value(at, &f.ValueSchema)
		if err != nil {
			return nil, err
		}
		child.name, child.index, child.required = f.Name, i, f.Required
		child.key = append(pantherlog.AppendString(nil, pantherlog.ColumnName(f.Name)), ':')
		n.members[f.Name] = child
		n.ordered = append(n.ordered, child)
		if f.Required {
			n.mustHave = append(n.mustHave, i)
		}
	}
	n.words = (len(fields) + 63) / 64
	return n, nil
}

func (c *compiler) value(path string, v *logschema.ValueSchema) (*node, error) {
	v = c.schema.Resolve(v)
	if v == nil {
		return nil, fmt.Errorf("%s: unresolved ref", path)
	}
	switch v.Type {
	case logschema.TypeObject:
		return c.object(path, v.Fields)
	case logschema.TypeArray:
		elem, err := c.value(path+"[]", v.Element)
		if err != nil {
			return nil, err
		}
		return &node{kind: kindArray, elem: elem}, nil
	case logschema.TypeTimestamp:
		codec, err := newTimeCodec(v.TimeFormat)
		if err != nil {
			return nil, fmt.Errorf("%s: timeFormat: %w", path, err)
		}
		n := &node{kind: kindTimestamp, time: codec, eventRank: -1}
		if v.IsEventTime {
			n.eventRank = c.rank
			c.rank++
		}
		return n, nil
	case logschema.TypeString, logschema.TypeJSON:
		return c.scalar(v), nil
	}
	kinds := map[logschema.Type]kind{logschema.TypeInt: kindInt, logschema.TypeSmallInt: kindSmallInt,
		logschema.TypeBigInt: kindBigInt, logschema.TypeFloat: kindFloat, logschema.TypeBoolean: kindBool}
	k, ok := kinds[v.Type]
	if !ok {
		return nil, fmt.Errorf("%s: unknown type %q", path, v.Type)
	}
	return &node{kind: k}, nil
}

func (c *compiler) scalar(v *logschema.ValueSchema) *node {
	n := &node{kind: kindString}
	if v.Type == logschema.TypeJSON {
		n.kind = kindJSON
	}
	for _, name := range v.Indicators {
		n.scanners = append(n.scanners, pantherlog.Scanners[name])
	}
	if v.Validate != nil {
		n.allow, n.deny = set(v.Validate.Allow), set(v.Validate.Deny)
	}
	return n
}

func set(values []string) map[string]bool {
	if len(values) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, v := range values {
		m[v] = true
	}
	return m
}
