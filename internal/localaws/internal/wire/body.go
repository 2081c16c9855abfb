package wire

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBodyBytes bounds one request body; objects are held in memory.
const maxBodyBytes = 1 << 30

// ReadBody reads the whole request body, undoing the aws-chunked content
// encoding S3 clients use for streaming uploads with trailing checksums.
func ReadBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := readAll(r.Body, r.ContentLength)
	if err != nil {
		return nil, err
	}
	if len(data) > maxBodyBytes {
		return nil, fmt.Errorf("request body exceeds %d bytes", maxBodyBytes)
	}
	if isAWSChunked(r) {
		return decodeAWSChunked(data)
	}
	if isCBOR(r) && strings.Contains(header(r.Header, "Content-Encoding"), "gzip") {
		// Request compression (CloudWatch PutMetricData); S3 bodies are
		// stored as sent, whatever their encoding.
		return gunzip(data)
	}
	return data, nil
}

// presizeLimit is the largest declared length readAll allocates before reading: a length
// is only a claim until the bytes arrive.
const presizeLimit = 64 << 20

// readAll is io.ReadAll of up to maxBodyBytes+1 bytes of body, except that a body which
// declares its length, as the SDKs' do, is read into one buffer of that size (and a byte, to
// see the end) rather than into chunks grown from 512 bytes and then copied.
func readAll(body io.Reader, length int64) ([]byte, error) {
	if length <= 0 || length >= presizeLimit {
		return io.ReadAll(io.LimitReader(body, maxBodyBytes+1))
	}
	r := io.LimitedReader{R: body, N: maxBodyBytes + 1}
	b := make([]byte, 0, length+1)
	for len(b) < cap(b) {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	// A body longer than it said: the rest as io.ReadAll reads it.
	rest, err := io.ReadAll(io.LimitReader(body, r.N))
	return append(b, rest...), err
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gzip body: %w", err)
	}
	return out, nil
}

func isAWSChunked(r *http.Request) bool {
	if strings.Contains(header(r.Header, "Content-Encoding"), "aws-chunked") {
		return true
	}
	return strings.HasPrefix(header(r.Header, "X-Amz-Content-Sha256"), "STREAMING-")
}

// decodeAWSChunked parses "hex-size[;chunk-signature=…]\r\n data \r\n"
// chunks up to the zero-size chunk; trailers after it are ignored.
func decodeAWSChunked(data []byte) ([]byte, error) {
	rd := bufio.NewReader(bytes.NewReader(data))
	var out bytes.Buffer
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("aws-chunked: missing chunk header: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if i := strings.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil {
			return nil, fmt.Errorf("aws-chunked: bad chunk size %q", line)
		}
		if size == 0 {
			return out.Bytes(), nil
		}
		if _, err := io.CopyN(&out, rd, size); err != nil {
			return nil, fmt.Errorf("aws-chunked: short chunk: %w", err)
		}
		if _, err := rd.Discard(2); err != nil {
			return nil, fmt.Errorf("aws-chunked: missing chunk terminator: %w", err)
		}
	}
}
