package cloud

import (
	"errors"
	"fmt"

	"github.com/aws/smithy-go"
)

// ErrNotFound says that the AWS resource asked for does not exist.
var ErrNotFound = errors.New("not found")

// APIError is an AWS error reduced to what callers act on: the operation, AWS's error code
// and its message. Request IDs and other per-call noise are left out, so that messages stay
// stable in conditions and events.
type APIError struct {
	Operation string
	Code      string
	Message   string
	err       error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Operation, e.Code, e.Message)
}

func (e *APIError) Unwrap() error { return e.err }

// wrapError turns an SDK error into an *APIError where AWS answered, and wraps it otherwise.
func wrapError(operation string, err error) error {
	if err == nil {
		return nil
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return &APIError{Operation: operation, Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage(), err: err}
	}
	return fmt.Errorf("%s: %w", operation, err)
}

// ErrorCode returns the AWS error code of err, or "" when AWS did not answer with one.
func ErrorCode(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// IsAccessDenied reports whether AWS refused err's call for lack of permission or trust.
func IsAccessDenied(err error) bool {
	switch ErrorCode(err) {
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidClientTokenId",
		"SignatureDoesNotMatch", "ExpiredToken":
		return true
	}
	return false
}
