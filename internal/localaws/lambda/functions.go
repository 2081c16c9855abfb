package lambda

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// Function is a Lambda function's configuration and code, as the state keeps it; the zip
// itself is in the code store under CodeDigest.
type Function struct {
	Name          string            `json:"name"`
	ARN           string            `json:"arn"`
	Runtime       string            `json:"runtime"`
	Handler       string            `json:"handler,omitempty"`
	Role          string            `json:"role"`
	Description   string            `json:"description,omitempty"`
	Timeout       int               `json:"timeout"`
	MemorySize    int               `json:"memorySize"`
	Environment   map[string]string `json:"environment,omitempty"`
	Layers        []string          `json:"layers,omitempty"`
	Architectures []string          `json:"architectures,omitempty"`
	CodeDigest    string            `json:"codeDigest"`
	CodeSHA256    string            `json:"codeSha256"`
	CodeSize      int64             `json:"codeSize"`
	LastModified  time.Time         `json:"lastModified"`
	RevisionID    string            `json:"revisionId"`
	// ReservedConcurrency is PutFunctionConcurrency's limit; nil means the default.
	ReservedConcurrency *int              `json:"reservedConcurrency,omitempty"`
	Policy              []Statement       `json:"policy,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
}

// Statement is one permission of a function's resource policy.
type Statement struct {
	Sid           string `json:"sid"`
	Action        string `json:"action"`
	Principal     string `json:"principal"`
	SourceArn     string `json:"sourceArn,omitempty"`
	SourceAccount string `json:"sourceAccount,omitempty"`
}

var functionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9-_]{1,64}$`)

// supportedRuntimes are the runtimes instances can start here.
func supportedRuntime(runtime string) bool {
	return runtime == "provided.al2023" || runtime == "provided.al2" || runtime == "provided" ||
		runtime == "go1.x" || strings.HasPrefix(runtime, "python3.")
}

// codeInput is the Code of CreateFunction and the body of UpdateFunctionCode.
type codeInput struct {
	ZipFile         []byte `json:"ZipFile"`
	S3Bucket        string `json:"S3Bucket"`
	S3Key           string `json:"S3Key"`
	S3ObjectVersion string `json:"S3ObjectVersion"`
}

type environmentInput struct {
	Variables map[string]string `json:"Variables"`
}

// configInput is what CreateFunction and UpdateFunctionConfiguration share.
type configInput struct {
	Runtime     *string           `json:"Runtime"`
	Handler     *string           `json:"Handler"`
	Role        *string           `json:"Role"`
	Description *string           `json:"Description"`
	Timeout     *int              `json:"Timeout"`
	MemorySize  *int              `json:"MemorySize"`
	Environment *environmentInput `json:"Environment"`
	Layers      *[]string         `json:"Layers"`
}

