package s3

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// listEntry is one item of a listing page: an object version or a common
// prefix standing for every key under it.
type listEntry struct {
	key     string
	version *ObjectVersion
	latest  bool
	prefix  string
}

// listPage is one page of a listing.
type listPage struct {
	entries   []listEntry
	truncated bool
}

// collect walks keys in order, keeps those under prefix, groups them into
// common prefixes by delimiter, expands the rest into entries, and stops
// after limit entries. after(e) says whether an entry lies past the
// request's start marker.
func collect(keys []string, prefix, delimiter string, limit int, expand func(key string) []listEntry, after func(e listEntry) bool) listPage {
	var page listPage
	if limit <= 0 {
		// max-keys=0 answers an empty, untruncated page, as S3 does.
		return page
	}
	lastPrefix := ""
	for _, key := range keys {
		if !strings.HasPrefix(key, prefix) {
			continue
		}
		if delimiter != "" {
			if i := strings.Index(key[len(prefix):], delimiter); i >= 0 {
				cp := key[:len(prefix)+i+len(delimiter)]
				if cp == lastPrefix || !after(listEntry{prefix: cp, key: cp}) {
					continue
				}
				if len(page.entries) == limit {
					page.truncated = true
					return page
				}
				lastPrefix = cp
				page.entries = append(page.entries, listEntry{prefix: cp, key: cp})
				continue
			}
		}
		for _, e := range expand(key) {
			if !after(e) {
				continue
			}
			if len(page.entries) == limit {
				page.truncated = true
				return page
			}
			page.entries = append(page.entries, e)
		}
	}
	return page
}

func maxKeysParam(q url.Values) (int, error) {
	s := q.Get("max-keys")
	if s == "" {
		return 1000, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, wire.NewError(http.StatusBadRequest, "InvalidArgument", "Provided max-keys not an integer or within integer range")
	}
	return min(n, 1000), nil
}

// currentObject expands a key into its latest version unless that is a
// delete marker.
func currentObject(b *Bucket) func(string) []listEntry {
	return func(key string) []listEntry {
		v := b.latest(key)
		if v == nil || v.DeleteMarker {
			return nil
		}
		return []listEntry{{key: key, version: v, latest: true}}
	}
}

// keyAfter accepts entries strictly after marker; a marker naming a common
// prefix also skips every key under it.
func keyAfter(marker, delimiter string) func(listEntry) bool {
	return func(e listEntry) bool {
		if marker == "" {
			return true
		}
		if delimiter != "" && strings.HasSuffix(marker, delimiter) && strings.HasPrefix(e.key, marker) {
			return false
		}
		return e.key > marker
	}
}

