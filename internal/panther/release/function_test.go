package release

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/deployments"
)

// One function built on its own (pantherctl dev push-function) is byte-identical to its
// package in a release, Go and Python alike, so a push of unchanged source is no drift.
func TestBuildFunctionIsTheReleasesPackage(t *testing.T) {
	released := map[string][]byte{}
	for _, fn := range repoFunctions(t) {
		released[fn.Name] = fn.Zip
	}
	for _, folder := range []string{"log-processor", "rules-engine"} {
		fn, err := BuildFunction(context.Background(), repoRoot, "lambdas/"+folder, "amd64")
		if err != nil {
			t.Fatalf("BuildFunction(%s): %v", folder, err)
		}
		if fn.Name != folder || !bytes.Equal(fn.Zip, released[folder]) {
			t.Errorf("BuildFunction(%s) = %s, %d bytes; the release's package has %d bytes", folder, fn.Name, len(fn.Zip), len(released[folder]))
		}
	}
}

func TestBuildFunctionRefusesWhatIsNoFunction(t *testing.T) {
	for dir, want := range map[string]string{
		"lambdas/awsx":    "holds no function",
		"lambdas/missing": "is not a folder",
		"..":              "is not a folder inside the Go module",
	} {
		_, err := BuildFunction(context.Background(), repoRoot, dir, "amd64")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("BuildFunction(%s) = %v, want an error saying %q", dir, err, want)
		}
	}
}

// Each function a template deploys from a release package is named panther-<folder>, the name
// the operator and pantherctl derive from the manifest.
func TestDeployedFunctionsAreNamedAfterTheirFolders(t *testing.T) {
	functions, err := DeployedFunctions(deployments.FS())
	if err != nil {
		t.Fatal(err)
	}
	if len(functions) == 0 {
		t.Fatal("the templates deploy no function")
	}
	for _, fn := range functions {
		body, err := deployments.Template(fn.StackName)
		if err != nil {
			t.Fatal(err)
		}
		resource := regexp.MustCompile(`(?m)^\s+FunctionName:\s*` + regexp.QuoteMeta(fn.Name) +
			`\s*$(?:\n {4,}.*)*?\n\s+S3Key:\s*functions/` + regexp.QuoteMeta(fn.Folder) + `\s*$`)
		if !resource.Match(body) {
			t.Errorf("%s deploys functions/%s, but not as FunctionName %s in the same resource", fn.StackName, fn.Folder, fn.Name)
		}
	}
}
