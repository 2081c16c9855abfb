// Package lambda emulates AWS Lambda: the REST-JSON control API (functions, code from S3 or
// inline zips, configuration, layers, permissions, concurrency, event source mappings) and
// Invoke, which really runs the function.
//
// A function runs as a child process started from its unpacked zip, the way Lambda runs it:
// provided.al2023 and provided.al2 start the zip's bootstrap (how aws-lambda-go binaries run),
// python3.x starts a bootstrap of this package over the machine's python3 with the handler's
// module and the layers on sys.path. Each instance gets its own Runtime API endpoint
// (AWS_LAMBDA_RUNTIME_API), the function's environment, AWS_ENDPOINT_URL pointing back at
// localaws, and temporary credentials of the function's role. Instances are kept warm and
// reused, bounded by the function's concurrency; a timeout kills the instance; what the
// process prints goes to the /aws/lambda/<name> log group with Lambda's START, END and REPORT
// lines.
package lambda
