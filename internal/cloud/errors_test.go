package cloud

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// kinds are the sentinels; every AWS answer matches at most one.
var kinds = map[string]error{
	"ErrNotFound":       ErrNotFound,
	"ErrAccessDenied":   ErrAccessDenied,
	"ErrThrottled":      ErrThrottled,
	"ErrAlreadyExists":  ErrAlreadyExists,
	"ErrInvalidRequest": ErrInvalidRequest,
	"ErrUnavailable":    ErrUnavailable,
}

// checkKind asserts that err matches kind and no other sentinel, also once wrapped by a caller.
func checkKind(t *testing.T, err, kind error) {
	t.Helper()
	for _, e := range []error{err, fmt.Errorf("reconciling panther-core: %w", err)} {
		for name, k := range kinds {
			if got, want := errors.Is(e, k), errors.Is(kind, k); got != want {
				t.Errorf("errors.Is(%q, %s) = %v, want %v", e, name, got, want)
			}
		}
	}
}

// checkAPIError asserts the *APIError AWS's answer became: its code, its message without
// request IDs, its kind, and that callers' wrapping keeps all of it.
func checkAPIError(t *testing.T, err error, operation, code, message string, kind error) {
	t.Helper()
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	if apiErr.Operation != operation || apiErr.Code != code || apiErr.Message != message {
		t.Errorf("APIError = {%s %s %q}, want {%s %s %q}", apiErr.Operation, apiErr.Code, apiErr.Message, operation, code, message)
	}
	if text := err.Error(); strings.Contains(text, requestID) || strings.Contains(text, hostID) {
		t.Errorf("error %q carries a request ID", text)
	}
	wrapped := fmt.Errorf("reconciling panther-core: %w", err)
	if ErrorCode(wrapped) != code || Message(wrapped) != message {
		t.Errorf("through wrapping: ErrorCode = %q, Message = %q", ErrorCode(wrapped), Message(wrapped))
	}
	checkKind(t, err, kind)
}

const (
	stackARN     = "arn:aws:cloudformation:us-east-1:123456789012:stack/panther-core/8c2d4a40-1f5e-11ef-9a1b-0a1b2c3d4e5f"
	notAuthorize = "User: arn:aws:sts::123456789012:assumed-role/panther-operator/panther-operator is not authorized to perform: "
)

