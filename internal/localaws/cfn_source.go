package localaws

import (
	"net/url"
	"strings"
)

// loadTemplateSource returns the template text of a request: TemplateBody,
// or TemplateURL pointing at an object in localaws S3.
func (e *Emulator) loadTemplateSource(body, templateURL string) (string, error) {
	switch {
	case body != "" && templateURL != "":
		return "", validationError("Specify exactly one of TemplateBody or TemplateUrl.")
	case body != "":
		if len(body) > maxTemplateBody {
			return "", validationError("1 validation error detected: Value '%s...' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to %d", body[:20], maxTemplateBody)
		}
		return body, nil
	case templateURL != "":
		return e.fetchTemplateURL(templateURL)
	}
	return "", validationError("Either Template URL or Template Body must be specified.")
}

// fetchTemplateURL reads an S3 object addressed by a virtual-host or
// path-style URL.
func (e *Emulator) fetchTemplateURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", validationError("TemplateURL must be a supported URL.")
	}
	path := strings.TrimPrefix(u.Path, "/")
	bucket := bucketFromHost(u.Host)
	if bucket == "" {
		bucket, path, _ = strings.Cut(path, "/")
	}
	b, ok := e.state.Buckets[bucket]
	if !ok {
		return "", validationError("S3 error: The specified bucket does not exist")
	}
	var v *ObjectVersion
	if id := u.Query().Get("versionId"); id != "" {
		v = b.version(path, id)
	} else {
		v = b.latest(path)
	}
	if v == nil || v.DeleteMarker {
		return "", validationError("S3 error: The specified key does not exist.")
	}
	if len(v.Body) > maxTemplateURL {
		return "", validationError("Template may not exceed %d bytes in size.", maxTemplateURL)
	}
	return string(v.Body), nil
}
