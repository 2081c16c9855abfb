package expr

import (
	"strings"
	"testing"
)

func testEnv() *Env {
	return &Env{
		Names:  map[string]string{"#s": "status", "#a": "a"},
		Values: map[string]*Value{":v": Num("1"), ":w": Num("2"), ":s": Str("x"), ":t": Str("S")},
	}
}

func TestParseConditionPrecedence(t *testing.T) {
	cases := []struct {
		name, src, want, reason string
	}{
		{"and binds tighter than or", "a = :v OR b = :v AND c = :v", "((a = :v) OR ((b = :v) AND (c = :v)))", "AND has higher precedence than OR"},
		{"not binds tighter than and", "NOT a = :v AND b = :v", "((NOT (a = :v)) AND (b = :v))", "NOT applies to the nearest condition"},
		{"parentheses override", "(a = :v OR b = :v) AND c = :v", "(((a = :v) OR (b = :v)) AND (c = :v))", "parentheses group first"},
		{"keywords any case", "a between :v and :w", "(a BETWEEN :v AND :w)", "keywords are case-insensitive"},
		{"in list", "a IN (:v, :w)", "(a IN (:v, :w))", "IN takes a parenthesised list"},
		{"functions", "attribute_exists(#a) AND begins_with(b.c[2], :s)", "(attribute_exists(a) AND begins_with(b.c[2], :s))", "document paths with maps and lists"},
		{"size operand", "size(a) > :v", "(size(a) > :v)", "size is an operand, not a condition"},
		{"placeholder for reserved word", "#s = :s", "(status = :s)", "#name resolves to the attribute name"},
		{"all comparators", "a <> :v AND a <= :v AND a >= :v AND a < :v AND a > :v", "(((((a <> :v) AND (a <= :v)) AND (a >= :v)) AND (a < :v)) AND (a > :v))", "two-character comparators lex as one token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCondition("ConditionExpression", tc.src, testEnv())
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			if got := c.String(); got != tc.want {
				t.Fatalf("%s: got %s, want %s", tc.reason, got, tc.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, kind, src, want, reason string
	}{
		{"missing operand", "ConditionExpression", "a =", `Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="`, "the message names the token at which parsing failed"},
		{"unexpected token", "ConditionExpression", "a = :v :w", `Invalid ConditionExpression: Syntax error; token: ":w", near: ":v :w"`, "trailing tokens are a syntax error"},
		{"bad character", "ConditionExpression", "a = $x", `Invalid ConditionExpression: Syntax error; token: "$"`, "characters outside the grammar are rejected"},
		{"unknown function", "ConditionExpression", "foo(a)", "Invalid function name; function: foo", "only DynamoDB's functions exist"},
		{"undefined value", "ConditionExpression", "a = :nope", "An expression attribute value used in expression is not defined; attribute value: :nope", "every :value must be supplied"},
		{"undefined name", "ConditionExpression", "#nope = :v", "An expression attribute name used in the document path is not defined; attribute name: #nope", "every #name must be supplied"},
		{"reserved word", "ConditionExpression", "status = :v", "Attribute name is a reserved keyword; reserved keyword: status", "reserved words need placeholders"},
		{"empty", "ConditionExpression", "  ", "Invalid ConditionExpression: The expression can not be empty;", "blank expressions are rejected"},
		{"bad attribute type", "ConditionExpression", "attribute_type(a, :s)", "Invalid attribute type name found; type: x", "attribute_type takes a type descriptor"},
		{"unclosed paren", "ConditionExpression", "(a = :v", `Syntax error; token: "<EOF>"`, "parentheses must balance"},
		{"update clause twice", "UpdateExpression", "SET a = :v SET b = :v", `The "SET" section can only be used once in an update expression;`, "each clause at most once"},
		{"update overlap", "UpdateExpression", "SET a.b = :v REMOVE a", "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a]", "one path may not contain another"},
		{"update missing equals", "UpdateExpression", "SET a :v", `Invalid UpdateExpression: Syntax error; token: ":v", near: "a :v"`, "SET needs ="},
		{"add needs a value", "UpdateExpression", "ADD a b", `Invalid UpdateExpression: Syntax error; token: "b", near: "a b"`, "ADD takes a :value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.kind == "UpdateExpression" {
				_, err = ParseUpdate(tc.src, testEnv())
			} else {
				_, err = ParseCondition(tc.kind, tc.src, testEnv())
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%s: got %v, want %q", tc.reason, err, tc.want)
			}
		})
	}
}

func TestEval(t *testing.T) {
	item := Item{
		"n":    Num("10"),
		"s":    Str("hello"),
		"m":    {M: map[string]*Value{"k": Str("v")}},
		"l":    {L: []*Value{Num("1"), Str("two")}},
		"ss":   {SS: []string{"a", "b"}},
		"big":  Num("12345678901234567890123456789012345678"),
		"frac": Num("0.5"),
	}
	env := &Env{Values: map[string]*Value{":9": Num("9"), ":10": Num("10.0"), ":s": Str("hello"), ":he": Str("he"),
		":v": Str("v"), ":two": Str("two"), ":a": Str("a"), ":2": Num("2"), ":big": Num("12345678901234567890123456789012345679"),
		":half": Num("5E-1"), ":N": Str("N")}}
	cases := []struct {
		name, src string
		want      bool
		reason    string
	}{
		{"numeric not textual", "n > :9", true, "10 > 9 numerically though \"10\" < \"9\" as text"},
		{"numbers equal across notations", "n = :10 AND frac = :half", true, "10 = 10.0 and 0.5 = 5E-1"},
		{"38 digits", "big < :big", true, "full precision without rounding"},
		{"string prefix", "begins_with(s, :he)", true, "begins_with on strings"},
		{"nested map", "m.k = :v", true, "map paths"},
		{"list index", "l[1] = :two AND attribute_not_exists(l[2])", true, "list indexes"},
		{"contains set", "contains(ss, :a) AND size(ss) = :2", true, "set membership and size"},
		{"type mismatch is false", "s > :9", false, "comparing S with N is false, not an error"},
		{"missing attribute", "nope = :9", false, "a missing attribute equals nothing"},
		{"attribute type", "attribute_type(n, :N)", true, "type descriptors"},
		{"between", "n BETWEEN :9 AND :10", true, "inclusive bounds"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseCondition("ConditionExpression", tc.src, env)
			if err != nil {
				t.Fatal(err)
			}
			if got := Eval(c, item); got != tc.want {
				t.Fatalf("%s: got %v", tc.reason, got)
			}
		})
	}
}

