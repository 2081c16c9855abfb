package expr

import "strings"

// ParseUpdate parses an UpdateExpression: SET, REMOVE, ADD and DELETE
// clauses in any order, each at most once.
func ParseUpdate(src string, env *Env) (*Update, error) {
	p, err := newParser("UpdateExpression", src, env)
	if err != nil {
		return nil, err
	}
	u := &Update{}
	seen := map[string]bool{}
	for p.peek().kind != tokEOF {
		t := p.peek()
		clause := strings.ToUpper(t.text)
		if t.kind != tokIdent || !isClause(clause) {
			return nil, p.fail()
		}
		if seen[clause] {
			return nil, p.errorf("The %q section can only be used once in an update expression;", clause)
		}
		seen[clause] = true
		p.next()
		if err := p.clause(clause, u); err != nil {
			return nil, err
		}
	}
	return u, p.checkOverlap(u.Paths())
}

func isClause(s string) bool { return s == "SET" || s == "REMOVE" || s == "ADD" || s == "DELETE" }

// clause parses the comma-separated actions of one clause.
func (p *parser) clause(clause string, u *Update) error {
	for {
		path, err := p.path()
		if err != nil {
			return err
		}
		switch clause {
		case "SET":
			if err := p.expect("="); err != nil {
				return err
			}
			v, err := p.setValue()
			if err != nil {
				return err
			}
			u.Set = append(u.Set, SetAction{Path: path, Value: v})
		case "REMOVE":
			u.Remove = append(u.Remove, path)
		default:
			if p.peek().kind != tokValue {
				return p.fail()
			}
			v, err := p.value()
			if err != nil {
				return err
			}
			a := ValueAction{Path: path, Value: v.Value}
			if clause == "ADD" {
				u.Add = append(u.Add, a)
			} else {
				u.Delete = append(u.Delete, a)
			}
		}
		if !p.peek().is(",") {
			return nil
		}
		p.next()
	}
}

// setValue := setOperand [ (+|-) setOperand ].
func (p *parser) setValue() (Operand, error) {
	a, err := p.setOperand()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.is("+") || t.is("-") {
		p.next()
		b, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		return &ArithOp{Op: t.text[0], A: a, B: b}, nil
	}
	return a, nil
}

// setOperand := path | :value | if_not_exists(path, setOperand) |
// list_append(setOperand, setOperand).
func (p *parser) setOperand() (Operand, error) {
	t := p.peek()
	if t.kind == tokValue {
		return p.value()
	}
	if t.kind != tokIdent || !p.toks[p.at+1].is("(") {
		path, err := p.path()
		if err != nil {
			return nil, err
		}
		return &PathOp{Path: path}, nil
	}
	p.next()
	p.next()
	var out Operand
	switch t.text {
	case "if_not_exists":
		path, err := p.path()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		def, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		out = &IfNotExistsOp{Path: path, Default: def}
	case "list_append":
		a, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		b, err := p.setOperand()
		if err != nil {
			return nil, err
		}
		out = &ListAppendOp{A: a, B: b}
	default:
		return nil, p.errorf("Invalid function name; function: %s", t.text)
	}
	return out, p.expect(")")
}
