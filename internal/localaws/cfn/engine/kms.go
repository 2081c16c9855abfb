package engine

import (
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// kmsFailure renders a KMS error as a status reason.
func kmsFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Kms, Status Code: %d, Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// keyProvisioner creates real KMS keys; Ref is the key ID.
type keyProvisioner struct{}

// keyProps reads an AWS::KMS::Key's description, policy and Enabled
// (true unless false).
func keyProps(props map[string]any) (description, policy string, enabled bool) {
	if p, ok := props["KeyPolicy"]; ok && p != nil {
		policy = jsonString(p)
	}
	return template.ScalarString(props["Description"]), policy, template.ScalarString(props["Enabled"]) != "false"
}

func (keyProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	for _, p := range []string{"KeySpec", "KeyUsage"} {
		if v := template.ScalarString(props[p]); v != "" && v != "SYMMETRIC_DEFAULT" && v != "ENCRYPT_DECRYPT" {
			return wire.Failuref("localaws supports only symmetric encryption keys, not %s %s.", p, v)
		}
	}
	s := pc.stack
	description, policy, enabled := keyProps(props)
	id, arn := pc.eng.kms.CreateKey(s.Account, s.Region, description, policy, enabled, pc.resourceTags(props))
	r.PhysicalID = id
	r.Attributes = map[string]any{"Arn": arn, "KeyId": id}
	return nil
}

func (keyProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	description, policy, enabled := keyProps(props)
	if err := pc.eng.kms.UpdateKey(s.Account, s.Region, r.PhysicalID, description, policy, enabled, pc.resourceTags(props)); err != nil {
		return kmsFailure(err)
	}
	return nil
}

// delete schedules the key's deletion, as CloudFormation does, after
// PendingWindowInDays (default 30).
func (keyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	days, _ := strconv.Atoi(template.ScalarString(r.Properties["PendingWindowInDays"]))
	if err := pc.eng.kms.ScheduleKeyDeletion(pc.stack.Account, pc.stack.Region, r.PhysicalID, days); err != nil {
		return kmsFailure(err)
	}
	return nil
}

// aliasProvisioner creates real KMS aliases; Ref is the alias name.
type aliasProvisioner struct{}

func (aliasProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["AliasName"])
	err := pc.eng.kms.PutAlias(pc.stack.Account, pc.stack.Region, name, template.ScalarString(props["TargetKeyId"]), false)
	if err != nil {
		return kmsFailure(err)
	}
	r.PhysicalID, r.Attributes = name, map[string]any{}
	return nil
}

func (aliasProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	err := pc.eng.kms.PutAlias(pc.stack.Account, pc.stack.Region, r.PhysicalID, template.ScalarString(props["TargetKeyId"]), true)
	if err != nil {
		return kmsFailure(err)
	}
	return nil
}

func (aliasProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.kms.DeleteAlias(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}
