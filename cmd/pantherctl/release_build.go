package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

func runReleaseBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl release build", flag.ContinueOnError)
	flags.SetOutput(stderr)
	version := flags.String("version", "", "release version, such as 1.16.0 (required)")
	out := flags.String("out", "", "directory that receives the release (required)")
	commit := flags.String("commit", "", "source commit recorded in the manifest (default: git rev-parse --short HEAD)")
	module := flags.String("module", ".", "Go module that holds the Lambda functions")
	lambdas := flags.String("lambdas", "lambdas", "folder of the Lambda functions, relative to --module; one folder per function")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 || *version == "" || *out == "" {
		fmt.Fprintln(stderr, "pantherctl release build: --version and --out are required, and nothing else")
		flags.Usage()
		return 2
	}
	if *commit == "" {
		c, err := headCommit(ctx, *module)
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl release build: cannot read the source commit (%v); pass --commit\n", err)
			return 1
		}
		*commit = c
	}

	m, err := release.Build(ctx, release.Options{
		Version:      *version,
		Commit:       *commit,
		Templates:    deployments.FS(),
		ModuleDir:    *module,
		FunctionsDir: *lambdas,
		OutDir:       *out,
	})
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl release build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "built Panther %s (commit %s) in %s: %d stack templates, the root template, %d functions\n",
		m.Version, m.SourceCommit, filepath.Clean(*out), len(m.Stacks), len(m.Functions))
	return 0
}

// headCommit returns the short commit id of HEAD in dir.
func headCommit(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return strings.TrimSpace(stdout.String()), nil
}
