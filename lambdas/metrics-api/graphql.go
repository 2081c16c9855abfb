package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/metricsapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[metricsapi.Request]{
	"Query.getLogAnalysisMetrics": {Request: appsync.Decode(func(in *metricsapi.GetMetricsInput) *metricsapi.Request {
		return &metricsapi.Request{GetMetrics: in}
	})},
}
