package localaws

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
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
	protoQuery protocol = iota // form-encoded Action, XML answer (STS, IAM, CloudFormation)
	protoJSON                  // X-Amz-Target, JSON 1.1 (CloudWatch Logs)
	protoREST                  // S3 REST-XML
)

// request is one API call in flight. Handlers fill the response buffer while
// the emulator lock is held; it is written to the network after the lock is
// released.
type request struct {
	emu *Emulator
	w   http.ResponseWriter
	r   *http.Request

	protocol  protocol
	service   string
	operation string
	resource  string
	account   string
	region    string
	accessKey string
	requestID string

	body []byte
	form url.Values // query protocol parameters
	s3   s3Target   // S3 bucket and key

	status   int
	respBody []byte
	errCode  string
}

func (e *Emulator) newRequest(w http.ResponseWriter, r *http.Request) *request {
	scope := parseCredentialScope(r)
	req := &request{
		emu:       e,
		w:         w,
		r:         r,
		accessKey: scope.AccessKey,
		region:    scope.Region,
		requestID: newRequestID(),
		status:    http.StatusOK,
	}
	if req.region == "" {
		req.region = DefaultRegion
	}
	target := r.Header.Get("X-Amz-Target")
	switch {
	case target != "":
		req.protocol = protoJSON
		req.service = scope.Service
		if req.service == "" {
			req.service = serviceForTarget(target)
		}
	case scope.Service == "s3" || (scope.Service == "" && !isFormPost(r)):
		req.protocol = protoREST
		req.service = "s3"
	default:
		req.protocol = protoQuery
		req.service = scope.Service
	}
	e.mu.Lock()
	req.account = e.state.accountForKey(scope.AccessKey)
	e.mu.Unlock()
	return req
}

func isFormPost(r *http.Request) bool {
	return r.Method == http.MethodPost &&
		strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

// serviceForTarget maps an X-Amz-Target prefix to a signing name for
// unsigned JSON requests.
func serviceForTarget(target string) string {
	switch {
	case strings.HasPrefix(target, "Logs_"):
		return "logs"
	case strings.HasPrefix(target, "DynamoDB_"):
		return "dynamodb"
	}
	return ""
}

// parse decodes the protocol envelope that routing depends on.
func (req *request) parse() error {
	switch req.protocol {
	case protoQuery:
		form, err := url.ParseQuery(string(req.body))
		if err != nil {
			return newError(http.StatusBadRequest, "MalformedQueryString", "%v", err)
		}
		for k, v := range req.r.URL.Query() {
			if _, ok := form[k]; !ok {
				form[k] = v
			}
		}
		req.form = form
	case protoREST:
		req.s3 = parseS3Target(req.r)
	}
	return nil
}

// param returns a query-protocol parameter.
func (req *request) param(name string) string { return req.form.Get(name) }

// decodeJSON unmarshals a JSON-protocol body.
func (req *request) decodeJSON(v any) error {
	if len(req.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(req.body, v); err != nil {
		return newError(http.StatusBadRequest, "SerializationException", "%v", err)
	}
	return nil
}

// target returns the operation named by X-Amz-Target ("Prefix.Operation").
func (req *request) target() string {
	t := req.r.Header.Get("X-Amz-Target")
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

// readOnlyPrefixes are operation-name prefixes that never change state.
var readOnlyPrefixes = []string{"Get", "Head", "List", "Describe", "Validate", "Estimate", "Detect"}

// mutating reports whether the operation changes state.
func (req *request) mutating() bool {
	if req.operation == "AssumeRole" {
		return false
	}
	for _, p := range readOnlyPrefixes {
		if strings.HasPrefix(req.operation, p) {
			return false
		}
	}
	return req.operation != ""
}

func (req *request) record(start time.Time, status int, d time.Duration) admin.RequestRecord {
	return admin.RequestRecord{
		Time: start.UTC(), RequestID: req.requestID, Service: req.service,
		Operation: req.operation, Account: req.account, Region: req.region,
		Resource: req.resource, Status: status, ErrorCode: req.errCode,
		Duration: d, Mutating: req.mutating() && req.operation != "",
	}
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	s := hex.EncodeToString(b[:])
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:32]
}

// members reads a query-protocol list: Prefix.member.1, Prefix.member.2, …
func (req *request) members(prefix string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := req.form[prefix+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

// memberStructs reads a list of structures: Prefix.member.N.Field.
func (req *request) memberStructs(prefix string, fields ...string) []map[string]string {
	var out []map[string]string
	for i := 1; ; i++ {
		base := prefix + ".member." + strconv.Itoa(i) + "."
		item := map[string]string{}
		for _, f := range fields {
			if v, ok := req.form[base+f]; ok {
				item[f] = v[0]
			}
		}
		if len(item) == 0 {
			return out
		}
		out = append(out, item)
	}
}
