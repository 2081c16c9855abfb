package appsync

import (
	"context"
	"encoding/json"
)

// Field is how a function answers one GraphQL field.
type Field[R any] struct {
	// Request is the one-key request of the operation that answers the field.
	Request func(e *Event) (*R, error)
	// Value makes the field's value from the operation's output; nil means the output is the
	// value as it is, which the schema's mirroring of the wire contracts makes the rule.
	Value func(output any) (any, error)
}

// Fields are the fields a function answers, by coordinate ("Query.alerts").
type Fields[R any] map[string]Field[R]

// Request is the one-key request an event's field translates into.
func (f Fields[R]) Request(e *Event) (*R, error) {
	field, ok := f[e.Field()]
	if !ok {
		return nil, invalid("this function does not resolve the GraphQL field %s", e.Field())
	}
	return field.Request(e)
}

// Resolve answers an event: its field's one-key request run through handle, then the field's
// value of the output.
func (f Fields[R]) Resolve(ctx context.Context, e *Event, handle func(context.Context, *R) (any, error)) (any, error) {
	req, err := f.Request(e)
	if err != nil {
		return nil, err
	}
	out, err := handle(ctx, req)
	if err != nil {
		return nil, err
	}
	if value := f[e.Field()].Value; value != nil {
		return value(out)
	}
	return out, nil
}

// Payload handles a function's invocation payload.
type Payload func(ctx context.Context, payload json.RawMessage) (any, error)

// Handler is a function's Lambda handler: AppSync events resolve through fields and handle;
// every other payload goes to direct as it came.
func Handler[R any](fields Fields[R], handle func(context.Context, *R) (any, error), direct Payload) Payload {
	return func(ctx context.Context, payload json.RawMessage) (any, error) {
		e, err := Parse(payload)
		if err != nil {
			return nil, err
		}
		if e == nil {
			return direct(ctx, payload)
		}
		return fields.Resolve(ctx, e, handle)
	}
}

// OneKey handles a payload as a one-key request R.
func OneKey[R any](handle func(context.Context, *R) (any, error)) Payload {
	return func(ctx context.Context, payload json.RawMessage) (any, error) {
		var req R
		if err := json.Unmarshal(payload, &req); err != nil {
			return nil, invalid("the payload is neither an AppSync event nor a request: %v", err)
		}
		return handle(ctx, &req)
	}
}

// Succeeded is the Value of fields whose operation answers nothing (deletes): the field is
// true once the operation succeeded.
func Succeeded(any) (any, error) { return true, nil }
