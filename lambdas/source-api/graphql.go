package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it. The web app's log sources are S3
// sources, the one type this API adds.
var graphQLFields = appsync.Fields[sourceapi.Request]{
	"Query.listLogIntegrations": {Request: appsync.Always(func() *sourceapi.Request {
		return &sourceapi.Request{ListIntegrations: &sourceapi.ListIntegrationsInput{IntegrationType: sourceapi.TypeS3}}
	})},
	"Query.getS3LogIntegration": {Request: appsync.Decode(func(in *sourceapi.GetIntegrationInput) *sourceapi.Request {
		return &sourceapi.Request{GetIntegration: in}
	})},
	"Query.getS3LogIntegrationHealth": {Request: appsync.Decode(func(in *sourceapi.HealthCheckInput) *sourceapi.Request {
		return &sourceapi.Request{IntegrationHealthCheck: in}
	})},
	"Mutation.addS3LogIntegration": {Request: appsync.DecodeAsUser(func(in *sourceapi.PutIntegrationInput, user string) *sourceapi.Request {
		in.UserID, in.IntegrationType = user, sourceapi.TypeS3
		return &sourceapi.Request{PutIntegration: in}
	})},
	"Mutation.updateS3LogIntegration": {Request: appsync.Decode(func(in *sourceapi.UpdateSettingsInput) *sourceapi.Request {
		return &sourceapi.Request{UpdateIntegrationSettings: in}
	})},
	"Mutation.deleteLogIntegration": {Request: appsync.Decode(func(in *sourceapi.DeleteIntegrationInput) *sourceapi.Request {
		return &sourceapi.Request{DeleteIntegration: in}
	}), Value: appsync.Succeeded},
}