func createFunction(req *request) error {
	var in struct {
		configInput
		FunctionName  string            `json:"FunctionName"`
		Code          codeInput         `json:"Code"`
		Architectures []string          `json:"Architectures"`
		Tags          map[string]string `json:"Tags"`
		PackageType   string            `json:"PackageType"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if !functionNamePattern.MatchString(in.FunctionName) {
		return invalid("1 validation error detected: Value '%s' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?", in.FunctionName)
	}
	if in.PackageType == "Image" {
		return invalid("PackageType Image is not supported by localaws: deploy a zip")
	}
	functions := req.svc.functions(req.Account, req.Region)
	if _, exists := functions[in.FunctionName]; exists {
		return wire.NewError(http.StatusConflict, "ResourceConflictException", "Function already exist: %s", in.FunctionName)
	}
	fn := &Function{Name: in.FunctionName, ARN: functionARN(req.Region, req.Account, in.FunctionName),
		Timeout: 3, MemorySize: 128, Architectures: []string{"x86_64"}, Tags: in.Tags}
	if len(in.Architectures) > 0 {
		fn.Architectures = in.Architectures
	}
	if err := req.applyConfig(fn, in.configInput); err != nil {
		return err
	}
	if err := req.applyCode(fn, in.Code); err != nil {
		return err
	}
	functions[fn.Name] = fn
	return req.ReplyRESTJSON(http.StatusCreated, configuration(fn))
}

// applyConfig validates and applies the configuration fields that are set.
func (req *request) applyConfig(fn *Function, in configInput) error {
	if in.Runtime != nil {
		if !supportedRuntime(*in.Runtime) {
			return invalid("The runtime parameter of %s is not supported by localaws: use provided.al2023, provided.al2 or python3.x", *in.Runtime)
		}
		fn.Runtime = *in.Runtime
	}
	if fn.Runtime == "" {
		return invalid("The runtime parameter is required for a function packaged as a zip")
	}
	if in.Role != nil {
		if !strings.HasPrefix(*in.Role, "arn:") || !strings.Contains(*in.Role, ":role/") {
			return invalid("1 validation error detected: Value '%s' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+", *in.Role)
		}
		fn.Role = *in.Role
	}
	if fn.Role == "" {
		return invalid("The role parameter is required")
	}
	if in.Timeout != nil {
		if *in.Timeout < 1 || *in.Timeout > 900 {
			return invalid("1 validation error detected: Value '%d' at 'timeout' failed to satisfy constraint: Member must have value between 1 and 900", *in.Timeout)
		}
		fn.Timeout = *in.Timeout
	}
	if in.MemorySize != nil {
		if *in.MemorySize < 128 || *in.MemorySize > 10240 {
			return invalid("1 validation error detected: Value '%d' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240", *in.MemorySize)
		}
		fn.MemorySize = *in.MemorySize
	}
	return req.applyOptionalConfig(fn, in)
}

func (req *request) applyOptionalConfig(fn *Function, in configInput) error {
	if in.Handler != nil {
		fn.Handler = *in.Handler
	}
	if in.Description != nil {
		fn.Description = *in.Description
	}
	if in.Environment != nil {
		fn.Environment = in.Environment.Variables
	}
	if in.Layers != nil {
		for _, arn := range *in.Layers {
			if _, err := req.svc.layerVersion(arn); err != nil {
				return err
			}
		}
		fn.Layers = slices.Clone(*in.Layers)
	}
	fn.LastModified = time.Now().UTC()
	fn.RevisionID = wire.NewUUID()
	return nil
}

// applyCode stores the function's zip from the request or from S3.
func (req *request) applyCode(fn *Function, in codeInput) error {
	data := in.ZipFile
	if len(data) == 0 {
		if in.S3Bucket == "" || in.S3Key == "" {
			return invalid("Please provide a source for function code.")
		}
		var err error
		if data, err = req.svc.backends.S3.GetObject(in.S3Bucket, in.S3Key, in.S3ObjectVersion); err != nil {
			return invalid("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: %s/%s: %v", in.S3Bucket, in.S3Key, err)
		}
	}
	digest, sum, err := req.svc.code.put(data)
	if err != nil {
		return invalid("Could not unzip uploaded file. Please check your file, then try to upload again.")
	}
	fn.CodeDigest, fn.CodeSHA256, fn.CodeSize = digest, sum, int64(len(data))
	fn.LastModified = time.Now().UTC()
	fn.RevisionID = wire.NewUUID()
	return nil
}

// configuration is a function's FunctionConfiguration.
func configuration(fn *Function) map[string]any {
	layers := make([]map[string]any, 0, len(fn.Layers))
	for _, arn := range fn.Layers {
		layers = append(layers, map[string]any{"Arn": arn})
	}
	return map[string]any{
		"FunctionName": fn.Name, "FunctionArn": fn.ARN, "Runtime": fn.Runtime, "Role": fn.Role,
		"Handler": fn.Handler, "CodeSize": fn.CodeSize, "Description": fn.Description,
		"Timeout": fn.Timeout, "MemorySize": fn.MemorySize,
		"LastModified": fn.LastModified.Format("2006-01-02T15:04:05.000+0000"),
		"CodeSha256":   fn.CodeSHA256, "Version": "$LATEST", "RevisionId": fn.RevisionID,
		"Environment": map[string]any{"Variables": nonNil(fn.Environment)},
		"Layers":      layers, "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip",
		"Architectures": fn.Architectures, "TracingConfig": map[string]string{"Mode": "PassThrough"},
		"EphemeralStorage": map[string]int{"Size": 512},
		"LoggingConfig":    map[string]string{"LogFormat": "Text", "LogGroup": "/aws/lambda/" + fn.Name},
	}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func getFunctionConfiguration(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	return req.ReplyRESTJSON(http.StatusOK, configuration(fn))
}

func getFunction(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	out := map[string]any{
		"Configuration": configuration(fn),
		"Code":          map[string]string{"RepositoryType": "S3", "Location": req.svc.codeLocation(fn.CodeDigest)},
		"Tags":          nonNil(fn.Tags),
	}
	if fn.ReservedConcurrency != nil {
		out["Concurrency"] = map[string]int{"ReservedConcurrentExecutions": *fn.ReservedConcurrency}
	}
	return req.ReplyRESTJSON(http.StatusOK, out)
}

func listFunctions(req *request) error {
	functions := req.svc.functions(req.Account, req.Region)
	names := make([]string, 0, len(functions))
	for name := range functions {
		names = append(names, name)
	}
	slices.Sort(names)
	start := 0
	if marker := req.R.URL.Query().Get("Marker"); marker != "" {
		start, _ = slices.BinarySearch(names, marker)
	}
	limit := 50
	out := map[string]any{}
	page := []map[string]any{}
	for i := start; i < len(names) && len(page) < limit; i++ {
		page = append(page, configuration(functions[names[i]]))
		if len(page) == limit && i+1 < len(names) {
			out["NextMarker"] = names[i+1]
		}
	}
	out["Functions"] = page
	return req.ReplyRESTJSON(http.StatusOK, out)
}

func updateFunctionConfiguration(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	var in configInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	updated := *fn
	if err := req.applyConfig(&updated, in); err != nil {
		return err
	}
	*fn = updated
	return req.ReplyRESTJSON(http.StatusOK, configuration(fn))
}

func updateFunctionCode(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	var in codeInput
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	updated := *fn
	if err := req.applyCode(&updated, in); err != nil {
		return err
	}
	*fn = updated
	return req.ReplyRESTJSON(http.StatusOK, configuration(fn))
}

func deleteFunction(req *request) error {
	fn, err := req.function()
	if err != nil {
		return err
	}
	delete(req.svc.functions(req.Account, req.Region), fn.Name)
	arn := fn.ARN
	req.svc.unlocked(func() { req.svc.runner.forget(arn) })
	return req.ReplyRESTJSON(http.StatusNoContent, nil)
}

// codeLocation is where GetFunction says the zip can be downloaded.
func (s *Service) codeLocation(digest string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.endpoint + "/_localaws/lambda/code/" + digest + ".zip"
}

// Code returns a stored zip by its digest, for the admin API's code downloads.
func (s *Service) Code(digest string) ([]byte, error) { return s.code.zip(digest) }
