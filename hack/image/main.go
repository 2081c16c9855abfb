// Command image builds the manager's OCI image without Docker, behind `make image`: it
// compiles cmd/manager into a static Linux binary, puts it at /manager in a single layer on
// an empty base, next to the CA certificates it needs, and writes the image as a tarball that
// `crane push` and `docker load` accept. The same source gives the same image digest: file
// times and the creation time are fixed. With --app web it builds the web app's image
// instead (`make web-image`, see web.go).
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
	app     string // which image: appManager (also when empty) or appWeb
	dist    string // appWeb: the folder the web app was built into
}

// The images this command builds.
const (
	appManager = "manager"
	appWeb     = "web"
)

func main() {
	var opts options
	flag.StringVar(&opts.out, "out", "", "Tarball to write the image to (default out/image.tar, or out/web-image.tar with --app web).")
	flag.StringVar(&opts.tag, "tag", "", "Image reference recorded in the tarball (default panther-operator:dev, or panther-web:dev with --app web).")
	flag.StringVar(&opts.version, "version", "dev", "Version label of the image.")
	flag.StringVar(&opts.arch, "arch", runtime.GOARCH, "CPU architecture of the image (a GOARCH).")
	flag.StringVar(&opts.app, "app", appManager, "Image to build: manager (cmd/manager) or web (cmd/web and the app in --dist).")
	flag.StringVar(&opts.dist, "dist", "web/dist", "With --app web: the folder the web app was built into.")
	flag.Parse()
	opts = withDefaults(opts)

	if err := run(context.Background(), opts); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(1)
	}
	fmt.Println("Wrote", opts.tag, "to", opts.out)
}

// withDefaults fills in the tarball and the tag each image gets when they are not given.
func withDefaults(opts options) options {
	out, tag := "out/image.tar", "panther-operator:dev"
	if opts.app == appWeb {
		out, tag = "out/web-image.tar", "panther-web:dev"
	}
	if opts.out == "" {
		opts.out = out
	}
	if opts.tag == "" {
		opts.tag = tag
	}
	return opts
}

// run builds the image opts.app names and writes it to opts.out.
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
	img, err := buildImage(ctx, opts, dir)
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

// buildImage compiles the binary of the image opts.app names into dir and builds the image.
func buildImage(ctx context.Context, opts options, dir string) (v1.Image, error) {
	switch opts.app {
	case appManager, "":
		binary, err := buildBinary(ctx, "./cmd/manager", opts.arch, dir)
		if err != nil {
			return nil, err
		}
		return newImage(binary, opts)
	case appWeb:
		// The app is checked first: compiling is wasted when there is nothing to serve.
		if err := checkDist(opts.dist); err != nil {
			return nil, err
		}
		binary, err := buildBinary(ctx, "./cmd/web", opts.arch, dir)
		if err != nil {
			return nil, err
		}
		return newWebImage(binary, opts)
	default:
		return nil, fmt.Errorf("--app %q: want %s or %s", opts.app, appManager, appWeb)
	}
}

// buildBinary compiles the command pkg of this module for linux/arch into dir and returns
// the binary's path. CGO is off so that the binary needs no libc on the empty base.
func buildBinary(ctx context.Context, pkg, arch, dir string) (string, error) {
	root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w",
		"-o", binary, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building %s: %w", pkg, err)
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
	return singleLayerImage([]entry{
		{name: "etc/", mode: 0o755},
		{name: "etc/ssl/", mode: 0o755},
		{name: "etc/ssl/certs/", mode: 0o755},
		{name: caFile, mode: 0o444, data: caBundle()},
		{name: "manager", mode: 0o555, data: data},
	}, "go build ./cmd/manager", opts, func(c *v1.Config) {
		c.Entrypoint = []string{"/manager"}
		c.User = nonRoot
		c.WorkingDir = "/"
		c.Labels = labels("panther-operator", opts.version)
	})
}

// labels are the OCI labels of an image.
func labels(title, version string) map[string]string {
	return map[string]string{
		"org.opencontainers.image.source":  source,
		"org.opencontainers.image.title":   title,
		"org.opencontainers.image.version": version,
	}
}

// singleLayerImage is an image of one layer holding entries on an empty base, for linux and
// opts.arch, with its run config set by configure. Every time in it is the epoch.
func singleLayerImage(entries []entry, createdBy string, opts options, configure func(*v1.Config)) (v1.Image, error) {
	layerTar, err := tarLayer(entries)
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
		History: v1.History{Created: v1.Time{Time: epoch}, CreatedBy: createdBy, Comment: "hack/image"},
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
	configure(&cfg.Config)
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
// binary runs as can read and run the files but not change them.
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
