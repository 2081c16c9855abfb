package controllers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// The stateful-replacement guard: before a change set runs, every change in it is read, and
// one that would replace or remove a resource holding data (a table, a bucket, a user pool, a
// key, a log group with a retention) stops the deployment unless the spec allows it.

// statefulTypes are the resource types whose replacement or removal loses data.
var statefulTypes = map[string]bool{
	"AWS::DynamoDB::Table":   true,
	"AWS::S3::Bucket":        true,
	"AWS::Cognito::UserPool": true,
	"AWS::KMS::Key":          true,
}

// logGroupType is stateful only with a RetentionInDays, which a change set does not show:
// the templates tell.
const logGroupType = "AWS::Logs::LogGroup"

// maxNestedDepth bounds how deep the guard follows nested change sets.
const maxNestedDepth = 3

// guardedChange is one change of a change set tree, with where it is.
type guardedChange struct {
	cloud.ResourceChange
	// component is the Panther stack whose spec.stacks entry may allow it.
	component panther.Component
	// stackName is the stack the resource is in (a nested stack's generated name in Root mode).
	stackName string
	// retained reports that a template of the stack declares RetentionInDays for the
	// resource (meaningful for log groups only).
	retained bool
}

// destructive reports whether the change replaces or removes its resource.
func destructive(c cloud.ResourceChange) (verb string, ok bool) {
	switch {
	case c.Action == cloud.ActionRemove:
		return "remove", true
	case c.Action == cloud.ActionModify && c.Replacement == cloud.ReplacementTrue:
		return "replace", true
	case c.Action == cloud.ActionModify && c.Replacement == cloud.ReplacementConditional:
		return "possibly replace (replacement is conditional)", true
	}
	return "", false
}

// refusedChanges is the guard's decision: the changes that replace or remove a stateful
// resource which the spec does not allow for that stack, in the order given. It is pure.
func refusedChanges(changes []guardedChange, allowed func(panther.Component, string) bool) []guardedChange {
	var refused []guardedChange
	for _, c := range changes {
		if _, ok := destructive(c.ResourceChange); !ok {
			continue
		}
		stateful := statefulTypes[c.ResourceType] || (c.ResourceType == logGroupType && c.retained)
		if stateful && !allowed(c.component, c.LogicalID) {
			refused = append(refused, c)
		}
	}
	return refused
}

// guardChangeSet refuses, as a Stalled error, a ready change set that would replace or remove
// a stateful resource the spec does not allow; the change set is kept and named in the
// status. A change set it lets through clears the pending name.
func (r *PantherDeploymentReconciler) guardChangeSet(ctx context.Context, s *scope, d desiredStack, cs cloud.ChangeSet,
	entry *deployv1alpha1.StackStatus,
) error {
	changes, err := r.changeTree(ctx, s, d, cs)
	if err != nil {
		return err
	}
	refused := refusedChanges(changes, func(c panther.Component, logicalID string) bool {
		return stackSpec(s.obj, c).AllowsReplacement(logicalID)
	})
	if len(refused) == 0 {
		entry.PendingChange = ""
		return nil
	}
	entry.PendingChange = d.changeSetName()
	s.log.Info("Holding a change set that replaces stateful resources", "stack", d.stackName,
		"changeSet", d.changeSetName(), "resources", len(refused))
	return stalled(deployv1alpha1.ReasonStatefulReplacement, "%s", refusalMessage(d, refused))
}

// refusalMessage says what the held change set would do and how to let it.
func refusalMessage(d desiredStack, refused []guardedChange) string {
	var what, fixes []string
	for _, c := range refused {
		verb, _ := destructive(c.ResourceChange)
		where := ""
		if c.stackName != d.stackName {
			where = " in nested stack " + c.stackName
		}
		policy := ""
		if c.PolicyAction != "" {
			policy = ", policy action " + c.PolicyAction
		}
		what = append(what, fmt.Sprintf("%s %s (%s%s)%s", verb, c.LogicalID, c.ResourceType, policy, where))
		fix := fmt.Sprintf("spec.stacks.%s.allowReplacement", c.component)
		if !slices.Contains(fixes, fix) {
			fixes = append(fixes, fix)
		}
	}
	ids := make([]string, 0, len(refused))
	for _, c := range refused {
		if !slices.Contains(ids, c.LogicalID) {
			ids = append(ids, c.LogicalID)
		}
	}
	return fmt.Sprintf("Stack %s: change set %s would %s, stateful resources whose data would be lost. "+
		"The change set is kept for review and not executed: add %s to %s to let it run, or change the template",
		d.stackName, d.changeSetName(), strings.Join(what, ", "), strings.Join(ids, ", "), strings.Join(fixes, " and "))
}

