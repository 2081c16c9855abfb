package controllers

import (
	"errors"
	"fmt"
)

// stalledError is a problem only a person can fix: the deployment is marked Stalled with the
// reason and message, and the operator looks again after a long interval instead of backing
// off in a hot loop.
type stalledError struct {
	reason  string
	message string
}

func (e *stalledError) Error() string { return e.message }

func stalled(reason, format string, args ...any) error {
	return &stalledError{reason: reason, message: fmt.Sprintf(format, args...)}
}

// asStalled returns the stalledError in err's chain, if any.
func asStalled(err error) (*stalledError, bool) {
	var s *stalledError
	ok := errors.As(err, &s)
	return s, ok
}

func isStalled(err error) bool {
	_, ok := asStalled(err)
	return ok
}

// transientError is a failure retrying may fix, such as an AWS error; it carries the reason
// reported on the Ready condition while the operator backs off.
type transientError struct {
	reason string
	err    error
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

func transient(reason string, err error) error {
	return &transientError{reason: reason, err: err}
}
