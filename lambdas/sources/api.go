// Package sources is panther-source-api: the source integrations Panther reads logs from,
// stored in DynamoDB, validated on the way in, with the managed bucket notifications of S3
// sources. It runs behind the one-key request format of lambdas/api/sourceapi.
package sources

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
)

// Store keeps integrations (the panther-source-integrations table).
type Store interface {
	PutIntegration(ctx context.Context, i *sourceapi.Integration) error
	GetIntegration(ctx context.Context, id string) (*sourceapi.Integration, error)
	ListIntegrations(ctx context.Context) ([]sourceapi.Integration, error)
	DeleteIntegration(ctx context.Context, id string) error
}

// Notifications manages an S3 source's bucket notifications when it asks for them.
type Notifications interface {
	Configure(ctx context.Context, i *sourceapi.Integration) error
	Remove(ctx context.Context, i *sourceapi.Integration) error
}

// Checker checks that Panther can read a source.
type Checker interface {
	Check(ctx context.Context, i *sourceapi.Integration) sourceapi.HealthCheck
}

// API handles source-api requests.
type API struct {
	Store         Store
	Notifications Notifications
	Health        Checker
	// KnownLogType reports whether a log type exists.
	KnownLogType func(ctx context.Context, name string) bool
	Now          func() time.Time
	NewID        func() string
}

// ErrNotFound is a store's answer for a missing integration.
var ErrNotFound = errors.New("integration not found")

// Errors of the API, by the types its callers match on.
func invalid(format string, args ...any) error {
	return &sourceapi.Error{Type: "InvalidInputError", Message: fmt.Sprintf(format, args...)}
}

func doesNotExist(id string) error {
	return &sourceapi.Error{Type: "DoesNotExistError", Message: "integration " + id + " does not exist"}
}

// Handle runs the one operation the request names.
func (a *API) Handle(ctx context.Context, req *sourceapi.Request) (any, error) {
	switch {
	case req.PutIntegration != nil:
		return a.put(ctx, req.PutIntegration)
	case req.UpdateIntegrationSettings != nil:
		return a.update(ctx, req.UpdateIntegrationSettings)
	case req.ListIntegrations != nil:
		return a.list(ctx, req.ListIntegrations.IntegrationType)
	case req.GetIntegration != nil:
		return a.get(ctx, req.GetIntegration.IntegrationID)
	case req.DeleteIntegration != nil:
		return nil, a.delete(ctx, req.DeleteIntegration.IntegrationID)
	case req.IntegrationHealthCheck != nil:
		i, err := a.get(ctx, req.IntegrationHealthCheck.IntegrationID)
		if err != nil {
			return nil, err
		}
		return a.Health.Check(ctx, i), nil
	case req.UpdateStatus != nil:
		return nil, a.updateStatus(ctx, req.UpdateStatus)
	case req.ListLogTypes != nil:
		return a.listLogTypes(ctx)
	}
	return nil, invalid("the request names no operation: send one of putIntegration, updateIntegrationSettings, listIntegrations, getIntegration, deleteIntegration, integrationHealthCheck, updateStatus, listLogTypes")
}

func (a *API) put(ctx context.Context, in *sourceapi.PutIntegrationInput) (*sourceapi.Integration, error) {
	if in.IntegrationType != sourceapi.TypeS3 {
		return nil, invalid("integrationType: %q is not supported; use %q", in.IntegrationType, sourceapi.TypeS3)
	}
	i := &sourceapi.Integration{
		IntegrationID: a.NewID(), IntegrationLabel: in.IntegrationLabel, IntegrationType: in.IntegrationType,
		AWSAccountID: in.AWSAccountID, CreatedAtTime: a.Now().UTC(), CreatedBy: in.UserID, S3Bucket: in.S3Bucket,
		S3PrefixLogTypes: in.S3PrefixLogTypes, KMSKey: in.KMSKey, LogProcessingRole: in.LogProcessingRole,
		ManagedBucketNotifications: in.ManagedBucketNotifications,
	}
	if err := a.validate(ctx, i, ""); err != nil {
		return nil, err
	}
	if i.ManagedBucketNotifications {
		if err := a.Notifications.Configure(ctx, i); err != nil {
			return nil, fmt.Errorf("bucket notifications of %s: %w", i.S3Bucket, err)
		}
	}
	return i, a.Store.PutIntegration(ctx, i)
}

