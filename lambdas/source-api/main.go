// Command source-api is panther-source-api: the source integrations, invoked with
// {"<operation>": {...}} by the web app's resolvers, the log processor and custom resources.
package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	"github.com/panther-operator/panther-operator/lambdas/sources"
)

func main() {
	ctx := context.Background()
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	reg, err := logtypes.Native()
	if err != nil {
		log.Fatal(err)
	}
	roleConfig := func(role string) aws.Config {
		if role == "" {
			return cfg
		}
		c := cfg.Copy()
		c.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), role))
		return c
	}
	api := &sources.API{
		Store: &awsx.IntegrationTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("SOURCES_TABLE", "panther-source-integrations")},
		Notifications: &awsx.BucketNotifications{InputQueueARN: awsx.Env("LOG_PROCESSOR_QUEUE_ARN", ""),
			Clients: func(role string) (*s3.Client, *sns.Client) {
				c := roleConfig(role)
				return s3.NewFromConfig(c, awsx.S3Options()...), sns.NewFromConfig(c)
			}},
		Health: &awsx.Health{Clients: func(role string) (*s3.Client, *kms.Client, error) {
			c := roleConfig(role)
			if role != "" {
				if _, err := c.Credentials.Retrieve(ctx); err != nil {
					return nil, nil, err
				}
			}
			return s3.NewFromConfig(c, awsx.S3Options()...), kms.NewFromConfig(c), nil
		}},
		KnownLogType: func(_ context.Context, name string) bool { _, ok := reg.Get(name); return ok },
		Now:          time.Now,
		NewID:        newID,
	}
	serve := appsync.Handler(graphQLFields, api.Handle, appsync.OneKey(api.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
