package lambda

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"testing"
)

// storedZip is a zip holding one uncompressed file, so that contents of one length make zips
// of one length.
func storedZip(t *testing.T, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.CreateHeader(&zip.FileHeader{Name: "bootstrap", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCodeStoreHashesEachZipByItsContent checks the remembered digests: the same bytes put
// twice, as fifty accounts' stacks hand over one S3 object, and different bytes of the same
// length, each get their own content's SHA-256.
func TestCodeStoreHashesEachZipByItsContent(t *testing.T) {
	store := &codeStore{dir: t.TempDir()}
	first, second := storedZip(t, "one"), storedZip(t, "two")
	if len(first) != len(second) {
		t.Fatalf("the two zips should be as long as each other: %d and %d bytes", len(first), len(second))
	}
	for _, data := range [][]byte{first, second, first, bytes.Clone(second)} {
		_, got, err := store.put(data)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if want := base64.StdEncoding.EncodeToString(sum[:]); got != want {
			t.Errorf("CodeSha256 %s, want %s", got, want)
		}
	}
	if len(store.hashed) != 3 {
		t.Errorf("%d digests remembered, want 3 (two slices of one content are two entries)", len(store.hashed))
	}
}
