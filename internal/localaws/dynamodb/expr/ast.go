package expr

import (
	"strconv"
	"strings"
)

// PathElem is one step of a document path: a map key or a list index.
type PathElem struct {
	Name    string
	Index   int
	IsIndex bool
}

// Path is a document path such as a.b[2].c, with placeholders resolved.
type Path []PathElem

// String renders the path as written in an expression.
func (p Path) String() string {
	var b strings.Builder
	for i, e := range p {
		switch {
		case e.IsIndex:
			b.WriteString("[" + strconv.Itoa(e.Index) + "]")
		case i > 0:
			b.WriteString("." + e.Name)
		default:
			b.WriteString(e.Name)
		}
	}
	return b.String()
}

// listText is how DynamoDB's overlap messages show a path: [a, b, [0]].
func (p Path) listText() string {
	parts := make([]string, len(p))
	for i, e := range p {
		if e.IsIndex {
			parts[i] = "[" + strconv.Itoa(e.Index) + "]"
		} else {
			parts[i] = e.Name
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Operand is a value in an expression: a path, a :value, size(path) or,
// in SET actions, a function or arithmetic.
type Operand interface{ String() string }

// PathOp is the value at a document path.
type PathOp struct{ Path Path }

// ValueOp is a :value placeholder and the value it stands for.
type ValueOp struct {
	Name  string
	Value *Value
}

// SizeOp is size(path).
type SizeOp struct{ Path Path }

// IfNotExistsOp is if_not_exists(path, operand).
type IfNotExistsOp struct {
	Path    Path
	Default Operand
}

// ListAppendOp is list_append(a, b).
type ListAppendOp struct{ A, B Operand }

// ArithOp is a + b or a - b.
type ArithOp struct {
	Op   byte
	A, B Operand
}

func (o *PathOp) String() string  { return o.Path.String() }
func (o *ValueOp) String() string { return o.Name }
func (o *SizeOp) String() string  { return "size(" + o.Path.String() + ")" }
func (o *IfNotExistsOp) String() string {
	return "if_not_exists(" + o.Path.String() + ", " + o.Default.String() + ")"
}
func (o *ListAppendOp) String() string {
	return "list_append(" + o.A.String() + ", " + o.B.String() + ")"
}
func (o *ArithOp) String() string {
	return "(" + o.A.String() + " " + string(o.Op) + " " + o.B.String() + ")"
}

// Cond is a condition: a comparison, BETWEEN, IN, a function, or AND, OR
// and NOT of conditions. String renders it fully parenthesised.
type Cond interface{ String() string }

// CompareCond is a op b with op one of = <> < <= > >=.
type CompareCond struct {
	Op   string
	A, B Operand
}

// BetweenCond is x BETWEEN lo AND hi.
type BetweenCond struct{ X, Lo, Hi Operand }

// InCond is x IN (a, b, …).
type InCond struct {
	X    Operand
	List []Operand
}

// FuncCond is attribute_exists, attribute_not_exists, attribute_type,
// begins_with or contains; Arg is nil for the first two.
type FuncCond struct {
	Name string
	Path Path
	Arg  Operand
}

// AndCond is a AND b.
type AndCond struct{ A, B Cond }

// OrCond is a OR b.
type OrCond struct{ A, B Cond }

// NotCond is NOT x.
type NotCond struct{ X Cond }

func (c *CompareCond) String() string {
	return "(" + c.A.String() + " " + c.Op + " " + c.B.String() + ")"
}

func (c *BetweenCond) String() string {
	return "(" + c.X.String() + " BETWEEN " + c.Lo.String() + " AND " + c.Hi.String() + ")"
}

func (c *InCond) String() string {
	parts := make([]string, len(c.List))
	for i, o := range c.List {
		parts[i] = o.String()
	}
	return "(" + c.X.String() + " IN (" + strings.Join(parts, ", ") + "))"
}

func (c *FuncCond) String() string {
	if c.Arg == nil {
		return c.Name + "(" + c.Path.String() + ")"
	}
	return c.Name + "(" + c.Path.String() + ", " + c.Arg.String() + ")"
}

func (c *AndCond) String() string { return "(" + c.A.String() + " AND " + c.B.String() + ")" }
func (c *OrCond) String() string  { return "(" + c.A.String() + " OR " + c.B.String() + ")" }
func (c *NotCond) String() string { return "(NOT " + c.X.String() + ")" }

// Update is a parsed UpdateExpression.
type Update struct {
	Set    []SetAction
	Remove []Path
	Add    []ValueAction
	Delete []ValueAction
}

// SetAction is path = operand.
type SetAction struct {
	Path  Path
	Value Operand
}

// ValueAction is an ADD or DELETE of a value at a path.
type ValueAction struct {
	Path  Path
	Value *Value
}

// Paths are the document paths an update changes.
func (u *Update) Paths() []Path {
	var out []Path
	for _, a := range u.Set {
		out = append(out, a.Path)
	}
	out = append(out, u.Remove...)
	for _, a := range append(append([]ValueAction{}, u.Add...), u.Delete...) {
		out = append(out, a.Path)
	}
	return out
}
