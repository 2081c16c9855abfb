package parsers

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// timeCodec reads a timestamp written as a string, or as a JSON number.
type timeCodec interface {
	parse(v []byte) (time.Time, error)
	parseNumber(v []byte) (time.Time, error)
}

var errTime = errors.New("not a timestamp in the declared timeFormat")

// newTimeCodec compiles a timeFormat: rfc3339, unix, unix_ms, unix_us, unix_ns, cloudflare,
// layout=<Go layout> or a strftime pattern.
func newTimeCodec(format string) (timeCodec, error) {
	switch format {
	case "rfc3339":
		return rfc3339{}, nil
	case "unix":
		return unixCodec{unit: time.Second}, nil
	case "unix_ms":
		return unixCodec{unit: time.Millisecond}, nil
	case "unix_us":
		return unixCodec{unit: time.Microsecond}, nil
	case "unix_ns":
		return unixCodec{unit: time.Nanosecond}, nil
	case "cloudflare":
		return cloudflare{}, nil
	}
	if layout, ok := strings.CutPrefix(format, "layout="); ok {
		if layout == "" {
			return nil, errors.New("layout= needs a Go time layout")
		}
		return layoutCodec{layout}, nil
	}
	if strings.Contains(format, "%") {
		layout, err := strftimeLayout(format)
		if err != nil {
			return nil, err
		}
		return layoutCodec{layout}, nil
	}
	return nil, fmt.Errorf("%q is not rfc3339, unix, unix_ms, unix_us, unix_ns, layout=<Go layout> or a %%-pattern", format)
}

type rfc3339 struct{}

func (rfc3339) parse(v []byte) (time.Time, error) {
	if t, ok := parseRFC3339Fast(v); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return time.Time{}, errTime
	}
	return t.UTC(), nil
}

func (rfc3339) parseNumber([]byte) (time.Time, error) { return time.Time{}, errTime }

// parseRFC3339Fast reads the common shape YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm) without
// time.Parse's generality; anything else goes the slow way.
func parseRFC3339Fast(v []byte) (time.Time, bool) {
	if len(v) < 20 || v[4] != '-' || v[7] != '-' || (v[10] != 'T' && v[10] != 't' && v[10] != ' ') || v[13] != ':' || v[16] != ':' {
		return time.Time{}, false
	}
	year, month, day, hour, minute, sec, ok := dateAndClock(v)
	if !ok {
		return time.Time{}, false
	}
	i, nanos, ok := fraction(v, 19)
	if !ok {
		return time.Time{}, false
	}
	offset, ok := zoneOffset(v[i:])
	if !ok {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nanos, time.UTC)
	if t.Day() != day {
		return time.Time{}, false
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}

// dateAndClock reads YYYY-MM-DD?HH:MM:SS, checking each part's range.
func dateAndClock(v []byte) (year, month, day, hour, minute, sec int, ok bool) {
	parts := [6]struct{ at, n, lo, hi int }{{0, 4, 0, 9999}, {5, 2, 1, 12}, {8, 2, 1, 31}, {11, 2, 0, 23}, {14, 2, 0, 59}, {17, 2, 0, 59}}
	var values [6]int
	for i, p := range parts {
		x, good := digitsAt(v, p.at, p.n)
		if !good || x < p.lo || x > p.hi {
			return 0, 0, 0, 0, 0, 0, false
		}
		values[i] = x
	}
	return values[0], values[1], values[2], values[3], values[4], values[5], true
}

// fraction reads an optional .digits (up to nanoseconds) at i and returns where it ends.
func fraction(v []byte, i int) (end, nanos int, ok bool) {
	if i >= len(v) || v[i] != '.' {
		return i, 0, true
	}
	i++
	start, scale := i, 100000000
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		nanos += int(v[i]-'0') * scale
		scale /= 10
		i++
	}
	if i == start || i-start > 9 {
		return 0, 0, false
	}
	return i, nanos, true
}

func zoneOffset(z []byte) (int, bool) {
	if len(z) == 1 && (z[0] == 'Z' || z[0] == 'z') {
		return 0, true
	}
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':' {
		return 0, false
	}
	h, ok1 := digitsAt(z, 1, 2)
	m, ok2 := digitsAt(z, 4, 2)
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if z[0] == '-' {
		off = -off
	}
	return off, true
}

func digitsAt(v []byte, at, n int) (int, bool) {
	x := 0
	for _, c := range v[at : at+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		x = x*10 + int(c-'0')
	}
	return x, true
}

