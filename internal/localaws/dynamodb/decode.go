package dynamodb

import (
	"encoding/base64"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
)

// decodeItemInput reads the body of GetItem, PutItem, UpdateItem or DeleteItem into in.
//
// encoding/json costs more than the rest of such an operation: it reflects over itemInput and
// expr.Value for every member. The SDKs write these bodies compactly, with the members'
// exact names, no nulls and no escapes in the common case, and that shape is read here
// directly. Anything else (a member itemInput lacks, a name in another case, a null, an
// escape, a number, a repeated member, bad syntax or UTF-8) is left to encoding/json from
// the start, so whatever it would decode or answer is still what the request gets.
func (req *request) decodeItemInput(in *itemInput) error {
	if len(req.Body) > 0 && readItemInput(req.Body, in) {
		return nil
	}
	*in = itemInput{}
	return req.decode(in)
}

// maxReadDepth bounds the nesting readItemInput follows; DynamoDB allows 32 levels, and
// deeper documents take encoding/json's path, which has its own limit.
const maxReadDepth = 64

// itemReader reads the JSON shape of itemInput. Each method reports whether it could: false
// means "not this reader's shape", never an answer to the client.
type itemReader struct {
	data []byte
	pos  int
}

// readItemInput reads data into in, reporting whether data had the shape it reads.
func readItemInput(data []byte, in *itemInput) bool {
	r := itemReader{data: data}
	if !r.open('{') {
		return false
	}
	if r.close('}') {
		return r.end()
	}
	var seen uint32
	for {
		key, ok := r.key()
		if !ok {
			return false
		}
		bit, ok := r.field(string(key), in)
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		if !r.next('}') {
			return false
		}
		if r.close('}') {
			return r.end()
		}
	}
}

// field reads the value of one member of itemInput, returning the member's bit in the set
// of those read; false for a member it does not read (including Expected and
// AttributeUpdates, which are rejected anyway).
func (r *itemReader) field(key string, in *itemInput) (bit uint32, ok bool) {
	switch key {
	case "TableName":
		in.TableName, ok = r.str()
		return 1 << 0, ok
	case "Key":
		in.Key, ok = r.item(0)
		return 1 << 1, ok
	case "Item":
		in.Item, ok = r.item(0)
		return 1 << 2, ok
	case "ConditionExpression":
		in.ConditionExpression, ok = r.str()
		return 1 << 3, ok
	case "UpdateExpression":
		in.UpdateExpression, ok = r.str()
		return 1 << 4, ok
	case "ProjectionExpression":
		in.ProjectionExpression, ok = r.str()
		return 1 << 5, ok
	case "AttributesToGet":
		in.AttributesToGet, ok = r.strs()
		return 1 << 6, ok
	case "ExpressionAttributeNames":
		in.ExpressionAttributeNames, ok = r.names()
		return 1 << 7, ok
	case "ExpressionAttributeValues":
		in.ExpressionAttributeValues, ok = r.item(0)
		return 1 << 8, ok
	case "ReturnValues":
		in.ReturnValues, ok = r.str()
		return 1 << 9, ok
	case "ReturnValuesOnConditionCheckFailure":
		in.ReturnValuesOnConditionCheckFailure, ok = r.str()
		return 1 << 10, ok
	case "ReturnConsumedCapacity":
		in.ReturnConsumedCapacity, ok = r.str()
		return 1 << 11, ok
	case "ConsistentRead":
		in.ConsistentRead, ok = r.boolean()
		return 1 << 12, ok
	}
	return 0, false
}

// item reads an object of attribute values (an item, a key, or ExpressionAttributeValues).
// A name given twice keeps its last value, as encoding/json does.
func (r *itemReader) item(depth int) (expr.Item, bool) {
	if depth > maxReadDepth || !r.open('{') {
		return nil, false
	}
	it := expr.Item{}
	if r.close('}') {
		return it, true
	}
	for {
		key, ok := r.key()
		if !ok {
			return nil, false
		}
		v, ok := r.value(depth + 1)
		if !ok {
			return nil, false
		}
		it[string(key)] = v
		if !r.next('}') {
			return nil, false
		}
		if r.close('}') {
			return it, true
		}
	}
}

// value reads one attribute value: an object with one member or, for Validate to reject
// as encoding/json would leave it, several or none.
func (r *itemReader) value(depth int) (*expr.Value, bool) {
	if depth > maxReadDepth || !r.open('{') {
		return nil, false
	}
	if r.close('}') {
		return &expr.Value{}, true
	}
	key, ok := r.key()
	if !ok {
		return nil, false
	}
	var v *expr.Value
	var seen uint16
	if k := string(key); k == expr.TypeS || k == expr.TypeN {
		// Most values are one string or number: it comes in one allocation with its value.
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		sv := &scalarValue{s: s}
		if v, seen = &sv.v, 1<<0; k == expr.TypeS {
			v.S = &sv.s
		} else {
			v.N, seen = &sv.s, 1<<1
		}
	} else {
		v = &expr.Value{}
		if seen, ok = r.member(key, v, depth); !ok {
			return nil, false
		}
	}
	for {
		if !r.next('}') {
			return nil, false
		}
		if r.close('}') {
			return v, true
		}
		if key, ok = r.key(); !ok {
			return nil, false
		}
		bit, ok := r.member(key, v, depth)
		if !ok || seen&bit != 0 {
			return nil, false
		}
		seen |= bit
	}
}

