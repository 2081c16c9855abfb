package organization_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/panther-operator/panther-operator/lambdas/api/organizationapi"
	"github.com/panther-operator/panther-operator/lambdas/organization"
)

// interfering is the real table with another writer that updates the settings between an
// update's read and its write, as a second admin saving the form at the same moment would.
type interfering struct {
	organization.Store
	times int
	other func()
}

func (s *interfering) SaveSettings(ctx context.Context, g *organizationapi.GeneralSettings, expectRevision int) error {
	if s.times > 0 {
		s.times--
		s.other()
	}
	return s.Store.SaveSettings(ctx, g, expectRevision)
}

func TestStaleRevisionIsAConflict(t *testing.T) {
	table := newTable(t)
	ctx := context.Background()
	first := &organizationapi.GeneralSettings{DisplayName: "One", Email: "one@acme.example"}
	if err := table.SaveSettings(ctx, first, 0); err != nil {
		t.Fatal(err)
	}
	if err := table.SaveSettings(ctx, first, 0); !errors.Is(err, organization.ErrConflict) {
		t.Fatalf("second first write: %v, want ErrConflict", err)
	}
	second := &organizationapi.GeneralSettings{DisplayName: "Two", Email: "two@acme.example", AnalyticsConsent: true}
	if err := table.SaveSettings(ctx, second, 1); err != nil {
		t.Fatal(err)
	}
	if err := table.SaveSettings(ctx, first, 1); !errors.Is(err, organization.ErrConflict) {
		t.Fatalf("write from revision 1 over revision 2: %v, want ErrConflict", err)
	}
	got, revision, err := table.LoadSettings(ctx)
	if err != nil || revision != 2 || *got != *second {
		t.Fatalf("stored %+v at revision %d (%v), want %+v at 2", got, revision, err, second)
	}
}

// Two admins change different fields at once: neither change is lost, from the first save
// on (revision 0) and later.
func TestConcurrentUpdatesBothSurvive(t *testing.T) {
	table := newTable(t)
	other := newAPI(table)
	for round, name := range []string{"Initech", "Hooli"} {
		store := &interfering{Store: table, times: 1, other: func() {
			settings(t, other, update(organizationapi.UpdateSettingsInput{DisplayName: aws.String(name)}))
		}}
		consent := round == 0
		got := settings(t, newAPI(store), update(organizationapi.UpdateSettingsInput{ErrorReportingConsent: aws.Bool(consent)}))
		want := organizationapi.GeneralSettings{DisplayName: name, Email: "admin@acme.example", ErrorReportingConsent: consent}
		if got != want {
			t.Fatalf("round %d answered %+v, want %+v", round, got, want)
		}
		if stored := settings(t, other, get); stored != want {
			t.Fatalf("round %d stored %+v, want %+v", round, stored, want)
		}
	}
}

// Settings that keep changing under an update make it fail rather than loop.
func TestUpdateGivesUpOnSettingsThatKeepChanging(t *testing.T) {
	table := newTable(t)
	other := newAPI(table)
	consent := false
	store := &interfering{Store: table, times: 1000, other: func() {
		consent = !consent
		settings(t, other, update(organizationapi.UpdateSettingsInput{AnalyticsConsent: aws.Bool(consent)}))
	}}
	_, err := newAPI(store).Handle(context.Background(), &organizationapi.Request{UpdateSettings: &organizationapi.UpdateSettingsInput{DisplayName: aws.String("Lost")}})
	if !errors.Is(err, organization.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	if attempts := 1000 - store.times; attempts != 5 {
		t.Fatalf("tried %d times, want 5", attempts)
	}
	if got := settings(t, other, get); got.DisplayName != "Acme Corp" {
		t.Fatalf("the failed update was stored: %+v", got)
	}
}
