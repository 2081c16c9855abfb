package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/outputsapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it. Outputs are always read redacted here:
// getOutputsWithSecrets is the delivery function's alone.
var graphQLFields = appsync.Fields[outputsapi.Request]{
	"Query.destinations": {Request: appsync.Always(func() *outputsapi.Request {
		return &outputsapi.Request{GetOutputs: &outputsapi.GetOutputsInput{}}
	})},
	"Query.destination": {Request: appsync.Decode(func(in *outputsapi.GetOutputInput) *outputsapi.Request {
		return &outputsapi.Request{GetOutput: in}
	})},
	"Mutation.addDestination": {Request: appsync.DecodeAsUser(func(in *outputsapi.AddOutputInput, user string) *outputsapi.Request {
		in.UserID = user
		return &outputsapi.Request{AddOutput: in}
	})},
	"Mutation.updateDestination": {Request: appsync.DecodeAsUser(func(in *outputsapi.UpdateOutputInput, user string) *outputsapi.Request {
		in.UserID = user
		return &outputsapi.Request{UpdateOutput: in}
	})},
	"Mutation.deleteDestination": {Request: appsync.Decode(func(in *outputsapi.DeleteOutputInput) *outputsapi.Request {
		return &outputsapi.Request{DeleteOutput: in}
	}), Value: appsync.Succeeded},
}
