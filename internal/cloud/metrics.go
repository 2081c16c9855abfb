package cloud

import (
	"context"
	"errors"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/panther-operator/panther-operator/internal/metrics"
)

// countRequests records every attempt of every AWS call in the AWS request metric. It sits
// inside the retry loop, so that throttled attempts show up as what they cost.
func countRequests(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("PantherRequestMetrics",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
			middleware.FinalizeOutput, middleware.Metadata, error,
		) {
			out, md, err := next.HandleFinalize(ctx, in)
			outcome := "success"
			if err != nil {
				outcome = "error"
				var apiErr smithy.APIError
				if errors.As(err, &apiErr) {
					outcome = apiErr.ErrorCode()
				}
			}
			metrics.AWSRequests.WithLabelValues(awsmiddleware.GetServiceID(ctx),
				awsmiddleware.GetOperationName(ctx), outcome).Inc()
			return out, md, err
		}), middleware.After)
}
