// Package wire is what the emulated services share of the AWS wire
// protocols: routing a request by its SigV4 credential scope, X-Amz-Target
// or S3 address, reading its body, answering in the query/XML, JSON 1.1 or
// REST-XML shape, rendering AWS errors, and the identifiers and timestamps
// AWS formats; and FastServer, which serves the JSON protocols' calls over
// HTTP/1.1 itself and the rest through net/http.
package wire
