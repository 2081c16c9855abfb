package parsers

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting, so a hostile line cannot exhaust the stack.
const maxDepth = 512

// errSyntax is malformed JSON; its position, never its content, is reported.
type errSyntax struct{ pos int }

func (e errSyntax) Error() string { return fmt.Sprintf("malformed JSON at byte %d", e.pos) }

var errTooDeep = errors.New("JSON nested too deeply")

// lexer walks one JSON document in place.
type lexer struct {
	in  []byte
	pos int
	// onString, when set, is given every string value skip passes over (not the keys).
	onString func(raw []byte, escaped bool) error
}

func (l *lexer) ws() {
	for l.pos < len(l.in) {
		switch l.in[l.pos] {
		case ' ', '\t', '\n', '\r':
			l.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (l *lexer) peek() byte {
	l.ws()
	if l.pos < len(l.in) {
		return l.in[l.pos]
	}
	return 0
}

func (l *lexer) fail() error { return errSyntax{l.pos} }

func (l *lexer) expect(c byte) error {
	if l.peek() != c {
		return l.fail()
	}
	l.pos++
	return nil
}

// str reads a string at the current position and returns its raw content (between the
// quotes) and whether it holds escapes. Control characters are not checked here: values that
// are copied to the output are (see safeRaw), the rest is skipped.
func (l *lexer) str() (raw []byte, escaped bool, err error) {
	if l.peek() != '"' {
		return nil, false, l.fail()
	}
	l.pos++
	start := l.pos
	in := l.in
	i := start
	// Eight bytes at a time until one is a quote or a backslash.
	for ; i+8 <= len(in); i += 8 {
		x := binary.LittleEndian.Uint64(in[i:])
		q, b := x^0x2222222222222222, x^0x5c5c5c5c5c5c5c5c
		if (q-0x0101010101010101)&^q&0x8080808080808080 != 0 || (b-0x0101010101010101)&^b&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(in); i++ {
		switch in[i] {
		case '"':
			l.pos = i + 1
			return in[start:i], escaped, nil
		case '\\':
			escaped = true
			i++
		}
	}
	l.pos = len(in)
	return nil, false, l.fail()
}

// number reads a JSON number and reports whether it is an integer.
func (l *lexer) number() (raw []byte, integer bool, err error) {
	l.ws()
	start := l.pos
	if l.pos < len(l.in) && l.in[l.pos] == '-' {
		l.pos++
	}
	digits := l.digits()
	if digits == 0 {
		return nil, false, l.fail()
	}
	integer = true
	if l.pos < len(l.in) && l.in[l.pos] == '.' {
		l.pos++
		integer = false
		if l.digits() == 0 {
			return nil, false, l.fail()
		}
	}
	if l.pos < len(l.in) && (l.in[l.pos] == 'e' || l.in[l.pos] == 'E') {
		l.pos++
		integer = false
		if l.pos < len(l.in) && (l.in[l.pos] == '+' || l.in[l.pos] == '-') {
			l.pos++
		}
		if l.digits() == 0 {
			return nil, false, l.fail()
		}
	}
	return l.in[start:l.pos], integer, nil
}

func (l *lexer) digits() int {
	n := 0
	for l.pos < len(l.in) && l.in[l.pos] >= '0' && l.in[l.pos] <= '9' {
		l.pos++
		n++
	}
	return n
}

// literal reads true, false or null.
func (l *lexer) literal(word string) error {
	if len(l.in)-l.pos < len(word) || string(l.in[l.pos:l.pos+len(word)]) != word {
		return l.fail()
	}
	l.pos += len(word)
	return nil
}

// skip passes over one value, checking its syntax, and returns its raw bytes.
func (l *lexer) skip(depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errTooDeep
	}
	c := l.peek()
	start := l.pos
	var err error
	switch c {
	case '"':
		var raw []byte
		var escaped bool
		if raw, escaped, err = l.str(); err == nil && l.onString != nil {
			err = l.onString(raw, escaped)
		}
	case '{':
		err = l.skipContainer(depth, '}', true)
	case '[':
		err = l.skipContainer(depth, ']', false)
	case 't':
		err = l.literal("true")
	case 'f':
		err = l.literal("false")
	case 'n':
		err = l.literal("null")
	default:
		_, _, err = l.number()
	}
	if err != nil {
		return nil, err
	}
	return l.in[start:l.pos], nil
}

func (l *lexer) skipContainer(depth int, closer byte, object bool) error {
	l.pos++
	if l.peek() == closer {
		l.pos++
		return nil
	}
	for {
		if object {
			if _, _, err := l.str(); err != nil {
				return err
			}
			if err := l.expect(':'); err != nil {
				return err
			}
		}
		if _, err := l.skip(depth + 1); err != nil {
			return err
		}
		switch l.peek() {
		case ',':
			l.pos++
		case closer:
			l.pos++
			return nil
		default:
			return l.fail()
		}
	}
}

// unescape appends the decoded content of a JSON string to dst; invalid escapes are errors
// and invalid UTF-8 becomes U+FFFD.
func unescape(dst, raw []byte) ([]byte, error) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(raw) {
			return nil, errSyntax{i}
		}
		switch raw[i] {
		case '"', '\\', '/':
			dst = append(dst, raw[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, n, ok := decodeU(raw[i+1:])
			if !ok {
				return nil, errSyntax{i}
			}
			dst = utf8.AppendRune(dst, r)
			i += n
		default:
			return nil, errSyntax{i}
		}
	}
	return dst, nil
}

// decodeU reads the hex digits after \u (and a low surrogate's \uXXXX after a high one).
func decodeU(b []byte) (rune, int, bool) {
	r, ok := hex4(b)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) && len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if low, ok := hex4(b[6:]); ok {
			if dec := utf16.DecodeRune(r, low); dec != utf8.RuneError {
				return dec, 10, true
			}
		}
	}
	if utf16.IsSurrogate(r) {
		r = utf8.RuneError
	}
	return r, 4, true
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// safeRaw reports whether a string's raw content can be copied to the output as it is:
// valid UTF-8 without control characters (which JSON strings must escape).
func safeRaw(raw []byte) bool {
	i := 0
	for ; i+8 <= len(raw); i += 8 {
		x := binary.LittleEndian.Uint64(raw[i:])
		// A byte below 0x20 or above 0x7f in any lane.
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 || x&0x8080808080808080 != 0 {
			return utf8.Valid(raw) && !hasControl(raw)
		}
	}
	for ; i < len(raw); i++ {
		if raw[i] < 0x20 || raw[i] >= utf8.RuneSelf {
			return utf8.Valid(raw) && !hasControl(raw)
		}
	}
	return true
}

func hasControl(raw []byte) bool {
	for _, c := range raw {
		if c < 0x20 {
			return true
		}
	}
	return false
}
