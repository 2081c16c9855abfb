package localaws

import (
	"encoding/xml"
	"net/http"
	"regexp"
	"strings"
)

var bucketNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// validBucketName applies S3's naming rules.
func validBucketName(name string) bool {
	return bucketNamePattern.MatchString(name) && !strings.Contains(name, "..") &&
		!regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`).MatchString(name)
}

// createBucket creates a bucket owned by account; it is shared by the S3
// API and CloudFormation.
func (s *State) createBucket(name, account, region string) (*Bucket, error) {
	if !validBucketName(name) {
		return nil, newError(http.StatusBadRequest, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", name)
	}
	if existing, ok := s.Buckets[name]; ok {
		if existing.Account == account {
			return existing, newError(http.StatusConflict, "BucketAlreadyOwnedByYou",
				"Your previous request to create the named bucket succeeded and you already own it.").with("BucketName", name)
		}
		return nil, newError(http.StatusConflict, "BucketAlreadyExists",
			"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.").with("BucketName", name)
	}
	b := newBucket(name, account, region)
	s.Buckets[name] = b
	return b, nil
}

func s3CreateBucket(req *request) error {
	var cfg struct {
		LocationConstraint string `xml:"LocationConstraint"`
	}
	if len(req.body) > 0 {
		if err := xml.Unmarshal(req.body, &cfg); err != nil {
			return malformedXML()
		}
	}
	region := cfg.LocationConstraint
	switch {
	case region == "" && req.region != DefaultRegion:
		return newError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
	case region == "":
		region = DefaultRegion
	case region == DefaultRegion:
		return newError(http.StatusBadRequest, "InvalidLocationConstraint", "The specified location-constraint is not valid").
			with("LocationConstraint", region)
	case region != req.region:
		return newError(http.StatusBadRequest, "IllegalLocationConstraintException",
			"The %s location constraint is incompatible for the region specific endpoint this request was sent to.", region)
	}
	b, err := req.emu.state.createBucket(req.s3.Bucket, req.account, region)
	if err != nil {
		// us-east-1 answers a repeated create of one's own bucket with 200.
		if ae := asAWSError(err); ae.Code != "BucketAlreadyOwnedByYou" || region != DefaultRegion {
			return err
		}
	}
	if acl := req.r.Header.Get("X-Amz-Acl"); acl != "" {
		b.ACL = acl
	}
	req.w.Header().Set("Location", "/"+b.Name)
	return nil
}

func s3DeleteBucket(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if !b.empty() {
		return newError(http.StatusConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty").with("BucketName", b.Name)
	}
	delete(req.emu.state.Buckets, b.Name)
	req.status = http.StatusNoContent
	return nil
}

func s3HeadBucket(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	req.w.Header().Set("X-Amz-Bucket-Region", b.Region)
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
	out := result{Xmlns: s3Namespace, OwnerID: req.account}
	for _, b := range sortedBuckets(req.emu.state.Buckets) {
		if b.Account == req.account {
			out.Buckets = append(out.Buckets, bucketXML{b.Name, isoTime(b.Created), b.Region})
		}
	}
	return req.replyXML(out)
}

func s3GetBucketLocation(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	location := b.Region
	if location == DefaultRegion {
		location = ""
	}
	return req.replyXML(struct {
		XMLName xml.Name `xml:"LocationConstraint"`
		Xmlns   string   `xml:"xmlns,attr"`
		Value   string   `xml:",chardata"`
	}{Xmlns: s3Namespace, Value: location})
}

func malformedXML() *awsError {
	return newError(http.StatusBadRequest, "MalformedXML",
		"The XML you provided was not well-formed or did not validate against our published schema")
}
