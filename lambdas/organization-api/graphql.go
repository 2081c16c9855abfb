package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[organizationapi.Request]{
	"Query.generalSettings": {Request: appsync.Always(func() *organizationapi.Request {
		return &organizationapi.Request{GetSettings: &organizationapi.GetSettingsInput{}}
	})},
	"Mutation.updateGeneralSettings": {Request: appsync.Decode(func(in *organizationapi.UpdateSettingsInput) *organizationapi.Request {
		return &organizationapi.Request{UpdateSettings: in}
	})},
}
