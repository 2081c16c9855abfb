package s3

import (
	"encoding/json"
	"encoding/xml"
	"net/http"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

var cannedACLs = map[string]bool{
	"private": true, "public-read": true, "public-read-write": true, "authenticated-read": true,
	"aws-exec-read": true, "bucket-owner-read": true, "bucket-owner-full-control": true, "log-delivery-write": true,
}

func s3PutBucketAcl(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	acl := req.R.Header.Get("X-Amz-Acl")
	switch {
	case acl != "" && !cannedACLs[acl]:
		return wire.NewError(http.StatusBadRequest, "InvalidArgument", "Invalid canned ACL: %s", acl).With("ArgumentName", "x-amz-acl")
	case acl != "":
		b.ACL = acl
	case len(req.Body) > 0:
		if _, err := storeXMLConfig(req.Body, "AccessControlPolicy"); err != nil {
			return err
		}
		b.ACL = "custom"
	default:
		return wire.NewError(http.StatusBadRequest, "MissingSecurityHeader", "Your request was missing a required header").With("MissingHeaderName", "x-amz-acl")
	}
	return nil
}

func s3GetBucketAcl(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	type grantee struct {
		XMLNS string `xml:"xmlns:xsi,attr"`
		Type  string `xml:"xsi:type,attr"`
		ID    string `xml:"ID,omitempty"`
		URI   string `xml:"URI,omitempty"`
	}
	type grant struct {
		Grantee    grantee `xml:"Grantee"`
		Permission string  `xml:"Permission"`
	}
	const xsi = "http://www.w3.org/2001/XMLSchema-instance"
	grants := []grant{{grantee{xsi, "CanonicalUser", b.Account, ""}, "FULL_CONTROL"}}
	switch b.ACL {
	case "public-read", "public-read-write":
		grants = append(grants, grant{grantee{xsi, "Group", "", "http://acs.amazonaws.com/groups/global/AllUsers"}, "READ"})
		if b.ACL == "public-read-write" {
			grants = append(grants, grant{grantee{xsi, "Group", "", "http://acs.amazonaws.com/groups/global/AllUsers"}, "WRITE"})
		}
	case "authenticated-read":
		grants = append(grants, grant{grantee{xsi, "Group", "", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"}, "READ"})
	case "log-delivery-write":
		for _, p := range []string{"WRITE", "READ_ACP"} {
			grants = append(grants, grant{grantee{xsi, "Group", "", "http://acs.amazonaws.com/groups/s3/LogDelivery"}, p})
		}
	}
	return req.ReplyXML(struct {
		XMLName xml.Name `xml:"AccessControlPolicy"`
		Xmlns   string   `xml:"xmlns,attr"`
		OwnerID string   `xml:"Owner>ID"`
		Grants  []grant  `xml:"AccessControlList>Grant"`
	}{Xmlns: wire.S3Namespace, OwnerID: b.Account, Grants: grants})
}

func s3GetBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Policy == "" {
		return wire.NewError(http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist").With("BucketName", b.Name)
	}
	req.W.Header().Set("Content-Type", "application/json")
	req.RespBody = []byte(b.Policy)
	return nil
}

func s3PutBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if !json.Valid(req.Body) {
		return wire.NewError(http.StatusBadRequest, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'")
	}
	b.Policy = string(req.Body)
	req.Status = http.StatusNoContent
	return nil
}

func s3DeleteBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	b.Policy = ""
	req.Status = http.StatusNoContent
	return nil
}

func s3GetBucketEncryption(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Encryption == "" {
		return wire.NewError(http.StatusNotFound, "ServerSideEncryptionConfigurationNotFoundError",
			"The server side encryption configuration was not found").With("BucketName", b.Name)
	}
	return req.ReplyRawXML(b.Encryption)
}

func s3PutBucketEncryption(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.Body, "ServerSideEncryptionConfiguration")
	if err != nil {
		return err
	}
	b.Encryption = doc
	return nil
}

func s3GetPublicAccessBlock(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.PublicAccessBlock == "" {
		return wire.NewError(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration",
			"The public access block configuration was not found").With("BucketName", b.Name)
	}
	return req.ReplyRawXML(b.PublicAccessBlock)
}

func s3PutPublicAccessBlock(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.Body, "PublicAccessBlockConfiguration")
	if err != nil {
		return err
	}
	b.PublicAccessBlock = doc
	return nil
}
