package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/panther-operator/panther-operator/lambdas/analysis"
	"github.com/panther-operator/panther-operator/lambdas/analysisapi"
	wire "github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/sourceapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

// runAnalysisUpload zips a pack and uploads it through panther-analysis-api's bulkUpload, as
// the web app's upload does, printing what it created and changed.
func runAnalysisUpload(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl analysis upload", flag.ContinueOnError)
	flags.SetOutput(stderr)
	region := flags.String("region", "", "the deployment's region (default: the AWS configuration's)")
	function := flags.String("function", "panther-analysis-api", "the analysis API function")
	userID := flags.String("user-id", sourceapi.SystemUserID, "the Panther user the upload is recorded as")
	paths, err := parseInterleaved(flags, args)
	if err != nil {
		return 2
	}
	if len(paths) != 1 {
		fmt.Fprintln(stderr, "pantherctl analysis upload: want one PATH, a folder of analysis specs")
		return 2
	}
	if info, err := os.Stat(paths[0]); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "pantherctl analysis upload: %s is not a folder of analysis specs\n", paths[0])
		return 2
	}
	data, err := analysis.Zip(paths[0])
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl analysis upload: %s does not load, so nothing was uploaded:\n%s\n", paths[0], err)
		return 1
	}
	if len(data) > analysisapi.MaxUploadBytes {
		fmt.Fprintf(stderr, "pantherctl analysis upload: the zip of %s is %d bytes, more than the %d one upload can carry: upload its folders separately\n",
			paths[0], len(data), analysisapi.MaxUploadBytes)
		return 1
	}
	cfg, err := awsx.LoadConfig(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "pantherctl analysis upload:", err)
		return 1
	}
	if *region != "" {
		cfg.Region = *region
	}
	api := awsx.Function{Client: awslambda.NewFromConfig(cfg), Name: *function}
	var resp wire.Response
	req := wire.Request{BulkUpload: &wire.BulkUploadInput{Data: base64.StdEncoding.EncodeToString(data), UserID: *userID}}
	if err := api.Call(ctx, req, &resp); err != nil {
		fmt.Fprintf(stderr, "pantherctl analysis upload: %s: %v\n", *function, err)
		return 1
	}
	if resp.StatusCode != 200 {
		var e wire.ErrorBody
		_ = json.Unmarshal([]byte(resp.Body), &e)
		fmt.Fprintf(stderr, "pantherctl analysis upload: refused (%d): %s\n", resp.StatusCode, e.Message)
		return 1
	}
	var out wire.BulkUploadOutput
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil {
		fmt.Fprintln(stderr, "pantherctl analysis upload: unexpected answer:", err)
		return 1
	}
	fmt.Fprintf(stdout, "uploaded %s (%d bytes) to %s\n", paths[0], len(data), *function)
	fmt.Fprintf(stdout, "\trules:       %d (%d new, %d modified)\n", out.TotalRules, out.NewRules, out.ModifiedRules)
	fmt.Fprintf(stdout, "\tglobals:     %d (%d new, %d modified)\n", out.TotalGlobals, out.NewGlobals, out.ModifiedGlobals)
	fmt.Fprintf(stdout, "\tdata models: %d (%d new, %d modified)\n", out.TotalDataModels, out.NewDataModels, out.ModifiedDataModels)
	return 0
}
