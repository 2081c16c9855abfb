package engine

import (
	"net/url"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// loadTemplateSource returns the template text of a request: TemplateBody,
// or TemplateURL pointing at an object in localaws S3.
func (e *Engine) loadTemplateSource(body, templateURL string) (string, error) {
	switch {
	case body != "" && templateURL != "":
		return "", wire.ValidationError("Specify exactly one of TemplateBody or TemplateUrl.")
	case body != "":
		if len(body) > template.MaxTemplateBody {
			return "", wire.ValidationError("1 validation error detected: Value '%s...' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to %d", body[:20], template.MaxTemplateBody)
		}
		return body, nil
	case templateURL != "":
		return e.fetchTemplateURL(templateURL)
	}
	return "", wire.ValidationError("Either Template URL or Template Body must be specified.")
}

// fetchTemplateURL reads an S3 object addressed by a virtual-host or
// path-style URL.
func (e *Engine) fetchTemplateURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", wire.ValidationError("TemplateURL must be a supported URL.")
	}
	path := strings.TrimPrefix(u.Path, "/")
	bucket := wire.BucketFromHost(u.Host)
	if bucket == "" {
		bucket, path, _ = strings.Cut(path, "/")
	}
	body, err := e.s3.GetObject(bucket, path, u.Query().Get("versionId"))
	switch {
	case codeOf(err) == "NoSuchBucket":
		return "", wire.ValidationError("S3 error: The specified bucket does not exist")
	case err != nil:
		return "", wire.ValidationError("S3 error: The specified key does not exist.")
	}
	if len(body) > template.MaxTemplateURL {
		return "", wire.ValidationError("Template may not exceed %d bytes in size.", template.MaxTemplateURL)
	}
	return string(body), nil
}

// codeOf is the AWS error code of a backend's error; "" for nil.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return wire.AsError(err).Code
}
