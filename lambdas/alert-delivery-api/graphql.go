package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[deliveryapi.Request]{
	"Mutation.deliverAlert": {Request: appsync.Decode(func(in *deliveryapi.DeliverAlertInput) *deliveryapi.Request {
		return &deliveryapi.Request{DeliverAlert: in}
	})},
	"Mutation.sendTestAlert": {Request: appsync.Decode(func(in *deliveryapi.SendTestAlertInput) *deliveryapi.Request {
		return &deliveryapi.Request{SendTestAlert: in}
	})},
}
