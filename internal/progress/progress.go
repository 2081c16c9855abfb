// Package progress renders where a PantherDeployment stands, for people: a one-screen view of
// its stacks, a bar of completed stacks, and its latest events. `pantherctl watch`,
// `pantherctl status` and the local demo share it.
package progress

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
)

// Phase is the verdict on a deployment: what a watcher waits for.
type Phase int

const (
	// Working means the operator has not reached a conclusion on the latest generation.
	Working Phase = iota
	// Ready means every enabled stack is complete.
	Ready
	// Stalled means a person must act; the Stalled condition says what to do.
	Stalled
)

// PhaseOf reads the deployment's conditions, counting only those of its latest generation.
func PhaseOf(pd *deployv1alpha1.PantherDeployment) Phase {
	current := func(t string) *metav1.Condition {
		c := meta.FindStatusCondition(pd.Status.Conditions, t)
		if c == nil || c.ObservedGeneration != pd.Generation {
			return nil
		}
		return c
	}
	if c := current(deployv1alpha1.ConditionStalled); c != nil && c.Status == metav1.ConditionTrue {
		return Stalled
	}
	if c := current(deployv1alpha1.ConditionReady); c != nil && c.Status == metav1.ConditionTrue &&
		pd.DeletionTimestamp.IsZero() {
		return Ready
	}
	return Working
}

// complete lists the stack statuses that count as done on the progress bar.
func complete(status string) bool {
	switch status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE":
		return true
	}
	return false
}

// Render writes the view of a deployment: its verdict, a progress bar, a table of its stacks
// with the time since each last changed, and its latest events (newest last).
func Render(w io.Writer, pd *deployv1alpha1.PantherDeployment, events []eventsv1.Event, now time.Time) {
	ready := meta.FindStatusCondition(pd.Status.Conditions, deployv1alpha1.ConditionReady)
	verdict := "waiting for the operator"
	if ready != nil {
		verdict = ready.Reason + ": " + ready.Message
	}
	if stalled := meta.FindStatusCondition(pd.Status.Conditions, deployv1alpha1.ConditionStalled); stalled != nil &&
		stalled.Status == metav1.ConditionTrue {
		verdict = "STALLED " + stalled.Reason + ": " + stalled.Message
	}
	fmt.Fprintf(w, "%s/%s  Panther %s in %s  (%s)\n", pd.Namespace, pd.Name, pd.Spec.Version, pd.Spec.Region,
		since(pd.CreationTimestamp.Time, now))
	fmt.Fprintf(w, "%s\n\n", verdict)

	done, total := 0, 0
	for _, s := range pd.Status.Stacks {
		if s.Name == "root" {
			continue
		}
		if s.Status != "NOT_FOUND" || s.DesiredState != "" {
			total++
		}
		if complete(s.Status) {
			done++
		}
	}
	fmt.Fprintf(w, "%s %d/%d stacks complete\n\n", bar(done, total, 30), done, total)

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STACK\tCLOUDFORMATION\tSTATUS\tSINCE\tVERSION")
	for _, s := range pd.Status.Stacks {
		changed := ""
		if s.LastTransitionTime != nil {
			changed = since(s.LastTransitionTime.Time, now)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.StackName, s.Status, changed, s.Version)
	}
	_ = tw.Flush()

	if url := pd.Status.URL; url != "" {
		fmt.Fprintf(w, "\nURL: %s\n", url)
	}
	if len(events) > 0 {
		fmt.Fprintln(w, "\nLatest events:")
		for _, e := range latest(events, 5) {
			fmt.Fprintf(w, "  %s  %-16s %s\n", since(eventTime(e), now), e.Reason, e.Note)
		}
	}
}

func bar(done, total, width int) string {
	if total == 0 {
		return "[" + strings.Repeat("-", width) + "]"
	}
	filled := done * width / total
	return "[" + strings.Repeat("#", filled) + strings.Repeat("-", width-filled) + "]"
}

// since is a short, stable duration such as 4m05s.
func since(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t).Round(time.Second)
	if d < 0 {
		d = 0
	}
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Seconds()))
	}
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

func eventTime(e eventsv1.Event) time.Time {
	if !e.EventTime.IsZero() {
		return e.EventTime.Time
	}
	return e.CreationTimestamp.Time
}

// latest returns the n newest events, oldest first.
func latest(events []eventsv1.Event, n int) []eventsv1.Event {
	sorted := append([]eventsv1.Event(nil), events...)
	sort.SliceStable(sorted, func(i, j int) bool { return eventTime(sorted[i]).Before(eventTime(sorted[j])) })
	if len(sorted) > n {
		sorted = sorted[len(sorted)-n:]
	}
	return sorted
}
