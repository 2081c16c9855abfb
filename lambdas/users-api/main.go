// Command users-api is panther-users-api: the users of Panther's Cognito user pool, invoked
// with {"<operation>": {...}} by the web app's resolvers.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/users"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	pool := awsx.Env("USER_POOL_ID", "")
	if pool == "" {
		log.Fatal("USER_POOL_ID is not set: the users are those of that Cognito user pool")
	}
	handler := &users.API{Pool: &awsx.PoolUsers{Client: cip.NewFromConfig(cfg), PoolID: pool}}
	serve := appsync.Handler(graphQLFields, handler.Handle, appsync.OneKey(handler.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
