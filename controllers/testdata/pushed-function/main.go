// Command pushed-function stands in for a changed panther-log-processor in the push-function
// story: it answers every invocation with its own name, so the story can see that the
// function runs the pushed code.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(context.Context) (string, error) { return "pushed-function", nil })
}
