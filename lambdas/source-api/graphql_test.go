package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.SourceAPI, graphQLFields, []appsynctest.Case{
		{Name: "list the S3 sources", Event: ev("Query.listLogIntegrations", `{}`),
			Want: `{"listIntegrations":{"integrationType":"aws-s3"}}`},
		{Name: "one source", Event: ev("Query.getS3LogIntegration", `{"input":{"integrationId":"i1"}}`),
			Want: `{"getIntegration":{"integrationId":"i1"}}`},
		{Name: "health", Event: ev("Query.getS3LogIntegrationHealth", `{"input":{"integrationId":"i1"}}`),
			Want: `{"integrationHealthCheck":{"integrationId":"i1"}}`},
		{Name: "add an S3 source as the caller",
			Event: ev("Mutation.addS3LogIntegration", `{"input":{"integrationLabel":"trail","awsAccountId":"123456789012",
				"s3Bucket":"logs","s3PrefixLogTypes":[{"prefix":"AWSLogs/","logTypes":["AWS.CloudTrail"]}],"kmsKey":"arn:aws:kms:us-east-1:123456789012:key/k",
				"logProcessingRole":"arn:aws:iam::123456789012:role/PantherLogProcessingRole-trail","managedBucketNotifications":true}}`),
			Want: `{"putIntegration":{"integrationLabel":"trail","integrationType":"aws-s3","awsAccountId":"123456789012",
				"userId":"` + appsynctest.UserSub + `","s3Bucket":"logs","s3PrefixLogTypes":[{"prefix":"AWSLogs/","logTypes":["AWS.CloudTrail"]}],
				"kmsKey":"arn:aws:kms:us-east-1:123456789012:key/k","logProcessingRole":"arn:aws:iam::123456789012:role/PantherLogProcessingRole-trail",
				"managedBucketNotifications":true}}`},
		{Name: "an added source is always S3", Event: ev("Mutation.addS3LogIntegration", `{"input":{"integrationType":"aws-sqs"}}`),
			Want: `{"putIntegration":{"integrationType":"aws-s3","userId":"` + appsynctest.UserSub + `"}}`},
		{Name: "update", Event: ev("Mutation.updateS3LogIntegration", `{"input":{"integrationId":"i1","integrationLabel":"trail-2",
				"s3Bucket":"logs","s3PrefixLogTypes":[{"prefix":"","logTypes":["AWS.S3ServerAccess"]}]}}`),
			Want: `{"updateIntegrationSettings":{"integrationId":"i1","integrationLabel":"trail-2","s3Bucket":"logs",
				"s3PrefixLogTypes":[{"prefix":"","logTypes":["AWS.S3ServerAccess"]}]}}`},
		{Name: "delete", Event: ev("Mutation.deleteLogIntegration", `{"input":{"integrationId":"i1"}}`),
			Want: `{"deleteIntegration":{"integrationId":"i1"}}`},
	})
}

func TestHandlerAnswersDeleteAsTrueAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *sourceapi.Request) (any, error) {
		if req.DeleteIntegration.IntegrationID == "gone" {
			return nil, &sourceapi.Error{Type: "DoesNotExistError", Message: "integration gone does not exist"}
		}
		return nil, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteLogIntegration", `{"input":{"integrationId":"i1"}}`)))
	if err != nil || out != true {
		t.Fatalf("delete: %v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.deleteLogIntegration", `{"input":{"integrationId":"gone"}}`)))
	if err == nil || err.Error() != "DoesNotExistError: integration gone does not exist" {
		t.Fatalf("delete of a missing source: %v", err)
	}
}