// unixCodec reads a count of units since 1970, as a number or a numeric string; seconds may
// have a fraction.
type unixCodec struct{ unit time.Duration }

func (u unixCodec) parse(v []byte) (time.Time, error) { return u.parseNumber(trimSpace(v)) }

func (u unixCodec) parseNumber(v []byte) (time.Time, error) {
	if n, ok := parseInt(v); ok {
		if n > math.MaxInt64/int64(u.unit) || n < math.MinInt64/int64(u.unit) {
			return time.Time{}, errTime
		}
		return time.Unix(0, 0).Add(time.Duration(n) * u.unit).UTC(), nil
	}
	if t, ok := u.parseDecimal(v); ok {
		return t, nil
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f*float64(u.unit)) > math.MaxInt64 {
		return time.Time{}, errTime
	}
	return time.Unix(0, int64(f*float64(u.unit))).UTC(), nil
}

// parseDecimal reads digits.digits exactly: through a float64, 1773526458.25 seconds would
// come out as ….249999872.
func (u unixCodec) parseDecimal(v []byte) (time.Time, bool) {
	dot := bytes.IndexByte(v, '.')
	if dot < 0 {
		return time.Time{}, false
	}
	whole, frac := v[:dot], v[dot+1:]
	neg := len(whole) > 0 && whole[0] == '-'
	n, ok := parseInt(whole)
	if !ok && string(whole) != "" && string(whole) != "-" || len(frac) == 0 || len(frac) > 18 {
		return time.Time{}, false
	}
	var nanos int64 // the fraction of one unit, in billionths
	for i, c := range frac {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
		if i < 9 {
			nanos = nanos*10 + int64(c-'0')
		}
	}
	for i := len(frac); i < 9; i++ {
		nanos *= 10
	}
	part := time.Duration(nanos) * u.unit / time.Second
	if neg {
		part = -part
	}
	if n > math.MaxInt64/int64(u.unit) || n < math.MinInt64/int64(u.unit) {
		return time.Time{}, false
	}
	return time.Unix(0, 0).Add(time.Duration(n)*u.unit + part).UTC(), true
}

// cloudflare timestamps are RFC 3339 strings, or Unix nanoseconds (or seconds) as numbers,
// depending on the job's timestamp setting.
type cloudflare struct{}

func (cloudflare) parse(v []byte) (time.Time, error) {
	if t, err := (rfc3339{}).parse(v); err == nil {
		return t, nil
	}
	return cloudflare{}.parseNumber(v)
}

func (cloudflare) parseNumber(v []byte) (time.Time, error) {
	n, ok := parseInt(v)
	if !ok {
		return time.Time{}, errTime
	}
	if n < 1e11 {
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Unix(0, n).UTC(), nil
}

type layoutCodec struct{ layout string }

func (c layoutCodec) parse(v []byte) (time.Time, error) {
	t, err := time.Parse(c.layout, string(v))
	if err != nil {
		return time.Time{}, errTime
	}
	return t.UTC(), nil
}

func (c layoutCodec) parseNumber(v []byte) (time.Time, error) { return c.parse(v) }

// strftimeDirectives are the %-directives and their Go layout elements.
var strftimeDirectives = map[byte]string{
	'Y': "2006", 'y': "06", 'm': "01", 'd': "02", 'e': "_2", 'H': "15", 'I': "03", 'M': "04",
	'S': "05", 'f': "999999999", 'z': "-0700", 'Z': "MST", 'b': "Jan", 'h': "Jan", 'B': "January",
	'a': "Mon", 'A': "Monday", 'p': "PM", 'j': "002", 'T': "15:04:05", 'D': "01/02/06",
	'F': "2006-01-02", 'R': "15:04", '%': "%",
}

// strftimeLayout turns a strftime pattern into a Go layout.
func strftimeLayout(pattern string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(pattern) {
			return "", errors.New("the pattern ends with %")
		}
		elem, ok := strftimeDirectives[pattern[i]]
		if !ok {
			return "", fmt.Errorf("%%%c is not a supported directive", pattern[i])
		}
		if pattern[i] == 'f' && (b.Len() == 0 || !strings.HasSuffix(b.String(), ".") && !strings.HasSuffix(b.String(), ",")) {
			return "", errors.New("%f must follow a . or a ,")
		}
		b.WriteString(elem)
	}
	return b.String(), nil
}
