// Package api holds what the wire contracts of Panther's functions share.
package api

// Error is how an API fails: the Lambda function error's type (such as InvalidInputError,
// which callers match on) and message.
type Error struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }
