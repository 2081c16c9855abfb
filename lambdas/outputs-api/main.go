// Command outputs-api is panther-outputs-api: the destinations alerts are delivered to,
// invoked with {"<operation>": {...}} by the web app's resolvers and the delivery function.
package main

import (
	"context"
	"encoding/json"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/outputs"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	handler := &outputs.API{
		Store:     &awsx.OutputTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("OUTPUTS_TABLE", "panther-outputs")},
		Encrypter: &awsx.KMSKey{Client: kms.NewFromConfig(cfg), KeyID: awsx.Env("OUTPUTS_KEY_ID", "alias/panther-alert-outputs")},
		Now:       time.Now,
		NewID:     outputs.NewOutputID,
	}
	serve := appsync.Handler(graphQLFields, handler.Handle, appsync.OneKey(handler.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
