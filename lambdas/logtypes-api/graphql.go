package main

import (
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/logtypesapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it.
var graphQLFields = appsync.Fields[logtypesapi.Request]{
	"Query.listAvailableLogTypes": {Request: appsync.Always(func() *logtypesapi.Request {
		return &logtypesapi.Request{ListAvailableLogTypes: &struct{}{}}
	})},
	"Query.listCustomLogs": {Request: appsync.Always(func() *logtypesapi.Request {
		return &logtypesapi.Request{ListCustomLogs: &struct{}{}}
	})},
	"Query.getCustomLog": {Request: appsync.Decode(func(in *logtypesapi.GetCustomLogInput) *logtypesapi.Request {
		return &logtypesapi.Request{GetCustomLog: in}
	})},
	// Revision 0 is how PutCustomLog tells a new log type from an update.
	"Mutation.addCustomLog": {Request: appsync.Decode(func(in *logtypesapi.PutCustomLogInput) *logtypesapi.Request {
		in.Revision = 0
		return &logtypesapi.Request{PutCustomLog: in}
	})},
	"Mutation.updateCustomLog": {Request: appsync.Decode(func(in *logtypesapi.PutCustomLogInput) *logtypesapi.Request {
		return &logtypesapi.Request{PutCustomLog: in}
	})},
	"Mutation.deleteCustomLog": {Request: appsync.Decode(func(in *logtypesapi.DelCustomLogInput) *logtypesapi.Request {
		return &logtypesapi.Request{DelCustomLog: in}
	}), Value: appsync.Succeeded},
}
