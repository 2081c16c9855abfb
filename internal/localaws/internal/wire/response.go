package wire

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"hash/crc32"
	"net/http"
	"strconv"
	"strings"
)

// queryNamespaces are the XML namespaces of the query-protocol services.
var queryNamespaces = map[string]string{
	"cloudformation": "http://cloudformation.amazonaws.com/doc/2010-05-15/",
	"sts":            "https://sts.amazonaws.com/doc/2011-06-15/",
	"iam":            "https://iam.amazonaws.com/doc/2010-05-08/",
	"sns":            "http://sns.amazonaws.com/doc/2010-03-31/",
}

// ReplyQuery answers a query-protocol call with <OpResponse><OpResult>.
func (req *Request) ReplyQuery(result any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString("<" + req.Operation + `Response xmlns="` + queryNamespaces[req.Service] + `">`)
	if result == nil {
		// Operations without output still answer an empty result element,
		// which the SDK's deserializers expect.
		result = struct{}{}
	}
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: req.Operation + "Result"}}); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	buf.WriteString("<ResponseMetadata><RequestId>" + req.requestID + "</RequestId></ResponseMetadata>")
	buf.WriteString("</" + req.Operation + "Response>")
	req.W.Header().Set("Content-Type", "text/xml")
	req.RespBody = buf.Bytes()
	return nil
}

