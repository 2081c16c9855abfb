package release

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Function is one built Lambda package.
type Function struct {
	// Name is the function's folder under lambdas/.
	Name string
	// Zip is the package: the binary named bootstrap (Go), or the Python packages (python3.x).
	Zip []byte
}

// Architectures are the GOARCH values functions are built for: the release deploys x86_64
// (amd64), and arm64 packages are built for accounts that choose Graviton.
var Architectures = []string{"amd64", "arm64"}

// buildFunctions compiles every folder under moduleDir/functionsDir whose main.go is a
// command (the shared packages beside the functions are not) into
// a provided.al2023 package: a Linux binary named bootstrap, zipped deterministically; a folder
// holding a Python package with a main.py (the rules engine) is zipped as a python3.x package.
// A missing folder means no functions.
func buildFunctions(ctx context.Context, moduleDir, functionsDir string) ([]Function, error) {
	return BuildFunctions(ctx, moduleDir, functionsDir, "amd64")
}

// BuildFunctions builds the functions for one architecture (GOARCH), reproducibly.
func BuildFunctions(ctx context.Context, moduleDir, functionsDir, goarch string) ([]Function, error) {
	if moduleDir == "" || functionsDir == "" {
		return nil, nil
	}
	root := filepath.Join(moduleDir, functionsDir)
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	var functions []Function
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if isMainPackage(filepath.Join(root, e.Name(), "main.go")) {
			names = append(names, e.Name())
			continue
		}
		python, err := pythonPackage(filepath.Join(root, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("package function %s: %w", e.Name(), err)
		}
		if python != nil {
			functions = append(functions, Function{Name: e.Name(), Zip: python})
		}
	}
	sort.Strings(names)

	tmp, err := os.MkdirTemp("", "panther-release-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	if len(names) == 0 {
		return functions, nil
	}
	pkgs := make([]string, len(names))
	for i, name := range names {
		pkgs[i] = "./" + filepath.ToSlash(filepath.Join(functionsDir, name))
	}
	// One go build for all: it compiles and links the functions in parallel.
	if err := compile(ctx, moduleDir, goarch, pkgs, tmp+string(filepath.Separator)); err != nil {
		return nil, fmt.Errorf("build the functions: %w", err)
	}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(tmp, name))
		if err != nil {
			return nil, err
		}
		zipped, err := zipExecutable("bootstrap", data)
		if err != nil {
			return nil, fmt.Errorf("zip function %s: %w", name, err)
		}
		functions = append(functions, Function{Name: name, Zip: zipped})
	}
	sort.Slice(functions, func(i, j int) bool { return functions[i].Name < functions[j].Name })
	return functions, nil
}

// BuildFunction builds the one function in dir (a folder of moduleDir, absolute or relative to
// it) for goarch exactly as BuildFunctions builds it for a release: a Go command as a zipped
// bootstrap, a Python package as python3.x code. The package is named after the folder.
func BuildFunction(ctx context.Context, moduleDir, dir, goarch string) (Function, error) {
	absModule, err := filepath.Abs(moduleDir)
	if err != nil {
		return Function{}, err
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(absModule, dir)
	}
	rel, err := filepath.Rel(absModule, filepath.Clean(dir))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return Function{}, fmt.Errorf("%s is not a folder inside the Go module %s: pass the module with --module", dir, moduleDir)
	}
	name := filepath.Base(rel)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return Function{}, fmt.Errorf("%s is not a folder", dir)
	}
	if !isMainPackage(filepath.Join(dir, "main.go")) {
		python, err := pythonPackage(dir)
		if err != nil {
			return Function{}, fmt.Errorf("package function %s: %w", name, err)
		}
		if python == nil {
			return Function{}, fmt.Errorf("%s holds no function: neither a main.go of package main nor a Python package with a main.py", dir)
		}
		return Function{Name: name, Zip: python}, nil
	}
	tmp, err := os.MkdirTemp("", "panther-function-")
	if err != nil {
		return Function{}, err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	out := filepath.Join(tmp, "bootstrap")
	if err := compile(ctx, absModule, goarch, []string{"./" + filepath.ToSlash(rel)}, out); err != nil {
		return Function{}, fmt.Errorf("build the function %s: %w", name, err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return Function{}, err
	}
	zipped, err := zipExecutable("bootstrap", data)
	if err != nil {
		return Function{}, fmt.Errorf("zip function %s: %w", name, err)
	}
	return Function{Name: name, Zip: zipped}, nil
}

// compile builds functions reproducibly into outDir (one binary per package, named after its
// folder; for one package, outDir may instead be the binary's path): no paths, build ids or VCS stamps in the binaries, and no cgo, so the same source
// and toolchain give the same bytes.
func compile(ctx context.Context, moduleDir, goarch string, pkgs []string, outDir string) error {
	args := append([]string{"build", "-trimpath", "-buildvcs=false", "-tags", "lambda.norpc",
		"-ldflags", "-s -w -buildid=", "-o", outDir}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: %s", err, stderr.String())
	}
	return nil
}

// isMainPackage reports whether a Go file declares package main.
func isMainPackage(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "package" {
			return f[1] == "main"
		}
	}
	return false
}
