// Package admin holds the wire types of the localaws admin API (served under
// /_localaws/) and a small HTTP client for it, so tests in any package can
// reset the emulator, inject faults and count requests without importing the
// emulator itself.
package admin

import "time"

// FaultRule makes matching requests fail or slow down. Empty match fields
// match everything. A rule with neither Probability nor Count applies to
// every matching request.
type FaultRule struct {
	// ID is assigned by the server when the rule is added.
	ID string `json:"id,omitempty"`
	// Service is the signing name, e.g. "cloudformation", "s3", "logs".
	Service string `json:"service,omitempty"`
	// Operation is the API operation, e.g. "CreateStack", "PutObject".
	Operation string `json:"operation,omitempty"`
	// Resource matches a substring of the request's resource: the stack
	// name, bucket[/key], log group name, queue name or role ARN; for
	// CloudFormation also the logical ID and type of a resource being
	// provisioned.
	Resource string `json:"resource,omitempty"`
	// ErrorCode is the AWS error code to answer with, e.g. "Throttling".
	// Empty means the rule only adds latency.
	ErrorCode string `json:"errorCode,omitempty"`
	// Message is the error message; a generic one is used when empty.
	Message string `json:"message,omitempty"`
	// HTTPStatus defaults to 400 (503 for SlowDown and ServiceUnavailable).
	HTTPStatus int `json:"httpStatus,omitempty"`
	// Probability in (0,1] applies the rule to that share of matches.
	Probability float64 `json:"probability,omitempty"`
	// Count limits how many times the rule fires; it is removed afterwards.
	Count int `json:"count,omitempty"`
	// Latency is added before the request is answered.
	Latency time.Duration `json:"latency,omitempty"`
}

// Throttle returns a rule that answers a share of a service's requests with
// the service's throttling error, which the SDK's standard retryer retries.
func Throttle(service string, probability float64) FaultRule {
	code := "Throttling"
	switch service {
	case "s3":
		code = "SlowDown"
	case "logs":
		code = "ThrottlingException"
	}
	return FaultRule{Service: service, ErrorCode: code, Probability: probability}
}

// RoleTrust registers a role that AssumeRole may assume, and the ExternalId
// its trust policy requires (empty: none).
type RoleTrust struct {
	RoleArn    string `json:"roleArn"`
	ExternalID string `json:"externalId,omitempty"`
}

// RequestRecord is one entry of the request log.
type RequestRecord struct {
	Time      time.Time `json:"time"`
	RequestID string    `json:"requestId"`
	Service   string    `json:"service"`
	Operation string    `json:"operation"`
	Account   string    `json:"account"`
	Region    string    `json:"region"`
	// AccessKeyID is the caller's access key (never its secret): the account's own keys, or
	// the session keys of a role, such as a function's.
	AccessKeyID string        `json:"accessKeyId,omitempty"`
	Resource    string        `json:"resource,omitempty"`
	Status      int           `json:"status"`
	ErrorCode   string        `json:"errorCode,omitempty"`
	Duration    time.Duration `json:"duration"`
	// Mutating is true for operations that change state (anything that is
	// not a Get, Head, List, Describe or similar read).
	Mutating bool `json:"mutating"`
}

// LatencyScale is the body of the latency-scale endpoint. It multiplies the
// simulated provisioning time of every CloudFormation resource; 0 makes
// stacks complete as fast as possible.
type LatencyScale struct {
	Scale float64 `json:"scale"`
}

// CognitoMessage is what Cognito would have sent a user of a pool, recorded instead of sent:
// an invitation (Kind INVITATION, with the temporary password) after AdminCreateUser, or a
// password reset code (Kind RESET_PASSWORD after AdminResetUserPassword, FORGOT_PASSWORD
// after ForgotPassword).
type CognitoMessage struct {
	Kind              string    `json:"kind"`
	Username          string    `json:"username"`
	Email             string    `json:"email,omitempty"`
	TemporaryPassword string    `json:"temporaryPassword,omitempty"`
	Code              string    `json:"code,omitempty"`
	Time              time.Time `json:"time"`
}
