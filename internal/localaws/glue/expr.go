package glue

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// A partition expression, as GetPartitions takes it, filters on partition
// keys: comparisons (=, !=, <>, <, <=, >, >=), IN (…), BETWEEN … AND …,
// LIKE with % and _, combined with AND, OR, NOT and parentheses. Values
// are 'quoted' strings or numbers; keys of a numeric type compare as
// numbers.

// predicate tells whether a partition (key name → value) matches.
type predicate func(values map[string]string) bool

type exprParser struct {
	tokens []string
	pos    int
	// types are the partition keys' column types by lower-case name.
	types map[string]string
}

var tokenPattern = regexp.MustCompile(`\s*('(?:[^']|'')*'|` + "`[^`]*`" + `|<=|>=|<>|!=|[=<>(),]|[^\s=<>!(),']+)`)

func tokenize(s string) ([]string, error) {
	var out []string
	rest := strings.TrimSpace(s)
	for rest != "" {
		m := tokenPattern.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			return nil, fmt.Errorf("unexpected %q", rest)
		}
		out = append(out, rest[m[2]:m[3]])
		rest = strings.TrimSpace(rest[m[1]:])
	}
	return out, nil
}

// parseExpression compiles an expression over the given partition keys.
func parseExpression(s string, keys []Column) (predicate, error) {
	tokens, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	p := &exprParser{tokens: tokens, types: map[string]string{}}
	for _, k := range keys {
		p.types[strings.ToLower(k.Name)] = strings.ToLower(k.Type)
	}
	pred, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.tokens) {
		return nil, fmt.Errorf("unexpected %q", p.tokens[p.pos])
	}
	return pred, nil
}

func (p *exprParser) peek() string {
	if p.pos < len(p.tokens) {
		return p.tokens[p.pos]
	}
	return ""
}

func (p *exprParser) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *exprParser) keyword(word string) bool {
	if strings.EqualFold(p.peek(), word) {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) expect(tok string) error {
	if got := p.next(); !strings.EqualFold(got, tok) {
		return fmt.Errorf("expected %q, found %q", tok, got)
	}
	return nil
}

func (p *exprParser) or() (predicate, error) {
	left, err := p.and()
	for err == nil && p.keyword("OR") {
		var right predicate
		if right, err = p.and(); err == nil {
			l := left
			left = func(v map[string]string) bool { return l(v) || right(v) }
		}
	}
	return left, err
}

func (p *exprParser) and() (predicate, error) {
	left, err := p.not()
	for err == nil && p.keyword("AND") {
		var right predicate
		if right, err = p.not(); err == nil {
			l := left
			left = func(v map[string]string) bool { return l(v) && right(v) }
		}
	}
	return left, err
}

func (p *exprParser) not() (predicate, error) {
	if p.keyword("NOT") {
		inner, err := p.not()
		if err != nil {
			return nil, err
		}
		return func(v map[string]string) bool { return !inner(v) }, nil
	}
	if p.peek() == "(" {
		p.pos++
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		return inner, p.expect(")")
	}
	return p.condition()
}

// condition is KEY op VALUE, KEY IN (…), KEY BETWEEN A AND B or KEY LIKE P.
func (p *exprParser) condition() (predicate, error) {
	key := strings.ToLower(strings.Trim(p.next(), "`"))
	typ, ok := p.types[key]
	if !ok {
		return nil, fmt.Errorf("unknown partition key %q", key)
	}
	cmp := func(a, b string) int { return compareValues(typ, a, b) }
	switch op := strings.ToUpper(p.next()); op {
	case "=", "!=", "<>", "<", "<=", ">", ">=":
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		return func(v map[string]string) bool { return holds(op, cmp(v[key], val)) }, nil
	case "IN":
		return p.in(key, cmp)
	case "BETWEEN":
		lo, err := p.value()
		if err == nil {
			err = p.expect("AND")
		}
		hi, err2 := p.value()
		if err == nil {
			err = err2
		}
		return func(v map[string]string) bool { return cmp(v[key], lo) >= 0 && cmp(v[key], hi) <= 0 }, err
	case "LIKE":
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		re := regexp.MustCompile("^" + strings.NewReplacer("%", ".*", "_", ".").Replace(regexp.QuoteMeta(val)) + "$")
		return func(v map[string]string) bool { return re.MatchString(v[key]) }, nil
	default:
		return nil, fmt.Errorf("unsupported operator %q", op)
	}
}

func (p *exprParser) in(key string, cmp func(a, b string) int) (predicate, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var vals []string
	for {
		val, err := p.value()
		if err != nil {
			return nil, err
		}
		vals = append(vals, val)
		if p.peek() != "," {
			break
		}
		p.pos++
	}
	return func(v map[string]string) bool {
		for _, val := range vals {
			if cmp(v[key], val) == 0 {
				return true
			}
		}
		return false
	}, p.expect(")")
}

// value reads a quoted string or a number.
func (p *exprParser) value() (string, error) {
	t := p.next()
	if strings.HasPrefix(t, "'") && strings.HasSuffix(t, "'") && len(t) >= 2 {
		return strings.ReplaceAll(t[1:len(t)-1], "''", "'"), nil
	}
	if _, err := strconv.ParseFloat(t, 64); err != nil {
		return "", fmt.Errorf("expected a value, found %q", t)
	}
	return t, nil
}

func holds(op string, c int) bool {
	switch op {
	case "=":
		return c == 0
	case "!=", "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

var numericTypes = map[string]bool{"int": true, "integer": true, "bigint": true, "smallint": true, "tinyint": true,
	"double": true, "float": true, "decimal": true}

// compareValues compares as numbers for numeric keys, as text otherwise.
func compareValues(typ, a, b string) int {
	if numericTypes[strings.SplitN(typ, "(", 2)[0]] {
		x, errA := strconv.ParseFloat(a, 64)
		y, errB := strconv.ParseFloat(b, 64)
		if errA == nil && errB == nil {
			switch {
			case x < y:
				return -1
			case x > y:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(a, b)
}
