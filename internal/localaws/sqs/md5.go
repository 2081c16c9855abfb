package sqs

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strings"
)

// md5Hex is the hex MD5 of a message body.
func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// attributesMD5 is MD5OfMessageAttributes as AWS documents it: for each
// attribute in name order, the name, the data type, a transport byte (1
// for String and Number, 2 for Binary) and the value, each string and
// value preceded by its length as 4 big-endian bytes. "" for none.
func attributesMD5(attrs map[string]MessageAttribute) string {
	if len(attrs) == 0 {
		return ""
	}
	h := md5.New()
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		a := attrs[name]
		writeLengthPrefixed(h, []byte(name))
		writeLengthPrefixed(h, []byte(a.DataType))
		if strings.HasPrefix(a.DataType, "Binary") {
			h.Write([]byte{2})
			writeLengthPrefixed(h, a.BinaryValue)
		} else {
			h.Write([]byte{1})
			writeLengthPrefixed(h, []byte(a.StringValue))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writeLengthPrefixed(h hash.Hash, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	h.Write(n[:])
	h.Write(b)
}
