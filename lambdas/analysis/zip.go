package analysis

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// zipTime is every entry's modification time (the zip format's epoch), so that the same pack
// always gives the same bytes.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// Zip archives the pack under dir as panther_analysis_tool zip does: its spec and Python files
// at their paths under dir, for bulkUpload. The pack must load without errors first, and the
// archive is deterministic: sorted entries, fixed times and modes.
func Zip(dir string) ([]byte, error) {
	if _, err := LoadDir(dir); err != nil {
		return nil, err
	}
	fsys := os.DirFS(dir)
	files, err := packFiles(fsys)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range files {
		if err := addFile(w, fsys, name); err != nil {
			return nil, fmt.Errorf("zip %s: %w", display(dir, name), err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func addFile(w *zip.Writer, fsys fs.FS, name string) error {
	data, err := readLimited(fsys, name)
	if err != nil {
		return err
	}
	header := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime}
	header.SetMode(0o644)
	entry, err := w.CreateHeader(header)
	if err != nil {
		return err
	}
	_, err = entry.Write(data)
	return err
}
