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
	if auth := header(r.Header, "Authorization"); auth != "" {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			cred = auth[i+len("Credential="):]
			// The scope ends at a comma or space (IndexAny's set-up costs more here).
			for j := range len(cred) {
				if cred[j] == ',' || cred[j] == ' ' {
					cred = cred[:j]
					break
				}
			}
		}
	}
	if cred == "" {
		cred = r.URL.Query().Get("X-Amz-Credential")
	}
	// AKID/date/region/service/aws4_request, cut rather than split: this runs on every
	// request.
	key, rest, _ := strings.Cut(cred, "/")
	scope := credentialScope{AccessKey: key}
	_, rest, dated := strings.Cut(rest, "/")
	region, rest, regioned := strings.Cut(rest, "/")
	service, _, scoped := strings.Cut(rest, "/")
	if dated && regioned && scoped {
		scope.Region = region
		scope.Service = service
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
