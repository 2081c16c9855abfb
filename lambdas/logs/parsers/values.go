package parsers

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

func parseBool(v []byte) (value, ok bool) {
	switch strings.ToLower(view(v)) {
	case "true", "1", "yes", "t", "y":
		return true, true
	case "false", "0", "no", "f", "n":
		return false, true
	}
	return false, false
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}

// intRanges are the ranges of Glue's integer types.
var intRanges = map[kind][2]int64{
	kindSmallInt: {math.MinInt16, math.MaxInt16},
	kindInt:      {math.MinInt32, math.MaxInt32},
	kindBigInt:   {math.MinInt64, math.MaxInt64},
}

// appendInteger checks v is an integer in k's range and writes it without leading zeros or
// spaces.
func appendInteger(b []byte, v []byte, k kind) ([]byte, error) {
	v = trimSpace(v)
	n, ok := parseInt(v)
	r := intRanges[k]
	if !ok || n < r[0] || n > r[1] {
		return b, errors.New("want an integer in range")
	}
	return strconv.AppendInt(b, n, 10), nil
}

// parseInt reads a decimal integer without allocating; overflow is not ok.
func parseInt(v []byte) (int64, bool) {
	neg := false
	if len(v) > 0 && (v[0] == '-' || v[0] == '+') {
		neg = v[0] == '-'
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if neg {
		if n > 1<<63 {
			return 0, false
		}
		return -int64(n), true
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	return int64(n), true
}

// appendFloat writes a finite number: a JSON number as it was, a string through strconv.
func appendFloat(b []byte, v []byte, quoted bool) ([]byte, error) {
	if !quoted {
		return append(b, v...), nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errors.New("want a number")
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64), nil
}

func trimSpace(v []byte) []byte {
	for len(v) > 0 && (v[0] == ' ' || v[0] == '\t') {
		v = v[1:]
	}
	for len(v) > 0 && (v[len(v)-1] == ' ' || v[len(v)-1] == '\t') {
		v = v[:len(v)-1]
	}
	return v
}
