package lambda

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxUnzippedSize is Lambda's limit on a function's unzipped code and layers.
const maxUnzippedSize = 250 << 20

// codeStore keeps zips by content on disk, outside the state file, and unpacks each once:
// every instance of a function at that code shares the folder, read-only as on Lambda.
type codeStore struct {
	dir  string
	mu   sync.Mutex
	once sync.Once
	err  error
	// hashed remembers the digest of zips put before, by the address of their bytes: a
	// template's functions are read from one stored S3 object, whose body every account's
	// stack is handed unchanged, and hashing it again for each one was most of what a fleet
	// of deployments cost the emulator.
	hashed      map[*byte]hashedZip
	hashedBytes int
}

// hashedZip is a zip put before and its SHA-256; keeping data keeps its address from being
// reused for other bytes.
type hashedZip struct {
	data []byte
	sum  [sha256.Size]byte
}

// maxHashedBytes bounds the bytes the remembered digests keep alive (S3's copies are alive
// anyway; a zip uploaded in a request is not); past it they are forgotten and hashed anew.
const maxHashedBytes = 256 << 20

// prepare makes the folder and writes the Python runtime bootstrap into it, once.
func (c *codeStore) prepare() error {
	c.once.Do(func() {
		if c.err = os.MkdirAll(c.dir, 0o700); c.err == nil {
			c.err = os.WriteFile(filepath.Join(c.dir, pythonBootstrapName), pythonBootstrap, 0o600)
		}
	})
	return c.err
}

// put stores a zip and returns its digest (hex SHA-256, the store's key) and the base64
// SHA-256 Lambda reports as CodeSha256.
func (c *codeStore) put(data []byte) (digest, codeSHA256 string, err error) {
	if _, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err != nil {
		return "", "", fmt.Errorf("could not unzip uploaded file: %w", err)
	}
	sum := c.sum(data)
	digest = hex.EncodeToString(sum[:])
	// The folder appears with the first code, so that an emulator without functions leaves
	// nothing beside its state file.
	if err := c.prepare(); err != nil {
		return "", "", err
	}
	path := filepath.Join(c.dir, digest+".zip")
	if _, err := os.Stat(path); err != nil {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return "", "", err
		}
	}
	return digest, base64.StdEncoding.EncodeToString(sum[:]), nil
}

// sum is the SHA-256 of data, remembered for the very same bytes: stored S3 object bodies
// and request bodies are never written to after they are read.
func (c *codeStore) sum(data []byte) [sha256.Size]byte {
	if len(data) == 0 {
		return sha256.Sum256(data)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.hashed[&data[0]]; ok && len(h.data) == len(data) {
		return h.sum
	}
	if c.hashed == nil || c.hashedBytes+len(data) > maxHashedBytes {
		c.hashed, c.hashedBytes = map[*byte]hashedZip{}, 0
	}
	h := hashedZip{data: data, sum: sha256.Sum256(data)}
	c.hashed[&data[0]], c.hashedBytes = h, c.hashedBytes+len(data)
	return h.sum
}

// zip returns a stored zip.
func (c *codeStore) zip(digest string) ([]byte, error) {
	return os.ReadFile(filepath.Join(c.dir, digest+".zip"))
}

// unpackedDir is where a stored zip's files are unpacked.
func (c *codeStore) unpackedDir(digest string) string { return filepath.Join(c.dir, digest) }

// mergedDir is where merged names the folder of the zips in order; "" for none.
func (c *codeStore) mergedDir(digests []string) string {
	if len(digests) == 0 {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.Join(digests, ",")))
	return filepath.Join(c.dir, "opt-"+hex.EncodeToString(sum[:8]))
}

// unpacked returns the folder of a stored zip's files, unpacking it the first time.
func (c *codeStore) unpacked(digest string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	dir := c.unpackedDir(digest)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	data, err := c.zip(digest)
	if err != nil {
		return "", err
	}
	tmp := dir + ".tmp"
	_ = os.RemoveAll(tmp)
	if err := unzipInto(data, tmp); err != nil {
		_ = os.RemoveAll(tmp)
		return "", err
	}
	return dir, os.Rename(tmp, dir)
}

// merged returns one folder holding the files of the zips in order, later ones winning, as
// Lambda layers merge under /opt.
func (c *codeStore) merged(digests []string) (string, error) {
	if len(digests) == 0 {
		return "", nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	dir := c.mergedDir(digests)
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	tmp := dir + ".tmp"
	_ = os.RemoveAll(tmp)
	for _, d := range digests {
		data, err := c.zip(d)
		if err == nil {
			err = unzipInto(data, tmp)
		}
		if err != nil {
			_ = os.RemoveAll(tmp)
			return "", err
		}
	}
	return dir, os.Rename(tmp, dir)
}

// unzipInto writes a zip's entries under dir with their modes, refusing paths that leave it.
func unzipInto(data []byte, dir string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > maxUnzippedSize {
			return fmt.Errorf("unzipped size must be smaller than %d bytes", maxUnzippedSize)
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(target, filepath.Clean(dir)+string(os.PathSeparator)) {
			return fmt.Errorf("zip entry %q leaves the code folder", f.Name)
		}
		if err := writeEntry(f, target); err != nil {
			return err
		}
	}
	return nil
}

func writeEntry(f *zip.File, target string) error {
	if f.FileInfo().IsDir() {
		return os.MkdirAll(target, 0o755)
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return err
	}
	mode := f.Mode().Perm()
	if mode == 0 {
		mode = 0o644
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer func() { _ = rc.Close() }()
	out, err := os.OpenFile(target, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, mode|0o400)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(rc, maxUnzippedSize)); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