// TestAWSErrorsThroughTheSDK sends AWS's documented error answers through the real SDK
// clients and deserializers, and checks what the package's methods make of them.
func TestAWSErrorsThroughTheSDK(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		reply  reply
		// op is the SDK operation the stub answers; call runs the package's method.
		op                    string
		call                  func(context.Context, *stubAWS) error
		operation, code, text string
		kind                  error
	}{
		{
			name: "cfn missing stack", reason: "CloudFormation says a stack is missing only in a ValidationError's prose",
			op: "DescribeStacks", reply: queryError(400, "ValidationError", "Stack with id panther-core does not exist"),
			call: describeStack, operation: "DescribeStacks", code: "ValidationError", text: "Stack with id panther-core does not exist", kind: ErrNotFound,
		},
		{
			name: "cfn validation error", reason: "any other ValidationError is the request's fault: retrying it cannot help",
			op: "CreateChangeSet", reply: queryError(400, "ValidationError", "Template format error: Unresolved resource dependencies [Queue] in the Resources block of the template"),
			call: createChangeSet, operation: "CreateChangeSet", code: "ValidationError", text: "Template format error: Unresolved resource dependencies [Queue] in the Resources block of the template", kind: ErrInvalidRequest,
		},
		{
			name: "cfn throttling", reason: "CloudFormation's throttling code is Throttling with a 400, not a 429",
			op: "DescribeStacks", reply: queryError(400, "Throttling", "Rate exceeded"),
			call: listStacks, operation: "DescribeStacks", code: "Throttling", text: "Rate exceeded", kind: ErrThrottled,
		},
		{
			name: "cfn change set exists", reason: "a change set created twice (after a lost answer) exists already",
			op: "CreateChangeSet", reply: queryError(400, "AlreadyExistsException", "ChangeSet panther-core-1a2b3c already exists"),
			call: createChangeSet, operation: "CreateChangeSet", code: "AlreadyExistsException", text: "ChangeSet panther-core-1a2b3c already exists", kind: ErrAlreadyExists,
		},
		{
			name: "cfn stack exists", reason: "a stack created twice (after a lost answer) exists already",
			op: "CreateStack", reply: queryError(400, "AlreadyExistsException", "Stack [panther-core] already exists"),
			call: createStack, operation: "CreateStack", code: "AlreadyExistsException", text: "Stack [panther-core] already exists", kind: ErrAlreadyExists,
		},
		{
			name: "cfn missing change set", reason: "the SDK's code for ChangeSetNotFoundException is ChangeSetNotFound, with a 404",
			op: "DescribeChangeSet", reply: queryError(404, "ChangeSetNotFound", "ChangeSet [panther-core-1a2b3c] does not exist"),
			call: describeChangeSet, operation: "DescribeChangeSet", code: "ChangeSetNotFound", text: "ChangeSet [panther-core-1a2b3c] does not exist", kind: ErrNotFound,
		},
		{
			name: "cfn capabilities", reason: "a template that needs capabilities not granted is a request error",
			op: "CreateChangeSet", reply: queryError(400, "InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_NAMED_IAM]"),
			call: createChangeSet, operation: "CreateChangeSet", code: "InsufficientCapabilitiesException", text: "Requires capabilities : [CAPABILITY_NAMED_IAM]", kind: ErrInvalidRequest,
		},
		{
			name: "cfn change set not executable", reason: "executing a change set that is not AVAILABLE is a request error",
			op: "ExecuteChangeSet", reply: queryError(400, "InvalidChangeSetStatus", "ChangeSet [panther-core-1a2b3c] cannot be executed in its current status of [CREATE_IN_PROGRESS]"),
			call: executeChangeSet, operation: "ExecuteChangeSet", code: "InvalidChangeSetStatus", text: "ChangeSet [panther-core-1a2b3c] cannot be executed in its current status of [CREATE_IN_PROGRESS]", kind: ErrInvalidRequest,
		},
		{
			name: "cfn access denied", reason: "a role without cloudformation permissions is denied, whatever the call",
			op: "UpdateTerminationProtection", reply: queryError(403, "AccessDenied", notAuthorize+"cloudformation:UpdateTerminationProtection on resource: "+stackARN),
			call: protectStack, operation: "UpdateTerminationProtection", code: "AccessDenied", text: notAuthorize + "cloudformation:UpdateTerminationProtection on resource: " + stackARN, kind: ErrAccessDenied,
		},
		{
			name: "cfn internal failure", reason: "AWS's own failures are transient and said to be so",
			op: "DeleteStack", reply: queryError(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
			call: deleteStack, operation: "DeleteStack", code: "InternalFailure", text: "The request processing has failed because of an unknown error, exception or failure.", kind: ErrUnavailable,
		},
		{
			name: "cfn rollback not possible", reason: "a ValidationError about the stack's state is not a missing stack",
			op: "ContinueUpdateRollback", reply: queryError(400, "ValidationError", "Stack [panther-core] is in UPDATE_COMPLETE state and can not continue update rollback"),
			call: continueRollback, operation: "ContinueUpdateRollback", code: "ValidationError", text: "Stack [panther-core] is in UPDATE_COMPLETE state and can not continue update rollback", kind: ErrInvalidRequest,
		},
		{
			name: "s3 access denied", reason: "a role without s3:GetBucketTagging must fail the teardown, never read as not ours",
			op: "GetBucketTagging", reply: s3Error(403, "AccessDenied", "Access Denied"),
			call: bucketTags, operation: "GetBucketTagging", code: "AccessDenied", text: "Access Denied", kind: ErrAccessDenied,
		},
		{
			name: "s3 missing bucket", reason: "a bucket deleted by someone else is gone, not an error of the teardown",
			op: "GetBucketTagging", reply: s3Error(404, "NoSuchBucket", "The specified bucket does not exist"),
			call: bucketTags, operation: "GetBucketTagging", code: "NoSuchBucket", text: "The specified bucket does not exist", kind: ErrNotFound,
		},
		{
			name: "s3 slow down", reason: "S3 throttles with SlowDown and a 503: that is throttling, not an outage",
			op: "ListObjectVersions", reply: s3Error(503, "SlowDown", "Please reduce your request rate."),
			call: emptyBucket, operation: "ListObjectVersions", code: "SlowDown", text: "Please reduce your request rate.", kind: ErrThrottled,
		},
		{
			name: "s3 bucket not empty", reason: "a code of no known kind keeps its code and matches no sentinel",
			op: "DeleteBucket", reply: s3Error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty"),
			call: deleteBucket, operation: "DeleteBucket", code: "BucketNotEmpty", text: "The bucket you tried to delete is not empty",
		},
		{
			name: "s3 bucket of another account", reason: "a bucket name taken by another account is not ours to use: never ErrAlreadyExists",
			op: "CreateBucket", reply: s3Error(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."),
			call: ensureMissingBucket, operation: "CreateBucket", code: "BucketAlreadyExists", text: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
		},
		{
			name: "s3 internal error", reason: "S3's 500 is transient",
			op: "PutObject", reply: s3Error(500, "InternalError", "We encountered an internal error. Please try again."),
			call: putObject, operation: "PutObject", code: "InternalError", text: "We encountered an internal error. Please try again.", kind: ErrUnavailable,
		},
		{
			name: "s3 missing key", reason: "a release manifest that is not there is ErrNotFound, for the controller to report",
			op: "GetObject", reply: s3Error(404, "NoSuchKey", "The specified key does not exist."),
			call: getObject, operation: "GetObject", code: "NoSuchKey", text: "The specified key does not exist.", kind: ErrNotFound,
		},
		{
			name: "s3 head not found", reason: "a HEAD answer has no body: the SDK names the 404 NotFound and gives no message, so the status text stands in for one",
			op: "HeadObject", reply: headError(404),
			call: contentHash, operation: "HeadObject", code: "NotFound", text: "Not Found", kind: ErrNotFound,
		},
		{
			name: "s3 head forbidden", reason: "a HEAD 403 is access denied, from the status alone",
			op: "HeadObject", reply: headError(403),
			call: contentHash, operation: "HeadObject", code: "Forbidden", text: "Forbidden", kind: ErrAccessDenied,
		},
		{
			name: "s3 expire denied", reason: "a role without s3:PutLifecycleConfiguration is denied",
			op: "PutBucketLifecycleConfiguration", reply: s3Error(403, "AccessDenied", "Access Denied"),
			call: expireBucket, operation: "PutBucketLifecycleConfiguration", code: "AccessDenied", text: "Access Denied", kind: ErrAccessDenied,
		},
		{
			name: "logs throttling", reason: "CloudWatch Logs throttles with ThrottlingException in JSON",
			op: "DeleteLogGroup", reply: jsonError(400, "ThrottlingException", "Rate exceeded"),
			call: deleteLogGroup, operation: "DeleteLogGroup", code: "ThrottlingException", text: "Rate exceeded", kind: ErrThrottled,
		},
		{
			name: "logs access denied", reason: "CloudWatch Logs denies with AccessDeniedException and a 400",
			op: "DescribeLogGroups", reply: jsonError(400, "AccessDeniedException", notAuthorize+"logs:DescribeLogGroups on resource: arn:aws:logs:us-east-1:123456789012:log-group::log-stream:"),
			call: logGroups, operation: "DescribeLogGroups", code: "AccessDeniedException", text: notAuthorize + "logs:DescribeLogGroups on resource: arn:aws:logs:us-east-1:123456789012:log-group::log-stream:", kind: ErrAccessDenied,
		},
		{
			name: "sts access denied", reason: "credentials that may not call STS are denied",
			op: "GetCallerIdentity", reply: queryError(403, "AccessDenied", notAuthorize+"sts:GetCallerIdentity"),
			call: callerIdentity, operation: "GetCallerIdentity", code: "AccessDenied", text: notAuthorize + "sts:GetCallerIdentity", kind: ErrAccessDenied,
		},
		{
			name: "sts unknown key", reason: "a deleted access key is a credentials problem, reported as access denied",
			op: "GetCallerIdentity", reply: queryError(403, "InvalidClientTokenId", "The security token included in the request is invalid."),
			call: callerIdentity, operation: "GetCallerIdentity", code: "InvalidClientTokenId", text: "The security token included in the request is invalid.", kind: ErrAccessDenied,
		},
		{
			name: "sts expired token", reason: "an expired session token is a credentials problem, whatever its status",
			op: "GetCallerIdentity", reply: queryError(400, "ExpiredToken", "The security token included in the request is expired"),
			call: callerIdentity, operation: "GetCallerIdentity", code: "ExpiredToken", text: "The security token included in the request is expired", kind: ErrAccessDenied,
		},
		{
			name: "sts bad secret", reason: "a wrong secret key is a credentials problem",
			op: "GetCallerIdentity", reply: queryError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
			call: callerIdentity, operation: "GetCallerIdentity", code: "SignatureDoesNotMatch", text: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", kind: ErrAccessDenied,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stub := newStub(t, map[string][]reply{tc.op: {tc.reply}})
			if tc.op == "CreateBucket" {
				stub.replies["HeadBucket"] = []reply{headError(404)}
			}
			err := tc.call(context.Background(), stub)
			if err == nil {
				t.Fatalf("no error (%s)", tc.reason)
			}
			checkAPIError(t, err, tc.operation, tc.code, tc.text, tc.kind)
		})
	}
}

