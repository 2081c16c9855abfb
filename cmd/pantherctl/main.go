// Command pantherctl is the Panther operator's command line for work outside the cluster:
// building and publishing Panther releases, and following deployments.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

const usage = `Usage:
  pantherctl release build --version X --out DIR [--commit C] [--module DIR] [--lambdas DIR]
  pantherctl release publish --version X --bucket B [--region R ...] [--force] [--dir DIR]
  pantherctl release functions --out DIR [--arch amd64 --arch arm64] [--module DIR]
  pantherctl watch NAME [-n NAMESPACE] [--kubeconfig FILE] [--timeout 1h]
  pantherctl status NAME [-n NAMESPACE] [--kubeconfig FILE]
  pantherctl plan NAME [-n NAMESPACE] [--kubeconfig FILE]
  pantherctl approve NAME [-n NAMESPACE] [--kubeconfig FILE] [--hash H]
  pantherctl logs parse (--log-type TYPE ... | --schema FILE.yml) [--parse-time T] [--records] [FILE...]
  pantherctl logs types
  pantherctl analysis test PATH... [--filter Key=v1,v2 ...] [--minimum-tests N] [--python python3]
  pantherctl analysis zip PATH [--out FILE]
  pantherctl analysis upload PATH [--region R] [--function panther-analysis-api]
  pantherctl dev push-function NAME [--from DIR] [--region R] [--module DIR] [--timeout 5m]

Commands:
  release build     Build a release: templates, Lambda packages and manifest, laid out as they
                    are published under s3://BUCKET/vX/.
  release publish   Publish a release (built now, or from --dir) to s3://B/vX/ through the
                    standard AWS configuration (AWS_ENDPOINT_URL, profiles, roles); objects
                    already there are skipped, a published version needs --force.
  release functions Build every Lambda function's package (bootstrap, zipped reproducibly)
                    for linux/amd64 and linux/arm64 into DIR/<arch>/<function>.zip.
  watch             Follow a PantherDeployment live until it is Ready (exit 0), Stalled
                    (exit 1), awaits approval (exit 4) or the timeout passes (exit 3).
  status            Show a PantherDeployment's stacks, progress and latest events once.
  plan              Show the change sets a PantherDeployment with spec.approval Manual holds
                    for approval, as a diff per stack (+ add, ~ modify, - remove), and their hash.
  approve           Approve the held change sets: writes their hash into the
                    deploy.panther.io/approve annotation (with --hash, only if it still is H).
  logs parse        Print the normalized events of raw log lines (from the files, gzip or not,
                    or standard input) exactly as the log processor writes them; lines no
                    type accepts are reported on stderr by number (exit 1).
  logs types        List the native log types.
  analysis test     Run the unit tests of detection packs (folders or zips in the
                    panther-analysis format) with the rules engine built into pantherctl and
                    the machine's python3; every test is shown as [PASS] or [FAIL], broken
                    rules with their file and line (exit 1 on any failure or invalid spec).
  analysis zip      Check a pack and write it as the deterministic zip bulkUpload takes.
  analysis upload   Upload a pack to a deployed Panther through panther-analysis-api's
                    bulkUpload (standard AWS configuration), printing what changed.
  dev push-function Build one function (e.g. panther-log-processor) as a release does and
                    replace the deployed function's code with it (standard AWS configuration),
                    waiting until Lambda applied it; prints the new CodeSha256. The operator
                    reports the function as drifted until the next deploy restores the
                    release's code, or spec.stacks.<stack>.functionOverrides pins it.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// subcommands are the two-word commands.
var subcommands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"release build":     runReleaseBuild,
	"release functions": runReleaseFunctions,
	"release publish":   runReleasePublish,
	"logs parse": func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		return runLogsParse(ctx, args, os.Stdin, stdout, stderr)
	},
	"logs types": func(_ context.Context, args []string, stdout, stderr io.Writer) int {
		return runLogsTypes(args, stdout, stderr)
	},
	"analysis test":     runAnalysisTest,
	"analysis zip":      runAnalysisZip,
	"analysis upload":   runAnalysisUpload,
	"dev push-function": runDevPushFunction,
}

// run executes one command line and returns the process exit code: 0 on success, 1 when the
// command failed, 2 when it was used wrongly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if len(args) >= 2 {
		if command, ok := subcommands[args[0]+" "+args[1]]; ok {
			return command(ctx, args[2:], stdout, stderr)
		}
	}
	switch args[0] {
	case "watch":
		return runWatch(ctx, args[1:], stdout, stderr)
	case "status":
		return runStatus(ctx, args[1:], stdout, stderr)
	case "plan":
		return runPlan(ctx, args[1:], stdout, stderr)
	case "approve":
		return runApprove(ctx, args[1:], stdout, stderr)
	}
	shown := args
	if len(shown) > 2 {
		shown = shown[:2]
	}
	fmt.Fprintf(stderr, "pantherctl: unknown command %q\n\n%s", strings.Join(shown, " "), usage)
	return 2
}
