package testenv

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/panther-operator/panther-operator/internal/localaws"
)

// LocalAWS starts an in-process localaws for one test (closed when it ends) and returns an
// SDK configuration of its default account in us-east-1 pointed at it.
func LocalAWS(t testing.TB) aws.Config {
	t.Helper()
	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{ZeroLatency: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")),
		config.WithBaseEndpoint(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