// ReplyJSON answers a JSON-protocol call.
func (req *Request) ReplyJSON(v any) error {
	if v == nil {
		v = struct{}{}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req.W.Header()["Content-Type"] = req.jsonContentTypeValue()
	req.RespBody = data
	return nil
}

// ReplyRESTJSON answers a REST-JSON call with a status and a JSON document (none when v is
// nil).
func (req *Request) ReplyRESTJSON(status int, v any) error {
	req.Status = status
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req.W.Header().Set("Content-Type", "application/json")
	req.RespBody = data
	return nil
}

// jsonContentType answers in the JSON protocol version the request used
// (1.0 for SQS, 1.1 for CloudWatch Logs).
func (req *Request) jsonContentType() string { return req.jsonContentTypeValue()[0] }

// The Content-Type values of JSON answers, shared by every answer rather than allocated for
// each: net/http only reads header values, and nothing here writes into one in place.
var (
	contentTypeJSON10 = []string{"application/x-amz-json-1.0"}
	contentTypeJSON11 = []string{"application/x-amz-json-1.1"}
)

// jsonContentTypeValue is jsonContentType as a header value.
func (req *Request) jsonContentTypeValue() []string {
	if strings.HasPrefix(header(req.R.Header, "Content-Type"), "application/x-amz-json-1.0") {
		return contentTypeJSON10
	}
	return contentTypeJSON11
}

// ReplyRawJSON answers a JSON-protocol call with an encoded document.
func (req *Request) ReplyRawJSON(data []byte) {
	req.W.Header()["Content-Type"] = req.jsonContentTypeValue()
	req.RespBody = data
}

// jsonErrorNamespaces are the shape namespaces of JSON services whose
// error __type is qualified, as AWS sends it.
var jsonErrorNamespaces = map[string]string{
	"sqs": "com.amazonaws.sqs#",
}

// ReplyXML answers a REST-XML call with an XML document.
func (req *Request) ReplyXML(v any) error {
	data, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	req.W.Header().Set("Content-Type", "application/xml")
	req.RespBody = append([]byte(xml.Header), data...)
	return nil
}

// Flush writes the buffered successful response. HEAD answers keep the
// Content-Length a handler set (the object's size) but have no body.
func (req *Request) Flush() {
	h := req.W.Header()
	vals := make(headerValues, 0, 4)
	req.setRequestIDHeaders(&vals)
	if req.R.Method == http.MethodHead {
		req.W.WriteHeader(req.Status)
		return
	}
	if header(h, "Content-Length") == "" {
		h["Content-Length"] = vals.one(strconv.Itoa(len(req.RespBody)))
	}
	req.setChecksum(req.RespBody, &vals)
	req.W.WriteHeader(req.Status)
	_, _ = req.W.Write(req.RespBody)
}

// setRequestIDHeaders sets the request ID headers of the protocol. The keys are written in
// their canonical form, as Set would make them, without Set's work on every answer.
func (req *Request) setRequestIDHeaders(vals *headerValues) {
	h := req.W.Header()
	if req.protocol == protoREST {
		h["X-Amz-Request-Id"] = vals.one(req.requestID)
		h["X-Amz-Id-2"] = vals.one(req.requestID)
	} else {
		h["X-Amzn-Requestid"] = vals.one(req.requestID)
	}
}

// headerValues hands out the one-value slices of the headers every answer sets, cut from
// one allocation rather than one each.
type headerValues []string

// one is a header value slice of v alone.
func (hv *headerValues) one(v string) []string {
	*hv = append(*hv, v)
	n := len(*hv)
	return (*hv)[n-1 : n : n]
}

// Fail writes an error in the shape of the request's protocol. Headers a
// handler set for a successful answer are dropped, except x-amz-* ones
// such as x-amz-delete-marker, which S3 sends with errors too.
func (req *Request) Fail(e *Error) {
	req.errCode = e.Code
	h := req.W.Header()
	for k := range h {
		if !strings.HasPrefix(k, "X-Amz-") {
			delete(h, k)
		}
	}
	var vals headerValues
	req.setRequestIDHeaders(&vals)
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	var body []byte
	switch req.protocol {
	case protoCBOR:
		h.Set("Content-Type", cborContentType)
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
		// CloudWatch is query-compatible: its clients report the query code.
		code := e.QueryCode
		if code == "" {
			code = e.Code
		}
		h.Set("X-Amzn-Query-Error", code+";"+faultKind(e))
		body = cborErrorBody(req.ErrorNamespace, e)
	case protoJSON:
		h.Set("Content-Type", req.jsonContentType())
		h.Set("X-Amzn-ErrorType", e.Code)
		if e.QueryCode != "" {
			// Services that moved from the query protocol to JSON (SQS)
			// also send the query error code, which SDK clients report.
			h.Set("X-Amzn-Query-Error", e.QueryCode+";"+faultKind(e))
		}
		namespace := req.ErrorNamespace
		if namespace == "" {
			namespace = jsonErrorNamespaces[req.Service]
		}
		fields := map[string]any{"__type": namespace + e.Code, "message": e.Message}
		for k, v := range e.Fields {
			fields[k] = v
		}
		body, _ = json.Marshal(fields)
	case protoREST:
		h.Set("Content-Type", "application/xml")
		body = s3ErrorBody(e, req.requestID)
	case protoRESTJSON:
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-ErrorType", e.Code)
		doc := map[string]string{"Type": "User", "message": e.Message}
		if !e.Sender {
			doc["Type"] = "Service"
		}
		for k, v := range e.Extra {
			doc[k] = v
		}
		body, _ = json.Marshal(doc)
	default:
		h.Set("Content-Type", "text/xml")
		body = queryErrorBody(e, req.Service, req.requestID)
	}
	if req.R.Method == http.MethodHead {
		req.W.WriteHeader(status)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	req.setChecksum(body, &vals)
	req.W.WriteHeader(status)
	_, _ = req.W.Write(body)
}

// setChecksum sets X-Amz-Crc32 for services whose clients check it.
func (req *Request) setChecksum(body []byte, vals *headerValues) {
	if req.CRC32 {
		req.W.Header()["X-Amz-Crc32"] = vals.one(strconv.FormatUint(uint64(crc32.ChecksumIEEE(body)), 10))
	}
}

// queryErrorBody is the query protocol's <ErrorResponse>.
func queryErrorBody(e *Error, service, requestID string) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<ErrorResponse xmlns="` + queryNamespaces[service] + `"><Error><Type>` + faultKind(e) + "</Type><Code>")
	_ = xml.EscapeText(&buf, []byte(e.Code))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(e.Message))
	buf.WriteString("</Message></Error><RequestId>" + requestID + "</RequestId></ErrorResponse>")
	return buf.Bytes()
}

// faultKind is whose fault an error is, in the query protocol's words.
func faultKind(e *Error) string {
	if e.Sender {
		return "Sender"
	}
	return "Receiver"
}

// s3ErrorBody is S3's <Error> with its detail elements (BucketName, Key …).
func s3ErrorBody(e *Error, requestID string) []byte {
	var buf bytes.Buffer
	buf.WriteString(xml.Header + "<Error><Code>")
	_ = xml.EscapeText(&buf, []byte(e.Code))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(e.Message))
	buf.WriteString("</Message>")
	for k, v := range e.Extra {
		buf.WriteString("<" + k + ">")
		_ = xml.EscapeText(&buf, []byte(v))
		buf.WriteString("</" + k + ">")
	}
	buf.WriteString("<RequestId>" + requestID + "</RequestId><HostId>" + requestID + "</HostId></Error>")
	return buf.Bytes()
}

// UnknownOperation is each protocol's answer to an operation it lacks.
func (req *Request) UnknownOperation() *Error {
	switch req.protocol {
	case protoJSON, protoCBOR:
		return NewError(http.StatusBadRequest, "UnknownOperationException", "Unknown operation %s", req.R.Header.Get("X-Amz-Target"))
	case protoREST:
		return NewError(http.StatusNotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented")
	default:
		return NewError(http.StatusBadRequest, "InvalidAction", "The action %s is not valid for this web service.", req.Param("Action"))
	}
}

// S3Namespace is the XML namespace of S3 documents.
const S3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// ReplyRawXML answers with a stored XML document.
func (req *Request) ReplyRawXML(doc string) error {
	req.W.Header().Set("Content-Type", "application/xml")
	req.RespBody = []byte(doc)
	return nil
}