type objectXML struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Size         int    `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
}

type prefixXML struct {
	Prefix string `xml:"Prefix"`
}

func encodeKey(key, encoding string) string {
	if encoding != "url" {
		return key
	}
	return strings.ReplaceAll(url.QueryEscape(key), "+", "%20")
}

func splitPage(page listPage, encoding string) ([]objectXML, []prefixXML) {
	var objects []objectXML
	var prefixes []prefixXML
	for _, e := range page.entries {
		if e.prefix != "" {
			prefixes = append(prefixes, prefixXML{encodeKey(e.prefix, encoding)})
			continue
		}
		objects = append(objects, objectXML{encodeKey(e.key, encoding), wire.ISOTime(e.version.LastModified), e.version.ETag, len(e.version.Body), "STANDARD"})
	}
	return objects, prefixes
}

func s3ListObjectsV2(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	q := req.R.URL.Query()
	maxKeys, err := maxKeysParam(q)
	if err != nil {
		return err
	}
	prefix, delimiter, encoding := q.Get("prefix"), q.Get("delimiter"), q.Get("encoding-type")
	marker := q.Get("start-after")
	token := q.Get("continuation-token")
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return wire.NewError(http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect").With("ArgumentName", "continuation-token")
		}
		marker = string(raw)
	}
	page := collect(b.liveKeys(), prefix, delimiter, maxKeys, currentObject(b), keyAfter(marker, delimiter))
	objects, prefixes := splitPage(page, encoding)
	out := struct {
		XMLName               xml.Name    `xml:"ListBucketResult"`
		Xmlns                 string      `xml:"xmlns,attr"`
		Name                  string      `xml:"Name"`
		Prefix                string      `xml:"Prefix"`
		Delimiter             string      `xml:"Delimiter,omitempty"`
		MaxKeys               int         `xml:"MaxKeys"`
		KeyCount              int         `xml:"KeyCount"`
		IsTruncated           bool        `xml:"IsTruncated"`
		EncodingType          string      `xml:"EncodingType,omitempty"`
		ContinuationToken     string      `xml:"ContinuationToken,omitempty"`
		NextContinuationToken string      `xml:"NextContinuationToken,omitempty"`
		StartAfter            string      `xml:"StartAfter,omitempty"`
		Contents              []objectXML `xml:"Contents"`
		CommonPrefixes        []prefixXML `xml:"CommonPrefixes"`
	}{
		Xmlns: wire.S3Namespace, Name: b.Name, Prefix: prefix, Delimiter: delimiter, MaxKeys: maxKeys,
		KeyCount: len(page.entries), IsTruncated: page.truncated, EncodingType: encoding,
		ContinuationToken: token, StartAfter: q.Get("start-after"), Contents: objects, CommonPrefixes: prefixes,
	}
	if page.truncated {
		last := page.entries[len(page.entries)-1].key
		out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(last))
	}
	return req.ReplyXML(out)
}

func s3ListObjectsV1(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	q := req.R.URL.Query()
	maxKeys, err := maxKeysParam(q)
	if err != nil {
		return err
	}
	prefix, delimiter, encoding := q.Get("prefix"), q.Get("delimiter"), q.Get("encoding-type")
	page := collect(b.liveKeys(), prefix, delimiter, maxKeys, currentObject(b), keyAfter(q.Get("marker"), delimiter))
	objects, prefixes := splitPage(page, encoding)
	out := struct {
		XMLName        xml.Name    `xml:"ListBucketResult"`
		Xmlns          string      `xml:"xmlns,attr"`
		Name           string      `xml:"Name"`
		Prefix         string      `xml:"Prefix"`
		Marker         string      `xml:"Marker"`
		NextMarker     string      `xml:"NextMarker,omitempty"`
		Delimiter      string      `xml:"Delimiter,omitempty"`
		MaxKeys        int         `xml:"MaxKeys"`
		IsTruncated    bool        `xml:"IsTruncated"`
		Contents       []objectXML `xml:"Contents"`
		CommonPrefixes []prefixXML `xml:"CommonPrefixes"`
	}{
		Xmlns: wire.S3Namespace, Name: b.Name, Prefix: prefix, Marker: q.Get("marker"), Delimiter: delimiter,
		MaxKeys: maxKeys, IsTruncated: page.truncated, Contents: objects, CommonPrefixes: prefixes,
	}
	if page.truncated {
		out.NextMarker = page.entries[len(page.entries)-1].key
	}
	return req.ReplyXML(out)
}

// allVersions expands a key into its versions, newest first, as
// ListObjectVersions orders them.
func allVersions(b *Bucket) func(string) []listEntry {
	return func(key string) []listEntry {
		versions := b.Objects[key]
		out := make([]listEntry, 0, len(versions))
		for i := len(versions) - 1; i >= 0; i-- {
			out = append(out, listEntry{key: key, version: versions[i], latest: i == len(versions)-1})
		}
		return out
	}
}

// versionAfter accepts entries after the (key, version) marker pair.
func versionAfter(keyMarker, versionMarker, delimiter string) func(listEntry) bool {
	if versionMarker == "" {
		return keyAfter(keyMarker, delimiter)
	}
	passed := false
	return func(e listEntry) bool {
		if e.key != keyMarker {
			return e.key > keyMarker
		}
		if passed {
			return true
		}
		if e.version != nil && e.version.VersionID == versionMarker {
			passed = true
		}
		return false
	}
}

func s3ListObjectVersions(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	q := req.R.URL.Query()
	maxKeys, err := maxKeysParam(q)
	if err != nil {
		return err
	}
	prefix, delimiter, encoding := q.Get("prefix"), q.Get("delimiter"), q.Get("encoding-type")
	keyMarker, versionMarker := q.Get("key-marker"), q.Get("version-id-marker")
	page := collect(b.sortedKeys(), prefix, delimiter, maxKeys, allVersions(b), versionAfter(keyMarker, versionMarker, delimiter))
	type versionXML struct {
		Key          string `xml:"Key"`
		VersionId    string `xml:"VersionId"`
		IsLatest     bool   `xml:"IsLatest"`
		LastModified string `xml:"LastModified"`
		ETag         string `xml:"ETag"`
		Size         int    `xml:"Size"`
		StorageClass string `xml:"StorageClass"`
	}
	type markerXML struct {
		Key          string `xml:"Key"`
		VersionId    string `xml:"VersionId"`
		IsLatest     bool   `xml:"IsLatest"`
		LastModified string `xml:"LastModified"`
	}
	out := struct {
		XMLName             xml.Name     `xml:"ListVersionsResult"`
		Xmlns               string       `xml:"xmlns,attr"`
		Name                string       `xml:"Name"`
		Prefix              string       `xml:"Prefix"`
		KeyMarker           string       `xml:"KeyMarker"`
		VersionIdMarker     string       `xml:"VersionIdMarker"`
		NextKeyMarker       string       `xml:"NextKeyMarker,omitempty"`
		NextVersionIdMarker string       `xml:"NextVersionIdMarker,omitempty"`
		Delimiter           string       `xml:"Delimiter,omitempty"`
		MaxKeys             int          `xml:"MaxKeys"`
		IsTruncated         bool         `xml:"IsTruncated"`
		Versions            []versionXML `xml:"Version"`
		DeleteMarkers       []markerXML  `xml:"DeleteMarker"`
		CommonPrefixes      []prefixXML  `xml:"CommonPrefixes"`
	}{Xmlns: wire.S3Namespace, Name: b.Name, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker,
		Delimiter: delimiter, MaxKeys: maxKeys, IsTruncated: page.truncated}
	for _, e := range page.entries {
		switch {
		case e.prefix != "":
			out.CommonPrefixes = append(out.CommonPrefixes, prefixXML{encodeKey(e.prefix, encoding)})
		case e.version.DeleteMarker:
			out.DeleteMarkers = append(out.DeleteMarkers, markerXML{encodeKey(e.key, encoding), e.version.VersionID, e.latest, wire.ISOTime(e.version.LastModified)})
		default:
			out.Versions = append(out.Versions, versionXML{encodeKey(e.key, encoding), e.version.VersionID, e.latest,
				wire.ISOTime(e.version.LastModified), e.version.ETag, len(e.version.Body), "STANDARD"})
		}
	}
	if page.truncated {
		last := page.entries[len(page.entries)-1]
		out.NextKeyMarker = last.key
		if last.version != nil {
			out.NextVersionIdMarker = last.version.VersionID
		}
	}
	return req.ReplyXML(out)
}
