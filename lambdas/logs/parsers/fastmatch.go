package parsers

import (
	"bytes"
	"errors"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// pattern is one fastmatch pattern: a literal prefix, then captures each followed by the
// literal text that ends it (empty for the last, which takes the rest of the line).
type pattern struct {
	prefix   []byte
	captures []capture
}

type capture struct {
	name  string
	node  *node
	until []byte
}

func compilePattern(text string) (pattern, error) {
	var p pattern
	i := strings.Index(text, "%{")
	if i < 0 {
		return p, errors.New("fastmatch: a pattern needs at least one %{field}")
	}
	p.prefix = []byte(text[:i])
	text = text[i:]
	for text != "" {
		end := strings.IndexByte(text, '}')
		if !strings.HasPrefix(text, "%{") || end < 0 {
			return p, errors.New("fastmatch: unclosed %{")
		}
		c := capture{name: text[2:end]}
		text = text[end+1:]
		next := strings.Index(text, "%{")
		if next == 0 {
			return p, errors.New("fastmatch: two captures need text between them")
		}
		if next < 0 {
			next = len(text)
		}
		c.until = []byte(text[:next])
		text = text[next:]
		p.captures = append(p.captures, c)
	}
	return p, nil
}

// match splits line: each capture ends at the first occurrence of the text that follows it
// in the pattern, so a quoted value is written `"%{request}"` and may hold spaces.
func (p *pattern) match(line []byte, names []string, nodes []*node, values [][]byte) ([]string, []*node, [][]byte, bool) {
	if !bytes.HasPrefix(line, p.prefix) {
		return nil, nil, nil, false
	}
	rest := line[len(p.prefix):]
	for i, c := range p.captures {
		var value []byte
		switch {
		case len(c.until) == 0 && i == len(p.captures)-1:
			value, rest = rest, nil
		default:
			j := bytes.Index(rest, c.until)
			if j < 0 {
				return nil, nil, nil, false
			}
			value, rest = rest[:j], rest[j+len(c.until):]
		}
		if c.name != "" {
			names, nodes, values = append(names, c.name), append(nodes, c.node), append(values, value)
		}
	}
	if len(rest) != 0 {
		return nil, nil, nil, false
	}
	return names, nodes, values, true
}

func newFastMatch(root *node, c *logschema.FastMatchParser) (func() Parser, error) {
	cols, err := newColumns(root, c.EmptyValues, c.TrimSpace, c.ExpandFields)
	if err != nil {
		return nil, err
	}
	patterns := make([]pattern, len(c.Match))
	for i, text := range c.Match {
		if patterns[i], err = compilePattern(text); err != nil {
			return nil, err
		}
		for j := range patterns[i].captures {
			patterns[i].captures[j].node = root.members[patterns[i].captures[j].name]
		}
	}
	return func() Parser { return &fastMatchParser{textParser: textParser{cols: cols}, patterns: patterns} }, nil
}

type fastMatchParser struct {
	textParser
	patterns []pattern
}

func (p *fastMatchParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	for i := range p.patterns {
		names, nodes, values, ok := p.patterns[i].match(line, p.names[:0], p.nodes[:0], p.values[:0])
		if ok {
			p.names, p.nodes, p.values = names, nodes, values
			return p.emit(e, emit)
		}
	}
	return errors.New("fastmatch: the line matches no pattern")
}
