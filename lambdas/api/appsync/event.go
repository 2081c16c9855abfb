// Package appsync lets a Panther API function answer the web app's GraphQL fields as well as
// its one-key requests. AppSync invokes a direct Lambda resolver with an Event; the function
// translates the field into the one-key request of the operation that answers it (Fields),
// runs it as it runs any other request, and answers with the operation's output as the
// field's value. A failure is a Lambda error, which AppSync reports as the field's GraphQL
// error with the function's message.
package appsync

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// Event is what AppSync sends a direct Lambda resolver.
type Event struct {
	// Arguments are the field's arguments by name, as the query gave them.
	Arguments map[string]json.RawMessage `json:"arguments"`
	// Identity is the caller; nil when the request was not signed in (API key).
	Identity *Identity `json:"identity"`
	// Source is the parent object's value, null for Query and Mutation fields.
	Source json.RawMessage `json:"source"`
	Info   Info            `json:"info"`
}

// Identity is a Cognito user pool caller.
type Identity struct {
	// Sub is the user's ID in the pool, the ID Panther records as who acted.
	Sub      string         `json:"sub"`
	Username string         `json:"username"`
	Issuer   string         `json:"issuer"`
	Claims   map[string]any `json:"claims"`
	Groups   []string       `json:"groups"`
	SourceIP []string       `json:"sourceIp"`
}

// Info names the field being resolved.
type Info struct {
	FieldName           string         `json:"fieldName"`
	ParentTypeName      string         `json:"parentTypeName"`
	SelectionSetList    []string       `json:"selectionSetList"`
	SelectionSetGraphQL string         `json:"selectionSetGraphQL"`
	Variables           map[string]any `json:"variables"`
}

// Field is the field's coordinate, "Type.field", as Fields are keyed.
func (e *Event) Field() string { return e.Info.ParentTypeName + "." + e.Info.FieldName }

// Parse returns the AppSync event a payload holds, or nil when the payload is something else,
// such as a one-key request. An event has both arguments and info, which no one-key request
// can have: it names exactly one operation.
func Parse(payload []byte) (*Event, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(payload, &keys); err != nil {
		return nil, nil //nolint:nilerr // not a JSON object, so not an event: the one-key decoder reports it
	}
	_, hasArguments := keys["arguments"]
	_, hasInfo := keys["info"]
	if !hasArguments || !hasInfo {
		return nil, nil
	}
	var e Event
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, invalid("the AppSync event cannot be read: %v", err)
	}
	if e.Info.FieldName == "" || e.Info.ParentTypeName == "" {
		return nil, invalid("the AppSync event names no field: info.fieldName and info.parentTypeName are required")
	}
	return &e, nil
}

// Input decodes the field's input argument into v, the operation's wire input; an absent or
// null input leaves v as it is. A field v does not have is an error, so that a schema that
// drifted from the wire contract fails loudly instead of dropping what the user sent.
func (e *Event) Input(v any) error {
	raw := bytes.TrimSpace(e.Arguments["input"])
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("input of %s: %v", e.Field(), err)
	}
	return nil
}

// UserID is the acting user of a change: the caller's Cognito sub. Operations that record
// who acted take it from here, never from the arguments.
func (e *Event) UserID() (string, error) {
	if e.Identity == nil || e.Identity.Sub == "" {
		return "", invalid("%s records who acted, but the request carries no Cognito user (identity.sub): sign in with the user pool", e.Field())
	}
	return e.Identity.Sub, nil
}

func invalid(format string, args ...any) error {
	return &api.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}
