// Command analysis-api is panther-analysis-api: the rules, globals and data models, invoked
// with {"<operation>": {...}} by the rules engine, the forwarder, pantherctl and the web app's
// resolvers, and answering {statusCode, body}.
package main

import (
	"context"
	"encoding/json"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/lambdas/analysis"
	api "github.com/panther-operator/panther-operator/lambdas/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
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
	logTypes := &awsx.LogTypesAPI{Function: awsx.Function{Client: awslambda.NewFromConfig(cfg), Name: awsx.Env("LOGTYPES_API", "panther-logtypes-api")}}
	handler := &api.API{
		Store:    &awsx.AnalysisTable{Client: dynamodb.NewFromConfig(cfg), Name: awsx.Env("ANALYSIS_TABLE", "panther-analysis")},
		Versions: &awsx.AnalysisVersions{Client: s3.NewFromConfig(cfg, awsx.S3Options()...), Bucket: awsx.Env("ANALYSIS_VERSIONS_BUCKET", "")},
		Tester:   &awsx.RulesEngine{Function: awsx.Function{Client: awslambda.NewFromConfig(cfg), Name: awsx.Env("RULES_ENGINE", "panther-rules-engine")}},
		ReadPack: readPack,
		KnownLogType: func(ctx context.Context, name string) bool {
			if _, ok := natives.Get(name); ok {
				return true
			}
			// Custom log types are the logtypes API's; if it cannot answer, say unknown.
			available, err := logTypes.Available(ctx)
			if err != nil {
				log.Printf("listing the available log types: %v", err)
				return false
			}
			for _, lt := range available {
				if lt == name {
					return true
				}
			}
			return false
		},
		Now: time.Now,
	}
	answer := gateway(handler.Handle)
	serve := appsync.Handler(graphQLFields, answer.resolve, appsync.OneKey(answer.direct))
	lambda.Start(func(ctx context.Context, payload json.RawMessage) (any, error) {
		out, err := serve(ctx, payload)
		return out, awsx.FunctionError(err)
	})
}

// readPack reads a panther-analysis zip; any invalid spec rejects the whole upload.
func readPack(data []byte) (*api.Pack, error) {
	p, err := analysis.LoadZip(data)
	if err != nil {
		return nil, err
	}
	return &api.Pack{Rules: p.Rules, Globals: p.Globals, DataModels: p.DataModels}, nil
}
