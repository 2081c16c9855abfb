package localaws

import (
	"net/http"
	"net/url"
)

// s3Service implements the S3 REST API.
type s3Service struct{}

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

func (s3Service) resolve(req *request) (string, string) {
	t := req.s3
	resource := t.Bucket
	if t.Key != "" {
		resource += "/" + t.Key
	}
	op := s3Operation(req.r.Method, t, req.r.URL.Query(), req.r.Header)
	if _, ok := s3Handlers[op]; !ok {
		return "", resource
	}
	return op, resource
}

func s3Operation(method string, t s3Target, q url.Values, h http.Header) string {
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

func (s3Service) serve(req *request) error { return s3Handlers[req.operation](req) }

// bucket returns the addressed bucket or NoSuchBucket.
func (req *request) bucket() (*Bucket, error) {
	b, ok := req.emu.state.Buckets[req.s3.Bucket]
	if !ok {
		return nil, noSuchBucket(req.s3.Bucket)
	}
	return b, nil
}

func noSuchBucket(name string) *awsError {
	return newError(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist").with("BucketName", name)
}