// The calls of the table above: one package method each, on clients over the stub.
func describeStack(ctx context.Context, s *stubAWS) error {
	_, err := (&stackClient{cfn: s.cloudFormation()}).Describe(ctx, "panther-core")
	return err
}

func listStacks(ctx context.Context, s *stubAWS) error {
	_, err := (&stackClient{cfn: s.cloudFormation()}).List(ctx, []string{"panther-core"})
	return err
}

func createChangeSet(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).CreateChangeSet(ctx, ChangeSetInput{
		StackInput:    StackInput{StackName: "panther-core", TemplateURL: "https://panther-releases.s3.amazonaws.com/v1.0.0/core.yml"},
		ChangeSetName: "panther-core-1a2b3c"})
}

func createStack(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).Create(ctx, StackInput{StackName: "panther-core",
		TemplateURL: "https://panther-releases.s3.amazonaws.com/v1.0.0/core.yml"})
}

func describeChangeSet(ctx context.Context, s *stubAWS) error {
	_, err := (&stackClient{cfn: s.cloudFormation()}).DescribeChangeSet(ctx, "panther-core", "panther-core-1a2b3c")
	return err
}

func executeChangeSet(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).ExecuteChangeSet(ctx, "panther-core", "panther-core-1a2b3c")
}

func protectStack(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).SetTerminationProtection(ctx, "panther-core", true)
}

