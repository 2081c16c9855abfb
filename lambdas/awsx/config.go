package awsx

import (
	"context"
	"errors"
	"os"

	"github.com/aws/aws-lambda-go/lambda/messages"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/lambdas/api"
)

// LoadConfig is the function's AWS configuration from its environment. Calls retry up to 10
// times, as the original's functions did: a custom resource that gives up on a throttled call
// fails its stack.
func LoadConfig(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx, config.WithRetryMaxAttempts(10))
}

// S3Options are the S3 client options for the environment: path-style addressing when an
// endpoint override (a local emulator) is set, since bucket host names do not resolve there.
func S3Options() []func(*s3.Options) {
	if os.Getenv("AWS_ENDPOINT_URL") == "" && os.Getenv("AWS_ENDPOINT_URL_S3") == "" {
		return nil
	}
	return []func(*s3.Options){func(o *s3.Options) { o.UsePathStyle = true }}
}

// Env is an environment variable, or def when it is unset.
func Env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// FunctionError is err as the Lambda runtime reports it: an API error keeps its type (such as
// InvalidInputError), which callers match on.
func FunctionError(err error) error {
	if err == nil {
		return nil
	}
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		return messages.InvokeResponse_Error{Type: apiErr.Type, Message: apiErr.Message}
	}
	return err
}
