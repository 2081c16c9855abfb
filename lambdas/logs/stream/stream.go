// Package stream frames raw log objects into records with bounded memory: gzip is detected
// from the first bytes whatever the name says, lines are read without holding the file, and
// a file that is one JSON object with an array of records ({"Records":[...]}) is read one
// element at a time.
package stream

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxRecord bounds one line or record; longer ones are skipped and counted.
const DefaultMaxRecord = 10 << 20

// Decompress returns r's content, gunzipped when it starts with gzip's magic bytes.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return zr, nil
	}
	return br, nil
}

// Framer reads records from one stream and counts the ones it had to skip.
type Framer struct {
	// MaxRecord bounds one record (DefaultMaxRecord when 0).
	MaxRecord int
	// TooLong counts records skipped for exceeding MaxRecord.
	TooLong int
}

func (f *Framer) limit() int {
	if f.MaxRecord > 0 {
		return f.MaxRecord
	}
	return DefaultMaxRecord
}

// Lines calls fn with each line of r (without its line ending) and its 1-based number.
func (f *Framer) Lines(r io.Reader, fn func(n int, line []byte) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	skipping := false
	for n := 1; ; {
		chunk, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			if !skipping && len(long)+len(chunk) <= f.limit() {
				long = append(long, chunk...)
			} else if !skipping {
				skipping, long = true, long[:0]
				f.TooLong++
			}
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return err
		}
		line := chunk
		if len(long) > 0 {
			long = append(long, chunk...)
			line = long
		}
		if len(line) > f.limit() && !skipping {
			skipping = true
			f.TooLong++
		}
		if !skipping && (len(line) > 0 || err == nil) {
			if ferr := fn(n, bytes.TrimSuffix(line, []byte("\n"))); ferr != nil {
				return ferr
			}
		}
		long, skipping = long[:0], false
		n++
		if err != nil {
			return nil
		}
	}
}
