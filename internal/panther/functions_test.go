package panther

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"testing"
)

func TestCodeSHA256IsLambdasForm(t *testing.T) {
	sum := sha256.Sum256([]byte("package"))
	got, err := CodeSHA256(hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatal(err)
	}
	if want := base64.StdEncoding.EncodeToString(sum[:]); got != want || len(got) != 44 {
		t.Errorf("CodeSHA256 = %q, want %q (44 characters)", got, want)
	}
	for _, bad := range []string{"", "abc", "zz" + hex.EncodeToString(sum[1:])} {
		if _, err := CodeSHA256(bad); err == nil {
			t.Errorf("CodeSHA256(%q) succeeded", bad)
		}
	}
}

func TestFunctionNames(t *testing.T) {
	if got := FunctionName("log-processor"); got != "panther-log-processor" {
		t.Errorf("FunctionName = %q", got)
	}
	if folder, ok := FunctionFolder("panther-log-processor"); !ok || folder != "log-processor" {
		t.Errorf("FunctionFolder = %q, %v", folder, ok)
	}
	for _, name := range []string{"log-processor", "panther-", "other-panther-x"} {
		if _, ok := FunctionFolder(name); ok {
			t.Errorf("FunctionFolder(%q) accepted it", name)
		}
	}
}
