package wire

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
)

// Alphabets of generated identifiers.
const (
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	// Alnum is letters of both cases and digits.
	Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	// Digits is the decimal digits.
	Digits = "0123456789"
)

// RandomFrom returns n random characters of alphabet.
func RandomFrom(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// RandomID returns n characters from the alphabet AWS uses in generated
// names (upper-case letters and digits).
func RandomID(n int) string { return RandomFrom(upperDigits, n) }

// RandomHex returns n random lower-case hex characters.
func RandomHex(n int) string {
	b := make([]byte, (n+1)/2)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

// NewUUID returns a random RFC 4122 style identifier.
func NewUUID() string {
	s := RandomHex(32)
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-a" + s[17:20] + "-" + s[20:32]
}

// Partition returns the ARN partition of a region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// ISOTime formats a timestamp the way AWS XML and query APIs do.
func ISOTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
