package main

import (
	"archive/tar"
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// TestImage runs what `make image` runs and reads the tarball back as `crane push` would.
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the manager")
	}
	opts := options{
		out: filepath.Join(t.TempDir(), "out", "image.tar"), tag: "registry.example/panther-operator:test",
		version: "1.2.3", arch: "amd64",
	}
	if err := run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(opts.tag)
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(opts.out, &tag)
	if err != nil {
		t.Fatal(err)
	}

	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Config.User != "65532:65532" {
		t.Errorf("user = %q, want 65532:65532 (numeric, so that runAsNonRoot can verify it)", cfg.Config.User)
	}
	if !slices.Equal(cfg.Config.Entrypoint, []string{"/manager"}) || cfg.Config.WorkingDir != "/" {
		t.Errorf("entrypoint %q in %q, want /manager in /", cfg.Config.Entrypoint, cfg.Config.WorkingDir)
	}
	if cfg.OS != "linux" || cfg.Architecture != "amd64" {
		t.Errorf("platform = %s/%s, want linux/amd64", cfg.OS, cfg.Architecture)
	}
	if got := cfg.Config.Labels["org.opencontainers.image.version"]; got != "1.2.3" {
		t.Errorf("version label = %q, want 1.2.3", got)
	}
	for _, label := range []string{"org.opencontainers.image.source", "org.opencontainers.image.title"} {
		if cfg.Config.Labels[label] == "" {
			t.Errorf("label %s is missing", label)
		}
	}

	layers, err := img.Layers()
	if err != nil {
		t.Fatal(err)
	}
	if len(layers) != 1 {
		t.Fatalf("got %d layers, want 1", len(layers))
	}
	checkLayer(t, layers[0].Uncompressed)
}

// checkLayer checks that the layer holds an executable Linux binary at /manager and the CA
// certificates at the path Go reads them from, and nothing else.
func checkLayer(t *testing.T, open func() (io.ReadCloser, error)) {
	t.Helper()
	rc, err := open()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = rc.Close() }()
	tr := tar.NewReader(rc)
	var names []string
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
		if hdr.Uid != 0 || hdr.Mode&0o022 != 0 {
			t.Errorf("%s is owned by %d with mode %o; the manager's user must not be able to change it",
				hdr.Name, hdr.Uid, hdr.Mode)
		}
		switch hdr.Name {
		case "manager":
			if hdr.Typeflag != tar.TypeReg || hdr.Mode&0o111 != 0o111 {
				t.Errorf("/manager has type %c and mode %o, want an executable file", hdr.Typeflag, hdr.Mode)
			}
			magic := make([]byte, 4)
			if _, err := io.ReadFull(tr, magic); err != nil || !bytes.Equal(magic, []byte("\x7fELF")) {
				t.Errorf("/manager is not an ELF binary: %q (%v)", magic, err)
			}
		case "etc/ssl/certs/ca-certificates.crt":
			pemData, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(pemData, []byte("BEGIN CERTIFICATE")); n < 100 || !x509.NewCertPool().AppendCertsFromPEM(pemData) {
				t.Errorf("the CA bundle has %d certificates, want the Mozilla roots", n)
			}
		}
	}
	want := []string{"etc/", "etc/ssl/", "etc/ssl/certs/", "etc/ssl/certs/ca-certificates.crt", "manager"}
	if !slices.Equal(names, want) {
		t.Errorf("layer holds %v, want %v", names, want)
	}
}

// TestDeterministic checks that the same binary always gives the same image digest.
func TestDeterministic(t *testing.T) {
	binary := filepath.Join(t.TempDir(), "manager")
	if err := os.WriteFile(binary, []byte("\x7fELF not really"), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := options{version: "1.2.3", arch: "arm64"}
	first, err := newImage(binary, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A later modification time must not matter either.
	if err := os.Chtimes(binary, time.Now(), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	second, err := newImage(binary, opts)
	if err != nil {
		t.Fatal(err)
	}
	d1, err := first.Digest()
	if err != nil {
		t.Fatal(err)
	}
	if d2, err := second.Digest(); err != nil || d1 != d2 {
		t.Errorf("the same binary gave digests %s and %s (%v)", d1, d2, err)
	}
}
