package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// errNothingPending says that no change set awaits approval.
var errNothingPending = errors.New("no change set awaits approval")

// errPlanChanged says that the plan changed since the hash the user reviewed.
var errPlanChanged = errors.New("the pending changes changed since they were reviewed")

func runPlan(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl plan", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cluster clusterFlags
	cluster.bind(flags)
	names, err := parseInterspersed(flags, args)
	if err != nil || len(names) != 1 {
		fmt.Fprintln(stderr, "usage: pantherctl plan NAME [-n NAMESPACE] [--kubeconfig FILE]")
		return 2
	}
	cl, namespace, err := cluster.client()
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl plan: %v\n", err)
		return 1
	}
	pd := &deployv1alpha1.PantherDeployment{}
	if err := cl.Get(ctx, client.ObjectKey{Namespace: namespace, Name: names[0]}, pd); err != nil {
		fmt.Fprintf(stderr, "pantherctl plan: %v\n", err)
		return 1
	}
	renderPlan(stdout, pd)
	return 0
}

func runApprove(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl approve", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cluster clusterFlags
	cluster.bind(flags)
	hash := flags.String("hash", "", "approve only if the pending hash is this one (the one `pantherctl plan` showed)")
	names, err := parseInterspersed(flags, args)
	if err != nil || len(names) != 1 {
		fmt.Fprintln(stderr, "usage: pantherctl approve NAME [-n NAMESPACE] [--kubeconfig FILE] [--hash H]")
		return 2
	}
	cl, namespace, err := cluster.client()
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl approve: %v\n", err)
		return 1
	}
	approved, stacks, err := approveDeployment(ctx, cl, client.ObjectKey{Namespace: namespace, Name: names[0]}, *hash)
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl approve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Approved %s: the change sets of %s will be executed\n", approved, strings.Join(stacks, ", "))
	return 0
}

// approveDeployment writes the deploy.panther.io/approve annotation with the deployment's
// current pending hash (which must be want, when want is set) and returns it with the stacks
// it approves. The patch carries the object's resourceVersion, so a deployment the operator
// changed in between (a new plan) is refused rather than approved blindly.
func approveDeployment(ctx context.Context, cl client.Client, key client.ObjectKey, want string) (string, []string, error) {
	pd := &deployv1alpha1.PantherDeployment{}
	if err := cl.Get(ctx, key, pd); err != nil {
		return "", nil, err
	}
	pending := pd.Status.PendingApproval
	switch {
	case pending == "":
		return "", nil, fmt.Errorf("%s/%s: %w", key.Namespace, key.Name, errNothingPending)
	case want != "" && want != pending:
		return "", nil, fmt.Errorf("%s/%s awaits approval of %s, not %s: %w (run `pantherctl plan %s` again)",
			key.Namespace, key.Name, pending, want, errPlanChanged, key.Name)
	}
	var stacks []string
	for _, st := range pd.Status.Stacks {
		if st.PendingChangeDetail != nil {
			stacks = append(stacks, st.StackName)
		}
	}
	base := pd.DeepCopy()
	if pd.Annotations == nil {
		pd.Annotations = map[string]string{}
	}
	pd.Annotations[deployv1alpha1.AnnotationApprove] = pending
	patch := client.MergeFromWithOptions(base, client.MergeFromWithOptimisticLock{})
	if err := cl.Patch(ctx, pd, patch); err != nil {
		return "", nil, err
	}
	return pending, stacks, nil
}

// renderPlan prints the change sets awaiting approval, one block per stack:
//
//	~ AlertsTable  AWS::DynamoDB::Table  Modify (replacement: True)
//	+ NewQueue     AWS::SQS::Queue       Add
//	- OldTopic     AWS::SNS::Topic       Remove
func renderPlan(w io.Writer, pd *deployv1alpha1.PantherDeployment) {
	mode := pd.Spec.Approval
	if mode == "" {
		mode = deployv1alpha1.ApprovalAutomatic
	}
	if pd.Status.PendingApproval == "" {
		fmt.Fprintf(w, "PantherDeployment %s/%s: no change awaits approval (spec.approval: %s)\n", pd.Namespace, pd.Name, mode)
		return
	}
	var held []deployv1alpha1.StackStatus
	for _, st := range pd.Status.Stacks {
		if st.PendingChangeDetail != nil {
			held = append(held, st)
		}
	}
	fmt.Fprintf(w, "PantherDeployment %s/%s: %d stack(s) have changes awaiting approval (hash %s)\n",
		pd.Namespace, pd.Name, len(held), pd.Status.PendingApproval)
	for _, st := range held {
		fmt.Fprintf(w, "\nStack %s (%s), change set %s:\n", st.StackName, st.Name, st.PendingChange)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range st.PendingChangeDetail.Changes {
			fmt.Fprintf(tw, "  %s %s\t%s\t%s\n", changeSymbol(c.Action), c.LogicalID, c.ResourceType, changeText(c))
		}
		_ = tw.Flush()
		if n := st.PendingChangeDetail.Truncated; n > 0 {
			fmt.Fprintf(w, "  ... and %d more (aws cloudformation describe-change-set --stack-name %s --change-set-name %s)\n",
				n, st.StackName, st.PendingChange)
		}
		if len(st.PendingChangeDetail.Changes) == 0 {
			fmt.Fprintln(w, "  (no resource changes)")
		}
	}
	fmt.Fprintf(w, "\nApprove with: pantherctl approve %s -n %s --hash %s\n", pd.Name, pd.Namespace, pd.Status.PendingApproval)
}

// changeSymbol is the diff sign of a change action.
func changeSymbol(action string) string {
	switch action {
	case "Add":
		return "+"
	case "Remove":
		return "-"
	case "Modify":
		return "~"
	case "Import":
		return ">"
	default:
		return "?"
	}
}

// changeText is the action with what CloudFormation says of replacement and scope.
func changeText(c deployv1alpha1.PendingResourceChange) string {
	text := c.Action
	if c.Action == "Modify" && c.Replacement != "" {
		text += " (replacement: " + c.Replacement + ")"
	}
	if len(c.Scope) > 0 {
		text += " [" + strings.Join(c.Scope, ", ") + "]"
	}
	return text
}
