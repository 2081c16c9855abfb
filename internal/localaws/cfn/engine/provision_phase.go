package engine

import (
	"errors"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// provisionTick starts every resource whose dependencies are done and
// completes the ones started in an earlier tick.
func (o *operation) provisionTick() bool {
	s := o.stack
	op := s.Op
	tmpl, ev, g, err := o.plan()
	if err != nil {
		op.Failure = wire.ReasonOf(err)
		o.finish(false)
		return false
	}
	waitingOnly := true
	pending := 0
	for _, id := range g.Order {
		if op.Done[id] {
			continue
		}
		pending++
		if _, started := op.Started[id]; started {
			waitingOnly = errors.Is(o.completeProvision(tmpl, ev, id), errPending) && waitingOnly
			continue
		}
		if op.Failure != "" || op.DeleteRequested || !o.depsDone(g.Deps[id]) {
			continue
		}
		waitingOnly = false
		o.startProvision(tmpl, ev, id)
	}
	if (op.Failure != "" || op.DeleteRequested) && o.nothingRunning() {
		o.finish(false)
		return false
	}
	if pending == 0 {
		o.finish(true)
	}
	return waitingOnly && pending > 0
}

func (o *operation) depsDone(deps []string) bool {
	for _, d := range deps {
		if !o.stack.Op.Done[d] {
			return false
		}
	}
	return true
}

func (o *operation) nothingRunning() bool {
	for id := range o.stack.Op.Started {
		if !o.stack.Op.Done[id] {
			return false
		}
	}
	return true
}

// startProvision decides what a resource needs and records the
// *_IN_PROGRESS event; unchanged resources finish at once, silently.
func (o *operation) startProvision(tmpl *template.Template, ev *template.Evaluator, id string) {
	s := o.stack
	decl := tmpl.Resources[id]
	props, err := ev.Eval(decl.Properties)
	existing := s.Resources[id]
	if err != nil {
		o.failResource(existing, id, decl.Type, creating(existing), wire.ReasonOf(err))
		return
	}
	action := o.action(existing, decl.Type, template.AsMap(props))
	if action == "" {
		existing.DeletionPolicy, existing.UpdateReplacePolicy = decl.DeletionPolicy, decl.UpdateReplacePolicy
		s.Op.Done[id] = true
		return
	}
	r := existing
	if action == actionCreate {
		r = &StackResource{LogicalID: id, Type: decl.Type}
		s.Resources[id] = r
	}
	s.Op.Started[id] = time.Now().UTC()
	reason := ""
	if action == actionReplace {
		reason = "Requested update requires the creation of a new physical resource; hence creating one."
	}
	status := "UPDATE_IN_PROGRESS"
	if action == actionCreate {
		status = "CREATE_IN_PROGRESS"
	}
	s.resourceEvent(r, status, reason)
}

// creating reports whether a failure of r is a create failure.
func creating(r *StackResource) bool { return r == nil || r.PhysicalID == "" }

// taggableTypes receive the stack's tags, so a change of stack tags
// updates them.
var taggableTypes = map[string]bool{
	"AWS::S3::Bucket": true, "AWS::Logs::LogGroup": true, "AWS::SQS::Queue": true, "AWS::SNS::Topic": true,
	"AWS::DynamoDB::Table": true, "AWS::KMS::Key": true, "AWS::Lambda::Function": true, "AWS::IAM::Role": true,
	"AWS::CloudFormation::Stack": true,
}

// action decides what a resource needs: its properties decide, and a
// change of stack tags updates taggable resources too.
//
// Nested stacks are always updated: their template may have changed behind
// an unchanged TemplateURL, and the child itself reports when nothing did.
func (o *operation) action(r *StackResource, typ string, props map[string]any) string {
	a := provisionAction(r, typ, props)
	if a == "" && (typ == nestedStackType || (taggableTypes[typ] && o.stackTagsChanged())) {
		return actionUpdate
	}
	return a
}

func (o *operation) stackTagsChanged() bool {
	s := o.stack
	return s.Previous != nil && template.Canonical(tagsAsTree(s.Previous.Tags)) != template.Canonical(tagsAsTree(s.Tags))
}

// provisionAction compares a resource with its desired properties.
func provisionAction(r *StackResource, typ string, props map[string]any) string {
	switch {
	case r == nil || r.PhysicalID == "" || r.Status == "DELETE_COMPLETE":
		return actionCreate
	case r.Type != typ || requiresReplacement(typ, r.Properties, props):
		return actionReplace
	case template.Canonical(normalizeTree(r.Properties)) != template.Canonical(normalizeTree(props)):
		return actionUpdate
	}
	return ""
}

// completeProvision applies a started resource's change to the services.
func (o *operation) completeProvision(tmpl *template.Template, ev *template.Evaluator, id string) error {
	s := o.stack
	decl := tmpl.Resources[id]
	r := s.Resources[id]
	value, err := ev.Eval(decl.Properties)
	if err != nil {
		o.failResource(r, id, decl.Type, creating(r), wire.ReasonOf(err))
		return err
	}
	props := template.AsMap(value)
	pc := o.provisionCtx()
	prov := provisionerFor(decl.Type)
	r.DeletionPolicy, r.UpdateReplacePolicy = decl.DeletionPolicy, decl.UpdateReplacePolicy
	if s.Op.Waiting[id] {
		return o.finishProvision(r, props, pc.poll(r))
	}
	action := o.action(r, decl.Type, props)
	if r.PhysicalID == "" {
		action = actionCreate
	}
	if action == actionUpdate || action == actionReplace {
		// Remember the resource as it was, for an update rollback.
		if r.Before == nil {
			before := snapshot(r)
			r.Before = &before
		}
	}
	if fault := o.injectedFault(action, r); fault != nil {
		return o.finishProvision(r, props, fault)
	}
	if action != "" {
		if err := template.CheckProperties(decl.Type, props); err != nil {
			return o.finishProvision(r, props, err)
		}
	}
	switch action {
	case actionCreate:
		err = prov.create(pc, r, props)
	case actionReplace:
		if name := customName(r.Type, props); name != "" && name == customName(r.Type, r.Properties) {
			err = wire.Failuref("CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename %s and update the stack again.", name)
			break
		}
		old := snapshot(r)
		err = prov.create(pc, r, props)
		if err == nil || errors.Is(err, errPending) {
			r.Stale = append(r.Stale, old)
		}
	case actionUpdate:
		err = prov.update(pc, r, props)
	}
	return o.finishProvision(r, props, err)
}

// customNameProperties name the property that gives a resource its name.
var customNameProperties = map[string]string{
	"AWS::S3::Bucket": "BucketName", "AWS::Logs::LogGroup": "LogGroupName", "AWS::IAM::Role": "RoleName",
	"AWS::Lambda::Function": "FunctionName", "AWS::SQS::Queue": "QueueName", "AWS::SNS::Topic": "TopicName",
	"AWS::DynamoDB::Table": "TableName",
}

// customName returns the name a template gives a resource, or "".
func customName(typ string, props map[string]any) string {
	if prop, ok := customNameProperties[typ]; ok {
		return template.ScalarString(props[prop])
	}
	return ""
}

func (o *operation) finishProvision(r *StackResource, props map[string]any, err error) error {
	s := o.stack
	if errors.Is(err, errPending) {
		s.Op.Waiting[r.LogicalID] = true
		return err
	}
	delete(s.Op.Waiting, r.LogicalID)
	wasCreate := r.Status == "CREATE_IN_PROGRESS"
	if err != nil {
		o.failResource(r, r.LogicalID, r.Type, wasCreate, wire.ReasonOf(err))
		return err
	}
	r.Properties = props
	s.Op.Done[r.LogicalID] = true
	if wasCreate {
		s.resourceEvent(r, "CREATE_COMPLETE", "")
	} else {
		s.resourceEvent(r, "UPDATE_COMPLETE", "")
	}
	return nil
}
