package wire

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// Error is an error answered to the client in the shape of its protocol.
type Error struct {
	Code    string
	Message string
	Status  int
	// Sender is false for server-side faults (Type Receiver in query XML).
	Sender bool
	// Extra are additional S3 error elements such as BucketName or Key.
	Extra map[string]string
	// QueryCode is the query-protocol code of a JSON service's error
	// (SQS: AWS.SimpleQueueService.NonExistentQueue), sent in the
	// X-Amzn-Query-Error header.
	QueryCode string
	// Fields are additional members of a JSON error, such as DynamoDB's
	// CancellationReasons or Item.
	Fields map[string]any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// NewError builds a client error (HTTP 400 unless status says otherwise).
func NewError(status int, code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: status, Sender: status < 500}
}

// ValidationError is the query protocol's generic client error.
func ValidationError(format string, args ...any) *Error {
	return NewError(http.StatusBadRequest, "ValidationError", format, args...)
}

// With adds an S3 error detail element.
func (e *Error) With(key, value string) *Error {
	if e.Extra == nil {
		e.Extra = map[string]string{}
	}
	e.Extra[key] = value
	return e
}

// NotImplemented answers calls to services localaws does not emulate.
func NotImplemented(service, operation string) *Error {
	return NewError(http.StatusNotImplemented, "NotImplemented",
		"localaws does not implement service %q (%s)", service, operation)
}

// AsError turns any error into an awsError, hiding nothing: unexpected
// errors become InternalFailure so clients see a server-side fault.
func AsError(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return NewError(http.StatusInternalServerError, "InternalFailure", "%v", err)
}

// ReasonOf renders an error as a CloudFormation status reason: the message
// alone, without the error code prefix.
func ReasonOf(err error) string {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}

// statusReason is a provisioning error whose text is a CloudFormation
// status reason, written the way AWS writes it (capitalised, ending with
// punctuation), so it is built with failuref rather than fmt.Errorf.
type statusReason string

func (r statusReason) Error() string { return string(r) }

// Failuref formats a status reason.
func Failuref(format string, args ...any) error {
	return statusReason(fmt.Sprintf(format, args...))
}

// FaultError converts a rule into the error it injects.
func FaultError(r *admin.FaultRule) *Error {
	status := r.HTTPStatus
	if status == 0 {
		status = http.StatusBadRequest
		if r.ErrorCode == "SlowDown" || r.ErrorCode == "ServiceUnavailable" {
			status = http.StatusServiceUnavailable
		}
	}
	msg := r.Message
	if msg == "" {
		msg = "Injected fault"
		if strings.Contains(r.ErrorCode, "Throttl") || r.ErrorCode == "SlowDown" {
			msg = "Rate exceeded"
		}
	}
	return &Error{Code: r.ErrorCode, Message: msg, Status: status, Sender: status < 500}
}
