package expr

import (
	"math/big"
	"strings"
)

// DynamoDB numbers are decimal strings of up to 38 significant digits with
// magnitudes between 1E-130 and 9.99…E+125. decimal holds one exactly as
// mantissa × 10^exp, so comparisons and arithmetic never round.
type decimal struct {
	m   *big.Int
	exp int
}

const (
	maxDigits   = 38
	maxExponent = 125
	minExponent = -130
)

var bigTen = big.NewInt(10)

// parseDecimal reads a number in the syntax DynamoDB accepts.
func parseDecimal(s string) (decimal, bool) {
	t := strings.TrimSpace(s)
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = t[1:]
	}
	mant, expPart, hasExp := strings.Cut(strings.ToLower(t), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" || !allDigits(digits) || strings.Count(mant, ".") > 1 {
		return decimal{}, false
	}
	exp := -len(frac)
	if hasExp {
		e, ok := parseExponent(expPart)
		if !ok {
			return decimal{}, false
		}
		exp += e
	}
	m, _ := new(big.Int).SetString(digits, 10)
	if neg {
		m.Neg(m)
	}
	return decimal{m: m, exp: exp}.normal(), true
}

func parseExponent(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if s == "" || !allDigits(s) || len(s) > 6 {
		return 0, false
	}
	e := 0
	for _, c := range s {
		e = e*10 + int(c-'0')
	}
	if neg {
		e = -e
	}
	return e, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normal strips trailing zeros of the mantissa; zero has exponent 0.
func (d decimal) normal() decimal {
	if d.m.Sign() == 0 {
		return decimal{m: new(big.Int), exp: 0}
	}
	m := new(big.Int).Set(d.m)
	r := new(big.Int)
	exp := d.exp
	for {
		q, rem := new(big.Int).QuoRem(m, bigTen, r)
		if rem.Sign() != 0 {
			break
		}
		m, exp = q, exp+1
	}
	return decimal{m: m, exp: exp}
}

// check reports DynamoDB's precision and range errors.
func (d decimal) check() string {
	if d.m.Sign() == 0 {
		return ""
	}
	n := len(new(big.Int).Abs(d.m).String())
	switch adjusted := d.exp + n - 1; {
	case n > maxDigits:
		return "Attempting to store more than 38 significant digits in a Number"
	case adjusted > maxExponent:
		return "Number overflow. Attempting to store a number with magnitude larger than supported range"
	case adjusted < minExponent:
		return "Number underflow. Attempting to store a number with magnitude smaller than supported range"
	}
	return ""
}

// String renders the number as DynamoDB returns it: plain decimal notation
// without superfluous zeros.
func (d decimal) String() string {
	neg := d.m.Sign() < 0
	digits := new(big.Int).Abs(d.m).String()
	var s string
	switch {
	case d.exp >= 0:
		s = digits + strings.Repeat("0", d.exp)
	case -d.exp >= len(digits):
		s = "0." + strings.Repeat("0", -d.exp-len(digits)) + digits
	default:
		s = digits[:len(digits)+d.exp] + "." + digits[len(digits)+d.exp:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// align returns both mantissas scaled to the smaller exponent.
func align(a, b decimal) (*big.Int, *big.Int, int) {
	exp := min(a.exp, b.exp)
	return scale(a.m, a.exp-exp), scale(b.m, b.exp-exp), exp
}

func scale(m *big.Int, by int) *big.Int {
	if by == 0 {
		return m
	}
	return new(big.Int).Mul(m, new(big.Int).Exp(bigTen, big.NewInt(int64(by)), nil))
}

func (d decimal) cmp(o decimal) int {
	if d.m.Sign() != o.m.Sign() {
		return d.m.Sign() - o.m.Sign()
	}
	a, b, _ := align(d, o)
	return a.Cmp(b)
}

func (d decimal) add(o decimal) decimal {
	a, b, exp := align(d, o)
	return decimal{m: new(big.Int).Add(a, b), exp: exp}.normal()
}

func (d decimal) neg() decimal { return decimal{m: new(big.Int).Neg(d.m), exp: d.exp} }

// NormalizeNumber validates a DynamoDB number and returns its canonical
// text, or a ValidationException message.
func NormalizeNumber(s string) (string, string) {
	if canonicalInteger(s) {
		return s, "" // what the slow path would make of it, without big numbers
	}
	d, ok := parseDecimal(s)
	if !ok {
		return "", "The parameter cannot be converted to a numeric value: " + s
	}
	if msg := d.check(); msg != "" {
		return "", msg
	}
	return d.String(), ""
}

// canonicalInteger reports whether s is an integer in canonical text: 0, or up to
// maxDigits digits without a leading zero, optionally negative; most numbers items carry.
func canonicalInteger(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	switch {
	case s == "0":
		return true
	case digits == "" || len(digits) > maxDigits || digits[0] == '0':
		return false
	}
	return allDigits(digits)
}

// CompareNumbers compares two DynamoDB numbers numerically; text that is
// not a number sorts as zero.
func CompareNumbers(a, b string) int {
	return mustDecimal(a).cmp(mustDecimal(b))
}

func mustDecimal(s string) decimal {
	d, ok := parseDecimal(s)
	if !ok {
		return decimal{m: new(big.Int)}
	}
	return d
}
