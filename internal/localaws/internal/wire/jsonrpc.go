package wire

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// ResolveTarget resolves a JSON-protocol request by its X-Amz-Target
// against a service's table of handlers; the first non-empty string member
// of the body among resourceFields names the resource.
func ResolveTarget[H any](req *Request, handlers map[string]H, resourceFields ...string) (string, string) {
	op := req.Target()
	if _, ok := handlers[op]; !ok {
		return "", ""
	}
	var probe map[string]json.RawMessage
	_ = json.Unmarshal(req.Body, &probe)
	for _, f := range resourceFields {
		var v string
		if json.Unmarshal(probe[f], &v) == nil && v != "" {
			return op, v
		}
	}
	return op, ""
}

// Epoch is a timestamp as the JSON protocols carry it: seconds since the
// epoch, with milliseconds.
func Epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// FlexInt is a number that templates may write as text.
type FlexInt int

func (n *FlexInt) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(data), `"`)
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.Atoi(s)
	*n = FlexInt(v)
	return err
}

// FlexBool is a boolean that templates may write as text.
type FlexBool bool

func (b *FlexBool) UnmarshalJSON(data []byte) error {
	*b = strings.Trim(string(data), `"`) == "true"
	return nil
}

// IndexPage cuts a page of up to limit items from a sorted list, at the
// index a token from an earlier page names (none: the start). It returns
// the token of the next page ("" at the end); ok is false for a token
// that is not one of its own.
func IndexPage[T any](items []T, limit int, token string) (page []T, next string, ok bool) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", false
		}
		start = n
	}
	end := min(start+limit, len(items))
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[start:end], next, true
}
