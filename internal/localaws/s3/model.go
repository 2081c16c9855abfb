package s3

import (
	"crypto/md5"
	"encoding/hex"
	"maps"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Bucket is an S3 bucket and everything stored in it.
type Bucket struct {
	Name    string    `json:"name"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
	// Versioning is "", "Enabled" or "Suspended".
	Versioning string      `json:"versioning,omitempty"`
	Tags       []state.Tag `json:"tags,omitempty"`
	ACL        string      `json:"acl,omitempty"`
	Policy     string      `json:"policy,omitempty"`
	// The following configurations are kept as the XML documents clients
	// sent, because S3 answers them back verbatim.
	Lifecycle         string `json:"lifecycle,omitempty"`
	Notification      string `json:"notification,omitempty"`
	Encryption        string `json:"encryption,omitempty"`
	PublicAccessBlock string `json:"publicAccessBlock,omitempty"`

	// Objects maps a key to its versions, oldest first.
	Objects map[string][]*ObjectVersion `json:"objects"`
	Uploads map[string]*MultipartUpload `json:"uploads,omitempty"`
}

// ObjectVersion is one version of an object, or a delete marker.
type ObjectVersion struct {
	VersionID    string            `json:"versionId"`
	DeleteMarker bool              `json:"deleteMarker,omitempty"`
	Body         []byte            `json:"body,omitempty"`
	ETag         string            `json:"etag,omitempty"`
	ContentType  string            `json:"contentType,omitempty"`
	Metadata     map[string]string `json:"metadata,omitempty"`
	LastModified time.Time         `json:"lastModified"`
}

// MultipartUpload is an upload in progress.
type MultipartUpload struct {
	ID          string            `json:"id"`
	Key         string            `json:"key"`
	ContentType string            `json:"contentType,omitempty"`
	Metadata    map[string]string `json:"metadata,omitempty"`
	Initiated   time.Time         `json:"initiated"`
	Parts       map[int]*Part     `json:"parts"`
}

// Part is one uploaded part.
type Part struct {
	Number       int       `json:"number"`
	Body         []byte    `json:"body"`
	ETag         string    `json:"etag"`
	LastModified time.Time `json:"lastModified"`
}

func newBucket(name, account, region string) *Bucket {
	return &Bucket{
		Name: name, Account: account, Region: region, Created: time.Now().UTC(),
		Objects: map[string][]*ObjectVersion{}, Uploads: map[string]*MultipartUpload{},
	}
}

// latest returns the current version of key, or nil. A delete marker is
// returned as such; callers decide what it means.
func (b *Bucket) latest(key string) *ObjectVersion {
	versions := b.Objects[key]
	if len(versions) == 0 {
		return nil
	}
	return versions[len(versions)-1]
}

// version finds a specific version of key.
func (b *Bucket) version(key, id string) *ObjectVersion {
	for _, v := range b.Objects[key] {
		if v.VersionID == id {
			return v
		}
	}
	return nil
}

// put stores a new current version, honouring the versioning state: without
// Enabled versioning the "null" version is replaced.
func (b *Bucket) put(key string, v *ObjectVersion) {
	if b.Versioning == "Enabled" {
		v.VersionID = newVersionID()
	} else {
		v.VersionID = "null"
		b.removeVersion(key, "null")
	}
	b.Objects[key] = append(b.Objects[key], v)
}

func (b *Bucket) removeVersion(key, id string) bool {
	versions := b.Objects[key]
	for i, v := range versions {
		if v.VersionID == id {
			versions = append(versions[:i], versions[i+1:]...)
			if len(versions) == 0 {
				delete(b.Objects, key)
			} else {
				b.Objects[key] = versions
			}
			return true
		}
	}
	return false
}

// sortedKeys returns every key in lexical order, as S3 lists them.
func (b *Bucket) sortedKeys() []string { return slices.Sorted(maps.Keys(b.Objects)) }

// liveKeys returns, in order, the keys whose current version is an object
// rather than a delete marker: what non-version listings show.
func (b *Bucket) liveKeys() []string {
	var keys []string
	for _, k := range b.sortedKeys() {
		if v := b.latest(k); v != nil && !v.DeleteMarker {
			keys = append(keys, k)
		}
	}
	return keys
}

// empty reports whether the bucket holds no versions and no delete markers.
func (b *Bucket) empty() bool { return len(b.Objects) == 0 }

func etagOf(body []byte) string {
	sum := md5.Sum(body)
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

// newVersionID imitates S3's opaque 32-character version IDs.
func newVersionID() string { return wire.RandomID(32) }
