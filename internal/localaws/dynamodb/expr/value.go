package expr

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Value is a DynamoDB AttributeValue in its JSON wire shape: exactly one
// member is set.
type Value struct {
	S    *string           `json:"S,omitempty"`
	N    *string           `json:"N,omitempty"`
	B    []byte            `json:"B,omitempty"`
	BOOL *bool             `json:"BOOL,omitempty"`
	NULL *bool             `json:"NULL,omitempty"`
	M    map[string]*Value `json:"M,omitempty"`
	L    []*Value          `json:"L,omitempty"`
	SS   []string          `json:"SS,omitempty"`
	NS   []string          `json:"NS,omitempty"`
	BS   [][]byte          `json:"BS,omitempty"`
}

// Item is an item or a key: attribute values by name.
type Item map[string]*Value

// The type descriptors of attribute values.
const (
	TypeS    = "S"
	TypeN    = "N"
	TypeB    = "B"
	TypeBOOL = "BOOL"
	TypeNULL = "NULL"
	TypeM    = "M"
	TypeL    = "L"
	TypeSS   = "SS"
	TypeNS   = "NS"
	TypeBS   = "BS"
)

// Kind returns the type descriptor of the value, or "" when none is set.
func (v *Value) Kind() string {
	switch {
	case v == nil:
		return ""
	case v.S != nil:
		return TypeS
	case v.N != nil:
		return TypeN
	case v.B != nil:
		return TypeB
	case v.BOOL != nil:
		return TypeBOOL
	case v.NULL != nil:
		return TypeNULL
	case v.M != nil:
		return TypeM
	case v.L != nil:
		return TypeL
	case v.SS != nil:
		return TypeSS
	case v.NS != nil:
		return TypeNS
	case v.BS != nil:
		return TypeBS
	}
	return ""
}

// kinds counts the members set, to reject values with several.
func (v *Value) kinds() int {
	n := 0
	for _, set := range []bool{v.S != nil, v.N != nil, v.B != nil, v.BOOL != nil, v.NULL != nil,
		v.M != nil, v.L != nil, v.SS != nil, v.NS != nil, v.BS != nil} {
		if set {
			n++
		}
	}
	return n
}

// Str returns a string value.
func Str(s string) *Value { return &Value{S: &s} }

// Num returns a number value from its canonical text.
func Num(s string) *Value { return &Value{N: &s} }

// Bool returns a boolean value.
func Bool(b bool) *Value { return &Value{BOOL: &b} }

// MarshalJSON writes the value in its wire shape, keeping empty maps and
// lists, which the struct tags alone would drop.
func (v *Value) MarshalJSON() ([]byte, error) { return v.AppendJSON(nil), nil }

// MarshalJSON writes the item without the per-value indirection of
// encoding/json.
func (it Item) MarshalJSON() ([]byte, error) {
	if it == nil {
		return []byte("null"), nil
	}
	return appendItem(nil, it), nil
}

// AppendJSON appends the item's JSON to b.
func (it Item) AppendJSON(b []byte) []byte {
	if it == nil {
		return append(b, "null"...)
	}
	return appendItem(b, it)
}

func appendItem(b []byte, m map[string]*Value) []byte {
	b = append(b, '{')
	first := true
	for k, v := range m {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
		b = v.AppendJSON(b)
	}
	return append(b, '}')
}

