package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestReleaseBuildTwiceIsByteIdentical(t *testing.T) {
	// The repository itself: the templates and the functions they deploy.
	module := "../.."
	var trees []map[string][]byte
	for range 2 {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"release", "build", "--version", "1.16.0", "--out", out,
			"--commit", "e74a52eb", "--module", module}, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "built Panther 1.16.0 (commit e74a52eb)") {
			t.Errorf("stdout %q", stdout.String())
		}
		trees = append(trees, readTree(t, out))
	}
	if len(trees[0]) == 0 || len(trees[0]) != len(trees[1]) {
		t.Fatalf("builds have %d and %d files", len(trees[0]), len(trees[1]))
	}
	for name, data := range trees[0] {
		if !bytes.Equal(data, trees[1][name]) {
			t.Errorf("%s differs between the two builds", name)
		}
	}
	if _, ok := trees[0]["manifest.json"]; !ok {
		t.Error("no manifest.json")
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no arguments", nil, 2, ""},
		{"unknown command", []string{"release", "ship"}, 2, `unknown command "release ship"`},
		{"missing out", []string{"release", "build", "--version", "1.16.0"}, 2, "--version and --out are required"},
		{"unknown flag", []string{"release", "build", "--bucket", "b"}, 2, "flag provided but not defined"},
		{"bad version", []string{"release", "build", "--version", "latest", "--out", "x", "--commit", "abcdef0"}, 1, `version "latest" is not a release version`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.wantCode || !strings.Contains(stderr.String(), tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tt.wantCode, tt.wantErr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"help"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stdout.String(), "pantherctl release build") {
		t.Fatalf("help %q", stdout.String())
	}
}
