package s3

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

func crc32Base64(body []byte) string {
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc32.ChecksumIEEE(body))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func noSuchKey(key string) *wire.Error {
	return wire.NewError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.").With("Key", key)
}

// userMetadata collects x-amz-meta-* headers.
func userMetadata(h http.Header) map[string]string {
	var meta map[string]string
	for k, v := range h {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-amz-meta-") && len(v) > 0 {
			if meta == nil {
				meta = map[string]string{}
			}
			meta[strings.TrimPrefix(lk, "x-amz-meta-")] = v[0]
		}
	}
	return meta
}

func s3PutObject(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	if md5Header := req.R.Header.Get("Content-Md5"); md5Header != "" {
		sum := md5.Sum(req.Body)
		if base64.StdEncoding.EncodeToString(sum[:]) != md5Header {
			return wire.NewError(http.StatusBadRequest, "BadDigest", "The Content-MD5 you specified did not match what we received.")
		}
	}
	v := &ObjectVersion{
		Body: req.Body, ETag: etagOf(req.Body), ContentType: req.R.Header.Get("Content-Type"),
		Metadata: userMetadata(req.R.Header), LastModified: time.Now().UTC(),
	}
	b.put(req.S3.Key, v)
	req.notify(b, "ObjectCreated:Put", req.S3.Key, v)
	req.W.Header().Set("ETag", v.ETag)
	setVersionHeader(req, b, v)
	return nil
}

func setVersionHeader(req *request, b *Bucket, v *ObjectVersion) {
	if b.Versioning != "" {
		req.W.Header().Set("X-Amz-Version-Id", v.VersionID)
	}
}

// findVersion resolves the version a GET/HEAD addresses, with S3's errors.
func findVersion(req *request, b *Bucket) (*ObjectVersion, error) {
	key := req.S3.Key
	if id := req.R.URL.Query().Get("versionId"); id != "" {
		v := b.version(key, id)
		if v == nil {
			return nil, wire.NewError(http.StatusNotFound, "NoSuchVersion", "The specified version does not exist.").With("Key", key).With("VersionId", id)
		}
		if v.DeleteMarker {
			req.W.Header().Set("X-Amz-Delete-Marker", "true")
			return nil, wire.NewError(http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		}
		return v, nil
	}
	v := b.latest(key)
	if v == nil {
		return nil, noSuchKey(key)
	}
	if v.DeleteMarker {
		return nil, noSuchKey(key)
	}
	return v, nil
}

func writeObjectHeaders(req *request, b *Bucket, v *ObjectVersion) {
	h := req.W.Header()
	h.Set("ETag", v.ETag)
	h.Set("Last-Modified", v.LastModified.Format(http.TimeFormat))
	h.Set("Accept-Ranges", "bytes")
	ct := v.ContentType
	if ct == "" {
		ct = "binary/octet-stream"
	}
	h.Set("Content-Type", ct)
	for k, val := range v.Metadata {
		h.Set("X-Amz-Meta-"+k, val)
	}
	setVersionHeader(req, b, v)
}

func s3GetObject(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	v, err := findVersion(req, b)
	if err != nil {
		return err
	}
	writeObjectHeaders(req, b, v)
	body := v.Body
	if rng := req.R.Header.Get("Range"); rng != "" {
		start, end, ok := parseRange(rng, len(body))
		if !ok {
			return wire.NewError(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
		}
		req.W.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, len(body)))
		body = body[start : end+1]
		req.Status = http.StatusPartialContent
	} else if req.R.Header.Get("X-Amz-Checksum-Mode") == "ENABLED" && !strings.Contains(v.ETag, "-") {
		// Clients that ask for checksums validate the full object with it;
		// multipart objects would need composite checksums, so they get none.
		req.W.Header().Set("X-Amz-Checksum-Crc32", crc32Base64(body))
	}
	req.RespBody = body
	return nil
}

// parseRange understands the single "bytes=a-b", "bytes=a-" and
// "bytes=-n" forms clients use.
func parseRange(h string, size int) (int, int, bool) {
	spec, ok := strings.CutPrefix(h, "bytes=")
	if !ok || strings.Contains(spec, ",") || size == 0 {
		return 0, 0, false
	}
	first, last, _ := strings.Cut(spec, "-")
	if first == "" {
		n, err := strconv.Atoi(last)
		if err != nil || n <= 0 {
			return 0, 0, false
		}
		return max(size-n, 0), size - 1, true
	}
	start, err := strconv.Atoi(first)
	if err != nil || start >= size {
		return 0, 0, false
	}
	end := size - 1
	if last != "" {
		if end, err = strconv.Atoi(last); err != nil || end < start {
			return 0, 0, false
		}
		end = min(end, size-1)
	}
	return start, end, true
}

func s3HeadObject(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	v, err := findVersion(req, b)
	if err != nil {
		return err
	}
	writeObjectHeaders(req, b, v)
	req.W.Header().Set("Content-Length", strconv.Itoa(len(v.Body)))
	return nil
}

