package expr

import (
	"fmt"
	"strings"
)

// tokKind is the class of a token.
type tokKind int

const (
	tokEOF    tokKind = iota
	tokIdent          // attribute name, keyword or function name
	tokName           // #name placeholder
	tokValue          // :value placeholder
	tokNumber         // list index
	tokPunct          // ( ) [ ] , . = <> < <= > >= + -
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset in the expression
}

// Error is an expression error; its message is the ValidationException
// message DynamoDB answers.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// lex splits an expression into tokens; the last is tokEOF.
func lex(src string) ([]token, *token) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isIdentStart(c):
			j := scanWord(src, i+1)
			toks = append(toks, token{tokIdent, src[i:j], i})
			i = j
		case c == '#' || c == ':':
			j := scanWord(src, i+1)
			if j == i+1 {
				return nil, &token{tokPunct, src[i : i+1], i}
			}
			kind := tokName
			if c == ':' {
				kind = tokValue
			}
			toks = append(toks, token{kind, src[i:j], i})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			toks = append(toks, token{tokNumber, src[i:j], i})
			i = j
		default:
			n := punctLen(src[i:])
			if n == 0 {
				return nil, &token{tokPunct, src[i : i+1], i}
			}
			toks = append(toks, token{tokPunct, src[i : i+n], i})
			i += n
		}
	}
	return append(toks, token{tokEOF, "", len(src)}), nil
}

func isIdentStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }

func isWordChar(c byte) bool { return isIdentStart(c) || (c >= '0' && c <= '9') }

func scanWord(src string, j int) int {
	for j < len(src) && isWordChar(src[j]) {
		j++
	}
	return j
}

func punctLen(s string) int {
	for _, p := range []string{"<>", "<=", ">=", "(", ")", "[", "]", ",", ".", "=", "<", ">", "+", "-"} {
		if strings.HasPrefix(s, p) {
			return len(p)
		}
	}
	return 0
}

// text is how error messages name a token.
func (t token) String() string {
	if t.kind == tokEOF {
		return "<EOF>"
	}
	return t.text
}

// is reports whether the token is the punctuation or keyword s (keywords
// are case-insensitive).
func (t token) is(s string) bool {
	if t.kind == tokIdent {
		return strings.EqualFold(t.text, s)
	}
	return t.kind == tokPunct && t.text == s
}

// syntaxError is DynamoDB's message for an unexpected token: the token
// and the text around it.
func syntaxError(kind, src string, toks []token, at int) *Error {
	t := toks[at]
	start := t.pos
	if at > 0 {
		start = toks[at-1].pos
	}
	end := t.pos + len(t.text)
	if at+1 < len(toks) {
		end = toks[at+1].pos + len(toks[at+1].text)
	}
	return &Error{Msg: fmt.Sprintf("Invalid %s: Syntax error; token: %q, near: %q", kind, t.String(), src[start:end])}
}
