package localaws

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
)

// minPartSize is S3's lower bound for every part but the last.
const minPartSize = 5 << 20

// upload finds the request's bucket and the multipart upload its uploadId names.
func (req *request) upload() (*Bucket, *MultipartUpload, error) {
	b, err := req.bucket()
	if err != nil {
		return nil, nil, err
	}
	id := req.r.URL.Query().Get("uploadId")
	u, ok := b.Uploads[id]
	if !ok || u.Key != req.s3.Key {
		return nil, nil, newError(http.StatusNotFound, "NoSuchUpload",
			"The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.").with("UploadId", id)
	}
	return b, u, nil
}

func s3CreateMultipartUpload(req *request) error {
	b, err := req.bucket()
	if err != nil {
		return err
	}
	u := &MultipartUpload{
		ID: randomID(40), Key: req.s3.Key, ContentType: req.r.Header.Get("Content-Type"),
		Metadata: userMetadata(req.r.Header), Initiated: time.Now().UTC(), Parts: map[int]*Part{},
	}
	b.Uploads[u.ID] = u
	return req.replyXML(struct {
		XMLName  xml.Name `xml:"InitiateMultipartUploadResult"`
		Xmlns    string   `xml:"xmlns,attr"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		UploadId string   `xml:"UploadId"`
	}{Xmlns: s3Namespace, Bucket: b.Name, Key: u.Key, UploadId: u.ID})
}

func s3UploadPart(req *request) error {
	_, u, err := req.upload()
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(req.r.URL.Query().Get("partNumber"))
	if err != nil || n < 1 || n > 10000 {
		return newError(http.StatusBadRequest, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive").with("ArgumentName", "partNumber")
	}
	p := &Part{Number: n, Body: req.body, ETag: etagOf(req.body), LastModified: time.Now().UTC()}
	u.Parts[n] = p
	req.w.Header().Set("ETag", p.ETag)
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
	if err := xml.Unmarshal(req.body, &in); err != nil || len(in.Parts) == 0 {
		return malformedXML()
	}
	var body bytes.Buffer
	var digests []byte
	for i, ref := range in.Parts {
		if i > 0 && ref.PartNumber <= in.Parts[i-1].PartNumber {
			return newError(http.StatusBadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.")
		}
		p, ok := u.Parts[ref.PartNumber]
		if !ok || strings.Trim(ref.ETag, `"`) != strings.Trim(p.ETag, `"`) {
			return newError(http.StatusBadRequest, "InvalidPart",
				"One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.")
		}
		if i < len(in.Parts)-1 && len(p.Body) < minPartSize {
			return newError(http.StatusBadRequest, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size")
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
	setVersionHeader(req, b, v)
	return req.replyXML(struct {
		XMLName  xml.Name `xml:"CompleteMultipartUploadResult"`
		Xmlns    string   `xml:"xmlns,attr"`
		Location string   `xml:"Location"`
		Bucket   string   `xml:"Bucket"`
		Key      string   `xml:"Key"`
		ETag     string   `xml:"ETag"`
	}{Xmlns: s3Namespace, Location: "/" + b.Name + "/" + u.Key, Bucket: b.Name, Key: u.Key, ETag: v.ETag})
}

func s3AbortMultipartUpload(req *request) error {
	b, u, err := req.upload()
	if err != nil {
		return err
	}
	delete(b.Uploads, u.ID)
	req.status = http.StatusNoContent
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
		parts = append(parts, partXML{n, isoTime(p.LastModified), p.ETag, len(p.Body)})
	}
	return req.replyXML(struct {
		XMLName     xml.Name  `xml:"ListPartsResult"`
		Xmlns       string    `xml:"xmlns,attr"`
		Bucket      string    `xml:"Bucket"`
		Key         string    `xml:"Key"`
		UploadId    string    `xml:"UploadId"`
		IsTruncated bool      `xml:"IsTruncated"`
		Parts       []partXML `xml:"Part"`
	}{Xmlns: s3Namespace, Bucket: b.Name, Key: u.Key, UploadId: u.ID, Parts: parts})
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
		uploads = append(uploads, uploadXML{u.Key, u.ID, isoTime(u.Initiated)})
	}
	sort.Slice(uploads, func(i, j int) bool {
		if uploads[i].Key != uploads[j].Key {
			return uploads[i].Key < uploads[j].Key
		}
		return uploads[i].UploadId < uploads[j].UploadId
	})
	return req.replyXML(struct {
		XMLName     xml.Name    `xml:"ListMultipartUploadsResult"`
		Xmlns       string      `xml:"xmlns,attr"`
		Bucket      string      `xml:"Bucket"`
		IsTruncated bool        `xml:"IsTruncated"`
		Uploads     []uploadXML `xml:"Upload"`
	}{Xmlns: s3Namespace, Bucket: b.Name, Uploads: uploads})
}
