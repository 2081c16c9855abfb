package localaws

import (
	"net/http"
	"strconv"
)

// cfnService implements the CloudFormation query API.
type cfnService struct{}

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

func (cfnService) resolve(req *request) (string, string) {
	return resolveQuery(req, cfnHandlers, "StackName", "ChangeSetName")
}

func (cfnService) serve(req *request) error {
	if err := req.checkServiceRole(); err != nil {
		return err
	}
	return cfnHandlers[req.operation](req)
}

// checkServiceRole refuses a RoleARN (the service role CloudFormation would
// assume) that names no role localaws knows, as CloudFormation refuses one
// it cannot assume.
func (req *request) checkServiceRole() error {
	arn := req.param("RoleARN")
	if arn == "" {
		return nil
	}
	account, name, ok := parseRoleArn(arn)
	if ok {
		_, ok = req.emu.state.account(account).Roles[name]
	}
	if !ok {
		return validationError("Role %s is invalid or cannot be assumed", arn)
	}
	return nil
}

func (req *request) paramInputs() []paramInput {
	var out []paramInput
	for _, m := range req.memberStructs("Parameters", "ParameterKey", "ParameterValue", "UsePreviousValue") {
		out = append(out, paramInput{Key: m["ParameterKey"], Value: m["ParameterValue"], UsePrevious: m["UsePreviousValue"] == "true"})
	}
	return out
}

// tagsParam returns the Tags list and whether it was given at all.
func (req *request) tagsParam() ([]Tag, bool) {
	var tags []Tag
	for _, m := range req.memberStructs("Tags", "Key", "Value") {
		tags = append(tags, Tag{m["Key"], m["Value"]})
	}
	_, given := req.form["Tags"]
	return tags, given || len(tags) > 0
}

// stack finds a stack by name (live stacks only) or by ID (also deleted
// ones), as DescribeStacks does.
func (req *request) stack(nameOrID string) (*Stack, error) {
	reg := req.regionState()
	if s, ok := reg.Stacks[nameOrID]; ok {
		return s, nil
	}
	if s := reg.liveStack(nameOrID); s != nil {
		return s, nil
	}
	return nil, validationError("Stack with id %s does not exist", nameOrID)
}

// liveStack finds a stack that is not deleted by name.
func (r *Region) liveStack(name string) *Stack {
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
		return 0, newError(http.StatusBadRequest, "ValidationError", "Invalid NextToken")
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
