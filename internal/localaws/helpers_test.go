package localaws_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// env is one in-process emulator and SDK clients pointed at it.
// endpoint is where an env's clients send requests: an in-process server, or one in a
// process of its own (the benchmarks' one-core server).
type endpoint interface {
	URL() string
	Addr() string
	Close() error
}

type env struct {
	srv   endpoint
	cfg   aws.Config
	s3    *s3.Client
	logs  *cloudwatchlogs.Client
	sqs   *sqs.Client
	sns   *sns.Client
	sts   *sts.Client
	cfn   *cloudformation.Client
	ddb   *dynamodb.Client
	ddbs  *dynamodbstreams.Client
	kms   *kms.Client
	glue  *glue.Client
	hose  *firehose.Client
	cw    *cloudwatch.Client
	admin *admin.Client
}

func startEnv(t *testing.T, opts ...func(*localaws.Options)) *env {
	t.Helper()
	return startEnvTB(t, opts...)
}

// startEnvB starts an emulator for a benchmark.
func startEnvB(b *testing.B) *env { return startEnvTB(b) }

func startEnvTB(t testing.TB, opts ...func(*localaws.Options)) *env {
	t.Helper()
	o := localaws.Options{ZeroLatency: true}
	for _, f := range opts {
		f(&o)
	}
	srv, err := localaws.Start("127.0.0.1:0", o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return newEnv(t, srv, "AKIDEXAMPLE")
}

func newEnv(t testing.TB, srv endpoint, accessKey string) *env {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(accessKey, "secret", "")),
		config.WithBaseEndpoint(srv.URL()),
	)
	if err != nil {
		t.Fatal(err)
	}
	return &env{
		srv: srv, cfg: cfg,
		s3:    s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		logs:  cloudwatchlogs.NewFromConfig(cfg),
		sqs:   sqs.NewFromConfig(cfg),
		sns:   sns.NewFromConfig(cfg),
		sts:   sts.NewFromConfig(cfg),
		cfn:   cloudformation.NewFromConfig(cfg),
		ddb:   dynamodb.NewFromConfig(cfg),
		ddbs:  dynamodbstreams.NewFromConfig(cfg),
		kms:   kms.NewFromConfig(cfg),
		glue:  glue.NewFromConfig(cfg),
		hose:  firehose.NewFromConfig(cfg),
		cw:    cloudwatch.NewFromConfig(cfg),
		admin: admin.New(srv.URL()),
	}
}

func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// must fails the test on error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode asserts an API error with the given code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want error %s, got success", code)
	}
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != code {
		t.Fatalf("want error code %s, got %v", code, err)
	}
}
