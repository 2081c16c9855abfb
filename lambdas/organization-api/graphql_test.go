package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/panther-operator/panther-operator/api/graphql"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync"
	"github.com/panther-operator/panther-operator/lambdas/api/appsync/appsynctest"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

func TestGraphQLFieldsTranslateIntoRequests(t *testing.T) {
	ev := appsynctest.Event
	appsynctest.CheckTranslations(t, graphql.OrganizationAPI, graphQLFields, []appsynctest.Case{
		{Name: "read", Event: ev("Query.generalSettings", `{}`), Want: `{"getSettings":{}}`},
		{Name: "change every setting", Event: ev("Mutation.updateGeneralSettings", `{"input":{"displayName":"AwesomeCo",
				"email":"secops@example.com","errorReportingConsent":true,"analyticsConsent":false}}`),
			Want: `{"updateSettings":{"displayName":"AwesomeCo","email":"secops@example.com","errorReportingConsent":true,"analyticsConsent":false}}`},
		// Fields not given stay unset, so that they keep their values.
		{Name: "change one setting", Event: ev("Mutation.updateGeneralSettings", `{"input":{"analyticsConsent":true}}`),
			Want: `{"updateSettings":{"analyticsConsent":true}}`},
	})
}

func TestHandlerAnswersTheSettingsAndErrorsWithTheirMessage(t *testing.T) {
	handle := func(_ context.Context, req *organizationapi.Request) (any, error) {
		if req.UpdateSettings != nil {
			return nil, &organizationapi.Error{Type: "InvalidInputError", Message: "email: not an email address"}
		}
		return &organizationapi.GeneralSettings{DisplayName: "AwesomeCo"}, nil
	}
	serve := appsync.Handler(graphQLFields, handle, appsync.OneKey(handle))
	out, err := serve(t.Context(), json.RawMessage(appsynctest.Event("Query.generalSettings", `{}`)))
	if s, ok := out.(*organizationapi.GeneralSettings); err != nil || !ok || s.DisplayName != "AwesomeCo" {
		t.Fatalf("read: %#v, %v", out, err)
	}
	_, err = serve(t.Context(), json.RawMessage(appsynctest.Event("Mutation.updateGeneralSettings", `{"input":{"email":"x"}}`)))
	if err == nil || err.Error() != "InvalidInputError: email: not an email address" {
		t.Fatalf("update: %v", err)
	}
}
