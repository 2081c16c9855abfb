// Package organization is panther-organization-api: the company's general settings (its
// display name, contact email and consents), kept as one item in the panther-organization
// table. Until someone saves them, the settings are the ones the stack was deployed with.
package organization

import (
	"context"
	"errors"
	"fmt"

	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
)

// Store keeps the one settings item. Its revision counts the item's writes (0: never saved),
// so that an update made from stale settings is refused instead of undoing another update.
type Store interface {
	// LoadSettings returns the stored settings and their revision, or nil and 0 when none are stored.
	LoadSettings(ctx context.Context) (*organizationapi.GeneralSettings, int, error)
	// SaveSettings writes s as revision expectRevision+1 if the stored revision is still
	// expectRevision, else returns ErrConflict.
	SaveSettings(ctx context.Context, s *organizationapi.GeneralSettings, expectRevision int) error
}

// ErrConflict is a store's answer when the settings changed since they were loaded.
var ErrConflict = errors.New("the settings changed meanwhile")

// updateAttempts bounds how often an update is re-applied to settings that keep changing
// under it; a handful of people editing one form never gets near it.
const updateAttempts = 5

// API handles organization-api requests.
type API struct {
	Store Store
	// DefaultDisplayName and DefaultEmail are the stack's CompanyDisplayName and
	// CompanyEmail: the settings until the first update.
	DefaultDisplayName string
	DefaultEmail       string
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *organizationapi.Request) (any, error) {
	switch {
	case req.GetSettings != nil && req.UpdateSettings != nil:
		return nil, invalid("the request names two operations: send exactly one of getSettings, updateSettings")
	case req.GetSettings != nil:
		s, _, err := a.load(ctx)
		return s, err
	case req.UpdateSettings != nil:
		return a.update(ctx, req.UpdateSettings)
	}
	return nil, invalid("the request names no operation: send one of getSettings, updateSettings")
}

// load returns the stored settings, or the deployment's defaults with revision 0.
func (a *API) load(ctx context.Context) (*organizationapi.GeneralSettings, int, error) {
	s, revision, err := a.Store.LoadSettings(ctx)
	if err != nil || s != nil {
		return s, revision, err
	}
	return &organizationapi.GeneralSettings{DisplayName: a.DefaultDisplayName, Email: a.DefaultEmail}, 0, nil
}

func (a *API) update(ctx context.Context, in *organizationapi.UpdateSettingsInput) (*organizationapi.GeneralSettings, error) {
	change, err := validate(in)
	if err != nil {
		return nil, err
	}
	for range updateAttempts {
		current, revision, err := a.load(ctx)
		if err != nil {
			return nil, err
		}
		next := change.applyTo(*current)
		// An update that changes nothing writes nothing: saving the defaults as they are
		// would hide a later change of the stack's CompanyDisplayName or CompanyEmail.
		if next == *current {
			return current, nil
		}
		err = a.Store.SaveSettings(ctx, &next, revision)
		if !errors.Is(err, ErrConflict) {
			if err != nil {
				return nil, err
			}
			return &next, nil
		}
	}
	return nil, fmt.Errorf("update settings: %w %d times in a row; send the update again", ErrConflict, updateAttempts)
}
