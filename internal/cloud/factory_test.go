package cloud

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

func TestFactoryKeepsTargetsApartOnOneHTTPClient(t *testing.T) {
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{ZeroLatency: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ctx := context.Background()
	f := &Factory{LoadOptions: []func(*config.LoadOptions) error{config.WithBaseEndpoint(srv.URL())}, RequestsPerSecond: 5, Burst: 1}
	targets := []Target{
		{Region: "us-east-1", Credentials: Credentials{AccessKeyID: "111111111111", SecretAccessKey: "secret"}},
		{Region: "eu-west-1", Credentials: Credentials{AccessKeyID: "222222222222", SecretAccessKey: "secret"}},
	}
	for _, target := range targets {
		clients, err := f.Clients(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		identity, err := clients.Identity.CallerIdentity(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if identity.Account != target.Credentials.AccessKeyID {
			t.Errorf("the clients of %s act as account %s", target.Credentials.AccessKeyID, identity.Account)
		}
	}
	first, err := f.loadConfig(ctx, targets[0])
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.loadConfig(ctx, targets[1])
	if err != nil {
		t.Fatal(err)
	}
	if first.Region != "us-east-1" || second.Region != "eu-west-1" {
		t.Errorf("regions %s and %s", first.Region, second.Region)
	}
	// A target without a region keeps the default chain's.
	t.Setenv("AWS_REGION", "ap-southeast-2")
	defaulted := &Factory{}
	cfg, err := defaulted.loadConfig(ctx, Target{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "ap-southeast-2" {
		t.Errorf("a target without a region is in %q, want AWS_REGION's", cfg.Region)
	}
	// One HTTP client, so that targets share connections and the CA bundle is read once.
	if first.HTTPClient != second.HTTPClient {
		t.Error("the targets have HTTP clients of their own")
	}
	// Each target limits its own calls: the API options (the limiter among them) are its own.
	if len(first.APIOptions) != len(f.base.APIOptions)+2 || &first.APIOptions[0] == &second.APIOptions[0] {
		t.Errorf("API options %d (base %d), shared: %v", len(first.APIOptions), len(f.base.APIOptions),
			&first.APIOptions[0] == &second.APIOptions[0])
	}
}
