package s3

import (
	"net/http"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// These are what CloudFormation uses of S3: it provisions AWS::S3::Bucket
// and AWS::S3::BucketPolicy resources, checks their drift, and reads
// templates and Lambda code from objects. They fail as the API does
// (NoSuchBucket, BucketNotEmpty, …); callers hold the state lock.

// CreateBucket creates a bucket owned by account in region.
func (s *Service) CreateBucket(account, region, name string) error {
	_, err := s.createBucket(name, account, region)
	return err
}

// DeleteBucket deletes an empty bucket.
func (s *Service) DeleteBucket(name string) error {
	b, err := s.existing(name)
	if err != nil {
		return err
	}
	if !b.empty() {
		return wire.NewError(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty").With("BucketName", name)
	}
	delete(s.buckets(), name)
	return nil
}

// BucketTagging returns a bucket's tags, system (aws:) tags included.
func (s *Service) BucketTagging(name string) ([]state.Tag, error) {
	b, err := s.existing(name)
	if err != nil {
		return nil, err
	}
	return b.Tags, nil
}

// PutBucketTagging replaces a bucket's tags, system tags included.
func (s *Service) PutBucketTagging(name string, tags []state.Tag) error {
	return s.configure(name, func(b *Bucket) { b.Tags = tags })
}

// BucketVersioning returns "", "Enabled" or "Suspended".
func (s *Service) BucketVersioning(name string) (string, error) {
	b, err := s.existing(name)
	if err != nil {
		return "", err
	}
	return b.Versioning, nil
}

// PutBucketVersioning sets the versioning status.
func (s *Service) PutBucketVersioning(name, status string) error {
	return s.configure(name, func(b *Bucket) { b.Versioning = status })
}

// PutBucketLifecycle stores a LifecycleConfiguration document ("" removes it).
func (s *Service) PutBucketLifecycle(name, doc string) error {
	return s.configure(name, func(b *Bucket) { b.Lifecycle = doc })
}

// PutBucketNotification sets a NotificationConfiguration document ("" removes it) as
// PutBucketNotificationConfiguration does: its destinations must exist, and each SNS and
// SQS destination receives the s3:TestEvent.
func (s *Service) PutBucketNotification(name, doc string) error {
	b, err := s.existing(name)
	if err != nil {
		return err
	}
	return s.setNotification(b, doc, wire.RandomID(16))
}

// PutBucketEncryption stores a ServerSideEncryptionConfiguration document.
func (s *Service) PutBucketEncryption(name, doc string) error {
	return s.configure(name, func(b *Bucket) { b.Encryption = doc })
}

// PutPublicAccessBlock stores a PublicAccessBlockConfiguration document.
func (s *Service) PutPublicAccessBlock(name, doc string) error {
	return s.configure(name, func(b *Bucket) { b.PublicAccessBlock = doc })
}

// PutBucketAcl sets a canned ACL ("" for the default).
func (s *Service) PutBucketAcl(name, acl string) error {
	return s.configure(name, func(b *Bucket) { b.ACL = acl })
}

// PutBucketPolicy sets a bucket policy ("" removes it).
func (s *Service) PutBucketPolicy(name, policy string) error {
	return s.configure(name, func(b *Bucket) { b.Policy = policy })
}

func (s *Service) configure(name string, set func(b *Bucket)) error {
	b, err := s.existing(name)
	if err != nil {
		return err
	}
	set(b)
	return nil
}

// GetObject returns the body of an object's current version, or of
// versionID when it is not empty.
func (s *Service) GetObject(bucket, key, versionID string) ([]byte, error) {
	b, err := s.existing(bucket)
	if err != nil {
		return nil, err
	}
	v := b.latest(key)
	if versionID != "" {
		v = b.version(key, versionID)
	}
	if v == nil || v.DeleteMarker {
		return nil, noSuchKey(key)
	}
	return v.Body, nil
}

// PutObject stores an object as PutObject does, for services that deliver
// into buckets (Firehose).
func (s *Service) PutObject(bucket, key, contentType string, body []byte) error {
	b, err := s.existing(bucket)
	if err != nil {
		return err
	}
	b.put(key, &ObjectVersion{Body: body, ETag: etagOf(body), ContentType: contentType, LastModified: time.Now().UTC()})
	return nil
}
