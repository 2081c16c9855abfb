package server

import (
	"strconv"
	"strings"
)

// precompressed are the encodings a file may have a precompressed sibling for (name + suffix),
// in the order the server prefers them when the client likes them equally: brotli is smaller.
var precompressed = []struct{ coding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// acceptedQuality is the weight an Accept-Encoding header gives coding: its q value, that of
// "*" when coding is not named, and 0 (refused) when neither is there or q=0.
func acceptedQuality(header, coding string) float64 {
	wildcard, named := -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != coding && name != "*" {
			continue
		}
		q := 1.0
		for param := range strings.SplitSeq(params, ";") {
			key, value, ok := strings.Cut(param, "=")
			if ok && strings.EqualFold(strings.TrimSpace(key), "q") {
				parsed, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
				if err != nil || parsed < 0 || parsed > 1 {
					parsed = 0 // a malformed weight is treated as a refusal, the safe reading
				}
				q = parsed
			}
		}
		if name == coding {
			named = q
		} else {
			wildcard = q
		}
	}
	switch {
	case named >= 0:
		return named
	case wildcard >= 0:
		return wildcard
	default:
		return 0
	}
}
