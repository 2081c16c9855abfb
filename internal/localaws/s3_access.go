package localaws

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
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
	acl := req.r.Header.Get("X-Amz-Acl")
	switch {
	case acl != "" && !cannedACLs[acl]:
		return newError(http.StatusBadRequest, "InvalidArgument", "Invalid canned ACL: %s", acl).with("ArgumentName", "x-amz-acl")
	case acl != "":
		b.ACL = acl
	case len(req.body) > 0:
		if _, err := storeXMLConfig(req.body, "AccessControlPolicy"); err != nil {
			return err
		}
		b.ACL = "custom"
	default:
		return newError(http.StatusBadRequest, "MissingSecurityHeader", "Your request was missing a required header").with("MissingHeaderName", "x-amz-acl")
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
	return req.replyXML(struct {
		XMLName xml.Name `xml:"AccessControlPolicy"`
		Xmlns   string   `xml:"xmlns,attr"`
		OwnerID string   `xml:"Owner>ID"`
		Grants  []grant  `xml:"AccessControlList>Grant"`
	}{Xmlns: s3Namespace, OwnerID: b.Account, Grants: grants})
}

func s3GetBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Policy == "" {
		return newError(http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist").with("BucketName", b.Name)
	}
	req.w.Header().Set("Content-Type", "application/json")
	req.respBody = []byte(b.Policy)
	return nil
}

func s3PutBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if !json.Valid(req.body) {
		return newError(http.StatusBadRequest, "MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'")
	}
	b.Policy = string(req.body)
	req.status = http.StatusNoContent
	return nil
}

func s3DeleteBucketPolicy(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	b.Policy = ""
	req.status = http.StatusNoContent
	return nil
}

func s3GetBucketEncryption(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Encryption == "" {
		return newError(http.StatusNotFound, "ServerSideEncryptionConfigurationNotFoundError",
			"The server side encryption configuration was not found").with("BucketName", b.Name)
	}
	return req.replyRawXML(b.Encryption)
}

func s3PutBucketEncryption(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.body, "ServerSideEncryptionConfiguration")
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
		return newError(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration",
			"The public access block configuration was not found").with("BucketName", b.Name)
	}
	return req.replyRawXML(b.PublicAccessBlock)
}

func s3PutPublicAccessBlock(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.body, "PublicAccessBlockConfiguration")
	if err != nil {
		return err
	}
	b.PublicAccessBlock = doc
	return nil
}
