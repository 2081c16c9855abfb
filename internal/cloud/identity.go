package cloud

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// IdentityReader tells who the credentials resolve to.
type IdentityReader interface {
	CallerIdentity(ctx context.Context) (Identity, error)
}

type identityReader struct {
	sts *sts.Client
}

func (r *identityReader) CallerIdentity(ctx context.Context) (Identity, error) {
	out, err := r.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, wrapError("GetCallerIdentity", err)
	}
	return Identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn)}, nil
}
