// Command organization-api is panther-organization-api: the company's general settings,
// invoked with {"<operation>": {...}} by the web app's resolvers.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/organization"
)

func main() {
	cfg, err := awsx.LoadConfig(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	handler := &organization.API{
		Store:              &awsx.OrganizationTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("ORGANIZATION_TABLE", "panther-organization")},
		DefaultDisplayName: awsx.Env("COMPANY_DISPLAY_NAME", ""),
		DefaultEmail:       awsx.Env("COMPANY_EMAIL", ""),
	}
	serve := appsync.Handler(graphQLFields, handler.Handle, appsync.OneKey(handler.Handle))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}
