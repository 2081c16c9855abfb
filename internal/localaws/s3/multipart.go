package s3

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// minPartSize is S3's lower bound for every part but the last.
const minPartSize = 5 << 20

// upload finds the request's bucket and the multipart upload its uploadId names.
func (req *request) upload() (*Bucket, *MultipartUpload, error) {
	b, err := req.bucket()
	if err != nil {
		return nil, nil, err
	}
	id := req.R.URL.Query().Get("uploadId")
	u, ok := b.Uploads[id]
	if !ok || u.Key != req.S3.Key {
		return nil, nil, wire.NewError(http.StatusNotFound, "NoSuchUpload",
			"The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").With("UploadId", id)
	}
	return b, u, nil
}

func s3CreateMultipartUpload(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	u := &MultipartUpload{
		ID: wire.RandomID(40), Key: req.S3.Key, ContentType: req.R.Header.Get("Content-Type"),
		Metadata: userMetadata(req.R.Header), Initiated: time.Now().UTC(), Parts: map[int]*Part{},
	}
	b.Uploads[u.ID] = u
	return req.ReplyXML(struct {
		XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
		Xmlns    string   `xml:"xmlns,attr"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		UploadId string   `xml:"UploadId"`
	}{Xmlns: wire.S3Namespace, Bucket: b.Name, Key: u.Key, UploadId: u.ID})
}

func s3UploadPart(req *request) error {
	_, u, err := req.upload()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(req.R.URL.Query().Get("partNumber"))
	if err != nil || n < 1 || n > 10000 {
		return wire.NewError(http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive").With("ArgumentName", "partNumber")
	}
	p := &Part{Number: n, Body: req.Body, ETag: etagOf(req.Body), LastModified: time.Now().UTC()}
	u.Parts[n] = p
	req.W.Header().Set("ETag", p.ETag)
	return nil
}

func s3CompleteMultipartUpload(req *request) error {
	b, u, err := req.upload()
	if err != nil {
		return err
	}
	var in struct {
		Parts []struct {
			PartNumber int    `xml:"PartNumber"`
			ETag       string `xml:"ETag"`
		} `xml:"Part"`
	}
	if err := xml.Unmarshal(req.Body, &in); err != nil || len(in.Parts) == 0 {
		return malformedXML()
	}
	var body bytes.Buffer
	var digests []byte
	for i, ref := range in.Parts {
		if i > 0 && ref.PartNumber <= in.Parts[i-1].PartNumber {
			return wire.NewError(http.StatusBadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.")
		}
		p, ok := u.Parts[ref.PartNumber]
		if !ok || strings.Trim(ref.ETag, `"`) != strings.Trim(p.ETag, `"`) {
			return wire.NewError(http.StatusBadRequest, "InvalidPart",
				"One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
		}
		if i < len(in.Parts)-1 && len(p.Body) < minPartSize {
			return wire.NewError(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
		}
		body.Write(p.Body)
		sum, _ := hex.DecodeString(strings.Trim(p.ETag, `"`))
		digests = append(digests, sum...)
	}
	whole := md5.Sum(digests)
	v := &ObjectVersion{
		Body: body.Bytes(), ContentType: u.ContentType, Metadata: u.Metadata, LastModified: time.Now().UTC(),
		ETag: fmt.Sprintf(`"%s-%d"`, hex.EncodeToString(whole[:]), len(in.Parts)),
	}
	b.put(u.Key, v)
	delete(b.Uploads, u.ID)
	req.notify(b, "ObjectCreated:CompleteMultipartUpload", u.Key, v)
	setVersionHeader(req, b, v)
	return req.ReplyXML(struct {
		XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
		Xmlns    string   `xml:"xmlns,attr"`
		Location string   `xml:"Location"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		ETag     string   `xml:"ETag"`
	}{Xmlns: wire.S3Namespace, Location: "/" + b.Name + "/" + u.Key, Bucket: b.Name, Key: u.Key, ETag: v.ETag})
}

func s3AbortMultipartUpload(req *request) error {
	b, u, err := req.upload()
	if err != nil {
		return err
	}
	delete(b.Uploads, u.ID)
	req.Status = http.StatusNoContent
	return nil
}

func s3ListParts(req *request) error {
	b, u, err := req.upload()
	if err != nil {
		return err
	}
	type partXML struct {
		PartNumber   int    `xml:"PartNumber"`
		LastModified string `xml:"LastModified"`
		ETag         string `xml:"ETag"`
		Size         int    `xml:"Size"`
	}
	numbers := make([]int, 0, len(u.Parts))
	for n := range u.Parts {
		numbers = append(numbers, n)
	}
	sort.Ints(numbers)
	var parts []partXML
	for _, n := range numbers {
		p := u.Parts[n]
		parts = append(parts, partXML{n, wire.ISOTime(p.LastModified), p.ETag, len(p.Body)})
	}
	return req.ReplyXML(struct {
		XMLName     xml.Name  `xml:"ListPartsResult"`
		Xmlns       string    `xml:"xmlns,attr"`
		Bucket      string    `xml:"Bucket"`
		Key         string    `xml:"Key"`
		UploadId    string    `xml:"UploadId"`
		IsTruncated bool      `xml:"IsTruncated"`
		Parts       []partXML `xml:"Part"`
	}{Xmlns: wire.S3Namespace, Bucket: b.Name, Key: u.Key, UploadId: u.ID, Parts: parts})
}

func s3ListMultipartUploads(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	type uploadXML struct {
		Key       string `xml:"Key"`
		UploadId  string `xml:"UploadId"`
		Initiated string `xml:"Initiated"`
	}
	var uploads []uploadXML
	for _, u := range b.Uploads {
		uploads = append(uploads, uploadXML{u.Key, u.ID, wire.ISOTime(u.Initiated)})
	}
	sort.Slice(uploads, func(i, j int) bool {
		if uploads[i].Key != uploads[j].Key {
			return uploads[i].Key < uploads[j].Key
		}
		return uploads[i].UploadId < uploads[j].UploadId
	})
	return req.ReplyXML(struct {
		XMLName     xml.Name    `xml:"ListMultipartUploadsResult"`
		Xmlns       string      `xml:"xmlns,attr"`
		Bucket      string      `xml:"Bucket"`
		IsTruncated bool        `xml:"IsTruncated"`
		Uploads     []uploadXML `xml:"Upload"`
	}{Xmlns: wire.S3Namespace, Bucket: b.Name, Uploads: uploads})
}
