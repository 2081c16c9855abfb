package controllers

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	ackv1alpha1 "github.com/aws-controllers-k8s/runtime/apis/core/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// suspend stops the reconcile before any AWS call while spec.suspend is true.
func (r *PantherDeploymentReconciler) suspend(_ context.Context, s *scope) (ctrl.Result, error) {
	if s.obj.Spec.Suspend {
		s.suspended = true
		return ctrl.Result{}, errStop
	}
	return ctrl.Result{}, nil
}

// connect builds the deployment's AWS clients, records the caller's account and enforces the
// spec.accountID guard before any other AWS call.
func (r *PantherDeploymentReconciler) connect(ctx context.Context, s *scope) (ctrl.Result, error) {
	creds, err := r.credentials(ctx, s.obj)
	if err != nil {
		return ctrl.Result{}, err
	}
	clients, err := r.Cloud.Clients(ctx, cloud.Target{Region: string(s.obj.Spec.Region), Credentials: creds})
	if err != nil {
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonCredentialsInvalid,
			"The AWS configuration cannot be loaded: %v", err)
	}
	identity, err := clients.Identity.CallerIdentity(ctx)
	if err != nil {
		if errors.Is(err, cloud.ErrAccessDenied) {
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonCredentialsInvalid,
				"AWS refused the deployment's credentials (%s): check spec.credentials, the role's trust policy and the external ID",
				cloud.ErrorCode(err))
		}
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	if creds.AccessKeyID != "" && s.previous.AccountID == "" {
		// Once, when the deployment first reaches AWS: long-lived keys work, but a role is safer.
		s.note(corev1.EventTypeWarning, "StaticCredentials", "Connect",
			"spec.credentials.secretRef holds long-lived access keys: prefer spec.credentials.roleARN or the operator's own identity (IRSA)")
	}
	s.obj.Status.AccountID = ackv1alpha1.AWSAccountID(identity.Account)
	if want := s.obj.Spec.AccountID; want != "" && want != identity.Account {
		return ctrl.Result{}, stalled(deployv1alpha1.ReasonAccountMismatch,
			"The credentials resolve to AWS account %s but spec.accountID is %s: use credentials of account %s",
			identity.Account, want, want)
	}
	s.clients = clients
	return ctrl.Result{}, nil
}

// credentials reads the deployment's credential settings and Secrets. Secret values stay in
// memory and are never logged or reported.
func (r *PantherDeploymentReconciler) credentials(ctx context.Context, obj *deployv1alpha1.PantherDeployment) (cloud.Credentials, error) {
	spec := obj.Spec.Credentials
	if spec == nil {
		return cloud.Credentials{}, nil
	}
	secrets := &secretReader{reader: r.APIReader, namespace: obj.Namespace}
	creds := cloud.Credentials{RoleARN: spec.RoleARN}
	if ref := spec.ExternalIDSecretRef; ref != nil {
		key := ref.Key
		if key == "" {
			key = "externalID"
		}
		value, err := secrets.value(ctx, ref.Name, key, "spec.credentials.externalIDSecretRef")
		if err != nil {
			return cloud.Credentials{}, err
		}
		creds.ExternalID = value
	}
	if ref := spec.SecretRef; ref != nil {
		var err error
		field := "spec.credentials.secretRef"
		if creds.AccessKeyID, err = secrets.value(ctx, ref.Name, "AWS_ACCESS_KEY_ID", field); err != nil {
			return cloud.Credentials{}, err
		}
		if creds.SecretAccessKey, err = secrets.value(ctx, ref.Name, "AWS_SECRET_ACCESS_KEY", field); err != nil {
			return cloud.Credentials{}, err
		}
		creds.SessionToken, _ = secrets.value(ctx, ref.Name, "AWS_SESSION_TOKEN", field)
	}
	return creds, nil
}

// secretReader reads each Secret of one namespace at most once per reconcile: the credentials
// take several keys of one Secret, and every read is a request to the API server, which a
// fleet reconciled on every stack event keeps busy.
type secretReader struct {
	reader    client.Reader
	namespace string
	read      map[string]*corev1.Secret
}

