package appsync

import (
	"bytes"
	"encoding/json"
)

// JSON is an AWSJSON argument. Clients send AWSJSON as a string of JSON text; AppSync hands a
// resolver the value it parsed, while other callers (and older AppSync behaviour) pass the
// text on. Decode accepts both.
type JSON json.RawMessage

// UnmarshalJSON keeps the argument as it came.
func (j *JSON) UnmarshalJSON(data []byte) error {
	*j = append((*j)[:0], data...)
	return nil
}

// Decode decodes the argument's value into v; an absent or null argument leaves v as it is.
// name is the argument's path in the input, for the error.
func (j JSON) Decode(name string, v any) error {
	raw := bytes.TrimSpace(j)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return invalid("%s: not a JSON string: %v", name, err)
		}
		raw = []byte(text)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return invalid("%s: %v", name, err)
	}
	return nil
}
