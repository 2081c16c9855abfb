package cloud

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// FunctionClient is every Lambda operation on the code of Panther's functions: the operator
// compares and restores the code of its own functions, pantherctl dev push-function replaces
// one function's code. Each method names the functions it touches; none lists or changes
// anything else.
type FunctionClient interface {
	// CodeHashes returns the CodeSha256 (base64 of the package's SHA-256) of each named
	// function that exists, from one paginated ListFunctions; names that do not exist are
	// left out.
	CodeHashes(ctx context.Context, names []string) (map[string]string, error)
	// UpdateCode replaces a function's code and returns the CodeSha256 Lambda reports for it;
	// Lambda may still be applying it (see Code). A missing function is ErrNotFound.
	UpdateCode(ctx context.Context, name string, code FunctionCode) (string, error)
	// Code reads a function's CodeSha256 and whether its last update is still being applied.
	Code(ctx context.Context, name string) (FunctionCodeState, error)
}

// FunctionCode is a function's new package: the zip itself, or where a release keeps it.
type FunctionCode struct {
	Zip      []byte
	S3Bucket string
	S3Key    string
}

// FunctionCodeState is what GetFunctionConfiguration says of a function's code.
type FunctionCodeState struct {
	CodeSHA256 string
	// LastUpdateStatus is InProgress while Lambda applies an update, then Successful or Failed.
	LastUpdateStatus string
	// Reason is Lambda's explanation of a Failed update.
	Reason string
	// GOARCH is the Go architecture of the function's instruction set: amd64 for x86_64,
	// arm64 for arm64.
	GOARCH string
}

// Lambda's LastUpdateStatus values.
const (
	UpdateInProgress = string(lambdatypes.LastUpdateStatusInProgress)
	UpdateSuccessful = string(lambdatypes.LastUpdateStatusSuccessful)
	UpdateFailed     = string(lambdatypes.LastUpdateStatusFailed)
)

// NewFunctionClient is the function operations of one AWS configuration, for tools (such as
// pantherctl) that use the standard AWS configuration rather than a Factory.
func NewFunctionClient(cfg aws.Config) FunctionClient {
	return &functionClient{lambda: lambda.NewFromConfig(cfg)}
}

type functionClient struct {
	lambda *lambda.Client
}

func (c *functionClient) CodeHashes(ctx context.Context, names []string) (map[string]string, error) {
	wanted := make(map[string]bool, len(names))
	for _, n := range names {
		wanted[n] = true
	}
	found := map[string]string{}
	pages := lambda.NewListFunctionsPaginator(c.lambda, &lambda.ListFunctionsInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, wrapError("ListFunctions", err)
		}
		for _, fn := range page.Functions {
			if name := aws.ToString(fn.FunctionName); wanted[name] {
				found[name] = aws.ToString(fn.CodeSha256)
			}
		}
	}
	return found, nil
}

func (c *functionClient) UpdateCode(ctx context.Context, name string, code FunctionCode) (string, error) {
	in := &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(name)}
	switch {
	case len(code.Zip) > 0:
		in.ZipFile = code.Zip
	case code.S3Bucket != "" && code.S3Key != "":
		in.S3Bucket, in.S3Key = aws.String(code.S3Bucket), aws.String(code.S3Key)
	default:
		return "", fmt.Errorf("UpdateFunctionCode of %s: no code given", name)
	}
	out, err := c.lambda.UpdateFunctionCode(ctx, in)
	if err != nil {
		return "", wrapError("UpdateFunctionCode", err)
	}
	return aws.ToString(out.CodeSha256), nil
}

func (c *functionClient) Code(ctx context.Context, name string) (FunctionCodeState, error) {
	out, err := c.lambda.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
	if err != nil {
		return FunctionCodeState{}, wrapError("GetFunctionConfiguration", err)
	}
	state := FunctionCodeState{CodeSHA256: aws.ToString(out.CodeSha256), GOARCH: "amd64",
		LastUpdateStatus: string(out.LastUpdateStatus), Reason: aws.ToString(out.LastUpdateStatusReason)}
	if len(out.Architectures) > 0 && out.Architectures[0] == lambdatypes.ArchitectureArm64 {
		state.GOARCH = "arm64"
	}
	return state, nil
}
