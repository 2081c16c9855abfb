package expr

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Env holds a request's ExpressionAttributeNames and Values and records
// which of them its expressions use.
type Env struct {
	Names      map[string]string
	Values     map[string]*Value
	usedNames  map[string]bool
	usedValues map[string]bool
}

// Unused returns DynamoDB's message for placeholders no expression used,
// or "". Call it after parsing all of a request's expressions.
func (e *Env) Unused() string {
	if k := unusedKeys(e.Names, e.usedNames); k != "" {
		return "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + k + "}"
	}
	if k := unusedKeys(e.Values, e.usedValues); k != "" {
		return "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + k + "}"
	}
	return ""
}

func unusedKeys[V any](m map[string]V, used map[string]bool) string {
	if len(m) == 0 { // most requests have no placeholders; sorting none still allocates
		return ""
	}
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !used[k] {
			out = append(out, k)
		}
	}
	return strings.Join(out, ", ")
}

// parser is a recursive-descent parser over one expression's tokens.
type parser struct {
	kind string // ConditionExpression, UpdateExpression, …: named in errors
	src  string
	toks []token
	at   int
	env  *Env
}

func newParser(kind, src string, env *Env) (*parser, error) {
	if env == nil {
		env = &Env{}
	}
	if strings.TrimSpace(src) == "" {
		return nil, &Error{Msg: "Invalid " + kind + ": The expression can not be empty;"}
	}
	toks, bad := lex(src)
	if bad != nil {
		end := min(len(src), bad.pos+8)
		return nil, &Error{Msg: fmt.Sprintf("Invalid %s: Syntax error; token: %q, near: %q", kind, bad.text, src[bad.pos:end])}
	}
	return &parser{kind: kind, src: src, toks: toks, env: env}, nil
}

func (p *parser) peek() token { return p.toks[p.at] }

func (p *parser) next() token {
	t := p.toks[p.at]
	if t.kind != tokEOF {
		p.at++
	}
	return t
}

func (p *parser) fail() error { return syntaxError(p.kind, p.src, p.toks, p.at) }

func (p *parser) errorf(format string, args ...any) error {
	return &Error{Msg: "Invalid " + p.kind + ": " + fmt.Sprintf(format, args...)}
}

func (p *parser) expect(s string) error {
	if !p.peek().is(s) {
		return p.fail()
	}
	p.next()
	return nil
}

func (p *parser) end() error {
	if p.peek().kind != tokEOF {
		return p.fail()
	}
	return nil
}

// ParseCondition parses a ConditionExpression, FilterExpression or
// KeyConditionExpression (kind names it in errors).
func ParseCondition(kind, src string, env *Env) (Cond, error) {
	p, err := newParser(kind, src, env)
	if err != nil {
		return nil, err
	}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	return c, p.end()
}

// or := and (OR and)*; AND binds tighter than OR, NOT tighter than AND.
func (p *parser) or() (Cond, error) {
	c, err := p.and()
	for err == nil && p.peek().is("OR") {
		p.next()
		var rhs Cond
		if rhs, err = p.and(); err == nil {
			c = &OrCond{A: c, B: rhs}
		}
	}
	return c, err
}

func (p *parser) and() (Cond, error) {
	c, err := p.not()
	for err == nil && p.peek().is("AND") {
		p.next()
		var rhs Cond
		if rhs, err = p.not(); err == nil {
			c = &AndCond{A: c, B: rhs}
		}
	}
	return c, err
}

func (p *parser) not() (Cond, error) {
	if p.peek().is("NOT") {
		p.next()
		c, err := p.not()
		if err != nil {
			return nil, err
		}
		return &NotCond{X: c}, nil
	}
	return p.primary()
}

// conditionFunctions are the functions that are conditions themselves.
var conditionFunctions = map[string]int{
	"attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2, "begins_with": 2, "contains": 2,
}

func (p *parser) primary() (Cond, error) {
	t := p.peek()
	if t.is("(") {
		p.next()
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		return c, p.expect(")")
	}
	if t.kind == tokIdent && p.toks[p.at+1].is("(") {
		if _, ok := conditionFunctions[t.text]; ok {
			return p.function()
		}
		if t.text != "size" {
			return nil, p.errorf("Invalid function name; function: %s", t.text)
		}
	}
	return p.comparison()
}

func (p *parser) function() (Cond, error) {
	name := p.next().text
	p.next() // (
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	c := &FuncCond{Name: name, Path: path}
	if conditionFunctions[name] == 2 {
		if err := p.expect(","); err != nil {
			return nil, err
		}
		if c.Arg, err = p.operand(); err != nil {
			return nil, err
		}
		if err := p.checkFunctionArg(c); err != nil {
			return nil, err
		}
	}
	return c, p.expect(")")
}

var typeNames = map[string]bool{"S": true, "SS": true, "N": true, "NS": true, "B": true, "BS": true,
	"BOOL": true, "NULL": true, "L": true, "M": true}

// checkFunctionArg rejects arguments of a type the function cannot take.
func (p *parser) checkFunctionArg(c *FuncCond) error {
	v, ok := c.Arg.(*ValueOp)
	if !ok {
		return nil
	}
	switch kind := v.Value.Kind(); c.Name {
	case "attribute_type":
		if kind != TypeS || !typeNames[*v.Value.S] {
			return p.errorf("Invalid attribute type name found; type: %s, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }", valueText(v.Value))
		}
	case "begins_with":
		if kind != TypeS && kind != TypeB {
			return p.errorf("Incorrect operand type for operator or function; operator or function: begins_with, operand type: %s", kind)
		}
	}
	return nil
}

