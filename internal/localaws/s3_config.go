package localaws

import (
	"encoding/xml"
	"net/http"
	"sort"
	"strings"
)

// Bucket configuration sub-resources: tagging, versioning, lifecycle,
// notifications, ACL, policy, encryption and public access block.

type taggingXML struct {
	XMLName xml.Name `xml:"Tagging"`
	Xmlns   string   `xml:"xmlns,attr,omitempty"`
	TagSet  []Tag    `xml:"TagSet>Tag"`
}

func s3GetBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if len(b.Tags) == 0 {
		return newError(http.StatusNotFound, "NoSuchTagSet", "The TagSet does not exist").with("BucketName", b.Name)
	}
	return req.replyXML(taggingXML{Xmlns: s3Namespace, TagSet: b.Tags})
}

func s3PutBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	var in taggingXML
	if err := xml.Unmarshal(req.body, &in); err != nil {
		return malformedXML()
	}
	seen := map[string]bool{}
	for _, t := range in.TagSet {
		if strings.HasPrefix(t.Key, "aws:") {
			return newError(http.StatusBadRequest, "InvalidTag", "System tags cannot be added/updated by requester")
		}
		if seen[t.Key] {
			return newError(http.StatusBadRequest, "InvalidTag", "Cannot provide multiple Tags with the same key")
		}
		seen[t.Key] = true
	}
	// System tags (aws:cloudformation:*) survive, as they do on AWS.
	b.Tags = append(systemTags(b.Tags), in.TagSet...)
	req.status = http.StatusNoContent
	return nil
}

func s3DeleteBucketTagging(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	b.Tags = systemTags(b.Tags)
	req.status = http.StatusNoContent
	return nil
}

func systemTags(tags []Tag) []Tag {
	var out []Tag
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
	return req.replyXML(versioningXML{Xmlns: s3Namespace, Status: b.Versioning})
}

func s3PutBucketVersioning(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	var in versioningXML
	if err := xml.Unmarshal(req.body, &in); err != nil {
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
		return newError(http.StatusNotFound, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist").with("BucketName", b.Name)
	}
	return req.replyRawXML(b.Lifecycle)
}

func s3PutBucketLifecycle(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.body, "LifecycleConfiguration")
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
	req.status = http.StatusNoContent
	return nil
}

func s3GetBucketNotification(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if b.Notification == "" {
		return req.replyRawXML(`<NotificationConfiguration xmlns="` + s3Namespace + `"></NotificationConfiguration>`)
	}
	return req.replyRawXML(b.Notification)
}

func s3PutBucketNotification(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	doc, err := storeXMLConfig(req.body, "NotificationConfiguration")
	if err != nil {
		return err
	}
	b.Notification = doc
	return nil
}

func sortedBuckets(m map[string]*Bucket) []*Bucket {
	out := make([]*Bucket, 0, len(m))
	for _, b := range m {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
