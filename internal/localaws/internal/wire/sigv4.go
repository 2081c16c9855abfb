package wire

import (
	"net/http"
	"strings"
)

// credentialScope is what localaws reads from a SigV4 signature: who signs
// and for which region and service. Signatures themselves are not checked.
type credentialScope struct {
	AccessKey string
	Region    string
	Service   string
}

// parseCredentialScope reads the scope from the Authorization header or,
// for presigned URLs, from the X-Amz-Credential query parameter.
func parseCredentialScope(r *http.Request) credentialScope {
	cred := ""
	if auth := r.Header.Get("Authorization"); auth != "" {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			cred = auth[i+len("Credential="):]
			if j := strings.IndexAny(cred, ", "); j >= 0 {
				cred = cred[:j]
			}
		}
	}
	if cred == "" {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	// AKID/date/region/service/aws4_request
	parts := strings.Split(cred, "/")
	scope := credentialScope{AccessKey: parts[0]}
	if len(parts) >= 5 {
		scope.Region = parts[2]
		scope.Service = parts[3]
	}
	return scope
}

// IsAccountID reports whether s is a 12-digit AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// DefaultAccount is the account of any access key that is not 12 digits.
const DefaultAccount = "000000000000"

// DefaultRegion is used when a request carries no credential scope.
const DefaultRegion = "us-east-1"
