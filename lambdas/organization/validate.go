package organization

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

// Limits of the settings. An address longer than 254 characters cannot be delivered to
// (RFC 5321 caps a forward path at 256, angle brackets included).
const (
	maxDisplayName = 100
	maxEmail       = 254
)

func invalid(format string, args ...any) error {
	return &api.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}

// change is a checked update: the fields to set, normalized.
type change organizationapi.UpdateSettingsInput

// validate checks the fields the update sets and trims the strings it keeps.
func validate(in *organizationapi.UpdateSettingsInput) (change, error) {
	c := change(*in)
	if in.DisplayName != nil {
		name, err := displayName(*in.DisplayName)
		if err != nil {
			return c, err
		}
		c.DisplayName = &name
	}
	if in.Email != nil {
		email, err := email(*in.Email)
		if err != nil {
			return c, err
		}
		c.Email = &email
	}
	return c, nil
}

// displayName is shown in the app's header and in alerts: one line of visible text.
func displayName(raw string) (string, error) {
	name := strings.TrimSpace(raw)
	if n := utf8.RuneCountInString(name); n < 1 || n > maxDisplayName {
		return "", invalid("displayName: must be 1 to %d characters once leading and trailing spaces are trimmed, not %d", maxDisplayName, n)
	}
	if strings.ContainsFunc(name, unicode.IsControl) {
		return "", invalid("displayName: must be one line without control characters such as tabs or line breaks")
	}
	return name, nil
}

// email must be a bare address (no display name, no angle brackets) with a dotted domain:
// it is shown as written and used to reach the company.
func email(raw string) (string, error) {
	address := strings.TrimSpace(raw)
	const example = "give a single address such as security@example.com"
	if address == "" {
		return "", invalid("email: is empty; %s", example)
	}
	if len(address) > maxEmail {
		return "", invalid("email: is %d characters long; an address has at most %d", len(address), maxEmail)
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Name != "" || parsed.Address != address {
		return "", invalid("email: %q is not an email address; %s", address, example)
	}
	domain := address[strings.LastIndex(address, "@")+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", invalid("email: %q has no domain name such as example.com after the @; %s", address, example)
	}
	return address, nil
}

// applyTo returns s with the change's fields set.
func (c change) applyTo(s organizationapi.GeneralSettings) organizationapi.GeneralSettings {
	if c.DisplayName != nil {
		s.DisplayName = *c.DisplayName
	}
	if c.Email != nil {
		s.Email = *c.Email
	}
	if c.ErrorReportingConsent != nil {
		s.ErrorReportingConsent = *c.ErrorReportingConsent
	}
	if c.AnalyticsConsent != nil {
		s.AnalyticsConsent = *c.AnalyticsConsent
	}
	return s
}
