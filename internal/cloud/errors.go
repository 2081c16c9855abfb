package cloud

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/aws/smithy-go"
)

// The kinds of AWS failure callers act on. Every error this package returns that AWS answered
// is an *APIError, which matches one of these with errors.Is; the mapping from AWS's codes,
// HTTP statuses and messages lives only here (classify).
var (
	// ErrNotFound says that the AWS resource asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrAccessDenied says that AWS refused the call for lack of permission or trust.
	ErrAccessDenied = errors.New("access denied")
	// ErrThrottled says that AWS refused the call for its rate, even after the SDK's retries.
	ErrThrottled = errors.New("throttled")
	// ErrAlreadyExists says that what the call creates exists already.
	ErrAlreadyExists = errors.New("already exists")
	// ErrInvalidRequest says that AWS refused what the call asked for: retrying the same
	// input cannot help.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrUnavailable says that AWS failed on its side (a 5xx answer).
	ErrUnavailable = errors.New("service unavailable")
)

// APIError is an AWS error reduced to what callers act on: the operation, AWS's error code,
// its message and its kind. Request IDs and other per-call noise are left out, so that
// messages stay stable in conditions and events.
type APIError struct {
	Operation string
	Code      string
	Message   string
	// Kind is one of the Err* sentinels above, or nil for an error of no known kind.
	Kind error
	err  error
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: %s: %s", e.Operation, e.Code, e.Message)
}

// Is matches the error's kind, so that errors.Is(err, cloud.ErrAccessDenied) works through
// any wrapping.
func (e *APIError) Is(target error) bool { return e.Kind != nil && target == e.Kind }

func (e *APIError) Unwrap() error { return e.err }

// wrapError turns an SDK error into an *APIError where AWS answered, and wraps it otherwise.
func wrapError(operation string, err error) error {
	if err == nil {
		return nil
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		status := httpStatus(err)
		message := apiErr.ErrorMessage()
		if message == "" && status != 0 {
			// S3 answers HEAD requests without a body, hence without a message.
			message = http.StatusText(status)
		}
		return &APIError{Operation: operation, Code: apiErr.ErrorCode(), Message: message,
			Kind: classify(apiErr.ErrorCode(), message, status), err: err}
	}
	if status := httpStatus(err); status != 0 {
		// Answers to HEAD requests carry no error code, only the status.
		code := http.StatusText(status)
		return &APIError{Operation: operation, Code: strings.ReplaceAll(code, " ", ""), Message: code,
			Kind: classify("", "", status), err: err}
	}
	return fmt.Errorf("%s: %w", operation, err)
}

// classify maps an AWS answer to its kind, from the error codes the AWS API references
// document for the services the operator calls.
func classify(code, message string, status int) error {
	switch code {
	case "NotFound", "NoSuchBucket", "NoSuchKey", "NoSuchTagSet", "NoSuchTagSetError", "ResourceNotFoundException",
		"ChangeSetNotFound", "ChangeSetNotFoundException", "StackNotFoundException", "NoSuchEntity",
		"QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue":
		return ErrNotFound
	case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "InvalidClientTokenId",
		"SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "AuthorizationError", "AllAccessDisabled":
		return ErrAccessDenied
	case "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "SlowDown",
		"TooManyRequestsException", "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException":
		return ErrThrottled
	case "AlreadyExistsException", "BucketAlreadyOwnedByYou", "ResourceAlreadyExistsException", "EntityAlreadyExists":
		return ErrAlreadyExists
	case "ValidationError":
		// CloudFormation answers a missing stack with a ValidationError that says so.
		if strings.Contains(message, "does not exist") {
			return ErrNotFound
		}
		return ErrInvalidRequest
	case "InvalidParameterValue", "InvalidParameterCombination", "MissingParameter", "InsufficientCapabilitiesException",
		"ValidationException", "InvalidRequest", "InvalidArgument", "MalformedXML", "InvalidParameterException",
		"TokenAlreadyExistsException", "LimitExceededException", "InvalidChangeSetStatus", "InvalidChangeSetStatusException":
		return ErrInvalidRequest
	case "InternalFailure", "InternalError", "InternalServerError", "ServiceUnavailable", "ServiceUnavailableException":
		return ErrUnavailable
	}
	switch {
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusForbidden:
		return ErrAccessDenied
	case status == http.StatusTooManyRequests:
		return ErrThrottled
	case status >= 500:
		return ErrUnavailable
	}
	return nil
}

func httpStatus(err error) int {
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) {
		return respErr.HTTPStatusCode()
	}
	return 0
}

// ErrorCode returns the AWS error code of err, or "" when AWS did not answer with one. It is
// for messages and logs; callers decide with errors.Is on the kinds above.
func ErrorCode(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// Message is AWS's own message of err, without the operation and code around it, or err's
// text when AWS did not answer.
func Message(err error) string {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Message
	}
	return err.Error()
}
