package engine

import (
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// publishOutputs evaluates the template's outputs and registers exports,
// refusing an export name another stack already uses.
func (o *operation) publishOutputs() error {
	s := o.stack
	p, err := template.Prepare(s.Template)
	if err != nil {
		return err
	}
	ev := o.evaluator(p.Template)
	exports := o.eng.region(s.Account, s.Region).Exports
	var outputs []Output
	for _, key := range slices.Sorted(maps.Keys(p.Template.Outputs)) {
		decl := p.Template.Outputs[key]
		ok, err := ev.Included(decl.Condition)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		value, err := ev.EvalString(decl.Value)
		if err != nil {
			return wire.Failuref("Template error: output %s: %v", key, err)
		}
		out := Output{Key: key, Value: value, Description: decl.Description}
		if decl.Export != nil {
			name, err := ev.EvalString(template.AsMap(decl.Export)["Name"])
			if err != nil {
				return err
			}
			if exp, taken := exports[name]; taken && exp.StackID != s.ID {
				return wire.Failuref("Export with name %s is already exported by stack %s", name, stackNameOf(exp.StackID))
			}
			out.ExportName = name
		}
		outputs = append(outputs, out)
	}
	if err := o.checkExportsInUse(outputs); err != nil {
		return err
	}
	s.Outputs = outputs
	o.publishExports()
	return nil
}

// checkExportsInUse refuses to remove or change an export another stack
// imports, with CloudFormation's messages. outputs nil means the stack is
// being deleted.
func (o *operation) checkExportsInUse(outputs []Output) error {
	s := o.stack
	exports := o.eng.region(s.Account, s.Region).Exports
	for _, name := range slices.Sorted(maps.Keys(exports)) {
		exp := exports[name]
		if exp.StackID != s.ID {
			continue
		}
		importer := o.importerOf(name)
		if importer == "" {
			continue
		}
		var kept *Output
		for i := range outputs {
			if outputs[i].ExportName == name {
				kept = &outputs[i]
			}
		}
		switch {
		case outputs == nil:
			return wire.Failuref("Export %s cannot be deleted as it is in use by %s", name, importer)
		case kept == nil:
			return wire.Failuref("Cannot delete export %s as it is in use by %s.", name, importer)
		case kept.Value != exp.Value:
			return wire.Failuref("Cannot update export %s as it is in use by %s.", name, importer)
		}
	}
	return nil
}

// importerOf names a live stack that imports the export, or "".
func (o *operation) importerOf(name string) string {
	region := o.eng.region(o.stack.Account, o.stack.Region)
	for _, st := range sortedStacks(region) {
		if st.ID != o.stack.ID && st.Status != "DELETE_COMPLETE" && slices.Contains(st.Imports, name) {
			return st.Name
		}
	}
	return ""
}

// publishExports makes the exports match the stack's outputs.
func (o *operation) publishExports() {
	o.unpublishExports()
	s := o.stack
	exports := o.eng.region(s.Account, s.Region).Exports
	for _, out := range s.Outputs {
		if out.ExportName != "" {
			exports[out.ExportName] = &Export{Name: out.ExportName, Value: out.Value, StackID: s.ID}
		}
	}
}

func (o *operation) unpublishExports() {
	s := o.stack
	exports := o.eng.region(s.Account, s.Region).Exports
	for name, exp := range exports {
		if exp.StackID == s.ID {
			delete(exports, name)
		}
	}
}

// stackNameOf extracts the name from a stack ARN (…:stack/NAME/uuid).
func stackNameOf(id string) string {
	parts := strings.SplitN(id, "/", 3)
	if len(parts) < 2 {
		return id
	}
	return parts[1]
}
