// Package s3 emulates the S3 REST-XML API: buckets and their
// configurations, versioned objects and multipart uploads. Bucket names
// are global, as on AWS.
package s3

import (
	"net/http"
	"net/url"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Service implements the S3 REST API.
type Service struct {
	store *state.Store
	dest  Destinations
}

// bucketTable holds every bucket by name, whatever its account.
var bucketTable = state.NewTable[*Bucket]("buckets", state.Global)

// Tables are the state tables of S3.
func Tables() []state.Declared { return []state.Declared{bucketTable} }

// New returns the S3 service keeping its buckets in store.
func New(store *state.Store) *Service { return &Service{store: store} }

// buckets are all buckets. Callers hold the state lock.
func (s *Service) buckets() map[string]*Bucket { return bucketTable.Global(s.store.State()) }

// existing returns a bucket or NoSuchBucket.
func (s *Service) existing(name string) (*Bucket, error) {
	b, ok := s.buckets()[name]
	if !ok {
		return nil, noSuchBucket(name)
	}
	return b, nil
}

// request is a call to S3.
type request struct {
	*wire.Request
	svc *Service
}

type handlerFunc func(req *request) error

var s3Handlers = map[string]handlerFunc{
	"ListBuckets":                        s3ListBuckets,
	"CreateBucket":                       s3CreateBucket,
	"DeleteBucket":                       s3DeleteBucket,
	"HeadBucket":                         s3HeadBucket,
	"GetBucketLocation":                  s3GetBucketLocation,
	"GetBucketTagging":                   s3GetBucketTagging,
	"PutBucketTagging":                   s3PutBucketTagging,
	"DeleteBucketTagging":                s3DeleteBucketTagging,
	"GetBucketVersioning":                s3GetBucketVersioning,
	"PutBucketVersioning":                s3PutBucketVersioning,
	"GetBucketLifecycleConfiguration":    s3GetBucketLifecycle,
	"PutBucketLifecycleConfiguration":    s3PutBucketLifecycle,
	"DeleteBucketLifecycle":              s3DeleteBucketLifecycle,
	"GetBucketNotificationConfiguration": s3GetBucketNotification,
	"PutBucketNotificationConfiguration": s3PutBucketNotification,
	"GetBucketAcl":                       s3GetBucketAcl,
	"PutBucketAcl":                       s3PutBucketAcl,
	"GetBucketPolicy":                    s3GetBucketPolicy,
	"PutBucketPolicy":                    s3PutBucketPolicy,
	"DeleteBucketPolicy":                 s3DeleteBucketPolicy,
	"GetBucketEncryption":                s3GetBucketEncryption,
	"PutBucketEncryption":                s3PutBucketEncryption,
	"GetPublicAccessBlock":               s3GetPublicAccessBlock,
	"PutPublicAccessBlock":               s3PutPublicAccessBlock,
	"ListObjects":                        s3ListObjectsV1,
	"ListObjectsV2":                      s3ListObjectsV2,
	"ListObjectVersions":                 s3ListObjectVersions,
	"DeleteObjects":                      s3DeleteObjects,
	"PutObject":                          s3PutObject,
	"CopyObject":                         s3CopyObject,
	"GetObject":                          s3GetObject,
	"HeadObject":                         s3HeadObject,
	"DeleteObject":                       s3DeleteObject,
	"CreateMultipartUpload":              s3CreateMultipartUpload,
	"UploadPart":                         s3UploadPart,
	"CompleteMultipartUpload":            s3CompleteMultipartUpload,
	"AbortMultipartUpload":               s3AbortMultipartUpload,
	"ListParts":                          s3ListParts,
	"ListMultipartUploads":               s3ListMultipartUploads,
}

// bucketSubresources maps a bucket sub-resource query parameter to the
// operation names for GET, PUT and DELETE.
var bucketSubresources = []struct {
	param            string
	get, put, delete string
}{
	{"tagging", "GetBucketTagging", "PutBucketTagging", "DeleteBucketTagging"},
	{"versioning", "GetBucketVersioning", "PutBucketVersioning", ""},
	{"lifecycle", "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle"},
	{"notification", "GetBucketNotificationConfiguration", "PutBucketNotificationConfiguration", ""},
	{"acl", "GetBucketAcl", "PutBucketAcl", ""},
	{"policy", "GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"},
	{"encryption", "GetBucketEncryption", "PutBucketEncryption", ""},
	{"publicAccessBlock", "GetPublicAccessBlock", "PutPublicAccessBlock", ""},
	{"location", "GetBucketLocation", "", ""},
	{"versions", "ListObjectVersions", "", ""},
	{"uploads", "ListMultipartUploads", "", ""},
}

// Resolve implements wire.Service.
func (s *Service) Resolve(req *wire.Request) (string, string) {
	t := req.S3
	resource := t.Bucket
	if t.Key != "" {
		resource += "/" + t.Key
	}
	op := s3Operation(req.R.Method, t, req.R.URL.Query(), req.R.Header)
	if _, ok := s3Handlers[op]; !ok {
		return "", resource
	}
	return op, resource
}

func s3Operation(method string, t wire.S3Target, q url.Values, h http.Header) string {
	if t.Bucket == "" {
		if method == http.MethodGet {
			return "ListBuckets"
		}
		return ""
	}
	if t.Key == "" {
		return s3BucketOperation(method, q)
	}
	_, hasUploadID := q["uploadId"]
	switch method {
	case http.MethodPut:
		switch {
		case hasUploadID:
			return "UploadPart"
		case h.Get("X-Amz-Copy-Source") != "":
			return "CopyObject"
		}
		return "PutObject"
	case http.MethodGet:
		if hasUploadID {
			return "ListParts"
		}
		return "GetObject"
	case http.MethodHead:
		return "HeadObject"
	case http.MethodDelete:
		if hasUploadID {
			return "AbortMultipartUpload"
		}
		return "DeleteObject"
	case http.MethodPost:
		if _, ok := q["uploads"]; ok {
			return "CreateMultipartUpload"
		}
		if hasUploadID {
			return "CompleteMultipartUpload"
		}
	}
	return ""
}

func s3BucketOperation(method string, q url.Values) string {
	for _, sub := range bucketSubresources {
		if _, ok := q[sub.param]; !ok {
			continue
		}
		switch method {
		case http.MethodGet:
			return sub.get
		case http.MethodPut:
			return sub.put
		case http.MethodDelete:
			return sub.delete
		}
		return ""
	}
	switch method {
	case http.MethodPut:
		return "CreateBucket"
	case http.MethodDelete:
		return "DeleteBucket"
	case http.MethodHead:
		return "HeadBucket"
	case http.MethodGet:
		if q.Get("list-type") == "2" {
			return "ListObjectsV2"
		}
		return "ListObjects"
	case http.MethodPost:
		if _, ok := q["delete"]; ok {
			return "DeleteObjects"
		}
	}
	return ""
}

// Serve implements wire.Service.
func (s *Service) Serve(req *wire.Request) error {
	return s3Handlers[req.Operation](&request{Request: req, svc: s})
}

// bucket returns the addressed bucket or NoSuchBucket.
func (req *request) bucket() (*Bucket, error) { return req.svc.existing(req.S3.Bucket) }

func noSuchBucket(name string) *wire.Error {
	return wire.NewError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist").With("BucketName", name)
}