func valueText(v *Value) string {
	if v.S != nil {
		return *v.S
	}
	return v.Kind()
}

var comparators = []string{"=", "<>", "<", "<=", ">", ">="}

func (p *parser) comparison() (Cond, error) {
	a, err := p.operand()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case t.kind == tokPunct && slices.Contains(comparators, t.text):
		p.next()
		b, err := p.operand()
		if err != nil {
			return nil, err
		}
		return &CompareCond{Op: t.text, A: a, B: b}, nil
	case t.is("BETWEEN"):
		p.next()
		lo, err := p.operand()
		if err != nil {
			return nil, err
		}
		if err := p.expect("AND"); err != nil {
			return nil, err
		}
		hi, err := p.operand()
		if err != nil {
			return nil, err
		}
		return &BetweenCond{X: a, Lo: lo, Hi: hi}, nil
	case t.is("IN"):
		p.next()
		list, err := p.operandList()
		if err != nil {
			return nil, err
		}
		return &InCond{X: a, List: list}, nil
	}
	return nil, p.fail()
}

// operandList is ( operand {, operand} ); IN takes up to 100.
func (p *parser) operandList() ([]Operand, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var list []Operand
	for {
		o, err := p.operand()
		if err != nil {
			return nil, err
		}
		list = append(list, o)
		if !p.peek().is(",") {
			break
		}
		p.next()
	}
	if len(list) > 100 {
		return nil, p.errorf("The IN operator is provided with too many operands; number of operands: %d", len(list))
	}
	return list, p.expect(")")
}

// operand := path | :value | size(path).
func (p *parser) operand() (Operand, error) {
	t := p.peek()
	switch {
	case t.kind == tokValue:
		return p.value()
	case t.kind == tokIdent && t.text == "size" && p.toks[p.at+1].is("("):
		p.next()
		p.next()
		path, err := p.path()
		if err != nil {
			return nil, err
		}
		return &SizeOp{Path: path}, p.expect(")")
	case t.kind == tokIdent && p.toks[p.at+1].is("("):
		return nil, p.errorf("Invalid function name; function: %s", t.text)
	}
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	return &PathOp{Path: path}, nil
}

func (p *parser) value() (*ValueOp, error) {
	t := p.next()
	v, ok := p.env.Values[t.text]
	if !ok {
		return nil, p.errorf("An expression attribute value used in expression is not defined; attribute value: %s", t.text)
	}
	if p.env.usedValues == nil {
		p.env.usedValues = map[string]bool{}
	}
	p.env.usedValues[t.text] = true
	return &ValueOp{Name: t.text, Value: v}, nil
}

// path := name { . name | [ index ] }.
func (p *parser) path() (Path, error) {
	first, err := p.pathName()
	if err != nil {
		return nil, err
	}
	path := Path{{Name: first}}
	for {
		switch t := p.peek(); {
		case t.is("."):
			p.next()
			name, err := p.pathName()
			if err != nil {
				return nil, err
			}
			path = append(path, PathElem{Name: name})
		case t.is("["):
			p.next()
			n := p.peek()
			if n.kind != tokNumber {
				return nil, p.fail()
			}
			p.next()
			i, err := strconv.Atoi(n.text)
			if err != nil {
				return nil, p.fail()
			}
			path = append(path, PathElem{Index: i, IsIndex: true})
			if err := p.expect("]"); err != nil {
				return nil, err
			}
		default:
			return path, nil
		}
	}
}

func (p *parser) pathName() (string, error) {
	t := p.peek()
	switch t.kind {
	case tokName:
		p.next()
		name, ok := p.env.Names[t.text]
		if !ok {
			return "", p.errorf("An expression attribute name used in the document path is not defined; attribute name: %s", t.text)
		}
		if p.env.usedNames == nil {
			p.env.usedNames = map[string]bool{}
		}
		p.env.usedNames[t.text] = true
		return name, nil
	case tokIdent:
		if reserved[strings.ToUpper(t.text)] {
			return "", p.errorf("Attribute name is a reserved keyword; reserved keyword: %s", t.text)
		}
		p.next()
		return t.text, nil
	}
	return "", p.fail()
}

// ParseProjection parses a ProjectionExpression.
func ParseProjection(src string, env *Env) ([]Path, error) {
	p, err := newParser("ProjectionExpression", src, env)
	if err != nil {
		return nil, err
	}
	var paths []Path
	for {
		path, err := p.path()
		if err != nil {
			return nil, err
		}
		paths = append(paths, path)
		if !p.peek().is(",") {
			break
		}
		p.next()
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	return paths, p.checkOverlap(paths)
}

// checkOverlap rejects two paths where one is a prefix of the other.
func (p *parser) checkOverlap(paths []Path) error {
	for i, a := range paths {
		for _, b := range paths[i+1:] {
			n := min(len(a), len(b))
			if slices.Equal(a[:n], b[:n]) {
				return p.errorf("Two document paths overlap with each other; must remove or rewrite one of these paths; path one: %s, path two: %s", a.listText(), b.listText())
			}
		}
	}
	return nil
}
