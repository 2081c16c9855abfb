package s3

import (
	"encoding/xml"
	"net/http"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Bucket configuration sub-resources: tagging, versioning, lifecycle,
// notifications, ACL, policy, encryption and public access block.

type taggingXML struct {
	XMLName xml.Name    `xml:"Tagging"`
	Xmlns   string      `xml:"xmlns,attr,omitempty"`
	TagSet  []state.Tag `xml:"TagSet>Tag"`
}

func s3GetBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if len(b.Tags) == 0 {
		return wire.NewError(http.StatusNotFound, "NoSuchTagSet", "The TagSet does not exist").With("BucketName", b.Name)
	}
	return req.ReplyXML(taggingXML{Xmlns: wire.S3Namespace, TagSet: b.Tags})
}

func s3PutBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	var in taggingXML
	if err := xml.Unmarshal(req.Body, &in); err != nil {
		return malformedXML()
	}
	seen := map[string]bool{}
	for _, t := range in.TagSet {
		if strings.HasPrefix(t.Key, "aws:") {
			return wire.NewError(http.StatusBadRequest, "InvalidTag", "System tags cannot be added/updated by requester")
		}
		if seen[t.Key] {
			return wire.NewError(http.StatusBadRequest, "InvalidTag", "Cannot provide multiple Tags with the same key")
		}
		seen[t.Key] = true
	}
	// System tags (aws:cloudformation:*) survive, as they do on AWS.
	b.Tags = append(systemTags(b.Tags), in.TagSet...)
	req.Status = http.StatusNoContent
	return nil
}

func s3DeleteBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	b.Tags = systemTags(b.Tags)
	req.Status = http.StatusNoContent
	return nil
}

func systemTags(tags []state.Tag) []state.Tag {
	var out []state.Tag
	for _, t := range tags {
		if strings.HasPrefix(t.Key, "aws:") {
			out = append(out, t)
		}
	}
	return out
}

type versioningXML struct {
	XMLName xml.Name `xml:"VersioningConfiguration"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	Status  string   `xml:"Status,omitempty"`
}

func s3GetBucketVersioning(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	return req.ReplyXML(versioningXML{Xmlns: wire.S3Namespace, Status: b.Versioning})
}

func s3PutBucketVersioning(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	var in versioningXML
	if err := xml.Unmarshal(req.Body, &in); err != nil {
		return malformedXML()
	}
	if in.Status != "Enabled" && in.Status != "Suspended" {
		return malformedXML()
	}
	b.Versioning = in.Status
	return nil
}

// storeXMLConfig checks that a configuration body is well-formed XML with
// the expected root element and returns it for storage.
func storeXMLConfig(body []byte, root string) (string, error) {
	var probe struct{ XMLName xml.Name }
	if err := xml.Unmarshal(body, &probe); err != nil || probe.XMLName.Local != root {
		return "", malformedXML()
	}
	return string(body), nil
}

func s3GetBucketLifecycle(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Lifecycle == "" {
		return wire.NewError(http.StatusNotFound, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist").With("BucketName", b.Name)
	}
	return req.ReplyRawXML(b.Lifecycle)
}

func s3PutBucketLifecycle(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.Body, "LifecycleConfiguration")
	if err != nil {
		return err
	}
	b.Lifecycle = doc
	return nil
}

func s3DeleteBucketLifecycle(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	b.Lifecycle = ""
	req.Status = http.StatusNoContent
	return nil
}

func s3GetBucketNotification(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Notification == "" {
		return req.ReplyRawXML(`<NotificationConfiguration xmlns="` + wire.S3Namespace + `"></NotificationConfiguration>`)
	}
	return req.ReplyRawXML(b.Notification)
}

func s3PutBucketNotification(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.Body, "NotificationConfiguration")
	if err != nil {
		return err
	}
	return req.svc.setNotification(b, doc, req.RequestID())
}

func sortedBuckets(m map[string]*Bucket) []*Bucket {
	out := make([]*Bucket, 0, len(m))
	for _, b := range m {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
