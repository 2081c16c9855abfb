// Package localaws is a local AWS emulator that speaks the real AWS wire
// protocols, so unmodified aws-sdk-go-v2 clients work against it when their
// endpoint points at it (AWS_ENDPOINT_URL=http://127.0.0.1:4566).
//
// One http.Handler (Emulator) serves every service on one port; Start runs
// it on a TCP address, e.g. a free port for tests. A request is routed the
// way AWS routes it: by the SigV4 credential scope in the Authorization
// header, by X-Amz-Target for JSON protocols, by the Smithy-Protocol header
// and path for RPC v2 CBOR, by the Action form parameter
// for query protocols and by path or virtual-host style for S3. Signatures
// are parsed, never verified. An access key ID made of 12 digits selects
// that account; any other key maps to the default account 000000000000.
// State is kept per account and region.
//
// Services: STS, a small IAM role API, S3 (REST-XML), CloudWatch Logs (JSON
// 1.1), SQS standard queues, DynamoDB and DynamoDB Streams (JSON 1.0), SNS standard topics
// (query/XML) delivering to SQS and Lambda, S3 event notifications, Lambda (REST-JSON: functions
// run as processes through the Runtime API, with SQS and DynamoDB-stream event source
// mappings), EventBridge (JSON 1.1: schedules and patterns), Cognito user pools (JSON 1.1, with
// RS256 tokens and a JWKS per pool), AppSync (REST-JSON control plane and a GraphQL endpoint per
// API resolving through Lambda), KMS symmetric keys with real AES-GCM encryption, the Glue Data
// Catalog and Firehose delivery streams into S3 (JSON 1.1), CloudWatch metrics and alarms
// (Smithy RPC v2 CBOR) and CloudFormation (query/XML). CloudFormation runs stack operations
// asynchronously, one resource step at a time in dependency order, and
// provisions the resource types it models into the other services.
//
// Every API call runs under one lock, which makes each call atomic as on
// AWS (SQS long polling and a running Lambda function release it while they
// wait); stack operations take the same lock for each step, so the state is
// always consistent and can be written to a state file and resumed.
//
// An admin API under /_localaws/ exposes health, reset, a state dump, fault
// injection, the latency scale, role trusts and the request log; package
// admin is a Go client for it. docs/localaws.md describes what is covered.
package localaws