// deleteKey deletes one key or version and reports what happened, the way
// both DeleteObject and DeleteObjects do.
func deleteKey(b *Bucket, key, versionID string) (marker bool, resultVersion string) {
	if versionID != "" {
		v := b.version(key, versionID)
		if v == nil {
			return false, versionID
		}
		b.removeVersion(key, versionID)
		return v.DeleteMarker, versionID
	}
	switch b.Versioning {
	case "":
		delete(b.Objects, key)
		return false, ""
	default:
		if b.latest(key) == nil && b.Versioning == "Suspended" {
			return false, ""
		}
		m := &ObjectVersion{DeleteMarker: true, LastModified: time.Now().UTC()}
		b.put(key, m)
		return true, m.VersionID
	}
}

func s3DeleteObject(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	versionID := req.R.URL.Query().Get("versionId")
	marker, version := deleteKey(b, req.S3.Key, versionID)
	req.notifyRemoved(b, req.S3.Key, marker && versionID == "", version)
	if marker {
		req.W.Header().Set("X-Amz-Delete-Marker", "true")
	}
	if version != "" {
		req.W.Header().Set("X-Amz-Version-Id", version)
	}
	req.Status = http.StatusNoContent
	return nil
}

func s3DeleteObjects(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	var in struct {
		Quiet   bool `xml:"Quiet"`
		Objects []struct {
			Key       string `xml:"Key"`
			VersionID string `xml:"VersionId"`
		} `xml:"Object"`
	}
	if err := xml.Unmarshal(req.Body, &in); err != nil || len(in.Objects) == 0 || len(in.Objects) > 1000 {
		return malformedXML()
	}
	type deleted struct {
		Key                   string `xml:"Key"`
		VersionId             string `xml:"VersionId,omitempty"`
		DeleteMarker          bool   `xml:"DeleteMarker,omitempty"`
		DeleteMarkerVersionId string `xml:"DeleteMarkerVersionId,omitempty"`
	}
	out := struct {
		XMLName xml.Name  `xml:"DeleteResult"`
		Xmlns   string    `xml:"xmlns,attr"`
		Deleted []deleted `xml:"Deleted"`
	}{Xmlns: wire.S3Namespace}
	for _, o := range in.Objects {
		marker, version := deleteKey(b, o.Key, o.VersionID)
		req.notifyRemoved(b, o.Key, marker && o.VersionID == "", version)
		if in.Quiet {
			continue
		}
		d := deleted{Key: o.Key, VersionId: o.VersionID, DeleteMarker: marker}
		if marker && o.VersionID == "" {
			d.DeleteMarkerVersionId = version
		}
		out.Deleted = append(out.Deleted, d)
	}
	return req.ReplyXML(out)
}

func s3CopyObject(req *request) error {
	dst, err := req.bucket()
	if err != nil {
		return err
	}
	source := req.R.Header.Get("X-Amz-Copy-Source")
	if unescaped, err := url.PathUnescape(source); err == nil {
		source = unescaped
	}
	source = strings.TrimPrefix(source, "/")
	source, versionID, _ := strings.Cut(source, "?versionId=")
	srcBucket, srcKey, ok := strings.Cut(source, "/")
	if !ok || srcKey == "" {
		return wire.NewError(http.StatusBadRequest, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
	}
	src, found := req.svc.buckets()[srcBucket]
	if !found {
		return noSuchBucket(srcBucket)
	}
	var v *ObjectVersion
	if versionID != "" {
		v = src.version(srcKey, versionID)
	} else {
		v = src.latest(srcKey)
	}
	if v == nil || v.DeleteMarker {
		return noSuchKey(srcKey)
	}
	replace := req.R.Header.Get("X-Amz-Metadata-Directive") == "REPLACE"
	if srcBucket == dst.Name && srcKey == req.S3.Key && versionID == "" && !replace {
		return wire.NewError(http.StatusBadRequest, "InvalidRequest",
			"This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
	}
	copied := &ObjectVersion{
		Body: v.Body, ETag: v.ETag, ContentType: v.ContentType, Metadata: v.Metadata,
		LastModified: time.Now().UTC(),
	}
	if replace {
		copied.ContentType = req.R.Header.Get("Content-Type")
		copied.Metadata = userMetadata(req.R.Header)
	}
	dst.put(req.S3.Key, copied)
	req.notify(dst, "ObjectCreated:Copy", req.S3.Key, copied)
	setVersionHeader(req, dst, copied)
	if versionID != "" {
		req.W.Header().Set("X-Amz-Copy-Source-Version-Id", versionID)
	}
	return req.ReplyXML(struct {
		XMLName      xml.Name `xml:"CopyObjectResult"`
		Xmlns        string   `xml:"xmlns,attr"`
		ETag         string   `xml:"ETag"`
		LastModified string   `xml:"LastModified"`
	}{Xmlns: wire.S3Namespace, ETag: copied.ETag, LastModified: wire.ISOTime(copied.LastModified)})
}
