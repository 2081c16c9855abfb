package s3

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

var bucketNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// validBucketName applies S3's naming rules.
func validBucketName(name string) bool {
	return bucketNamePattern.MatchString(name) && !strings.Contains(name, "..") &&
		!regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`).MatchString(name)
}

// createBucket creates a bucket owned by account; it is shared by the S3
// API and CloudFormation.
func (s *Service) createBucket(name, account, region string) (*Bucket, error) {
	if !validBucketName(name) {
		return nil, wire.NewError(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.").With("BucketName", name)
	}
	if existing, ok := s.buckets()[name]; ok {
		if existing.Account == account {
			return existing, wire.NewError(http.StatusConflict, "BucketAlreadyOwnedByYou",
				"Your previous request to create the named bucket succeeded and you already own it.").With("BucketName", name)
		}
		return nil, wire.NewError(http.StatusConflict, "BucketAlreadyExists",
			"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.").With("BucketName", name)
	}
	b := newBucket(name, account, region)
	s.buckets()[name] = b
	return b, nil
}

func s3CreateBucket(req *request) error {
	var cfg struct {
		LocationConstraint string `xml:"LocationConstraint"`
	}
	if len(req.Body) > 0 {
		if err := xml.Unmarshal(req.Body, &cfg); err != nil {
			return malformedXML()
		}
	}
	region := cfg.LocationConstraint
	switch {
	case region == "" && req.Region != wire.DefaultRegion:
		return wire.NewError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
	case region == "":
		region = wire.DefaultRegion
	case region == wire.DefaultRegion:
		return wire.NewError(http.StatusBadRequest, "InvalidLocationConstraint", "The specified location-constraint is not valid").
			With("LocationConstraint", region)
	case region != req.Region:
		return wire.NewError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The %s location constraint is incompatible for the region specific endpoint this request was sent to.", region)
	}
	b, err := req.svc.createBucket(req.S3.Bucket, req.Account, region)
	if err != nil {
		// us-east-1 answers a repeated create of one's own bucket with 200.
		if ae := wire.AsError(err); ae.Code != "BucketAlreadyOwnedByYou" || region != wire.DefaultRegion {
			return err
		}
	}
	if acl := req.R.Header.Get("X-Amz-Acl"); acl != "" {
		b.ACL = acl
	}
	req.W.Header().Set("Location", "/"+b.Name)
	return nil
}

func s3DeleteBucket(req *request) error {
	if err := req.svc.DeleteBucket(req.S3.Bucket); err != nil {
		return err
	}
	req.Status = http.StatusNoContent
	return nil
}

func s3HeadBucket(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	req.W.Header().Set("X-Amz-Bucket-Region", b.Region)
	return nil
}

func s3ListBuckets(req *request) error {
	type bucketXML struct {
		Name         string `xml:"Name"`
		CreationDate string `xml:"CreationDate"`
		BucketRegion string `xml:"BucketRegion"`
	}
	type result struct {
		XMLName xml.Name    `xml:"ListAllMyBucketsResult"`
		Xmlns   string      `xml:"xmlns,attr"`
		OwnerID string      `xml:"Owner>ID"`
		Buckets []bucketXML `xml:"Buckets>Bucket"`
	}
	out := result{Xmlns: wire.S3Namespace, OwnerID: req.Account}
	for _, b := range sortedBuckets(req.svc.buckets()) {
		if b.Account == req.Account {
			out.Buckets = append(out.Buckets, bucketXML{b.Name, wire.ISOTime(b.Created), b.Region})
		}
	}
	return req.ReplyXML(out)
}

func s3GetBucketLocation(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	location := b.Region
	if location == wire.DefaultRegion {
		location = ""
	}
	return req.ReplyXML(struct {
		XMLName xml.Name `xml:"LocationConstraint"`
		Xmlns   string   `xml:"xmlns,attr"`
		Value   string   `xml:",chardata"`
	}{Xmlns: wire.S3Namespace, Value: location})
}

func malformedXML() *wire.Error {
	return wire.NewError(http.StatusBadRequest, "MalformedXML",
		"The XML you provided was not well-formed or did not validate against our published schema")
}
