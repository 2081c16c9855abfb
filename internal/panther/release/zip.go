package release

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"io/fs"
	"time"
)

// zipEpoch is the modification time of every zip entry: the earliest time a zip can hold, so
// that content alone decides the bytes.
var zipEpoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// zipExecutable returns a zip holding one executable file, byte-identical for identical input.
func zipExecutable(name string, data []byte) ([]byte, error) {
	return deterministicZip([]string{name}, map[string][]byte{name: data}, 0o755)
}

// zipFiles returns a zip of read-only files in name order, byte-identical for identical input.
func zipFiles(files map[string][]byte) ([]byte, error) {
	return deterministicZip(sortedNames(files), files, 0o644)
}

func deterministicZip(names []string, files map[string][]byte, mode fs.FileMode) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.DefaultCompression)
	})
	for _, name := range names {
		header := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipEpoch}
		header.SetMode(mode)
		f, err := w.CreateHeader(header)
		if err != nil {
			return nil, err
		}
		if _, err := f.Write(files[name]); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
