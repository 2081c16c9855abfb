package expr

import (
	"bytes"
	"cmp"
	"slices"
)

// operandTypeNames are how ADD errors name value types.
var operandTypeNames = map[string]string{TypeS: "STRING", TypeN: "NUMBER", TypeB: "BINARY", TypeBOOL: "BOOLEAN",
	TypeNULL: "NULL", TypeM: "MAP", TypeL: "LIST"}

var errInvalidPath = &Error{Msg: "The document path provided in the update expression is invalid for update"}

var errWrongType = &Error{Msg: "An operand in the update expression has an incorrect data type"}

var errMissingAttribute = &Error{Msg: "The provided expression refers to an attribute that does not exist in the item"}

// Apply performs an update on a copy of an item (nil for a new item) and
// returns the copy. SET values are computed from the item as it was, as
// DynamoDB does, before any action is applied.
func Apply(u *Update, old Item) (Item, error) {
	values := make([]*Value, len(u.Set))
	for i, a := range u.Set {
		v, err := setValue(a.Value, old)
		if err != nil {
			return nil, err
		}
		values[i] = v
	}
	it := old.Clone()
	if it == nil {
		it = Item{}
	}
	for i, a := range u.Set {
		if err := setPath(it, a.Path, values[i].Clone()); err != nil {
			return nil, err
		}
	}
	for _, p := range removalOrder(u.Remove) {
		removePath(it, p)
	}
	for _, a := range u.Add {
		if err := add(it, a); err != nil {
			return nil, err
		}
	}
	for _, a := range u.Delete {
		if err := deleteFromSet(it, a); err != nil {
			return nil, err
		}
	}
	return it, nil
}

// setValue evaluates the right-hand side of a SET action.
func setValue(o Operand, it Item) (*Value, error) {
	switch o := o.(type) {
	case *ValueOp:
		return o.Value, nil
	case *PathOp:
		if v := Resolve(it, o.Path); v != nil {
			return v, nil
		}
		return nil, errMissingAttribute
	case *IfNotExistsOp:
		if v := Resolve(it, o.Path); v != nil {
			return v, nil
		}
		return setValue(o.Default, it)
	case *ListAppendOp:
		return listAppend(o, it)
	case *ArithOp:
		return arith(o, it)
	}
	return nil, errWrongType
}

// setValues evaluates the two operands of a function or operator.
func setValues(x, y Operand, it Item) (*Value, *Value, error) {
	a, err := setValue(x, it)
	if err != nil {
		return nil, nil, err
	}
	b, err := setValue(y, it)
	return a, b, err
}

func listAppend(o *ListAppendOp, it Item) (*Value, error) {
	a, b, err := setValues(o.A, o.B, it)
	if err != nil {
		return nil, err
	}
	for _, v := range []*Value{a, b} {
		if v.L == nil {
			return nil, &Error{Msg: "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: " + v.Kind()}
		}
	}
	return &Value{L: slices.Concat(a.L, b.L)}, nil
}

func arith(o *ArithOp, it Item) (*Value, error) {
	a, b, err := setValues(o.A, o.B, it)
	if err != nil {
		return nil, err
	}
	if a.N == nil || b.N == nil {
		return nil, errWrongType
	}
	y := mustDecimal(*b.N)
	if o.Op == '-' {
		y = y.neg()
	}
	sum := mustDecimal(*a.N).add(y)
	if msg := sum.check(); msg != "" {
		return nil, &Error{Msg: msg}
	}
	return Num(sum.String()), nil
}

// setPath stores v at p, creating the last step only: the parent must
// exist. An index past the end of a list appends.
func setPath(it Item, p Path, v *Value) error {
	if len(p) == 1 {
		it[p[0].Name] = v
		return nil
	}
	parent := Resolve(it, p[:len(p)-1])
	last := p[len(p)-1]
	switch {
	case parent == nil:
		return errInvalidPath
	case last.IsIndex && parent.L != nil:
		if last.Index >= len(parent.L) {
			parent.L = append(parent.L, v)
		} else {
			parent.L[last.Index] = v
		}
	case !last.IsIndex && parent.M != nil:
		parent.M[last.Name] = v
	default:
		return errInvalidPath
	}
	return nil
}

