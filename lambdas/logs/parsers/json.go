package parsers

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/panther-operator/panther-operator/lambdas/logs/pantherlog"
)

// decoder transcodes JSON into an event, guided by the schema's nodes: declared members are
// converted and written, the rest skipped.
type decoder struct {
	lexer
	e       *pantherlog.Event
	bits    []uint64
	scratch []byte
}

// view is b as a string without copying, for scanners and lookups that do not keep it.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// members reads an object of n's members into the event: each written member is followed by
// a comma.
func (d *decoder) members(n *node, depth int) error {
	if depth > maxDepth {
		return errTooDeep
	}
	if err := d.expect('{'); err != nil {
		return err
	}
	base := len(d.bits)
	for range n.words {
		d.bits = append(d.bits, 0)
	}
	defer func() { d.bits = d.bits[:base] }()
	if d.peek() == '}' {
		d.pos++
		return d.checkRequired(n, base)
	}
	for {
		if err := d.member(n, base, depth); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.pos++
		case '}':
			d.pos++
			return d.checkRequired(n, base)
		default:
			return d.fail()
		}
	}
}

func (d *decoder) member(n *node, base, depth int) error {
	key, escaped, err := d.str()
	if err != nil {
		return err
	}
	if escaped {
		if key, err = unescape(nil, key); err != nil {
			return err
		}
	}
	if err := d.expect(':'); err != nil {
		return err
	}
	child := n.members[view(key)]
	if child == nil || d.bits[base+child.index/64]&(1<<(child.index%64)) != 0 {
		_, err := d.skip(depth + 1)
		return err
	}
	if d.peek() == 'n' {
		return d.literal("null")
	}
	d.bits[base+child.index/64] |= 1 << (child.index % 64)
	mark := len(d.e.Buf)
	d.e.Buf = append(d.e.Buf, child.key...)
	empty, err := d.value(child, depth+1)
	if err != nil {
		return fieldError{child.name, err}
	}
	if empty {
		d.e.Buf = d.e.Buf[:mark]
	} else {
		d.e.Buf = append(d.e.Buf, ',')
	}
	return nil
}

// fieldError puts the path of the field in front of what went wrong with its value.
type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string { return e.field + ": " + e.err.Error() }
func (e fieldError) Unwrap() error { return e.err }

func (d *decoder) checkRequired(n *node, base int) error {
	for _, i := range n.mustHave {
		if d.bits[base+i/64]&(1<<(i%64)) == 0 {
			return fmt.Errorf("required field %s is missing", n.ordered[i].name)
		}
	}
	return nil
}

// typeError is a value of the wrong JSON type for its field.
type typeError struct {
	want string
	got  byte
}

func (e typeError) Error() string {
	got := map[byte]string{'{': "an object", '[': "an array", '"': "a string", 't': "a boolean", 'f': "a boolean"}[e.got]
	if got == "" {
		got = "a number"
	}
	return fmt.Sprintf("want %s, found %s", e.want, got)
}

// value writes one value; empty reports a value that is to be left out (an empty object or
// array, an empty string where a number or time is declared).
func (d *decoder) value(n *node, depth int) (empty bool, err error) {
	switch n.kind {
	case kindObject:
		if c := d.peek(); c != '{' {
			return false, typeError{"an object", c}
		}
		d.e.Buf = append(d.e.Buf, '{')
		start := len(d.e.Buf)
		if err := d.members(n, depth); err != nil {
			return false, err
		}
		return d.close(start, '}'), nil
	case kindArray:
		return d.array(n, depth)
	case kindJSON:
		raw, err := d.skip(depth)
		if err != nil {
			return false, err
		}
		d.e.Buf = appendJSONRaw(d.e.Buf, raw)
		if len(n.scanners) > 0 {
			return false, d.scanJSON(raw, n.scanners)
		}
		return false, nil
	default:
		value, raw, quoted, err := d.text()
		if err != nil {
			return false, err
		}
		return d.scalar(n, value, raw, quoted)
	}
}

// close ends a container opened at start-1: empty when nothing was written into it.
func (d *decoder) close(start int, closer byte) bool {
	if len(d.e.Buf) == start {
		return true
	}
	d.e.Buf[len(d.e.Buf)-1] = closer
	return false
}

