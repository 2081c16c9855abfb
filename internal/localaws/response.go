package localaws

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// queryNamespaces are the XML namespaces of the query-protocol services.
var queryNamespaces = map[string]string{
	"cloudformation": "http://cloudformation.amazonaws.com/doc/2010-05-15/",
	"sts":            "https://sts.amazonaws.com/doc/2011-06-15/",
	"iam":            "https://iam.amazonaws.com/doc/2010-05-08/",
}

// replyQuery answers a query-protocol call with <OpResponse><OpResult>.
func (req *request) replyQuery(result any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString("<" + req.operation + `Response xmlns="` + queryNamespaces[req.service] + `">`)
	if result == nil {
		// Operations without output still answer an empty result element,
		// which the SDK's deserializers expect.
		result = struct{}{}
	}
	enc := xml.NewEncoder(&buf)
	if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: req.operation + "Result"}}); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	buf.WriteString("<ResponseMetadata><RequestId>" + req.requestID + "</RequestId></ResponseMetadata>")
	buf.WriteString("</" + req.operation + "Response>")
	req.w.Header().Set("Content-Type", "text/xml")
	req.respBody = buf.Bytes()
	return nil
}

// replyJSON answers a JSON-protocol call.
func (req *request) replyJSON(v any) error {
	if v == nil {
		v = struct{}{}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	req.w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	req.respBody = data
	return nil
}

// replyXML answers a REST-XML call with an XML document.
func (req *request) replyXML(v any) error {
	data, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	req.w.Header().Set("Content-Type", "application/xml")
	req.respBody = append([]byte(xml.Header), data...)
	return nil
}

// flush writes the buffered successful response. HEAD answers keep the
// Content-Length a handler set (the object's size) but have no body.
func (req *request) flush() {
	h := req.w.Header()
	req.setRequestIDHeaders()
	if req.r.Method == http.MethodHead {
		req.w.WriteHeader(req.status)
		return
	}
	if h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(len(req.respBody)))
	}
	req.w.WriteHeader(req.status)
	_, _ = req.w.Write(req.respBody)
}

// setRequestIDHeaders sets the request ID headers of the protocol.
func (req *request) setRequestIDHeaders() {
	h := req.w.Header()
	if req.protocol == protoREST {
		h.Set("x-amz-request-id", req.requestID)
		h.Set("x-amz-id-2", req.requestID)
	} else {
		h.Set("x-amzn-RequestId", req.requestID)
	}
}

// fail writes an error in the shape of the request's protocol. Headers a
// handler set for a successful answer are dropped, except x-amz-* ones
// such as x-amz-delete-marker, which S3 sends with errors too.
func (req *request) fail(e *awsError) {
	req.errCode = e.Code
	h := req.w.Header()
	for k := range h {
		if !strings.HasPrefix(k, "X-Amz-") {
			delete(h, k)
		}
	}
	req.setRequestIDHeaders()
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	var body []byte
	switch req.protocol {
	case protoJSON:
		h.Set("Content-Type", "application/x-amz-json-1.1")
		h.Set("X-Amzn-ErrorType", e.Code)
		body, _ = json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
	case protoREST:
		h.Set("Content-Type", "application/xml")
		body = s3ErrorBody(e, req.requestID)
	default:
		h.Set("Content-Type", "text/xml")
		body = queryErrorBody(e, req.service, req.requestID)
	}
	if req.r.Method == http.MethodHead {
		req.w.WriteHeader(status)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	req.w.WriteHeader(status)
	_, _ = req.w.Write(body)
}

// queryErrorBody is the query protocol's <ErrorResponse>.
func queryErrorBody(e *awsError, service, requestID string) []byte {
	kind := "Sender"
	if !e.Sender {
		kind = "Receiver"
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<ErrorResponse xmlns="` + queryNamespaces[service] + `"><Error><Type>` + kind + "</Type><Code>")
	_ = xml.EscapeText(&buf, []byte(e.Code))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(e.Message))
	buf.WriteString("</Message></Error><RequestId>" + requestID + "</RequestId></ErrorResponse>")
	return buf.Bytes()
}

// s3ErrorBody is S3's <Error> with its detail elements (BucketName, Key …).
func s3ErrorBody(e *awsError, requestID string) []byte {
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

// unknownOperation is each protocol's answer to an operation it lacks.
func (req *request) unknownOperation() *awsError {
	switch req.protocol {
	case protoJSON:
		return newError(http.StatusBadRequest, "UnknownOperationException", "Unknown operation %s", req.r.Header.Get("X-Amz-Target"))
	case protoREST:
		return newError(http.StatusNotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented")
	default:
		return newError(http.StatusBadRequest, "InvalidAction", "The action %s is not valid for this web service.", req.param("Action"))
	}
}

const s3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

// replyRawXML answers with a stored XML document.
func (req *request) replyRawXML(doc string) error {
	req.w.Header().Set("Content-Type", "application/xml")
	req.respBody = []byte(doc)
	return nil
}
