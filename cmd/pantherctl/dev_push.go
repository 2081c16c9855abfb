package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/devpush"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

// runDevPushFunction builds one function as a release does and replaces the deployed
// function's code with it, for fast iteration (the original's `LAMBDA=name mage deploy`).
func runDevPushFunction(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl dev push-function", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "the function's source folder (default: the folder under lambdas/ a release builds it from)")
	module := flags.String("module", ".", "Go module that holds the function's source")
	region := flags.String("region", "", "the deployment's region (default: the AWS configuration's)")
	timeout := flags.Duration("timeout", 5*time.Minute, "how long to wait for Lambda to apply the code")
	names, err := parseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	if len(names) != 1 {
		fmt.Fprintln(stderr, "pantherctl dev push-function: want one NAME, the deployed function, e.g. panther-log-processor")
		return 2
	}
	if _, err := devpush.Lookup(names[0]); err != nil {
		fmt.Fprintln(stderr, "pantherctl dev push-function:", err)
		return 2
	}
	dir := *from
	if dir != "" {
		// --from is a path as the user typed it, relative to the working directory.
		if dir, err = filepath.Abs(dir); err != nil {
			fmt.Fprintln(stderr, "pantherctl dev push-function:", err)
			return 2
		}
	}
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl dev push-function:", err)
		return 1
	}
	if *region != "" {
		cfg.Region = *region
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := devpush.Push(ctx, devpush.Options{Name: names[0], ModuleDir: *module, Dir: dir,
		Functions: cloud.NewFunctionClient(cfg)})
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl dev push-function:", err)
		if errors.Is(err, cloud.ErrAccessDenied) {
			fmt.Fprintln(stderr, "pantherctl dev push-function: the credentials need lambda:GetFunctionConfiguration and lambda:UpdateFunctionCode on the function")
		}
		return 1
	}
	printPushed(stdout, res)
	return 0
}

// printPushed says what was pushed, and how the operator will treat it.
func printPushed(w io.Writer, res devpush.Result) {
	fn := res.Function
	fmt.Fprintf(w, "pushed %s (stacks.%s, %s), built from %s\n", fn.Name, fn.Component, fn.StackName, res.Dir)
	fmt.Fprintf(w, "CodeSha256: %s\n", res.CodeSHA256)
	fmt.Fprintf(w, "The operator reports %s as drifted from the release (condition FunctionsDrifted, status.functionCode) until the next deploy restores the release's code, or until functionOverrides pins this code in the PantherDeployment:\n", fn.Name)
	fmt.Fprintf(w, "spec:\n  stacks:\n    %s:\n      functionOverrides:\n        %s: %q\n", fn.Component, fn.Name, res.CodeSHA256)
}
