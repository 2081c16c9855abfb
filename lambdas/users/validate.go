package users

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/panther-operator/panther-operator/lambdas/api/usersapi"
)

// Limits of a user's attributes. An address longer than 254 characters cannot be delivered
// to (RFC 5321); Cognito's own limit on an attribute, 2048, is far above both.
const (
	maxName  = 100
	maxEmail = 254
	maxID    = 128 // a Cognito username
)

// userID is an ID given in field: trimmed and present.
func userID(field, raw string) (string, error) {
	id := strings.TrimSpace(raw)
	switch {
	case id == "":
		return "", invalid(field, "is empty; give the user's id, as listUsers answers it")
	case len(id) > maxID || strings.ContainsFunc(id, unicode.IsSpace):
		return "", invalid(field, "%q is not a user ID; give the user's id, as listUsers answers it", id)
	}
	return id, nil
}

// checkInvitation checks a new user's attributes, all required (the pool's schema requires
// them), and trims them.
func checkInvitation(in *usersapi.InviteUserInput) (*usersapi.InviteUserInput, error) {
	given, err := name("givenName", in.GivenName)
	if err != nil {
		return nil, err
	}
	family, err := name("familyName", in.FamilyName)
	if err != nil {
		return nil, err
	}
	address, err := email(in.Email)
	if err != nil {
		return nil, err
	}
	return &usersapi.InviteUserInput{GivenName: given, FamilyName: family, Email: address}, nil
}

// change is a checked update: the ID and the attributes to set, trimmed.
type change usersapi.UpdateUserInput

func checkUpdate(in *usersapi.UpdateUserInput) (change, error) {
	id, err := userID("id", in.ID)
	if err != nil {
		return change{}, err
	}
	c := change{ID: id}
	if c.GivenName, err = optional(in.GivenName, func(raw string) (string, error) { return name("givenName", raw) }); err != nil {
		return change{}, err
	}
	if c.FamilyName, err = optional(in.FamilyName, func(raw string) (string, error) { return name("familyName", raw) }); err != nil {
		return change{}, err
	}
	if c.Email, err = optional(in.Email, email); err != nil {
		return change{}, err
	}
	return c, nil
}

// optional checks a field an update may leave out (nil).
func optional(raw *string, check func(string) (string, error)) (*string, error) {
	if raw == nil {
		return nil, nil
	}
	v, err := check(*raw)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// against keeps only the attributes that differ from the user's; the ID becomes the
// user's own (the caller may have given an email).
func (c change) against(u *usersapi.User) change {
	out := change{ID: u.ID}
	if c.GivenName != nil && *c.GivenName != u.GivenName {
		out.GivenName = c.GivenName
	}
	if c.FamilyName != nil && *c.FamilyName != u.FamilyName {
		out.FamilyName = c.FamilyName
	}
	if c.Email != nil && *c.Email != u.Email {
		out.Email = c.Email
	}
	return out
}

func (c change) wire() *usersapi.UpdateUserInput {
	in := usersapi.UpdateUserInput(c)
	return &in
}

// name is a given or family name: shown in the app and in Cognito's emails, one line of
// visible text.
func name(field, raw string) (string, error) {
	n := strings.TrimSpace(raw)
	if count := utf8.RuneCountInString(n); count < 1 || count > maxName {
		return "", invalid(field, "must be 1 to %d characters once leading and trailing spaces are trimmed, not %d", maxName, count)
	}
	if strings.ContainsFunc(n, unicode.IsControl) {
		return "", invalid(field, "must be one line without control characters such as tabs or line breaks")
	}
	return n, nil
}

// email must be a bare address (no display name, no angle brackets) with a dotted domain:
// the user signs in with it and Cognito sends the invitation to it.
func email(raw string) (string, error) {
	address := strings.TrimSpace(raw)
	const example = "give a single address such as ada@example.com"
	if address == "" {
		return "", invalid("email", "is empty; %s", example)
	}
	if len(address) > maxEmail {
		return "", invalid("email", "is %d characters long; an address has at most %d", len(address), maxEmail)
	}
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Name != "" || parsed.Address != address {
		return "", invalid("email", "%q is not an email address; %s", address, example)
	}
	domain := address[strings.LastIndex(address, "@")+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, "[") {
		return "", invalid("email", "%q has no domain name such as example.com after the @; %s", address, example)
	}
	return address, nil
}
