package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/panther-operator/panther-operator/deployments"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther/release"
)

// regionList collects repeated --region flags.
type regionList []string

func (r *regionList) String() string     { return strings.Join(*r, ",") }
func (r *regionList) Set(v string) error { *r = append(*r, v); return nil }

func runReleasePublish(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl release publish", flag.ContinueOnError)
	flags.SetOutput(stderr)
	version := flags.String("version", "", "release version, such as 1.16.0 (required)")
	bucket := flags.String("bucket", "", "bucket to publish to; with several --region, a name containing {region} (required)")
	dir := flags.String("dir", "", "a release built with `pantherctl release build`; default: build one now")
	force := flags.Bool("force", false, "overwrite a version that is already published")
	commit := flags.String("commit", "", "source commit recorded when building (default: git rev-parse --short HEAD)")
	module := flags.String("module", ".", "Go module that holds the Lambda functions, when building")
	var regions regionList
	flags.Var(&regions, "region", "region to publish in (repeatable; default: the AWS configuration's region)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 || *version == "" || *bucket == "" {
		fmt.Fprintln(stderr, "pantherctl release publish: --version and --bucket are required")
		flags.Usage()
		return 2
	}
	if len(regions) > 1 && !strings.Contains(*bucket, "{region}") {
		fmt.Fprintln(stderr, "pantherctl release publish: bucket names are global, so publishing to several regions needs a --bucket containing {region}, e.g. panther-releases-{region}")
		return 2
	}
	if len(regions) == 0 {
		regions = regionList{""} // the AWS configuration's own region
	}

	source := *dir
	if source == "" {
		tmp, err := os.MkdirTemp("", "panther-release-")
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl release publish: %v\n", err)
			return 1
		}
		defer func() { _ = os.RemoveAll(tmp) }()
		if *commit == "" {
			c, err := headCommit(ctx, *module)
			if err != nil {
				fmt.Fprintf(stderr, "pantherctl release publish: cannot read the source commit (%v); pass --commit\n", err)
				return 1
			}
			*commit = c
		}
		if _, err := release.Build(ctx, release.Options{
			Version: *version, Commit: *commit, Templates: deployments.FS(),
			ModuleDir: *module, FunctionsDir: "lambdas", OutDir: tmp,
		}); err != nil {
			fmt.Fprintf(stderr, "pantherctl release publish: %v\n", err)
			return 1
		}
		source = tmp
	}

	factory := &cloud.Factory{}
	for _, region := range regions {
		clients, err := factory.Clients(ctx, cloud.Target{Region: region})
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl release publish: %v\n", err)
			return 1
		}
		name := strings.ReplaceAll(*bucket, "{region}", region)
		report, err := release.Publish(ctx, clients.Releases, source, *version, name, *force)
		if err != nil {
			fmt.Fprintf(stderr, "pantherctl release publish: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "published Panther %s to s3://%s/v%s/: %d uploaded, %d already there\n",
			*version, report.Bucket, *version, len(report.Uploaded), len(report.Skipped))
		for _, key := range report.Uploaded {
			fmt.Fprintf(stdout, "  uploaded %s\n", key)
		}
	}
	return 0
}
