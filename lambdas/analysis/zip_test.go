package analysis

import (
	"archive/zip"
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestZipIsDeterministicAndHoldsWhatTheReaderReads(t *testing.T) {
	dir := writePack(t, map[string]string{
		"rules/login.yml":         loginRule,
		"rules/login.py":          ruleBody,
		"helpers/base.yml":        "AnalysisType: global\nGlobalID: base_helpers\nFilename: base.py\n",
		"helpers/base.py":         "X = 1\n",
		"packs/all.yml":           "AnalysisType: pack\nPackID: all\n",
		"rules/__pycache__/x.pyc": "bytecode",
		"rules/__pycache__/x.py":  "cached",
		"README.md":               "# notes\n",
	})
	first, err := Zip(dir)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Zip(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("two zips of one pack differ")
	}
	archive, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range archive.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v", f.Name, f.Modified)
		}
	}
	want := []string{"helpers/base.py", "helpers/base.yml", "rules/login.py", "rules/login.yml"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("entries %v, want %v", names, want)
	}

	fromZip, err := LoadZip(first)
	if err != nil {
		t.Fatal(err)
	}
	fromDir, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromZip.Rules, fromDir.Rules) || !reflect.DeepEqual(fromZip.Globals, fromDir.Globals) {
		t.Fatal("the zip reads differently from its folder")
	}
	if src := fromZip.Source("Test.Login"); src != (Source{Spec: "rules/login.yml", Python: "rules/login.py"}) {
		t.Fatalf("source in the zip: %+v", src)
	}
}

func TestZipRefusesAnInvalidPack(t *testing.T) {
	dir := writePack(t, map[string]string{"r.yml": minimal + "Extra: 1\n", "r.py": ruleBody})
	if _, err := Zip(dir); err == nil || !strings.Contains(err.Error(), `unknown key "Extra"`) {
		t.Fatalf("error: %v", err)
	}
}

func TestLoadZipNeedsAZip(t *testing.T) {
	if _, err := LoadZip([]byte("not a zip")); err == nil || !strings.HasPrefix(err.Error(), "not a zip archive") {
		t.Fatalf("error: %v", err)
	}
}

func TestLoadZipBoundsFileSizes(t *testing.T) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	entry, err := w.Create("big.yml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := entry.Write(bytes.Repeat([]byte("#"), MaxFileSize+1)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadZip(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "big.yml: bigger than 8 MiB") {
		t.Fatalf("error: %v", err)
	}
}
