package wire

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

// protocol is the wire protocol a request arrived in; it decides how
// results and errors are written.
type protocol int

const (
	protoQuery    protocol = iota // form-encoded Action, XML answer (STS, IAM, CloudFormation)
	protoJSON                     // X-Amz-Target, JSON 1.0 (SQS, DynamoDB) or 1.1 (CloudWatch Logs)
	protoREST                     // S3 REST-XML
	protoRESTJSON                 // REST with JSON bodies (Lambda)
	protoCBOR                     // Smithy RPC v2 CBOR (CloudWatch)
)

// restJSONServices are the signing names of the services that speak REST-JSON.
var restJSONServices = map[string]bool{"lambda": true, "appsync": true}

// Request is one API call in flight. Handlers fill the response buffer while
// the emulator lock is held; it is written to the network after the lock is
// released.
type Request struct {
	W http.ResponseWriter
	R *http.Request

	protocol  protocol
	Service   string
	Operation string
	// Resource is what fault rules and the request log match against.
	Resource string
	// Account is the caller's account; the emulator resolves it from
	// AccessKey.
	Account   string
	Region    string
	AccessKey string
	requestID string
	target    string // the X-Amz-Target header

	Body []byte
	Form url.Values // query protocol parameters
	S3   S3Target   // S3 bucket and key

	// ErrorNamespace prefixes the __type of JSON errors, e.g.
	// "com.amazonaws.dynamodb.v20120810#".
	ErrorNamespace string
	// CRC32 adds the X-Amz-Crc32 header DynamoDB clients verify.
	CRC32 bool

	// Status and RespBody are the buffered successful answer.
	Status   int
	RespBody []byte
	errCode  string
}

// NewRequest routes a request to its service and protocol by its
// credential scope and headers; the caller resolves the account.
func NewRequest(w http.ResponseWriter, r *http.Request) *Request {
	scope := parseCredentialScope(r)
	req := &Request{
		W:         w,
		R:         r,
		AccessKey: scope.AccessKey,
		Region:    scope.Region,
		requestID: newRequestID(),
		Status:    http.StatusOK,
	}
	if req.Region == "" {
		req.Region = DefaultRegion
	}
	target := header(r.Header, "X-Amz-Target")
	req.target = target
	switch {
	case isCBOR(r):
		req.protocol = protoCBOR
		req.Service = scope.Service
	case target != "":
		req.protocol = protoJSON
		req.Service = scope.Service
		if req.Service == "" {
			req.Service = serviceForTarget(target)
		}
	case restJSONServices[scope.Service]:
		req.protocol = protoRESTJSON
		req.Service = scope.Service
	case scope.Service == "s3" || (scope.Service == "" && !isFormPost(r)):
		req.protocol = protoREST
		req.Service = "s3"
	default:
		req.protocol = protoQuery
		req.Service = scope.Service
	}
	return req
}