func TestApplyUpdate(t *testing.T) {
	env := &Env{Values: map[string]*Value{":1": Num("1"), ":x": Str("x"), ":l": {L: []*Value{Str("z")}}, ":ns": {NS: []string{"3"}}}}
	cases := []struct {
		name, src, check, reason string
	}{
		{"arithmetic", "SET n = n + :1", `{"N":"3"}`, "a = a + :n adds exactly"},
		{"values from the old item", "SET n = :1, o = n", `{"N":"2"}`, "SET reads the item as it was"},
		{"list append", "SET l = list_append(:l, l)", `{"L":[{"S":"z"},{"S":"y"}]}`, "list_append order follows its arguments"},
		{"remove list element", "REMOVE l[0]", `{"L":[]}`, "indexes shift after removal"},
		{"add to number set", "ADD ns :ns", `{"NS":["3"]}`, "ADD creates a set"},
		{"if not exists", "SET q = if_not_exists(q, :x)", `{"S":"x"}`, "if_not_exists uses its default for a missing path"},
	}
	old := Item{"n": Num("2"), "l": {L: []*Value{Str("y")}}}
	attr := map[string]string{"arithmetic": "n", "values from the old item": "o", "list append": "l", "remove list element": "l", "add to number set": "ns", "if not exists": "q"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseUpdate(tc.src, env)
			if err != nil {
				t.Fatal(err)
			}
			next, err := Apply(u, old)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(next[attr[tc.name]].AppendJSON(nil)); got != tc.check {
				t.Fatalf("%s: got %s, want %s", tc.reason, got, tc.check)
			}
			if string(old["n"].AppendJSON(nil)) != `{"N":"2"}` {
				t.Fatalf("the old item changed")
			}
		})
	}
}

func TestNormalizeNumber(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"1.50", "1.5", ""},
		{"1e3", "1000", ""},
		{"-0.00", "0", ""},
		{"+7", "7", ""},
		{"abc", "", "cannot be converted"},
		{"1" + strings.Repeat("0", 37) + "1", "", "38 significant digits"},
		{"1e126", "", "Number overflow"},
	}
	for _, tc := range cases {
		got, msg := NormalizeNumber(tc.in)
		if got != tc.want || (tc.err == "") != (msg == "") || !strings.Contains(msg, tc.err) {
			t.Errorf("NormalizeNumber(%q) = %q, %q", tc.in, got, msg)
		}
	}
	// Integers in canonical text skip the big numbers, and come out as the slow path has them.
	for _, in := range []string{"0", "7", "-7", "10", "1000", "-1000", strings.Repeat("9", 38), "-" + strings.Repeat("9", 38),
		strings.Repeat("9", 39), "-0", "007", "+7", " 7", "7 ", "-", "", "1e3", "1.0", "12a"} {
		fast := canonicalInteger(in)
		d, ok := parseDecimal(in)
		slow := ok && d.check() == "" && d.String() == in
		if fast && !slow {
			t.Errorf("canonicalInteger(%q) but NormalizeNumber's slow path makes it otherwise", in)
		}
		if !fast && slow && !strings.ContainsAny(in, ".e") {
			t.Errorf("canonicalInteger(%q) is false for a canonical integer", in)
		}
	}
}
