package engine

import (
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// logGroupProvisioner creates CloudWatch Logs groups.
type logGroupProvisioner struct{}

func (logGroupProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["LogGroupName"])
	if name == "" {
		name = pc.generatedName(r, 512, false)
	}
	retention, _ := strconv.Atoi(template.ScalarString(props["RetentionInDays"]))
	arn, err := pc.eng.logs.CreateLogGroup(pc.stack.Account, pc.stack.Region, name, retention, pc.resourceTags(props))
	if err != nil {
		ae := wire.AsError(err)
		if ae.Code == "ResourceAlreadyExistsException" {
			return wire.Failuref("Resource of type 'AWS::Logs::LogGroup' with identifier '%s' already exists.", name)
		}
		return wire.Failuref("%s (Service: CloudWatchLogs; Status Code: 400; Error Code: %s)", ae.Message, ae.Code)
	}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func (logGroupProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	retention, _ := strconv.Atoi(template.ScalarString(props["RetentionInDays"]))
	err := pc.eng.logs.UpdateLogGroup(pc.stack.Account, pc.stack.Region, r.PhysicalID, retention, pc.resourceTags(props))
	switch codeOf(err) {
	case "ResourceNotFoundException":
		return wire.Failuref("Resource of type 'AWS::Logs::LogGroup' with identifier '%s' was not found.", r.PhysicalID)
	case "InvalidParameterException":
		return wire.Failuref("Invalid retention value %d", retention)
	}
	return err
}

func (logGroupProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.logs.DeleteLogGroup(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}

// roleProvisioner creates IAM roles that AssumeRole can then assume.
type roleProvisioner struct{}

func (roleProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["RoleName"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	arn, roleID, err := pc.eng.iam.CreateRole(pc.stack.Account, name, template.ScalarString(props["Path"]), jsonString(props["AssumeRolePolicyDocument"]))
	if codeOf(err) == "EntityAlreadyExists" {
		return wire.Failuref("%s already exists", name)
	} else if err != nil {
		return err
	}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": arn, "RoleId": roleID}
	return nil
}

func (roleProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	return pc.eng.iam.UpdateAssumeRolePolicy(pc.stack.Account, r.PhysicalID, jsonString(props["AssumeRolePolicyDocument"]))
}

func (roleProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.iam.DeleteRole(pc.stack.Account, r.PhysicalID)
	return nil
}
