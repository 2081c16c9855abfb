// Command cfn-custom-resources is panther-cfn-custom-resources, the provider of the Custom::
// resources in Panther's templates; it answers CloudFormation at the request's pre-signed
// ResponseURL, retrying the answer.
package main

import (
	"context"
	"log"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/customresources"
	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
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
	functions := lambdasvc.NewFromConfig(cfg)
	sources := &awsx.SourceAPI{Function: awsx.Function{Client: functions, Name: awsx.Env("SOURCE_API_FUNCTION", "panther-source-api")}}
	logTypes := &awsx.LogTypesAPI{Function: awsx.Function{Client: functions, Name: awsx.Env("LOGTYPES_API_FUNCTION", "panther-logtypes-api")}}
	notifier := &awsx.BucketTopicNotification{Client: s3.NewFromConfig(cfg, awsx.S3Options()...)}
	router := &customresources.Router{Handlers: map[string]customresources.Handler{
		"Custom::S3BucketNotification": (&customresources.BucketNotification{Notifier: notifier}).Handle,
		"Custom::SelfRegistration":     (&customresources.SelfRegistration{Sources: sources}).Handle,
		"Custom::PantherUser":          (&customresources.FirstUser{Pool: &awsx.UserPool{Client: cip.NewFromConfig(cfg)}}).Handle,
		"Custom::UpdateLogProcessorTables": (&customresources.GlueTables{Catalog: &awsx.Catalog{Client: glue.NewFromConfig(cfg)},
			InUse: sources.LogTypesInUse, Schemas: datacatalog.TableSchemas(natives, logTypes)}).Handle,
	}}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	lambda.Start(customresources.Lambda(router, &http.Client{Timeout: 30 * time.Second}, logger))
}
