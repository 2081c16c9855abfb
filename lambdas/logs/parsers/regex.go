package parsers

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// builtinPatterns are the %{NAME} patterns every regex parser may use.
var builtinPatterns = map[string]string{
	"WORD":         `\w+`,
	"NOTSPACE":     `\S+`,
	"SPACE":        `\s*`,
	"DATA":         `.*?`,
	"GREEDYDATA":   `.*`,
	"INT":          `[+-]?\d+`,
	"NUMBER":       `[+-]?(?:\d+(?:\.\d*)?|\.\d+)`,
	"IPV4":         `(?:\d{1,3}\.){3}\d{1,3}`,
	"IP":           `(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+)`,
	"HOSTNAME":     `[0-9A-Za-z][0-9A-Za-z.-]*`,
	"QUOTEDSTRING": `"(?:[^"\\]|\\.)*"`,
	"UUID":         `[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}`,
}

var patternRef = regexp.MustCompile(`%\{(\w+)(?::(\w+))?\}`)

// expandPatterns replaces %{NAME} and %{NAME:field} with their expressions, recursively.
func expandPatterns(expr string, defs map[string]string, depth int) (string, error) {
	if depth > 10 {
		return "", errors.New("regex: pattern definitions refer to each other in a loop")
	}
	var err error
	out := patternRef.ReplaceAllStringFunc(expr, func(ref string) string {
		m := patternRef.FindStringSubmatch(ref)
		body, ok := defs[m[1]]
		if !ok {
			body, ok = builtinPatterns[m[1]]
		}
		if !ok {
			err = fmt.Errorf("regex: %%{%s} is neither in patternDefinitions nor a built-in pattern", m[1])
			return ref
		}
		inner, e := expandPatterns(body, defs, depth+1)
		if e != nil {
			err = e
		}
		if m[2] != "" {
			return "(?P<" + m[2] + ">" + inner + ")"
		}
		return "(?:" + inner + ")"
	})
	return out, err
}

func newRegex(root *node, c *logschema.RegexParser) (func() Parser, error) {
	cols, err := newColumns(root, c.EmptyValues, c.TrimSpace, c.ExpandFields)
	if err != nil {
		return nil, err
	}
	expr, err := expandPatterns(strings.Join(c.Match, ""), c.PatternDefinitions, 0)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile("^(?:" + expr + ")$")
	if err != nil {
		return nil, fmt.Errorf("regex: %w", err)
	}
	names := re.SubexpNames()
	nodes := cols.resolve(names)
	return func() Parser {
		return &regexParser{textParser: textParser{cols: cols}, re: re, groups: names, groupNodes: nodes}
	}, nil
}

type regexParser struct {
	textParser
	re         *regexp.Regexp
	groups     []string
	groupNodes []*node
}

func (p *regexParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	m := p.re.FindSubmatchIndex(line)
	if m == nil {
		return errors.New("regex: the line does not match")
	}
	p.names, p.nodes, p.values = p.names[:0], p.nodes[:0], p.values[:0]
	for i, name := range p.groups {
		if name == "" || m[2*i] < 0 {
			continue
		}
		p.names, p.nodes, p.values = append(p.names, name), append(p.nodes, p.groupNodes[i]), append(p.values, line[m[2*i]:m[2*i+1]])
	}
	return p.emit(e, emit)
}