func (d *decoder) array(n *node, depth int) (bool, error) {
	if c := d.peek(); c != '[' {
		return false, typeError{"an array", c}
	}
	d.pos++
	d.e.Buf = append(d.e.Buf, '[')
	start := len(d.e.Buf)
	if d.peek() == ']' {
		d.pos++
		return true, nil
	}
	for {
		if d.peek() == 'n' {
			if err := d.literal("null"); err != nil {
				return false, err
			}
		} else {
			mark := len(d.e.Buf)
			empty, err := d.value(n.elem, depth+1)
			if err != nil {
				return false, err
			}
			if empty {
				d.e.Buf = d.e.Buf[:mark]
			} else {
				d.e.Buf = append(d.e.Buf, ',')
			}
		}
		switch d.peek() {
		case ',':
			d.pos++
		case ']':
			d.pos++
			return d.close(start, ']'), nil
		default:
			return false, d.fail()
		}
	}
}

// text reads a string's decoded content, or the text of a number or boolean, for values
// that accept either.
func (d *decoder) text() (value []byte, raw []byte, quoted bool, err error) {
	switch c := d.peek(); c {
	case '"':
		raw, escaped, err := d.str()
		if err != nil || !escaped {
			return raw, raw, true, err
		}
		d.scratch, err = unescape(d.scratch[:0], raw)
		return d.scratch, raw, true, err
	case '{', '[':
		return nil, nil, false, typeError{"a scalar", c}
	default:
		raw, err := d.skip(0)
		return raw, raw, false, err
	}
}

// scalar writes a string, number, boolean or timestamp from its text. raw is the value as
// the JSON line wrote it, nil for text parsers' columns.
func (d *decoder) scalar(n *node, value, raw []byte, quoted bool) (empty bool, err error) {
	if quoted && len(value) == 0 && n.kind != kindString {
		return true, nil
	}
	switch n.kind {
	case kindString:
		return false, d.stringValue(n, value, raw, quoted)
	case kindTimestamp:
		return false, d.timestamp(n, value, quoted)
	case kindBool:
		b, ok := parseBool(value)
		if !ok {
			return false, fmt.Errorf("want a boolean")
		}
		d.e.Buf = appendBool(d.e.Buf, b)
	case kindFloat:
		d.e.Buf, err = appendFloat(d.e.Buf, value, quoted)
	default:
		d.e.Buf, err = appendInteger(d.e.Buf, value, n.kind)
	}
	return false, err
}

func (d *decoder) stringValue(n *node, value, raw []byte, quoted bool) error {
	if err := n.validate(value); err != nil {
		return err
	}
	if quoted && raw != nil && safeRaw(raw) {
		d.e.Buf = append(append(append(d.e.Buf, '"'), raw...), '"')
	} else {
		d.e.Buf = pantherlog.AppendString(d.e.Buf, view(value))
	}
	for _, scan := range n.scanners {
		scan(d.e, view(value), false)
	}
	return nil
}

func (n *node) validate(value []byte) error {
	if n.allow != nil && !n.allow[view(value)] {
		return fmt.Errorf("value is not one of the allowed values")
	}
	if n.deny != nil && n.deny[view(value)] {
		return fmt.Errorf("value is one of the denied values")
	}
	return nil
}

func (d *decoder) timestamp(n *node, value []byte, quoted bool) error {
	var t time.Time
	var err error
	if quoted {
		t, err = n.time.parse(value)
	} else {
		t, err = n.time.parseNumber(value)
	}
	if err != nil {
		return err
	}
	d.e.Buf = append(pantherlog.AppendGlueTime(append(d.e.Buf, '"'), t), '"')
	if n.eventRank >= 0 {
		d.e.SetEventTime(t, n.eventRank)
	}
	return nil
}

// scanJSON runs strict scanners over every string value inside raw.
func (d *decoder) scanJSON(raw []byte, scanners []pantherlog.Scanner) error {
	l := lexer{in: raw, onString: func(s []byte, escaped bool) error {
		if escaped {
			var err error
			if s, err = unescape(nil, s); err != nil {
				return err
			}
		}
		for _, scan := range scanners {
			scan(d.e, view(s), true)
		}
		return nil
	}}
	_, err := l.skip(0)
	return err
}

// appendJSONRaw copies a value the lexer checked, escaping the control characters JSON
// forbids inside strings (which the lexer lets through) and turning whitespace into spaces.
func appendJSONRaw(b, raw []byte) []byte {
	if !hasControl(raw) {
		return append(b, raw...)
	}
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '\\' && inString && i+1 < len(raw):
			b = append(b, c, raw[i+1])
			i++
		case c == '"':
			inString = !inString
			b = append(b, c)
		case c < 0x20 && inString:
			b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		case c < 0x20:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return b
}
