// Command logtypes-api is panther-logtypes-api: the native log types and the custom ones users
// add, invoked with {"<operation>": {...}}.
package main

import (
	"context"
	"encoding/json"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
	api "github.com/panther-operator/panther-operator/lambdas/logtypesapi"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	natives, err := logtypes.Native()
	if err != nil {
		log.Fatal(err)
	}
	handler := &api.API{Natives: natives, Now: time.Now,
		Store: &awsx.LogTypeTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("LOGTYPES_TABLE", "panther-logtypes")}}
	serve := appsync.Handler(graphQLFields, handler.Handle, appsync.OneKey(handler.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
