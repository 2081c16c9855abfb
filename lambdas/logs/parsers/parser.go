package parsers

import (
	"errors"
	"fmt"

	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// Parser reads the lines of one stream (one file) and may keep state between them, such as a
// CSV header.
type Parser interface {
	// Parse reads one line. It builds each event it finds in e (calling e.Reset first) and
	// hands it to emit before returning. A line it does not accept is an error; the events it
	// emitted before the error must then be discarded by the caller.
	Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error
}

// LogType is a compiled schema: its name, its schema, and a parser per stream.
type LogType struct {
	Name   string
	Schema *logschema.Schema
	new    func() Parser
}

// NewParser returns a parser for one stream.
func (t *LogType) NewParser() Parser { return t.new() }

// Fields gives native parsers the schema's field conversion.
type Fields struct{ root *node }

// Decoder returns a decoder for the fields, to use from one goroutine.
func (f *Fields) Decoder() *Decoder { return &Decoder{root: f.root} }

// Required lists the schema's required top-level fields, in declaration order: SetText does
// not check them, a native parser that writes text fields does.
func (f *Fields) Required() []string {
	names := make([]string, 0, len(f.root.mustHave))
	for _, i := range f.root.mustHave {
		names = append(names, f.root.ordered[i].name)
	}
	return names
}

// Decoder writes events of a schema's fields: from JSON objects or from named text values.
type Decoder struct {
	root *node
	d    decoder
}

// DecodeObject resets e and writes the JSON object in into it.
func (dec *Decoder) DecodeObject(in []byte, e *pantherlog.Event) error {
	e.Reset()
	dec.d.e, dec.d.lexer = e, lexer{in: in}
	if err := dec.d.members(dec.root, 0); err != nil {
		return err
	}
	if dec.d.peek() != 0 {
		return dec.d.fail()
	}
	return nil
}

// SetText writes one field from its text into e (after e.Reset), as a text parser's column.
// A name the schema does not declare is ignored.
func (dec *Decoder) SetText(e *pantherlog.Event, name string, value []byte) error {
	n := dec.root.members[name]
	if n == nil || len(value) == 0 {
		return nil
	}
	dec.d.e = e
	return dec.d.textMember(n, value)
}

// NativeFactory makes a native parser's per-stream parsers over the schema's fields.
type NativeFactory func(fields *Fields) (func() Parser, error)

// Compile compiles a validated schema; natives are the native parsers a schema may name.
func Compile(s *logschema.Schema, natives map[string]NativeFactory) (*LogType, error) {
	root, err := compileFields(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Schema, err)
	}
	t := &LogType{Name: s.Schema, Schema: s}
	p := s.Parser
	switch {
	case p == nil:
		t.new = func() Parser { return &jsonParser{dec: Decoder{root: root}} }
	case p.Native != nil:
		factory, ok := natives[p.Native.Name]
		if !ok {
			return nil, fmt.Errorf("%s: parser.native.name: no native parser %q", s.Schema, p.Native.Name)
		}
		t.new, err = factory(&Fields{root: root})
	case p.CSV != nil:
		t.new, err = newCSV(root, p.CSV)
	case p.FastMatch != nil:
		t.new, err = newFastMatch(root, p.FastMatch)
	case p.Regex != nil:
		t.new, err = newRegex(root, p.Regex)
	default:
		err = errors.New("parser: set one of csv, fastmatch, regex or native")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Schema, err)
	}
	return t, nil
}

// jsonParser reads one JSON object per line.
type jsonParser struct{ dec Decoder }

func (p *jsonParser) Parse(line []byte, e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	if err := p.dec.DecodeObject(line, e); err != nil {
		return err
	}
	emit(e)
	return nil
}

// textParser is what the csv, fastmatch and regex parsers share: split a line into named
// values, then write them.
type textParser struct {
	cols   *columns
	d      decoder
	names  []string
	nodes  []*node
	values [][]byte
}

func (p *textParser) emit(e *pantherlog.Event, emit func(*pantherlog.Event)) error {
	e.Reset()
	p.d.e = e
	if err := p.cols.write(&p.d, p.nodes, p.names, p.values); err != nil {
		return err
	}
	emit(e)
	return nil
}
