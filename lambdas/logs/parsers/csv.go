package parsers

import (
	"bytes"
	"errors"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

var errCSVColumns = errors.New("csv: the line has more values than columns")

func newCSV(root *node, c *logschema.CSVParser) (func() Parser, error) {
	cols, err := newColumns(root, c.EmptyValues, c.TrimSpace, c.ExpandFields)
	if err != nil {
		return nil, err
	}
	return func() Parser {
		return &csvParser{textParser: textParser{cols: cols, names: c.Columns, nodes: cols.resolve(c.Columns)}, delim: c.Delimiter[0],
			hasHeader: c.HasHeader, skipPrefix: []byte(c.SkipPrefix)}
	}, nil
}

// csvParser splits delimited lines; quoted values may hold the delimiter, and "" is a quote.
type csvParser struct {
	textParser
	delim      byte
	hasHeader  bool
	seenHeader bool
	skipPrefix []byte
	buf        []byte
	spans      []span
}

type span struct{ start, end int }

func (p *csvParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	if len(p.skipPrefix) > 0 && bytes.HasPrefix(line, p.skipPrefix) {
		return nil
	}
	values, err := p.split(line)
	if err != nil {
		return err
	}
	if p.hasHeader && p.isHeader(values) {
		p.names = p.names[:0:0]
		for _, v := range values {
			p.names = append(p.names, string(v))
		}
		p.nodes = p.cols.resolve(p.names)
		p.seenHeader = true
		return nil
	}
	if len(p.names) == 0 {
		return errors.New("csv: no header line before the first values")
	}
	if len(values) > len(p.names) {
		return errCSVColumns
	}
	p.values = values
	return p.emit(e, emit)
}

// isHeader: the first line of a header-only schema, or (with default columns) a line whose
// values are all declared field names.
func (p *csvParser) isHeader(values [][]byte) bool {
	if len(p.names) == 0 && !p.seenHeader {
		return true
	}
	for _, v := range values {
		if p.cols.root.members[view(v)] == nil {
			return false
		}
	}
	return len(values) > 1
}

func (p *csvParser) split(line []byte) ([][]byte, error) {
	values := p.values[:0]
	p.buf = p.buf[:0]
	spans := p.spans[:0]
	for i := 0; i <= len(line); {
		if i < len(line) && line[i] == '"' {
			start := len(p.buf)
			j := i + 1
			for ; j < len(line); j++ {
				if line[j] == '"' {
					if j+1 < len(line) && line[j+1] == '"' {
						p.buf = append(p.buf, '"')
						j++
						continue
					}
					break
				}
				p.buf = append(p.buf, line[j])
			}
			if j >= len(line) {
				return nil, errors.New("csv: unterminated quote")
			}
			spans = append(spans, span{start, len(p.buf)})
			i = j + 1
			if i < len(line) && line[i] != p.delim {
				return nil, errors.New("csv: text after a closing quote")
			}
			i++
			continue
		}
		end := bytes.IndexByte(line[i:], p.delim)
		if end < 0 {
			end = len(line) - i
		}
		start := len(p.buf)
		p.buf = append(p.buf, line[i:i+end]...)
		spans = append(spans, span{start, len(p.buf)})
		i += end + 1
	}
	p.spans = spans
	for _, s := range spans {
		values = append(values, p.buf[s.start:s.end])
	}
	return values, nil
}
