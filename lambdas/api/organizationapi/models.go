// Package organizationapi is the wire contract of panther-organization-api: the company's
// general settings, read by the web app's generalSettings field and changed by
// updateGeneralSettings, through the one-key request {"<operation>": {...}}.
package organizationapi

import "github.com/panther-operator/panther-operator/lambdas/api"

// GeneralSettings is who runs this Panther and what they agreed to share.
type GeneralSettings struct {
	DisplayName           string `json:"displayName"`
	Email                 string `json:"email"`
	ErrorReportingConsent bool   `json:"errorReportingConsent"`
	AnalyticsConsent      bool   `json:"analyticsConsent"`
}

// Request is the one-key invocation payload: exactly one field is set.
type Request struct {
	GetSettings    *GetSettingsInput    `json:"getSettings,omitempty"`
	UpdateSettings *UpdateSettingsInput `json:"updateSettings,omitempty"`
}

// GetSettingsInput reads the settings; the answer is a GeneralSettings.
type GetSettingsInput struct{}

// UpdateSettingsInput changes the settings it names: a nil field keeps its current value, so
// that a form sending one field cannot reset the others. The answer is the new GeneralSettings.
type UpdateSettingsInput struct {
	DisplayName           *string `json:"displayName,omitempty"`
	Email                 *string `json:"email,omitempty"`
	ErrorReportingConsent *bool   `json:"errorReportingConsent,omitempty"`
	AnalyticsConsent      *bool   `json:"analyticsConsent,omitempty"`
}

// Error is how the API fails: InvalidInputError, its message naming the field, for bad input.
type Error = api.Error
