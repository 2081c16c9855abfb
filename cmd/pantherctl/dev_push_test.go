package main

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/panther-operator/panther-operator/internal/devpush"
	"github.com/panther-operator/panther-operator/internal/panther"
	"github.com/panther-operator/panther-operator/internal/panther/release"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
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

// The command itself, against localaws through the standard AWS configuration: it replaces the
// code of the deployed panther-log-processor, which then runs the pushed code.
func TestDevPushFunctionUpdatesTheRunningFunction(t *testing.T) {
	startLocalAWS(t, "123456789012")
	ctx := context.Background()
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	api := lambda.NewFromConfig(cfg)

	var stdout, stderr bytes.Buffer
	args := []string{"dev", "push-function", "panther-log-processor", "--module", "../..", "--from", "../../controllers/testdata/pushed-function"}
	if code := run(ctx, args, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "panther-log-processor is not deployed") {
		t.Fatalf("before the function exists: exit %d, stderr %q; want exit 1 saying it is not deployed", code, stderr.String())
	}

	original := zipOf(t, "bootstrap", "#!/bin/sh\n")
	if _, err := api.CreateFunction(ctx, &lambda.CreateFunctionInput{
		FunctionName: awssdk.String("panther-log-processor"), Runtime: lambdatypes.RuntimeProvidedal2023,
		Handler: awssdk.String("bootstrap"), Role: awssdk.String("arn:aws:iam::123456789012:role/panther-log-processor"),
		Code: &lambdatypes.FunctionCode{ZipFile: original},
	}); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(ctx, args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, err := api.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: awssdk.String("panther-log-processor")})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(original)
	if code := awssdk.ToString(got.CodeSha256); code == base64.StdEncoding.EncodeToString(sum[:]) ||
		!strings.Contains(stdout.String(), "CodeSha256: "+code+"\n") || !strings.Contains(stdout.String(), "panther-log-processor: \""+code+"\"") {
		t.Errorf("the function's CodeSha256 is %s; output %q", code, stdout.String())
	}
	out, err := api.Invoke(ctx, &lambda.InvokeInput{FunctionName: awssdk.String("panther-log-processor"), Payload: []byte(`{}`)})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Payload) != `"pushed-function"` || out.FunctionError != nil {
		t.Errorf("the function answered %s (error %v), want the pushed code's answer", out.Payload, awssdk.ToString(out.FunctionError))
	}
}

// zipOf is a zip holding one file.
func zipOf(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create(name)
	if err == nil {
		_, err = f.Write([]byte(content))
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
