package cloud

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// IdentityReader tells who the credentials resolve to.
type IdentityReader interface {
	CallerIdentity(ctx context.Context) (Identity, error)
}

// identityTTL is how long a caller identity is reused. One client set belongs to one set of
// credentials, whose account cannot change; the identity is read again now and then so that
// credentials that stopped working show up in the status.
const identityTTL = 15 * time.Minute

type identityReader struct {
	sts *sts.Client

	mu      sync.Mutex
	cached  Identity
	fetched time.Time
}

func (r *identityReader) CallerIdentity(ctx context.Context) (Identity, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cached.Account != "" && time.Since(r.fetched) < identityTTL {
		return r.cached, nil
	}
	out, err := r.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return Identity{}, wrapError("GetCallerIdentity", err)
	}
	r.cached = Identity{Account: aws.ToString(out.Account), ARN: aws.ToString(out.Arn)}
	r.fetched = time.Now()
	return r.cached, nil
}