func (a *API) update(ctx context.Context, in *sourceapi.UpdateSettingsInput) (*sourceapi.Integration, error) {
	i, err := a.get(ctx, in.IntegrationID)
	if err != nil {
		return nil, err
	}
	previous := *i
	i.IntegrationLabel, i.S3Bucket, i.S3PrefixLogTypes = in.IntegrationLabel, in.S3Bucket, in.S3PrefixLogTypes
	i.KMSKey, i.LogProcessingRole, i.ManagedBucketNotifications = in.KMSKey, in.LogProcessingRole, in.ManagedBucketNotifications
	if err := a.validate(ctx, i, i.IntegrationID); err != nil {
		return nil, err
	}
	if previous.ManagedBucketNotifications && (!i.ManagedBucketNotifications || previous.S3Bucket != i.S3Bucket) {
		if err := a.Notifications.Remove(ctx, &previous); err != nil {
			return nil, fmt.Errorf("bucket notifications of %s: %w", previous.S3Bucket, err)
		}
	}
	if i.ManagedBucketNotifications {
		if err := a.Notifications.Configure(ctx, i); err != nil {
			return nil, fmt.Errorf("bucket notifications of %s: %w", i.S3Bucket, err)
		}
	}
	return i, a.Store.PutIntegration(ctx, i)
}

func (a *API) get(ctx context.Context, id string) (*sourceapi.Integration, error) {
	if id == "" {
		return nil, invalid("integrationId is required")
	}
	i, err := a.Store.GetIntegration(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, doesNotExist(id)
	}
	return i, err
}

func (a *API) list(ctx context.Context, typ string) ([]sourceapi.Integration, error) {
	all, err := a.Store.ListIntegrations(ctx)
	if err != nil {
		return nil, err
	}
	out := []sourceapi.Integration{}
	for _, i := range all {
		if typ == "" || i.IntegrationType == typ {
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(x, y sourceapi.Integration) int { return strings.Compare(x.IntegrationLabel, y.IntegrationLabel) })
	return out, nil
}

func (a *API) delete(ctx context.Context, id string) error {
	i, err := a.get(ctx, id)
	if err != nil {
		return err
	}
	if i.ManagedBucketNotifications {
		if err := a.Notifications.Remove(ctx, i); err != nil {
			return fmt.Errorf("bucket notifications of %s: %w", i.S3Bucket, err)
		}
	}
	return a.Store.DeleteIntegration(ctx, id)
}

func (a *API) updateStatus(ctx context.Context, in *sourceapi.UpdateStatusInput) error {
	i, err := a.get(ctx, in.IntegrationID)
	if err != nil {
		return err
	}
	t := in.LastEventReceived.UTC()
	i.LastEventReceived = &t
	return a.Store.PutIntegration(ctx, i)
}

func (a *API) listLogTypes(ctx context.Context) (*sourceapi.ListLogTypesOutput, error) {
	all, err := a.Store.ListIntegrations(ctx)
	if err != nil {
		return nil, err
	}
	out := &sourceapi.ListLogTypesOutput{LogTypes: []string{}}
	for _, i := range all {
		for _, p := range i.S3PrefixLogTypes {
			out.LogTypes = append(out.LogTypes, p.LogTypes...)
		}
	}
	slices.Sort(out.LogTypes)
	out.LogTypes = slices.Compact(out.LogTypes)
	return out, nil
}

var (
	labelPattern   = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z _-]{0,31}$`)
	bucketPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	accountPattern = regexp.MustCompile(`^\d{12}$`)
	rolePattern    = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/.+$`)
)

// validate checks an integration's settings; self is its own ID (labels are unique).
func (a *API) validate(ctx context.Context, i *sourceapi.Integration, self string) error {
	switch {
	case !labelPattern.MatchString(i.IntegrationLabel):
		return invalid("integrationLabel: %q must be 1 to 32 letters, digits, spaces, - or _, starting with a letter or digit", i.IntegrationLabel)
	case !bucketPattern.MatchString(i.S3Bucket):
		return invalid("s3Bucket: %q is not an S3 bucket name", i.S3Bucket)
	case i.AWSAccountID != "" && !accountPattern.MatchString(i.AWSAccountID):
		return invalid("awsAccountId: %q must be 12 digits", i.AWSAccountID)
	case i.LogProcessingRole != "" && !rolePattern.MatchString(i.LogProcessingRole):
		return invalid("logProcessingRole: %q is not an IAM role ARN", i.LogProcessingRole)
	case len(i.S3PrefixLogTypes) == 0:
		return invalid("s3PrefixLogTypes: give at least one prefix (\"\" for the whole bucket) and its log types")
	}
	prefixes := map[string]bool{}
	for n, p := range i.S3PrefixLogTypes {
		if prefixes[p.Prefix] {
			return invalid("s3PrefixLogTypes[%d].prefix: %q is given twice", n, p.Prefix)
		}
		prefixes[p.Prefix] = true
		if len(p.LogTypes) == 0 {
			return invalid("s3PrefixLogTypes[%d].logTypes: give at least one log type", n)
		}
		for _, lt := range p.LogTypes {
			if !a.KnownLogType(ctx, lt) {
				return invalid("s3PrefixLogTypes[%d].logTypes: %q is not a log type", n, lt)
			}
		}
	}
	all, err := a.Store.ListIntegrations(ctx)
	if err != nil {
		return err
	}
	for _, other := range all {
		if other.IntegrationID != self && strings.EqualFold(other.IntegrationLabel, i.IntegrationLabel) {
			return invalid("integrationLabel: %q is already the label of another source", i.IntegrationLabel)
		}
	}
	return nil
}