func deleteStack(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).Delete(ctx, "panther-core", "")
}

func continueRollback(ctx context.Context, s *stubAWS) error {
	return (&stackClient{cfn: s.cloudFormation()}).ContinueUpdateRollback(ctx, "panther-core", "", nil)
}

func bucketTags(ctx context.Context, s *stubAWS) error {
	_, err := (&cleanup{s3: s.s3()}).BucketTags(ctx, "panther-data-123456789012-us-east-1")
	return err
}

func emptyBucket(ctx context.Context, s *stubAWS) error {
	_, _, err := (&cleanup{s3: s.s3()}).EmptyBucket(ctx, "panther-data-123456789012-us-east-1")
	return err
}

func deleteBucket(ctx context.Context, s *stubAWS) error {
	return (&cleanup{s3: s.s3()}).DeleteBucket(ctx, "panther-data-123456789012-us-east-1")
}

func expireBucket(ctx context.Context, s *stubAWS) error {
	return (&cleanup{s3: s.s3()}).ExpireBucket(ctx, "panther-data-123456789012-us-east-1")
}

func ensureMissingBucket(ctx context.Context, s *stubAWS) error {
	return (&releaseStore{s3: s.s3(), region: "us-east-1"}).EnsureBucket(ctx, "panther-releases")
}