// changeTree lists the changes of a change set and, for a root stack, of its nested change
// sets, each with the component that may allow it and, for a log group that is replaced or
// removed, whether its templates declare a retention.
func (r *PantherDeploymentReconciler) changeTree(ctx context.Context, s *scope, d desiredStack, cs cloud.ChangeSet) ([]guardedChange, error) {
	var out []guardedChange
	var walk func(stackName, changeSet string, c panther.Component, cs cloud.ChangeSet, depth int) error
	walk = func(stackName, changeSet string, c panther.Component, cs cloud.ChangeSet, depth int) error {
		var retained map[string]bool
		unreadable := false
		for _, ch := range cs.Changes {
			if ch.ResourceType == cloud.ResourceTypeNestedStack && ch.NestedChangeSetID != "" && depth < maxNestedDepth {
				nested, err := s.clients.Stacks.DescribeChangeSet(ctx, "", ch.NestedChangeSetID)
				if err != nil {
					return transient(deployv1alpha1.ReasonAWSError, err)
				}
				component := c
				if depth == 0 && c == "" {
					component = componentOfRootResource(ch.LogicalID)
				}
				if err := walk(nested.StackName, ch.NestedChangeSetID, component, nested, depth+1); err != nil {
					return err
				}
				continue
			}
			g := guardedChange{ResourceChange: ch, component: c, stackName: stackName}
			if _, ok := destructive(ch); ok && ch.ResourceType == logGroupType {
				if retained == nil {
					var err error
					retained, err = retainedLogGroups(ctx, s.clients.Stacks, stackName, changeSet)
					switch {
					case errors.Is(err, errTemplatesUnreadable):
						s.log.Info("Counting every log group as one with a retention: cloudformation:GetTemplate is denied", "stack", stackName)
						retained = map[string]bool{}
						unreadable = true
					case err != nil:
						return err
					}
				}
				g.retained = unreadable || retained[ch.LogicalID]
			}
			out = append(out, g)
		}
		return nil
	}
	return out, walk(d.stackName, d.changeSetName(), d.component, cs, 0)
}

// componentOfRootResource maps a logical ID of the root template (LogAnalysis) to its
// component (logAnalysis); the root template names each nested stack so.
func componentOfRootResource(logicalID string) panther.Component {
	first, size := utf8.DecodeRuneInString(logicalID)
	name := string(unicode.ToLower(first)) + logicalID[size:]
	for _, c := range panther.Components() {
		if string(c) == name {
			return c
		}
	}
	return panther.Component(name)
}

// errTemplatesUnreadable says that the stack's templates may not be read.
var errTemplatesUnreadable = errors.New("the templates may not be read")

// retainedLogGroups are the log groups that the stack's deployed template or the change
// set's template declares with a RetentionInDays.
func retainedLogGroups(ctx context.Context, stacks cloud.StackClient, stackName, changeSet string) (map[string]bool, error) {
	retained := map[string]bool{}
	for _, cs := range []string{"", changeSet} {
		body, err := stacks.Template(ctx, stackName, cs)
		switch {
		case errors.Is(err, cloud.ErrNotFound):
			continue
		case errors.Is(err, cloud.ErrAccessDenied):
			// Without cloudformation:GetTemplate the retention cannot be told: every log
			// group counts as one with a retention, which holds the change set rather than
			// risking the logs.
			return nil, errTemplatesUnreadable
		case err != nil:
			return nil, transient(deployv1alpha1.ReasonAWSError, err)
		}
		ids, err := logGroupsWithRetention(body)
		if err != nil {
			return nil, fmt.Errorf("reading the template of %s: %w", stackName, err)
		}
		for _, id := range ids {
			retained[id] = true
		}
	}
	return retained, nil
}

// logGroupsWithRetention lists the logical IDs of the template's AWS::Logs::LogGroup
// resources that set RetentionInDays. It reads YAML (short-form intrinsic tags included) and
// JSON alike.
func logGroupsWithRetention(body string) ([]string, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(body), &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	var ids []string
	resources := mappingValue(doc.Content[0], "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		id, decl := resources.Content[i].Value, resources.Content[i+1]
		if typ := mappingValue(decl, "Type"); typ == nil || typ.Value != logGroupType {
			continue
		}
		if mappingValue(mappingValue(decl, "Properties"), "RetentionInDays") != nil {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// mappingValue returns the value of key in a YAML mapping node, or nil.
func mappingValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