// removalOrder removes higher list indexes first, so that every index
// refers to the list as it was.
func removalOrder(paths []Path) []Path {
	out := slices.Clone(paths)
	slices.SortStableFunc(out, func(a, b Path) int {
		if len(a) == len(b) && a[len(a)-1].IsIndex && b[len(b)-1].IsIndex {
			return cmp.Compare(b[len(b)-1].Index, a[len(a)-1].Index)
		}
		return 0
	})
	return out
}

func removePath(it Item, p Path) {
	if len(p) == 1 {
		delete(it, p[0].Name)
		return
	}
	parent := Resolve(it, p[:len(p)-1])
	last := p[len(p)-1]
	switch {
	case parent == nil:
	case last.IsIndex && parent.L != nil && last.Index < len(parent.L):
		parent.L = slices.Delete(parent.L, last.Index, last.Index+1)
	case !last.IsIndex && parent.M != nil:
		delete(parent.M, last.Name)
	}
}

// add is the ADD action: a sum for numbers, a union for sets.
func add(it Item, a ValueAction) error {
	kind := a.Value.Kind()
	if kind != TypeN && kind != TypeSS && kind != TypeNS && kind != TypeBS {
		return &Error{Msg: "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: " + operandTypeNames[kind]}
	}
	cur := Resolve(it, a.Path)
	if cur == nil {
		return setPath(it, a.Path, a.Value.Clone())
	}
	if cur.Kind() != kind {
		return errWrongType
	}
	switch kind {
	case TypeN:
		sum := mustDecimal(*cur.N).add(mustDecimal(*a.Value.N))
		if msg := sum.check(); msg != "" {
			return &Error{Msg: msg}
		}
		s := sum.String()
		cur.N = &s
	case TypeSS:
		cur.SS = union(cur.SS, a.Value.SS, func(x, y string) bool { return x == y })
	case TypeNS:
		cur.NS = union(cur.NS, a.Value.NS, func(x, y string) bool { return CompareNumbers(x, y) == 0 })
	case TypeBS:
		cur.BS = union(cur.BS, a.Value.BS, bytes.Equal)
	}
	return nil
}

func union[E any](a, b []E, eq func(E, E) bool) []E {
	out := slices.Clone(a)
	for _, e := range b {
		if !slices.ContainsFunc(out, func(x E) bool { return eq(x, e) }) {
			out = append(out, e)
		}
	}
	return out
}

// deleteFromSet is the DELETE action; a set left empty is removed.
func deleteFromSet(it Item, a ValueAction) error {
	kind := a.Value.Kind()
	if kind != TypeSS && kind != TypeNS && kind != TypeBS {
		return &Error{Msg: "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: " + operandTypeNames[kind]}
	}
	cur := Resolve(it, a.Path)
	if cur == nil {
		return nil
	}
	if cur.Kind() != kind {
		return errWrongType
	}
	empty := false
	switch kind {
	case TypeSS:
		cur.SS = slices.DeleteFunc(cur.SS, func(s string) bool { return slices.Contains(a.Value.SS, s) })
		empty = len(cur.SS) == 0
	case TypeNS:
		cur.NS = slices.DeleteFunc(cur.NS, func(n string) bool {
			return slices.ContainsFunc(a.Value.NS, func(m string) bool { return CompareNumbers(n, m) == 0 })
		})
		empty = len(cur.NS) == 0
	case TypeBS:
		cur.BS = slices.DeleteFunc(cur.BS, func(b []byte) bool {
			return slices.ContainsFunc(a.Value.BS, func(c []byte) bool { return bytes.Equal(b, c) })
		})
		empty = len(cur.BS) == 0
	}
	if empty {
		removePath(it, a.Path)
	}
	return nil
}