// header is h.Get(key) for a key in canonical form, as net/http stores the keys of the
// headers it reads: Get canonicalises the key first, which costs more than the lookup, a
// dozen times a request.
func header(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func isFormPost(r *http.Request) bool {
	return r.Method == http.MethodPost &&
		strings.HasPrefix(header(r.Header, "Content-Type"), "application/x-www-form-urlencoded")
}

// serviceForTarget maps an X-Amz-Target prefix to a signing name for
// unsigned JSON requests.
func serviceForTarget(target string) string {
	switch {
	case strings.HasPrefix(target, "Logs_"):
		return "logs"
	case strings.HasPrefix(target, "DynamoDB_"), strings.HasPrefix(target, "DynamoDBStreams_"):
		return "dynamodb"
	case strings.HasPrefix(target, "AmazonSQS."):
		return "sqs"
	case strings.HasPrefix(target, "AWSCognitoIdentityProviderService."):
		// Sign-in calls (InitiateAuth, GetUser …) are unsigned.
		return "cognito-idp"
	case strings.HasPrefix(target, "TrentService."):
		return "kms"
	case strings.HasPrefix(target, "AWSGlue."):
		return "glue"
	case strings.HasPrefix(target, "Firehose_20150804."):
		return "firehose"
	}
	return ""
}

// Parse decodes the protocol envelope that routing depends on.
func (req *Request) Parse() error {
	switch req.protocol {
	case protoQuery:
		form, err := url.ParseQuery(string(req.Body))
		if err != nil {
			return NewError(http.StatusBadRequest, "MalformedQueryString", "%v", err)
		}
		for k, v := range req.R.URL.Query() {
			if _, ok := form[k]; !ok {
				form[k] = v
			}
		}
		req.Form = form
	case protoREST:
		req.S3 = parseS3Target(req.R)
	}
	return nil
}

// RequestID is the request's ID, as answered in its headers.
func (req *Request) RequestID() string { return req.requestID }

// SourceIP is the address the request came from.
func (req *Request) SourceIP() string {
	host, _, err := net.SplitHostPort(req.R.RemoteAddr)
	if err != nil {
		return req.R.RemoteAddr
	}
	return host
}

// Param returns a query-protocol parameter.
func (req *Request) Param(name string) string { return req.Form.Get(name) }

// DecodeJSON unmarshals a JSON-protocol body.
func (req *Request) DecodeJSON(v any) error {
	if len(req.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(req.Body, v); err != nil {
		return NewError(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	return nil
}

// TargetHeader is the request's X-Amz-Target header ("Prefix.Operation"), or "".
func (req *Request) TargetHeader() string { return req.target }

// Target returns the operation named by X-Amz-Target ("Prefix.Operation").
func (req *Request) Target() string {
	t := req.target
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

// readOnlyPrefixes are operation-name prefixes that never change state.
var readOnlyPrefixes = []string{"Get", "Head", "List", "Describe", "Validate", "Estimate", "Detect"}

// readOnlyOperations never change state though their names do not say so.
var readOnlyOperations = map[string]bool{
	"AssumeRole": true, "Query": true, "Scan": true, "BatchGetItem": true, "TransactGetItems": true,
	"AdminGetUser": true, "AdminListGroupsForUser": true,
}

// Mutating reports whether the operation changes state.
func (req *Request) Mutating() bool {
	if readOnlyOperations[req.Operation] {
		return false
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(req.Operation, p) {
			return false
		}
	}
	return req.Operation != ""
}

// Record is the request log entry of a finished request.
func (req *Request) Record(start time.Time, status int, d time.Duration) admin.RequestRecord {
	return admin.RequestRecord{
		Time: start.UTC(), RequestID: req.requestID, Service: req.Service,
		Operation: req.Operation, Account: req.Account, Region: req.Region, AccessKeyID: req.AccessKey,
		Resource: req.Resource, Status: status, ErrorCode: req.errCode,
		Duration: d, Mutating: req.Mutating() && req.Operation != "",
	}
}

// newRequestID is a random UUID-shaped ID, built in place: every request gets one.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	hex.Encode(s[9:13], b[4:6])
	hex.Encode(s[14:18], b[6:8])
	hex.Encode(s[19:23], b[8:10])
	hex.Encode(s[24:36], b[10:16])
	s[8], s[13], s[18], s[23] = '-', '-', '-', '-'
	return string(s[:])
}

// Members reads a query-protocol list: Prefix.member.1, Prefix.member.2, …
func (req *Request) Members(prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := req.Form[prefix+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// MemberStructs reads a list of structures: Prefix.member.N.Field.
func (req *Request) MemberStructs(prefix string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		base := prefix + ".member." + strconv.Itoa(i) + "."
		item := map[string]string{}
		for _, f := range fields {
			if v, ok := req.Form[base+f]; ok {
				item[f] = v[0]
			}
		}
		if len(item) == 0 {
			return out
		}
		out = append(out, item)
	}
}
