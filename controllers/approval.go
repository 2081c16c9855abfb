package controllers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/panther"
)

// Preview and approval: with spec.approval Manual, a ready change set is recorded in its
// stack's status (name, hash, changes) and held. status.pendingApproval is one hash over every
// held change set; the deploy.panther.io/approve annotation naming it lets exactly those
// change sets run, on the next reconcile that still sees the same spec and the same hashes.

// hashLength is how many hex digits of a SHA-256 the approval hashes keep: short enough to
// read and paste, long enough that two plans never collide by chance.
const hashLength = 16

// maxPendingChanges bounds the changes recorded per stack (the status must stay small).
const maxPendingChanges = 200

// changeSetHash is the hash of one held change set: the stack, the change set's name, the
// stack's desired state and every change, in order. It is pure.
func changeSetHash(stackName, changeSet, desiredState string, changes []cloud.ResourceChange) string {
	h := sha256.New()
	fmt.Fprintf(h, "stack=%s\nchangeSet=%s\ndesired=%s\n", stackName, changeSet, desiredState)
	for _, c := range changes {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s|%s|%s\n", c.Action, c.LogicalID, c.PhysicalID, c.ResourceType,
			c.Replacement, strings.Join(c.Scope, ","), c.NestedChangeSetID)
	}
	return hex.EncodeToString(h.Sum(nil))[:hashLength]
}

// approvalHash is the hash of the deployment's held change sets: the hash of every stack's
// pendingChangeDetail.hash, by stack name. Empty when none is held.
func approvalHash(stacks []deployv1alpha1.StackStatus) string {
	var lines []string
	for _, st := range stacks {
		if st.PendingChangeDetail != nil {
			lines = append(lines, st.Name+"="+st.PendingChangeDetail.Hash)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])[:hashLength]
}

// pendingDetail is the status form of a held change set.
func pendingDetail(hash string, changes []cloud.ResourceChange) *deployv1alpha1.PendingChange {
	p := &deployv1alpha1.PendingChange{Hash: hash}
	for i, c := range changes {
		if i == maxPendingChanges {
			p.Truncated = int32(len(changes) - maxPendingChanges) //nolint:gosec // bounded by the change set's size
			break
		}
		p.Changes = append(p.Changes, deployv1alpha1.PendingResourceChange{
			Action: c.Action, LogicalID: c.LogicalID, ResourceType: c.ResourceType,
			Replacement: c.Replacement, Scope: slices.Clone(c.Scope),
		})
	}
	return p
}

// holdForApproval decides, with spec.approval Manual, whether a ready change set that the
// guard let through may run now. It may when the approve annotation names the deployment's
// pending hash of the previous reconcile, that reconcile saw the current generation of the
// spec, and it recorded this very change set with this very hash. Otherwise the change set is
// recorded as pending and held (held is true).
func holdForApproval(s *scope, d desiredStack, component panther.Component, cs cloud.ChangeSet,
	entry *deployv1alpha1.StackStatus,
) (held bool) {
	if !s.obj.Spec.ManualApproval() {
		return false
	}
	hash := changeSetHash(d.stackName, d.changeSetName(), d.hash, cs.Changes)
	if approvedBefore(s, component, d.changeSetName(), hash) {
		s.log.Info("Executing an approved change set", "stack", d.stackName, "changeSet", d.changeSetName(), "hash", hash)
		entry.PendingChange, entry.PendingChangeDetail = "", nil
		return false
	}
	entry.PendingChange, entry.PendingChangeDetail = d.changeSetName(), pendingDetail(hash, cs.Changes)
	s.awaiting = append(s.awaiting, d.stackName)
	s.log.V(1).Info("Holding a change set for approval", "stack", d.stackName, "changeSet", d.changeSetName(), "hash", hash)
	return true
}

// approvedBefore reports whether the previous reconcile held exactly this change set and the
// annotation approves what that reconcile reported, for the spec it reported it for.
func approvedBefore(s *scope, component panther.Component, changeSet, hash string) bool {
	approved := s.obj.Annotations[deployv1alpha1.AnnotationApprove]
	if approved == "" || approved != s.previous.PendingApproval || s.previous.ObservedGeneration != s.obj.Generation {
		return false
	}
	before, ok := previousEntry(s, component)
	return ok && before.PendingChange == changeSet && before.PendingChangeDetail != nil && before.PendingChangeDetail.Hash == hash
}

// awaitingMessage is the condition message while change sets await approval.
func awaitingMessage(obj *deployv1alpha1.PantherDeployment, stacks []string) string {
	return fmt.Sprintf("%d stack(s) have changes awaiting approval (%s): review them with `pantherctl plan %s -n %s`, then run `pantherctl approve %s -n %s`",
		len(stacks), strings.Join(stacks, ", "), obj.Name, obj.Namespace, obj.Name, obj.Namespace)
}
