package panther

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// functionPrefix starts the name of every Panther Lambda function. The templates name each
// function panther-<folder>, after its folder under lambdas/, which is also the name the
// release manifest lists its package under (a test in deployments/ holds the templates to it).
const functionPrefix = "panther-"

// FunctionName is the deployed name of the function whose package the manifest lists as folder.
func FunctionName(folder string) string { return functionPrefix + folder }

// FunctionFolder is the folder under lambdas/ (and the manifest's package name) of a deployed
// function name, and whether the name is a Panther function's at all.
func FunctionFolder(name string) (string, bool) {
	folder, ok := strings.CutPrefix(name, functionPrefix)
	return folder, ok && folder != ""
}

// CodeSHA256 converts a manifest's hex SHA-256 of a package into the form Lambda reports as a
// function's CodeSha256: the base64 of the raw digest.
func CodeSHA256(hexSHA256 string) (string, error) {
	raw, err := hex.DecodeString(hexSHA256)
	if err != nil || len(raw) != 32 {
		return "", fmt.Errorf("%q is not a hex SHA-256", hexSHA256)
	}
	return base64.StdEncoding.EncodeToString(raw), nil
}