// AppendJSON appends the value's JSON to b.
func (v *Value) AppendJSON(b []byte) []byte {
	switch v.Kind() {
	case TypeS:
		return append(appendString(append(b, `{"S":`...), *v.S), '}')
	case TypeN:
		return append(appendString(append(b, `{"N":`...), *v.N), '}')
	case TypeB:
		return append(appendBytes(append(b, `{"B":`...), v.B), '}')
	case TypeBOOL:
		return append(strconv.AppendBool(append(b, `{"BOOL":`...), *v.BOOL), '}')
	case TypeNULL:
		return append(strconv.AppendBool(append(b, `{"NULL":`...), *v.NULL), '}')
	case TypeM:
		return append(appendItem(append(b, `{"M":`...), v.M), '}')
	case TypeL:
		b = append(b, `{"L":[`...)
		for i, e := range v.L {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.AppendJSON(b)
		}
		return append(b, "]}"...)
	case TypeSS, TypeNS:
		name, list := `{"SS":[`, v.SS
		if v.NS != nil {
			name, list = `{"NS":[`, v.NS
		}
		b = append(b, name...)
		for i, s := range list {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		return append(b, "]}"...)
	case TypeBS:
		b = append(b, `{"BS":[`...)
		for i, e := range v.BS {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendBytes(b, e)
		}
		return append(b, "]}"...)
	}
	return append(b, "{}"...)
}

func appendBytes(b, data []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, data)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// Equal reports whether two values are the same DynamoDB value: numbers
// compare numerically and sets regardless of order.
func Equal(a, b *Value) bool {
	ka := a.Kind()
	if ka != b.Kind() {
		return false
	}
	switch ka {
	case TypeS:
		return *a.S == *b.S
	case TypeN:
		return CompareNumbers(*a.N, *b.N) == 0
	case TypeB:
		return bytes.Equal(a.B, b.B)
	case TypeBOOL:
		return *a.BOOL == *b.BOOL
	case TypeNULL:
		return true
	case TypeM:
		return equalMaps(a.M, b.M)
	case TypeL:
		return slices.EqualFunc(a.L, b.L, Equal)
	case TypeSS:
		return sameSet(a.SS, b.SS, func(x, y string) bool { return x == y })
	case TypeNS:
		return sameSet(a.NS, b.NS, func(x, y string) bool { return CompareNumbers(x, y) == 0 })
	case TypeBS:
		return sameSet(a.BS, b.BS, bytes.Equal)
	}
	return false
}

func equalMaps(a, b map[string]*Value) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !Equal(v, w) {
			return false
		}
	}
	return true
}

func sameSet[E any](a, b []E, eq func(E, E) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y E) bool { return eq(x, y) }) {
			return false
		}
	}
	return true
}

// Compare orders two scalar values of the same type (S, N or B); ok is
// false when they are not comparable.
func Compare(a, b *Value) (int, bool) {
	ka := a.Kind()
	if ka != b.Kind() {
		return 0, false
	}
	switch ka {
	case TypeS:
		return cmpStrings(*a.S, *b.S), true
	case TypeN:
		return CompareNumbers(*a.N, *b.N), true
	case TypeB:
		return bytes.Compare(a.B, b.B), true
	}
	return 0, false
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Clone returns a deep copy.
func (v *Value) Clone() *Value {
	if v == nil {
		return nil
	}
	c := *v
	if v.M != nil {
		c.M = make(map[string]*Value, len(v.M))
		for k, e := range v.M {
			c.M[k] = e.Clone()
		}
	}
	if v.L != nil {
		c.L = make([]*Value, len(v.L))
		for i, e := range v.L {
			c.L[i] = e.Clone()
		}
	}
	c.SS, c.NS, c.BS = slices.Clone(v.SS), slices.Clone(v.NS), slices.Clone(v.BS)
	return &c
}

// Clone returns a copy of the item whose values may be changed freely.
func (it Item) Clone() Item {
	if it == nil {
		return nil
	}
	out := make(Item, len(it))
	for k, v := range it {
		out[k] = v.Clone()
	}
	return out
}

// Size is the value's size as DynamoDB counts it for the item size limit:
// the lengths of strings and binaries, about 1 byte per 2 digits of a
// number, 1 byte for booleans and nulls and 3 bytes per map and list.
func (v *Value) Size() int {
	switch v.Kind() {
	case TypeS:
		return len(*v.S)
	case TypeN:
		return len(*v.N)/2 + 1
	case TypeB:
		return len(v.B)
	case TypeBOOL, TypeNULL:
		return 1
	case TypeM:
		return 3 + ItemSize(v.M)
	case TypeL:
		n := 3
		for _, e := range v.L {
			n += 1 + e.Size()
		}
		return n
	case TypeSS, TypeNS:
		n := 0
		for _, s := range append(slices.Clone(v.SS), v.NS...) {
			n += len(s)
		}
		return n
	case TypeBS:
		n := 0
		for _, e := range v.BS {
			n += len(e)
		}
		return n
	}
	return 0
}

// ItemSize is the size of an item: its attribute names and values.
func ItemSize(it map[string]*Value) int {
	n := 0
	for k, v := range it {
		n += len(k) + v.Size()
	}
	return n
}