// value returns one key of a Secret, or a Stalled error naming the field that refers to it.
func (sr *secretReader) value(ctx context.Context, name, key, field string) (string, error) {
	secret, ok := sr.read[name]
	if !ok {
		secret = &corev1.Secret{}
		if err := sr.reader.Get(ctx, client.ObjectKey{Namespace: sr.namespace, Name: name}, secret); err != nil {
			if apierrors.IsNotFound(err) {
				return "", stalled(deployv1alpha1.ReasonCredentialsInvalid,
					"Secret %s/%s named in %s does not exist: create it", sr.namespace, name, field)
			}
			return "", err
		}
		if sr.read == nil {
			sr.read = map[string]*corev1.Secret{}
		}
		sr.read[name] = secret
	}
	value, ok := secret.Data[key]
	if !ok {
		return "", stalled(deployv1alpha1.ReasonCredentialsInvalid,
			"Secret %s/%s named in %s has no key %s: add it", sr.namespace, name, field, key)
	}
	return string(value), nil
}

// loadReleases reads the release manifest of every version the deployment uses.
func (r *PantherDeploymentReconciler) loadReleases(ctx context.Context, s *scope) (ctrl.Result, error) {
	bucket := s.obj.Spec.Release.Bucket
	s.manifests = map[string]*panther.Manifest{}
	for _, version := range versionsInUse(s.obj) {
		m, err := r.releases.get(ctx, s.clients.Objects, bucket, version, r.Clock.Now())
		switch {
		case errors.Is(err, cloud.ErrNotFound):
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonReleaseNotFound,
				"Release %s is not published in s3://%s/%s: publish it with `pantherctl release publish --version %s --bucket %s`",
				version, bucket, panther.ManifestKey(version), version, bucket)
		case errors.As(err, new(*cloud.APIError)):
			return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
		case err != nil:
			return ctrl.Result{}, stalled(deployv1alpha1.ReasonReleaseNotFound,
				"The manifest of release %s in s3://%s cannot be used: %v", version, bucket, err)
		}
		s.manifests[version] = m
	}
	return ctrl.Result{}, nil
}

// versionsInUse lists spec.version and every pinned version of an enabled stack, sorted.
func versionsInUse(obj *deployv1alpha1.PantherDeployment) []string {
	seen := map[string]bool{obj.Spec.Version: true}
	for _, c := range panther.Components() {
		if spec := stackSpec(obj, c); spec.IsEnabled() && spec.Version != "" {
			seen[spec.Version] = true
		}
	}
	versions := make([]string, 0, len(seen))
	for v := range seen {
		versions = append(versions, v)
	}
	sort.Strings(versions)
	return versions
}

// releaseCache keeps parsed manifests for a while: a published release does not change unless
// republished with --force, so re-reading it on every reconcile would only cost AWS calls.
type releaseCache struct {
	mu      sync.Mutex
	entries map[string]cachedManifest
}

type cachedManifest struct {
	manifest *panther.Manifest
	fetched  time.Time
}

const releaseCacheTTL = 10 * time.Minute

func (c *releaseCache) get(ctx context.Context, objects cloud.ObjectReader, bucket, version string, now time.Time) (*panther.Manifest, error) {
	key := bucket + "/" + version
	c.mu.Lock()
	entry, ok := c.entries[key]
	c.mu.Unlock()
	if ok && now.Sub(entry.fetched) < releaseCacheTTL {
		return entry.manifest, nil
	}
	data, err := objects.Get(ctx, bucket, panther.ManifestKey(version))
	if err != nil {
		return nil, err
	}
	m, err := panther.ParseManifest(data)
	if err != nil {
		return nil, err
	}
	if m.Version != version {
		return nil, fmt.Errorf("it describes version %s", m.Version)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]cachedManifest{}
	}
	c.entries[key] = cachedManifest{manifest: m, fetched: now}
	return m, nil
}

// observe lists the deployment's stacks in one paginated DescribeStacks.
func (r *PantherDeploymentReconciler) observe(ctx context.Context, s *scope) (ctrl.Result, error) {
	names := []string{panther.RootStackName}
	for _, st := range panther.Stacks() {
		names = append(names, st.Name)
	}
	stacks, err := s.clients.Stacks.List(ctx, names)
	if err != nil {
		return ctrl.Result{}, transient(deployv1alpha1.ReasonAWSError, err)
	}
	s.stacks = stacks
	return ctrl.Result{}, nil
}
