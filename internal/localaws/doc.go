// Package localaws is a local AWS emulator that speaks the real AWS wire
// protocols, so unmodified aws-sdk-go-v2 clients work against it when their
// endpoint points at it (AWS_ENDPOINT_URL=http://127.0.0.1:4566).
//
// One http.Handler serves every service on one port. A request is routed the
// way AWS itself would route it: by the SigV4 credential scope in the
// Authorization header, by X-Amz-Target for JSON protocols, by the Action form
// parameter for query protocols and by path or virtual-host style for S3.
// Signatures are parsed, never verified. An access key ID made of 12 digits
// selects that account; anything else maps to the default account
// 000000000000. State is kept per account and region.
//
// Services: STS, a small IAM role registry, S3 (REST-XML), CloudWatch Logs
// (JSON 1.1) and CloudFormation (query/XML) with an asynchronous stack
// lifecycle that provisions modeled resources into the other services.
//
// An admin API under /_localaws/ exposes health, reset, a state dump, fault
// injection, the latency scale, role trusts and the request log; package
// admin is a Go client for it.
package localaws
