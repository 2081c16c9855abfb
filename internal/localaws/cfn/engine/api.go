package engine

import (
	"net/http"
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

var cfnHandlers map[string]handlerFunc

func init() {
	cfnHandlers = map[string]handlerFunc{
		"CreateStack":                       cfnCreateStack,
		"UpdateStack":                       cfnUpdateStack,
		"DeleteStack":                       cfnDeleteStack,
		"DescribeStacks":                    cfnDescribeStacks,
		"ListStacks":                        cfnListStacks,
		"DescribeStackEvents":               cfnDescribeStackEvents,
		"DescribeStackResources":            cfnDescribeStackResources,
		"DescribeStackResource":             cfnDescribeStackResource,
		"ListStackResources":                cfnListStackResources,
		"GetTemplate":                       cfnGetTemplate,
		"ValidateTemplate":                  cfnValidateTemplate,
		"UpdateTerminationProtection":       cfnUpdateTerminationProtection,
		"CancelUpdateStack":                 cfnCancelUpdateStack,
		"ContinueUpdateRollback":            cfnContinueUpdateRollback,
		"ListExports":                       cfnListExports,
		"ListImports":                       cfnListImports,
		"GetTemplateSummary":                cfnGetTemplateSummary,
		"CreateChangeSet":                   cfnCreateChangeSet,
		"DescribeChangeSet":                 cfnDescribeChangeSet,
		"ExecuteChangeSet":                  cfnExecuteChangeSet,
		"DeleteChangeSet":                   cfnDeleteChangeSet,
		"ListChangeSets":                    cfnListChangeSets,
		"DetectStackDrift":                  cfnDetectStackDrift,
		"DescribeStackDriftDetectionStatus": cfnDescribeStackDriftDetectionStatus,
		"DescribeStackResourceDrifts":       cfnDescribeStackResourceDrifts,
	}
}

// Resolve implements wire.Service.
func (e *Engine) Resolve(req *wire.Request) (string, string) {
	return wire.ResolveQuery(req, cfnHandlers, "StackName", "ChangeSetName")
}

// Serve implements wire.Service.
func (e *Engine) Serve(wreq *wire.Request) error {
	req := &request{Request: wreq, eng: e}
	if err := req.checkServiceRole(); err != nil {
		return err
	}
	return cfnHandlers[req.Operation](req)
}

// checkServiceRole refuses a RoleARN (the service role CloudFormation would
// assume) that names no role localaws knows, as CloudFormation refuses one
// it cannot assume.
func (req *request) checkServiceRole() error {
	arn := req.Param("RoleARN")
	if arn == "" {
		return nil
	}
	if !req.eng.iam.HasRoleArn(arn) {
		return wire.ValidationError("Role %s is invalid or cannot be assumed", arn)
	}
	return nil
}

func (req *request) paramInputs() []template.ParamInput {
	var out []template.ParamInput
	for _, m := range req.MemberStructs("Parameters", "ParameterKey", "ParameterValue", "UsePreviousValue") {
		out = append(out, template.ParamInput{Key: m["ParameterKey"], Value: m["ParameterValue"], UsePrevious: m["UsePreviousValue"] == "true"})
	}
	return out
}

// tagsParam returns the Tags list and whether it was given at all.
func (req *request) tagsParam() ([]state.Tag, bool) {
	var tags []state.Tag
	for _, m := range req.MemberStructs("Tags", "Key", "Value") {
		tags = append(tags, state.Tag{Key: m["Key"], Value: m["Value"]})
	}
	_, given := req.Form["Tags"]
	return tags, given || len(tags) > 0
}

// stack finds a stack by name (live stacks only) or by ID (also deleted
// ones), as DescribeStacks does.
func (req *request) stack(nameOrID string) (*Stack, error) {
	reg := req.region()
	if s, ok := reg.Stacks[nameOrID]; ok {
		return s, nil
	}
	if s := reg.liveStack(nameOrID); s != nil {
		return s, nil
	}
	return nil, wire.ValidationError("Stack with id %s does not exist", nameOrID)
}

// liveStack finds a stack that is not deleted by name.
func (r region) liveStack(name string) *Stack {
	for _, s := range r.Stacks {
		if s.Name == name && s.Status != "DELETE_COMPLETE" {
			return s
		}
	}
	return nil
}

func pageToken(token string) (int, error) {
	if token == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(token)
	if err != nil || n < 0 {
		return 0, wire.NewError(http.StatusBadRequest, "ValidationError", "Invalid NextToken")
	}
	return n, nil
}

// page returns the bounds of one page of n items and the next token.
func page(n, start, size int) (int, int, string) {
	start = min(start, n)
	end := min(start+size, n)
	next := ""
	if end < n {
		next = strconv.Itoa(end)
	}
	return start, end, next
}
