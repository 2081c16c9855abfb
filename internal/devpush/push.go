// Package devpush replaces the code of one deployed Panther function with a build of its
// source, for fast iteration (pantherctl dev push-function, the original's
// `LAMBDA=name mage deploy`). The operator reports such a function as drifted from the
// release until the next deploy restores the release's code or functionOverrides pins it.
package devpush

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// Options say which function to push, from where, and through which client.
type Options struct {
	// Name is the deployed function, e.g. panther-log-processor.
	Name string
	// ModuleDir is the Go module that holds the function's source.
	ModuleDir string
	// Dir is the function's source folder (absolute or relative to ModuleDir); empty means
	// lambdas/<folder>, the folder a release builds the function from.
	Dir       string
	Functions cloud.FunctionClient
	// Poll is how often to look whether Lambda has applied the code (default 1s).
	Poll time.Duration
}

// Result is the pushed function and its new code.
type Result struct {
	Function release.DeployedFunction
	// CodeSHA256 is the new code's hash as Lambda reports it (base64), the value a
	// functionOverrides entry pins.
	CodeSHA256 string
	// Dir is the folder the package was built from.
	Dir string
}

// ErrUnknownFunction says that no stack template deploys a function of that name.
var ErrUnknownFunction = errors.New("unknown function")

// Lookup returns the function a stack template deploys under name.
func Lookup(name string) (release.DeployedFunction, error) {
	functions, err := release.DeployedFunctions(deployments.FS())
	if err != nil {
		return release.DeployedFunction{}, err
	}
	names := make([]string, 0, len(functions))
	for _, fn := range functions {
		if fn.Name == name {
			return fn, nil
		}
		names = append(names, fn.Name)
	}
	return release.DeployedFunction{}, fmt.Errorf("%w %q: Panther's templates deploy %s", ErrUnknownFunction, name, strings.Join(names, ", "))
}

// Push builds the function's package as a release builds it, for the deployed function's
// architecture, replaces the function's code with it and waits until Lambda has applied it.
func Push(ctx context.Context, opts Options) (Result, error) {
	fn, err := Lookup(opts.Name)
	if err != nil {
		return Result{}, err
	}
	dir := opts.Dir
	if dir == "" {
		dir = filepath.Join("lambdas", fn.Folder)
	}
	deployed, err := opts.Functions.Code(ctx, fn.Name)
	switch {
	case errors.Is(err, cloud.ErrNotFound):
		return Result{}, fmt.Errorf("function %s is not deployed in this account and region (deploy %s first, or pass --region): %w", fn.Name, fn.StackName, err)
	case err != nil:
		return Result{}, fmt.Errorf("read function %s: %w", fn.Name, err)
	}
	built, err := release.BuildFunction(ctx, opts.ModuleDir, dir, deployed.GOARCH)
	if err != nil {
		return Result{}, err
	}
	sum, err := opts.Functions.UpdateCode(ctx, fn.Name, cloud.FunctionCode{Zip: built.Zip})
	if err != nil {
		return Result{}, fmt.Errorf("update the code of %s: %w", fn.Name, err)
	}
	if err := waitApplied(ctx, opts, fn.Name); err != nil {
		return Result{}, err
	}
	return Result{Function: fn, CodeSHA256: sum, Dir: dir}, nil
}

// waitApplied polls the function until Lambda no longer reports the update InProgress: a tool
// that returned earlier would let the next invocation run the old code.
func waitApplied(ctx context.Context, opts Options, name string) error {
	poll := opts.Poll
	if poll <= 0 {
		poll = time.Second
	}
	for {
		state, err := opts.Functions.Code(ctx, name)
		if err != nil {
			return fmt.Errorf("read function %s: %w", name, err)
		}
		switch state.LastUpdateStatus {
		case cloud.UpdateFailed:
			return fmt.Errorf("lambda could not apply the new code of %s: %s", name, state.Reason)
		case cloud.UpdateInProgress:
		default:
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for Lambda to apply the code of %s: %w", name, ctx.Err())
		case <-time.After(poll):
		}
	}
}
