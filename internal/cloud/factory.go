package cloud

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Credentials selects the identity of a deployment. The zero value is the operator's own
// identity from the default chain.
type Credentials struct {
	// RoleARN is assumed through STS when set, with ExternalID when that is set too.
	RoleARN    string
	ExternalID string
	// AccessKeyID and SecretAccessKey (and SessionToken) are static keys from a Secret.
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
}

// Target is a region and the identity to act as there.
type Target struct {
	Region      string
	Credentials Credentials
}

// cacheKey identifies a Target without holding its secrets in clear.
func (t Target) cacheKey() string {
	h := sha256.New()
	for _, part := range []string{t.Region, t.Credentials.RoleARN, t.Credentials.ExternalID,
		t.Credentials.AccessKeyID, t.Credentials.SecretAccessKey, t.Credentials.SessionToken} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Clients are the operations the operator uses in one region as one identity.
type Clients struct {
	Identity  IdentityReader
	Stacks    StackClient
	Objects   ObjectReader
	Releases  ReleaseStore
	Cleanup   Cleanup
	Functions FunctionClient
	// StackEvents is the account and region's channel of stack status changes.
	StackEvents StackEventQueue
}

// Factory builds Clients and caches them per target, so that assumed-role credentials are
// reused (and refreshed by the SDK before they expire) across reconciles.
type Factory struct {
	// LoadOptions are added to every config.LoadDefaultConfig call, e.g. an HTTP client.
	LoadOptions []func(*config.LoadOptions) error
	// RequestsPerSecond limits the AWS calls of one target (one account and identity) with a
	// token bucket of Burst tokens; 0 means no limit. AWS's own rate limits are per account,
	// and one operator may manage hundreds of deployments.
	RequestsPerSecond float64
	Burst             int
	// MaxAttempts bounds the SDK's adaptive retryer per call (default 8).
	MaxAttempts int

	mu      sync.Mutex
	clients map[string]*cachedClients
	// base is the configuration every target's is derived from, loaded once: the default
	// chain's credentials, the endpoint settings and one HTTP client, whose connections and
	// CA bundle (AWS_CA_BUNDLE) all targets share. Loading it per target cost a few hundred
	// kilobytes each, for a parsed copy of the CA bundle alone.
	base *aws.Config
}

// cachedClients are one target's clients and when they were last handed out.
type cachedClients struct {
	clients  *Clients
	lastUsed time.Time
}

// idleClients is how long clients stay cached unused. Targets change when a deployment's
// credentials Secret changes (the key holds its values), so an idle entry belongs to
// credentials no deployment uses any more.
const idleClients = 30 * time.Minute

// Clients returns the clients of target, building them on first use.
func (f *Factory) Clients(ctx context.Context, target Target) (*Clients, error) {
	key := target.cacheKey()
	now := time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, cached := range f.clients {
		if now.Sub(cached.lastUsed) > idleClients {
			delete(f.clients, k)
		}
	}
	if cached, ok := f.clients[key]; ok {
		cached.lastUsed = now
		return cached.clients, nil
	}
	cfg, err := f.loadConfig(ctx, target)
	if err != nil {
		return nil, err
	}
	c := &Clients{
		Identity: &identityReader{sts: sts.NewFromConfig(cfg)},
		Stacks:   &stackClient{cfn: cloudformation.NewFromConfig(cfg)},
		Objects:  &objectReader{s3: s3.NewFromConfig(cfg)},
		Releases: &releaseStore{s3: s3.NewFromConfig(cfg), region: cfg.Region},
		Cleanup: &cleanup{s3: s3.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg),
			region: cfg.Region},
		Functions:   NewFunctionClient(cfg),
		StackEvents: &stackEventQueue{sqs: sqs.NewFromConfig(cfg), events: eventbridge.NewFromConfig(cfg), region: cfg.Region},
	}
	if f.clients == nil {
		f.clients = map[string]*cachedClients{}
	}
	f.clients[key] = &cachedClients{clients: c, lastUsed: now}
	return c, nil
}

// Forget drops every cached client, e.g. after a credentials Secret changed.
func (f *Factory) Forget() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clients = nil
}

// loadConfig derives the configuration of a target from the base one: its region, its
// credentials, its own retryer (whose adaptive rate limiting follows its account's throttling)
// and its own request limiter. Caller holds f.mu.
func (f *Factory) loadConfig(ctx context.Context, target Target) (aws.Config, error) {
	if f.base == nil {
		base, err := config.LoadDefaultConfig(ctx, f.LoadOptions...)
		if err != nil {
			return aws.Config{}, fmt.Errorf("loading the AWS configuration: %w", err)
		}
		f.base = &base
	}
	cfg := f.base.Copy()
	if target.Region != "" {
		// An empty region keeps the default chain's (AWS_REGION, the shared config).
		cfg.Region = target.Region
	}
	attempts := f.MaxAttempts
	if attempts == 0 {
		attempts = 8
	}
	// Adaptive mode adds client-side rate limiting on top of the standard retryer when AWS
	// throttles, which is what a fleet of deployments in one account needs.
	cfg.Retryer = func() aws.Retryer {
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
				so.MaxAttempts = attempts
			})
		})
	}
	// Copy is shallow: the target's API options go into a slice of its own.
	cfg.APIOptions = append(slices.Clone(f.base.APIOptions), countRequests)
	if f.RequestsPerSecond > 0 {
		cfg.APIOptions = append(cfg.APIOptions, limitRequests(rate.NewLimiter(rate.Limit(f.RequestsPerSecond), max(1, f.Burst))))
	}
	creds := target.Credentials
	if creds.AccessKeyID != "" {
		cfg.Credentials = aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(
			creds.AccessKeyID, creds.SecretAccessKey, creds.SessionToken))
	}
	if creds.RoleARN != "" {
		provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), creds.RoleARN,
			func(o *stscreds.AssumeRoleOptions) {
				o.RoleSessionName = "panther-operator"
				if creds.ExternalID != "" {
					o.ExternalID = aws.String(creds.ExternalID)
				}
			})
		cfg.Credentials = aws.NewCredentialsCache(provider)
	}
	return cfg, nil
}

// limitRequests makes every call wait for a token of limiter before it is sent (retries too).
func limitRequests(limiter *rate.Limiter) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("PantherRateLimit",
			func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (
				middleware.FinalizeOutput, middleware.Metadata, error,
			) {
				if err := limiter.Wait(ctx); err != nil {
					return middleware.FinalizeOutput{}, middleware.Metadata{}, err
				}
				return next.HandleFinalize(ctx, in)
			}), middleware.After)
	}
}
