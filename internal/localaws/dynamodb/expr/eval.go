package expr

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
)

// Resolve returns the value at a document path, or nil.
func Resolve(it Item, p Path) *Value {
	if len(p) == 0 || p[0].IsIndex {
		return nil
	}
	v := it[p[0].Name]
	for _, e := range p[1:] {
		switch {
		case v == nil:
			return nil
		case e.IsIndex:
			if v.L == nil || e.Index >= len(v.L) {
				return nil
			}
			v = v.L[e.Index]
		default:
			if v.M == nil {
				return nil
			}
			v = v.M[e.Name]
		}
	}
	return v
}

// Eval evaluates a condition against an item (nil for a missing item).
func Eval(c Cond, it Item) bool {
	switch c := c.(type) {
	case *AndCond:
		return Eval(c.A, it) && Eval(c.B, it)
	case *OrCond:
		return Eval(c.A, it) || Eval(c.B, it)
	case *NotCond:
		return !Eval(c.X, it)
	case *CompareCond:
		return compare(c.Op, operandValue(c.A, it), operandValue(c.B, it))
	case *BetweenCond:
		x, lo, hi := operandValue(c.X, it), operandValue(c.Lo, it), operandValue(c.Hi, it)
		return compare(">=", x, lo) && compare("<=", x, hi)
	case *InCond:
		x := operandValue(c.X, it)
		return x != nil && slices.ContainsFunc(c.List, func(o Operand) bool {
			v := operandValue(o, it)
			return v != nil && Equal(x, v)
		})
	case *FuncCond:
		return evalFunc(c, it)
	}
	return false
}

// compare applies a comparator; a missing operand makes every comparison
// false except <>.
func compare(op string, a, b *Value) bool {
	if a == nil || b == nil {
		return op == "<>" && (a != nil || b != nil)
	}
	switch op {
	case "=":
		return Equal(a, b)
	case "<>":
		return !Equal(a, b)
	}
	n, ok := Compare(a, b)
	if !ok {
		return false
	}
	switch op {
	case "<":
		return n < 0
	case "<=":
		return n <= 0
	case ">":
		return n > 0
	}
	return n >= 0
}

func evalFunc(c *FuncCond, it Item) bool {
	v := Resolve(it, c.Path)
	switch c.Name {
	case "attribute_exists":
		return v != nil
	case "attribute_not_exists":
		return v == nil
	}
	arg := operandValue(c.Arg, it)
	if v == nil || arg == nil {
		return false
	}
	switch c.Name {
	case "attribute_type":
		return arg.S != nil && v.Kind() == *arg.S
	case "begins_with":
		switch {
		case v.S != nil && arg.S != nil:
			return strings.HasPrefix(*v.S, *arg.S)
		case v.B != nil && arg.B != nil:
			return bytes.HasPrefix(v.B, arg.B)
		}
		return false
	}
	return contains(v, arg)
}

// contains is the contains function: a substring of a string, a member of
// a set or an element of a list.
func contains(v, arg *Value) bool {
	switch v.Kind() {
	case TypeS:
		return arg.S != nil && strings.Contains(*v.S, *arg.S)
	case TypeB:
		return arg.B != nil && bytes.Contains(v.B, arg.B)
	case TypeSS:
		return arg.S != nil && slices.Contains(v.SS, *arg.S)
	case TypeNS:
		return arg.N != nil && slices.ContainsFunc(v.NS, func(n string) bool { return CompareNumbers(n, *arg.N) == 0 })
	case TypeBS:
		return arg.B != nil && slices.ContainsFunc(v.BS, func(b []byte) bool { return bytes.Equal(b, arg.B) })
	case TypeL:
		return slices.ContainsFunc(v.L, func(e *Value) bool { return Equal(e, arg) })
	}
	return false
}

// operandValue evaluates a condition operand; nil means absent.
func operandValue(o Operand, it Item) *Value {
	switch o := o.(type) {
	case *ValueOp:
		return o.Value
	case *PathOp:
		return Resolve(it, o.Path)
	case *SizeOp:
		v := Resolve(it, o.Path)
		if n, ok := size(v); ok {
			return Num(strconv.Itoa(n))
		}
	}
	return nil
}

// size is the size function: bytes of strings and binaries, elements of
// sets, lists and maps.
func size(v *Value) (int, bool) {
	switch v.Kind() {
	case TypeS:
		return len(*v.S), true
	case TypeB:
		return len(v.B), true
	case TypeSS:
		return len(v.SS), true
	case TypeNS:
		return len(v.NS), true
	case TypeBS:
		return len(v.BS), true
	case TypeL:
		return len(v.L), true
	case TypeM:
		return len(v.M), true
	}
	return 0, false
}
