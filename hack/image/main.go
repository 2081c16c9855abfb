// Command image builds the manager's OCI image without Docker, behind `make image`: it
// compiles cmd/manager into a static Linux binary, puts it at /manager in a single layer on
// an empty base, next to the CA certificates it needs, and writes the image as a tarball that
// `crane push` and `docker load` accept. The same source gives the same image digest: file
// times and the creation time are fixed.
package main

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"golang.org/x/crypto/x509roots/fallback/bundle"
)

const (
	// nonRoot is the user and group the manager runs as: distroless's "nonroot", which
	// Kubernetes' runAsNonRoot accepts because it is numeric.
	nonRoot = "65532:65532"
	source  = "https://github.com/panther-operator/panther-operator"
)

// epoch is the time of every file and of the image itself, so that rebuilding the same
// binary gives the same digest.
var epoch = time.Unix(0, 0).UTC()

// options say what to build and where to write it.
type options struct {
	out     string // the tarball
	tag     string // the image reference recorded in the tarball
	version string // the org.opencontainers.image.version label
	arch    string // GOARCH of the binary and the image
}

func main() {
	var opts options
	flag.StringVar(&opts.out, "out", "out/image.tar", "Tarball to write the image to.")
	flag.StringVar(&opts.tag, "tag", "panther-operator:dev", "Image reference recorded in the tarball.")
	flag.StringVar(&opts.version, "version", "dev", "Version label of the image.")
	flag.StringVar(&opts.arch, "arch", runtime.GOARCH, "CPU architecture of the image (a GOARCH).")
	flag.Parse()

	if err := run(context.Background(), opts); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
	fmt.Println("Wrote", opts.tag, "to", opts.out)
}

// run builds the manager and writes its image to opts.out.
func run(ctx context.Context, opts options) error {
	tag, err := name.NewTag(opts.tag)
	if err != nil {
		return fmt.Errorf("image tag: %w", err)
	}
	dir, err := os.MkdirTemp("", "panther-operator-image")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	binary, err := buildManager(ctx, opts.arch, dir)
	if err != nil {
		return err
	}
	img, err := newImage(binary, opts)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(opts.out), 0o755); err != nil {
		return err
	}
	if err := tarball.WriteToFile(opts.out, tag, img); err != nil {
		return fmt.Errorf("writing %s: %w", opts.out, err)
	}
	return nil
}

// buildManager compiles cmd/manager of this module for linux/arch into dir and returns the
// binary's path. CGO is off so that the binary needs no libc on the empty base.
func buildManager(ctx context.Context, arch, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, "manager")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w",
		"-o", binary, "./cmd/manager")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the manager: %w", err)
	}
	return binary, nil
}

// moduleRoot is the folder of this module's go.mod, wherever the command runs from.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the panther-operator module")
	}
	return filepath.Dir(gomod), nil
}

// newImage puts the binary at /manager on an empty base, with the CA certificates it needs
// to call AWS, and sets the config the Deployment in config/manager relies on: the entrypoint
// and a numeric non-root user.
func newImage(binary string, opts options) (v1.Image, error) {
	data, err := os.ReadFile(binary)
	if err != nil {
		return nil, err
	}
	layerTar, err := tarLayer([]entry{
		{name: "etc/", mode: 0o755},
		{name: "etc/ssl/", mode: 0o755},
		{name: "etc/ssl/certs/", mode: 0o755},
		{name: caFile, mode: 0o444, data: caBundle()},
		{name: "manager", mode: 0o555, data: data},
	})
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar)), nil
	})
	if err != nil {
		return nil, err
	}

	// The base keeps the Docker schema 2 media types: the tarball format (docker save's)
	// records no media type, and reading it back, as crane push does, always yields them.
	img, err := mutate.Append(empty.Image, mutate.Addendum{
		Layer:   layer,
		History: v1.History{Created: v1.Time{Time: epoch}, CreatedBy: "go build ./cmd/manager", Comment: "hack/image"},
	})
	if err != nil {
		return nil, err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", opts.arch
	cfg.Config.Entrypoint = []string{"/manager"}
	cfg.Config.User = nonRoot
	cfg.Config.WorkingDir = "/"
	cfg.Config.Labels = map[string]string{
		"org.opencontainers.image.source":  source,
		"org.opencontainers.image.title":   "panther-operator",
		"org.opencontainers.image.version": opts.version,
	}
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		return nil, err
	}
	return mutate.CreatedAt(img, v1.Time{Time: epoch})
}

// caFile is where Go's crypto/x509 looks for the system roots first on Linux.
const caFile = "etc/ssl/certs/ca-certificates.crt"

// caBundle is the PEM bundle of the Mozilla (NSS) roots that Go maintains in
// golang.org/x/crypto/x509roots: the empty base has no CA certificates, and without them the
// manager cannot verify the TLS certificates of AWS. Roots NSS distrusts after a date are
// left out, since a PEM file cannot carry that constraint.
func caBundle() []byte {
	var buf bytes.Buffer
	for root := range bundle.Roots() {
		if root.Constraint == nil {
			buf.Write(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.Certificate}))
		}
	}
	return buf.Bytes()
}

// entry is a file of the layer, or a folder when its name ends in a slash.
type entry struct {
	name string
	mode int64
	data []byte
}

// tarLayer is the layer's tar. Everything is owned by root, so that the non-root user the
// manager runs as can read and run the files but not change them.
func tarLayer(entries []entry) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: e.name, Mode: e.mode, Size: int64(len(e.data)),
			ModTime: epoch, Format: tar.FormatPAX}
		if strings.HasSuffix(e.name, "/") {
			hdr.Typeflag = tar.TypeDir
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
