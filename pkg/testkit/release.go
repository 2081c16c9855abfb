package testkit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// modulePath is the operator's Go module, whose sources (the Lambda functions, the CRDs) the
// kit builds from.
const modulePath = "github.com/panther-operator/panther-operator"

// cacheFormat changes when the layout of a cached release changes, which invalidates every
// entry.
const cacheFormat = "testkit-release-1"

// moduleRoot finds the operator module's folder: the one this file was compiled from when it is
// there (a checkout, a replace directive, the module cache), else the one `go list` reports for
// the calling module (binaries built with -trimpath).
func moduleRoot(ctx context.Context) (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if ok {
		root := filepath.Join(filepath.Dir(file), "..", "..")
		if isModuleRoot(root) {
			return filepath.Clean(root), nil
		}
	}
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", modulePath).Output()
	if err != nil {
		return "", fmt.Errorf("testkit: cannot find the sources of %s: go list -m: %w", modulePath, err)
	}
	root := strings.TrimSpace(string(out))
	if !isModuleRoot(root) {
		return "", fmt.Errorf("testkit: %s (from go list -m) holds no go.mod of %s with config/crd/bases", root, modulePath)
	}
	return root, nil
}

// isModuleRoot reports whether dir holds the operator's go.mod and CRDs.
func isModuleRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || !bytes.Contains(data, []byte("module "+modulePath+"\n")) {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, "config", "crd", "bases"))
	return err == nil
}

// releaseSources are the folders of the module a release is built from: the functions, the
// packages they import from the module, and the release builder itself.
var releaseSources = []string{"lambdas", filepath.Join("api", "graphql"), filepath.Join("internal", "panther")}

// sourceHash identifies what a release is built from: the Go toolchain, the module's go.mod
// and go.sum, every non-test file of releaseSources and the embedded templates. Two trees with
// the same hash build the same release.
func sourceHash(ctx context.Context, root string) (string, error) {
	h := sha256.New()
	add := func(name string, data []byte) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	add("format", []byte(cacheFormat))
	goVersion, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("testkit: running `go env GOVERSION` (the functions are built with go): %w", err)
	}
	add("go", bytes.TrimSpace(goVersion))
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			return "", err
		}
		add(name, data)
	}
	for _, dir := range releaseSources {
		if err := hashTree(os.DirFS(root), filepath.ToSlash(dir), add); err != nil {
			return "", err
		}
	}
	if err := hashTree(deployments.FS(), ".", func(name string, data []byte) { add("deployments/"+name, data) }); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashTree adds every file under dir of fsys that can end up in a release, in a fixed order.
func hashTree(fsys fs.FS, dir string, add func(string, []byte)) error {
	var names []string
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "__pycache__" || d.Name() == "node_modules" || d.Name() == "testdata"):
			return fs.SkipDir
		case d.IsDir() || strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".pyc"):
			return nil
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		add(name, data)
	}
	return nil
}

// cacheDir returns the folder built releases are kept in.
func cacheDir(opts Options) (string, error) {
	if opts.CacheDir != "" {
		return opts.CacheDir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("testkit: no user cache directory, set Options.CacheDir: %w", err)
	}
	return filepath.Join(dir, "panther-operator", "testkit"), nil
}

// builtReleases returns the folder of each version's release built from root, building the
// ones the cache does not hold (compiling the functions at most once).
func builtReleases(ctx context.Context, root string, opts Options) (map[string]string, error) {
	hash, err := sourceHash(ctx, root)
	if err != nil {
		return nil, err
	}
	base, err := cacheDir(opts)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, err
	}
	var functions []release.Function
	dirs := map[string]string{}
	for _, version := range opts.Versions {
		dir := filepath.Join(base, version+"-"+hash[:16])
		dirs[version] = dir
		if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err == nil {
			continue
		}
		if functions == nil {
			if functions, err = release.BuildFunctions(ctx, root, "lambdas", "amd64"); err != nil {
				return nil, fmt.Errorf("testkit: building Panther's Lambda functions: %w", err)
			}
		}
		if err := buildInto(ctx, dir, version, hash[:12], functions); err != nil {
			return nil, err
		}
	}
	return dirs, nil
}

// buildInto builds a release into a fresh folder beside dir and renames it to dir, so that dir
// is either absent or complete, even when several test processes build at once.
func buildInto(ctx context.Context, dir, version, commit string, functions []release.Function) error {
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".build-"+version+"-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	if _, err := release.Build(ctx, release.Options{Version: version, Commit: commit,
		Templates: deployments.FS(), Functions: functions, OutDir: tmp}); err != nil {
		return fmt.Errorf("testkit: building the release of %s: %w", version, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "manifest.json")); statErr == nil {
			return nil // another process built it first
		}
		return fmt.Errorf("testkit: caching the release of %s: %w", version, err)
	}
	return nil
}

// publishReleases builds (or finds in the cache) the release of every version of opts and
// publishes it into localaws.
func publishReleases(ctx context.Context, factory *cloud.Factory, root string, opts Options) error {
	dirs, err := builtReleases(ctx, root, opts)
	if err != nil {
		return err
	}
	clients, err := factory.Clients(ctx, cloud.Target{Region: opts.Region})
	if err != nil {
		return err
	}
	for _, version := range opts.Versions {
		_, err := release.Publish(ctx, clients.Releases, dirs[version], version, opts.ReleaseBucket, false)
		if err != nil && !errors.Is(err, release.ErrAlreadyPublished) {
			return fmt.Errorf("testkit: publishing the release of %s: %w", version, err)
		}
	}
	return nil
}
