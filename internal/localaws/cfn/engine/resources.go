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

// lambdaProvisioner records functions after checking that their code
// object exists in S3, as Lambda does.
type lambdaProvisioner struct{}

func (lambdaProvisioner) checkCode(pc *provisionCtx, props map[string]any) error {
	code := template.AsMap(props["Code"])
	if _, inline := code["ZipFile"]; inline {
		return nil
	}
	if _, image := code["ImageUri"]; image {
		return nil
	}
	bucket, key := template.ScalarString(code["S3Bucket"]), template.ScalarString(code["S3Key"])
	_, err := pc.eng.s3.GetObject(bucket, key, template.ScalarString(code["S3ObjectVersion"]))
	switch {
	case codeOf(err) == "NoSuchBucket":
		return wire.Failuref("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	case err != nil:
		return wire.Failuref("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	}
	return nil
}

func (p lambdaProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.checkCode(pc, props); err != nil {
		return err
	}
	name := template.ScalarString(props["FunctionName"])
	if name == "" {
		name = pc.generatedName(r, 64, false)
	}
	if existing, ok := pc.region.Resources[name]; ok && existing.Type == r.Type {
		return wire.Failuref("%s already exists", name)
	}
	arn := pc.arn("lambda", "function:"+name)
	pc.region.Resources[name] = &GenericResource{Type: r.Type, PhysicalID: name, Arn: arn, Properties: props, Tags: pc.resourceTags(props)}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func (p lambdaProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.checkCode(pc, props); err != nil {
		return err
	}
	if g, ok := pc.region.Resources[r.PhysicalID]; ok {
		g.Properties = props
		g.Tags = pc.resourceTags(props)
	}
	return nil
}

func (lambdaProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	delete(pc.region.Resources, r.PhysicalID)
	return nil
}
