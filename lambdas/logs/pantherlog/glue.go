package pantherlog

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// GlueTimeLayout is how every timestamp of a normalized event is written: UTC, nanoseconds.
const GlueTimeLayout = "2006-01-02 15:04:05.000000000"

// AppendGlueTime appends t in GlueTimeLayout, in UTC, without time.Format's generality.
func AppendGlueTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	hour, minute, sec := t.Clock()
	dst = appendDigits(dst, year, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(month), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, day, 2)
	dst = append(dst, ' ')
	dst = appendDigits(dst, hour, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, minute, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, sec, 2)
	dst = append(dst, '.')
	return appendDigits(dst, t.Nanosecond(), 9)
}

func appendDigits(dst []byte, v, width int) []byte {
	if v < 0 {
		v = 0
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || width > 0 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
		width--
	}
	return append(dst, tmp[i:]...)
}

// symbolWords are the characters a Glue column name spells out.
var symbolWords = map[rune]string{
	'@': "at_sign", ',': "comma", '$': "dollar_sign", '*': "asterisk", '&': "ampersand",
	'!': "exclamation", '%': "percent", '+': "plus", '/': "slash", '\\': "backslash",
	'#': "hash", '~': "tilde",
}

// ColumnName is name as a Glue-safe column: letters, digits, _ and - pass through, the
// symbols above become words (separated from their neighbours by _), other letters are
// transliterated to ASCII where they decompose to one, and anything else becomes _.
func ColumnName(name string) string {
	if isPlainColumn(name) {
		return name
	}
	var b strings.Builder
	runes := []rune(norm.NFKD.String(name))
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case r < unicode.MaxASCII && (isASCIIAlnum(r) || r == '_' || r == '-'):
			b.WriteRune(r)
		case symbolWords[r] != "":
			if b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteString(symbolWords[r])
			if i+1 < len(runes) {
				b.WriteByte('_')
			}
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by the decomposition of an accented letter.
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func isPlainColumn(name string) bool {
	for i := 0; i < len(name); i++ {
		c := rune(name[i])
		if !isASCIIAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// TableName is a log type's table: lower case, dots as underscores (AWS.CloudTrail →
// aws_cloudtrail).
func TableName(logType string) string {
	return strings.ReplaceAll(strings.ToLower(logType), ".", "_")
}
