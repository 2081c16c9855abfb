package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// runReleaseFunctions builds every function's package for each architecture into
// DIR/<arch>/<name>.zip, byte-identical for identical sources and toolchain.
func runReleaseFunctions(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl release functions", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "", "directory that receives <arch>/<function>.zip (required)")
	module := flags.String("module", ".", "Go module that holds the Lambda functions")
	lambdas := flags.String("lambdas", "lambdas", "folder of the Lambda functions, relative to --module")
	var archs []string
	flags.Func("arch", "GOARCH to build for (repeatable; default amd64 and arm64)", func(v string) error {
		archs = append(archs, v)
		return nil
	})
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *out == "" || flags.NArg() > 0 {
		fmt.Fprintln(stderr, "pantherctl release functions: --out is required, and nothing else")
		return 2
	}
	if len(archs) == 0 {
		archs = release.Architectures
	}
	for _, arch := range archs {
		functions, err := release.BuildFunctions(ctx, *module, *lambdas, arch)
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl release functions: %s: %v\n", arch, err)
			return 1
		}
		dir := filepath.Join(*out, arch)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintln(stderr, "pantherctl release functions:", err)
			return 1
		}
		for _, fn := range functions {
			path := filepath.Join(dir, fn.Name+".zip")
			if err := os.WriteFile(path, fn.Zip, 0o644); err != nil {
				fmt.Fprintln(stderr, "pantherctl release functions:", err)
				return 1
			}
			fmt.Fprintf(stdout, "%s  %d bytes\n", path, len(fn.Zip))
		}
	}
	return 0
}
