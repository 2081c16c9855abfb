package engine

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// glueFailure renders a Glue error as a status reason.
func glueFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Glue, Status Code: %d, Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// glueInput is an input property (DatabaseInput, TableInput) in JSON, its
// Name set to name when not empty.
func glueInput(props map[string]any, property, name string) []byte {
	in := maps.Clone(template.AsMap(props[property]))
	if in == nil {
		in = map[string]any{}
	}
	if name != "" {
		in["Name"] = name
	}
	data, _ := json.Marshal(in)
	return data
}

// inputName is the Name of an input property, or a generated one.
func inputName(pc *provisionCtx, r *StackResource, props map[string]any, property string) string {
	if name := template.ScalarString(template.AsMap(props[property])["Name"]); name != "" {
		return name
	}
	return strings.ToLower(pc.generatedName(r, 255, true))
}

// glueDatabaseProvisioner creates real Glue databases; Ref is the name.
type glueDatabaseProvisioner struct{}

func (glueDatabaseProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	name, err := pc.eng.glue.CreateDatabase(s.Account, s.Region, glueInput(props, "DatabaseInput", inputName(pc, r, props, "DatabaseInput")))
	if err != nil {
		return glueFailure(err)
	}
	r.PhysicalID, r.Attributes = name, map[string]any{}
	return nil
}

func (glueDatabaseProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	if err := pc.eng.glue.UpdateDatabase(s.Account, s.Region, r.PhysicalID, glueInput(props, "DatabaseInput", r.PhysicalID)); err != nil {
		return glueFailure(err)
	}
	return nil
}

func (glueDatabaseProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.glue.DeleteDatabase(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}

// glueTableProvisioner creates real Glue tables; Ref is the name.
type glueTableProvisioner struct{}

func (glueTableProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	db := strings.ToLower(template.ScalarString(props["DatabaseName"]))
	name, err := pc.eng.glue.CreateTable(s.Account, s.Region, db, glueInput(props, "TableInput", inputName(pc, r, props, "TableInput")))
	if err != nil {
		return glueFailure(err)
	}
	r.PhysicalID, r.Attributes = name, map[string]any{}
	return nil
}

// update changes the table in place; a new TableInput name makes a new
// table and drops the old one.
func (p glueTableProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	db := strings.ToLower(template.ScalarString(props["DatabaseName"]))
	if name := strings.ToLower(template.ScalarString(template.AsMap(props["TableInput"])["Name"])); name != "" && name != r.PhysicalID {
		old := r.PhysicalID
		if err := p.create(pc, r, props); err != nil {
			return err
		}
		pc.eng.glue.DeleteTable(s.Account, s.Region, db, old)
		return nil
	}
	if err := pc.eng.glue.UpdateTable(s.Account, s.Region, db, glueInput(props, "TableInput", r.PhysicalID)); err != nil {
		return glueFailure(err)
	}
	return nil
}

func (glueTableProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	db := strings.ToLower(template.ScalarString(r.Properties["DatabaseName"]))
	pc.eng.glue.DeleteTable(pc.stack.Account, pc.stack.Region, db, r.PhysicalID)
	return nil
}
