package main

import (
	"encoding/json"

	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// graphQLFields are the web app's fields this function answers, each as the one-key request
// of its operation; api/graphql maps the fields to it. resetUserPassword and deleteUser take
// the user's id as their argument, as the original schema's did, rather than an input.
var graphQLFields = appsync.Fields[usersapi.Request]{
	"Query.users": {Request: appsync.Always(func() *usersapi.Request {
		return &usersapi.Request{ListUsers: &usersapi.ListUsersInput{}}
	})},
	"Mutation.inviteUser": {Request: appsync.Decode(func(in *usersapi.InviteUserInput) *usersapi.Request {
		return &usersapi.Request{InviteUser: in}
	})},
	"Mutation.updateUser": {Request: appsync.Decode(func(in *usersapi.UpdateUserInput) *usersapi.Request {
		return &usersapi.Request{UpdateUser: in}
	})},
	"Mutation.resetUserPassword": {Request: func(e *appsync.Event) (*usersapi.Request, error) {
		id, err := idArgument(e)
		if err != nil {
			return nil, err
		}
		return &usersapi.Request{ResetUserPassword: &usersapi.ResetUserPasswordInput{ID: id}}, nil
	}},
	// The caller is the requester, whom the API does not let remove themself.
	"Mutation.deleteUser": {Request: func(e *appsync.Event) (*usersapi.Request, error) {
		requester, err := e.UserID()
		if err != nil {
			return nil, err
		}
		id, err := idArgument(e)
		if err != nil {
			return nil, err
		}
		return &usersapi.Request{RemoveUser: &usersapi.RemoveUserInput{ID: id, RequesterID: requester}}, nil
	}, Value: appsync.Succeeded},
}

// idArgument is the field's id argument (an ID!, which AppSync sends as a string).
func idArgument(e *appsync.Event) (string, error) {
	var id string
	if err := json.Unmarshal(e.Arguments["id"], &id); err != nil {
		return "", &usersapi.Error{Type: "InvalidInputError", Message: "id of " + e.Field() + ": give the user's id as a string: " + err.Error()}
	}
	return id, nil
}
