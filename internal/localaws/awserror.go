package localaws

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// awsError is an error answered to the client in the shape of its protocol.
type awsError struct {
	Code    string
	Message string
	Status  int
	// Sender is false for server-side faults (Type Receiver in query XML).
	Sender bool
	// Extra are additional S3 error elements such as BucketName or Key.
	Extra map[string]string
}

func (e *awsError) Error() string { return e.Code + ": " + e.Message }

// newError builds a client error (HTTP 400 unless status says otherwise).
func newError(status int, code, format string, args ...any) *awsError {
	return &awsError{Code: code, Message: fmt.Sprintf(format, args...), Status: status, Sender: status < 500}
}

func validationError(format string, args ...any) *awsError {
	return newError(http.StatusBadRequest, "ValidationError", format, args...)
}

// with adds an S3 error detail element.
func (e *awsError) with(key, value string) *awsError {
	if e.Extra == nil {
		e.Extra = map[string]string{}
	}
	e.Extra[key] = value
	return e
}

// notImplemented answers calls to services localaws does not emulate.
func notImplemented(service, operation string) *awsError {
	return newError(http.StatusNotImplemented, "NotImplemented",
		"localaws does not implement service %q (%s)", service, operation)
}

// asAWSError turns any error into an awsError, hiding nothing: unexpected
// errors become InternalFailure so clients see a server-side fault.
func asAWSError(err error) *awsError {
	var ae *awsError
	if errors.As(err, &ae) {
		return ae
	}
	return newError(http.StatusInternalServerError, "InternalFailure", "%v", err)
}

// reasonOf renders an error as a CloudFormation status reason: the message
// alone, without the error code prefix.
func reasonOf(err error) string {
	var ae *awsError
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

// failuref formats a status reason.
func failuref(format string, args ...any) error {
	return statusReason(fmt.Sprintf(format, args...))
}

// faultAsError converts a rule into the error it injects.
func faultAsError(r *admin.FaultRule) *awsError {
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
	return &awsError{Code: r.ErrorCode, Message: msg, Status: status, Sender: status < 500}
}