// scalarValue is a value with its string or number.
type scalarValue struct {
	v expr.Value
	s string
}

// member reads one member of an attribute value into v, returning the member's bit in the
// set of those read.
func (r *itemReader) member(key []byte, v *expr.Value, depth int) (bit uint16, ok bool) {
	switch string(key) {
	case expr.TypeS:
		var s string
		s, ok = r.str()
		v.S = &s
		return 1 << 0, ok
	case expr.TypeN:
		var s string
		s, ok = r.str()
		v.N = &s
		return 1 << 1, ok
	case expr.TypeB:
		v.B, ok = r.binary()
		return 1 << 2, ok
	case expr.TypeBOOL:
		var b bool
		b, ok = r.boolean()
		v.BOOL = &b
		return 1 << 3, ok
	case expr.TypeNULL:
		var b bool
		b, ok = r.boolean()
		v.NULL = &b
		return 1 << 4, ok
	case expr.TypeM:
		v.M, ok = r.item(depth)
		return 1 << 5, ok
	case expr.TypeL:
		v.L, ok = r.list(depth)
		return 1 << 6, ok
	case expr.TypeSS:
		v.SS, ok = r.strs()
		return 1 << 7, ok
	case expr.TypeNS:
		v.NS, ok = r.strs()
		return 1 << 8, ok
	case expr.TypeBS:
		v.BS, ok = r.binaries()
		return 1 << 9, ok
	}
	return 0, false
}

// list reads an L: an array of attribute values, empty but not nil when it has none.
func (r *itemReader) list(depth int) ([]*expr.Value, bool) {
	if !r.open('[') {
		return nil, false
	}
	out := []*expr.Value{}
	if r.close(']') {
		return out, true
	}
	for {
		v, ok := r.value(depth + 1)
		if !ok {
			return nil, false
		}
		out = append(out, v)
		if !r.next(']') {
			return nil, false
		}
		if r.close(']') {
			return out, true
		}
	}
}

// strs reads an array of strings, empty but not nil when it has none.
func (r *itemReader) strs() ([]string, bool) {
	if !r.open('[') {
		return nil, false
	}
	out := []string{}
	if r.close(']') {
		return out, true
	}
	for {
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		if !r.next(']') {
			return nil, false
		}
		if r.close(']') {
			return out, true
		}
	}
}

// binaries reads a BS: an array of base64 strings.
func (r *itemReader) binaries() ([][]byte, bool) {
	if !r.open('[') {
		return nil, false
	}
	out := [][]byte{}
	if r.close(']') {
		return out, true
	}
	for {
		b, ok := r.binary()
		if !ok {
			return nil, false
		}
		out = append(out, b)
		if !r.next(']') {
			return nil, false
		}
		if r.close(']') {
			return out, true
		}
	}
}

// names reads ExpressionAttributeNames.
func (r *itemReader) names() (map[string]string, bool) {
	if !r.open('{') {
		return nil, false
	}
	out := map[string]string{}
	if r.close('}') {
		return out, true
	}
	for {
		key, ok := r.key()
		if !ok {
			return nil, false
		}
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		out[string(key)] = s
		if !r.next('}') {
			return nil, false
		}
		if r.close('}') {
			return out, true
		}
	}
}

// binary reads a base64 string as encoding/json decodes one into a []byte: never nil.
func (r *itemReader) binary() ([]byte, bool) {
	raw, ok := r.rawString()
	if !ok {
		return nil, false
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(raw)))
	n, err := base64.StdEncoding.Decode(b, raw)
	if err != nil {
		return nil, false
	}
	return b[:n], true
}

// str reads a string.
func (r *itemReader) str() (string, bool) {
	raw, ok := r.rawString()
	return string(raw), ok
}

// key reads a member name and the colon after it.
func (r *itemReader) key() ([]byte, bool) {
	k, ok := r.rawString()
	return k, ok && r.open(':')
}

// rawString reads a string without escapes, control characters or invalid UTF-8 and
// returns its bytes, which alias the body.
func (r *itemReader) rawString() ([]byte, bool) {
	if !r.open('"') {
		return nil, false
	}
	start, ascii := r.pos, true
	for ; r.pos < len(r.data); r.pos++ {
		switch c := r.data[r.pos]; {
		case c == '"':
			s := r.data[start:r.pos]
			r.pos++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// boolean reads true or false.
func (r *itemReader) boolean() (bool, bool) {
	r.space()
	rest := r.data[r.pos:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		r.pos += 4
		return true, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		r.pos += 5
		return false, true
	}
	return false, false
}

// open consumes c after optional whitespace.
func (r *itemReader) open(c byte) bool {
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == c {
		r.pos++
		return true
	}
	return false
}

// close consumes the closing c of an object or array, if it is next.
func (r *itemReader) close(c byte) bool { return r.open(c) }

// next consumes the comma between members or elements, and reports whether the input goes
// on with one or with the closing c (left for close).
func (r *itemReader) next(c byte) bool {
	r.space()
	if r.pos < len(r.data) && r.data[r.pos] == ',' {
		r.pos++
		r.space()
		// A comma before the closing bracket is a syntax error.
		return r.pos < len(r.data) && r.data[r.pos] != c
	}
	return r.pos < len(r.data) && r.data[r.pos] == c
}

// end reports whether only whitespace is left.
func (r *itemReader) end() bool {
	r.space()
	return r.pos == len(r.data)
}

func (r *itemReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}