func putObject(ctx context.Context, s *stubAWS) error {
	return (&releaseStore{s3: s.s3(), region: "us-east-1"}).Put(ctx, "panther-releases", "v1.0.0/core.yml", []byte("Resources: {}"), "abc")
}

func contentHash(ctx context.Context, s *stubAWS) error {
	_, err := (&releaseStore{s3: s.s3(), region: "us-east-1"}).ContentHash(ctx, "panther-releases", "v1.0.0/core.yml")
	return err
}

func getObject(ctx context.Context, s *stubAWS) error {
	_, err := (&objectReader{s3: s.s3()}).Get(ctx, "panther-releases", "v1.0.0/manifest.json")
	return err
}

func deleteLogGroup(ctx context.Context, s *stubAWS) error {
	_, err := (&cleanup{logs: s.logs()}).DeleteLogGroup(ctx, "/aws/lambda/panther-log-processor")
	return err
}

func logGroups(ctx context.Context, s *stubAWS) error {
	_, err := (&cleanup{logs: s.logs()}).LogGroups(ctx, "/aws/lambda/panther-")
	return err
}

func callerIdentity(ctx context.Context, s *stubAWS) error {
	_, err := (&identityReader{sts: s.sts()}).CallerIdentity(ctx)
	return err
}

// TestWrapErrorWithoutAPIError covers the answers that carry no AWS error code.
func TestWrapErrorWithoutAPIError(t *testing.T) {
	reset := &smithyhttp.RequestSendError{Err: syscall.ECONNRESET}
	tests := []struct {
		name   string
		reason string
		err    error
		// want is the error errors.Is must still find; code is ErrorCode's answer.
		want error
		kind error
		code string
	}{
		{name: "nil", reason: "a call that succeeded stays nil", err: nil},
		{name: "connection reset", reason: "a network failure is not an AWS answer: no kind, the cause kept", err: reset, want: syscall.ECONNRESET},
		{name: "canceled", reason: "a canceled reconcile must stay recognisable as such", err: context.Canceled, want: context.Canceled},
		{
			name: "bare 404", reason: "an answer with a status and no code is classified by its status", kind: ErrNotFound, code: "NotFound",
			err: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 404}}, Err: errors.New("no body")},
		},
		{
			name: "bare 429", reason: "Too Many Requests without a code is throttling", kind: ErrThrottled, code: "TooManyRequests",
			err: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 429}}, Err: errors.New("no body")},
		},
		{
			name: "bare 502", reason: "a gateway failure without a code is AWS's side", kind: ErrUnavailable, code: "BadGateway",
			err: &smithyhttp.ResponseError{Response: &smithyhttp.Response{Response: &http.Response{StatusCode: 502}}, Err: errors.New("no body")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := wrapError("DescribeStacks", tc.err)
			if tc.err == nil {
				if err != nil {
					t.Fatalf("wrapError(nil) = %v", err)
				}
				return
			}
			if !strings.HasPrefix(err.Error(), "DescribeStacks: ") {
				t.Errorf("%q does not name the operation", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("errors.Is(%v, %v) = false (%s)", err, tc.want, tc.reason)
			}
			if got := ErrorCode(err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
			checkKind(t, err, tc.kind)
		})
	}
}
