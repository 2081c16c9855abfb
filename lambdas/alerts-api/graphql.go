package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[alertsapi.Request]{
	"Query.alerts": {Request: appsync.Decode(func(in *alertsapi.ListAlertsInput) *alertsapi.Request {
		return &alertsapi.Request{ListAlerts: in}
	})},
	"Query.alert": {Request: appsync.Decode(func(in *alertsapi.GetAlertInput) *alertsapi.Request {
		return &alertsapi.Request{GetAlert: in}
	})},
	"Mutation.updateAlertStatus": {Request: appsync.DecodeAsUser(func(in *alertsapi.UpdateAlertStatusInput, user string) *alertsapi.Request {
		in.UserID = user
		return &alertsapi.Request{UpdateAlertStatus: in}
	})},
}
