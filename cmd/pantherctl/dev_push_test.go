package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/panther-operator/panther-operator/internal/devpush"
	"github.com/panther-operator/panther-operator/internal/panther"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// Wrong use is refused before any build or AWS call, naming the fix.
func TestDevPushFunctionUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr []string
	}{
		{"no name", []string{"dev", "push-function"}, []string{"want one NAME", "panther-log-processor"}},
		{"two names", []string{"dev", "push-function", "panther-log-processor", "panther-rules-engine"}, []string{"want one NAME"}},
		{"an unknown function", []string{"dev", "push-function", "log-processor"},
			[]string{`unknown function "log-processor"`, "panther-log-processor", "panther-rules-engine", "panther-cfn-custom-resources"}},
		{"an unknown flag", []string{"dev", "push-function", "panther-log-processor", "--lambda", "x"}, []string{"flag provided but not defined: -lambda"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr.String())
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q does not say %q", stderr.String(), want)
				}
			}
		})
	}
}

// The output names the new code and the exact functionOverrides entry that pins it.
func TestDevPushFunctionPrintsThePin(t *testing.T) {
	var out bytes.Buffer
	printPushed(&out, devpush.Result{
		Function: release.DeployedFunction{Name: "panther-log-processor", Folder: "log-processor",
			Component: panther.LogAnalysis, StackName: "panther-log-analysis"},
		CodeSHA256: "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=", Dir: "lambdas/log-processor",
	})
	for _, want := range []string{
		"pushed panther-log-processor (stacks.logAnalysis, panther-log-analysis), built from lambdas/log-processor",
		"CodeSha256: n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=",
		"drifted", "next deploy", "functionOverrides",
		"spec:\n  stacks:\n    logAnalysis:\n      functionOverrides:\n        panther-log-processor: \"n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=\"\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output %q does not say %q", out.String(), want)
		}
	}
}
