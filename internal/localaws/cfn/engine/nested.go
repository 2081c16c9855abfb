package engine

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/state"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

const nestedStackType = "AWS::CloudFormation::Stack"

// nestedStackProvisioner runs AWS::CloudFormation::Stack resources as real
// child stacks, visible in DescribeStacks with ParentId and RootId.
type nestedStackProvisioner struct{}

func (nestedStackProvisioner) input(pc *provisionCtx, props map[string]any) (stackInput, error) {
	source, err := pc.eng.loadTemplateSource("", template.ScalarString(props["TemplateURL"]))
	if err != nil {
		return stackInput{}, err
	}
	params := template.AsMap(props["Parameters"])
	var inputs []template.ParamInput
	for _, k := range slices.Sorted(maps.Keys(params)) {
		v := params[k]
		if list, ok := v.([]any); ok {
			inputs = append(inputs, template.ParamInput{Key: k, Value: strings.Join(template.StringList(list), ",")})
			continue
		}
		inputs = append(inputs, template.ParamInput{Key: k, Value: template.ScalarString(v)})
	}
	tags := pc.resourceTags(props)
	var childTags []state.Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		childTags = append(childTags, state.Tag{Key: k, Value: tags[k]})
	}
	root := pc.stack.RootID
	if root == "" {
		root = pc.stack.ID
	}
	return stackInput{
		Template: source, Params: inputs, Tags: childTags, TagsGiven: true,
		// Children get the capabilities the parent was given, so an IAM
		// resource in a nested template needs them at the root, as on AWS.
		Capabilities:    pc.stack.Capabilities,
		DisableRollback: pc.stack.DisableRollback, ParentID: pc.stack.ID, RootID: root,
	}, nil
}

func (p nestedStackProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	in, err := p.input(pc, props)
	if err != nil {
		return err
	}
	in.Name = pc.generatedName(r, 128, false)
	child, err := pc.eng.createStack(pc.stack.Account, pc.stack.Region, in)
	if err != nil {
		return err
	}
	r.PhysicalID = child.ID
	r.Attributes = map[string]any{}
	return errPending
}

func (p nestedStackProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	child := pc.eng.lookupStack(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	if child == nil {
		return wire.Failuref("Stack %s does not exist", r.PhysicalID)
	}
	in, err := p.input(pc, props)
	if err != nil {
		return err
	}
	in.Name = child.Name
	err = pc.eng.updateStack(child, in)
	if ae := (*wire.Error)(nil); errors.As(err, &ae) && ae.Message == noUpdatesMessage {
		return nil
	}
	if err != nil {
		return err
	}
	return errPending
}

func (nestedStackProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	child := pc.eng.lookupStack(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	if child == nil || child.Status == "DELETE_COMPLETE" {
		return nil
	}
	if child.Op != nil {
		// Let the child's own operation end first.
		return errPending
	}
	if err := pc.eng.deleteStack(child, nil); err != nil {
		return err
	}
	return errPending
}

// poll reports the child's outcome once its operation ended.
func (p nestedStackProvisioner) poll(pc *provisionCtx, r *StackResource) error {
	child := pc.eng.lookupStack(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	if r.Status == "DELETE_IN_PROGRESS" {
		return p.pollDelete(pc, r, child)
	}
	if child == nil {
		return wire.Failuref("Embedded stack %s does not exist", r.PhysicalID)
	}
	if child.Op != nil || inProgress(child.Status) {
		return errPending
	}
	if child.Status == "CREATE_COMPLETE" || child.Status == "UPDATE_COMPLETE" {
		attrs := map[string]any{}
		for _, o := range child.Outputs {
			attrs["Outputs."+o.Key] = o.Value
		}
		r.Attributes = attrs
		return nil
	}
	verb := "created"
	if r.Status == "UPDATE_IN_PROGRESS" {
		verb = "updated"
	}
	return wire.Failuref("Embedded stack %s was not successfully %s: %s", child.ID, verb, child.StatusReason)
}

// pollDelete follows a child's deletion, starting it once the child is at
// rest.
func (p nestedStackProvisioner) pollDelete(pc *provisionCtx, r *StackResource, child *Stack) error {
	switch {
	case child == nil || child.Status == "DELETE_COMPLETE":
		return nil
	case child.Op != nil:
		return errPending
	case child.Status == "DELETE_FAILED":
		return wire.Failuref("Embedded stack %s was not successfully deleted: %s", child.ID, child.StatusReason)
	}
	return p.delete(pc, r)
}
