package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/progress"
)

// clusterFlags are the kubeconfig settings every cluster command takes.
type clusterFlags struct {
	kubeconfig string
	namespace  string
}

func (c *clusterFlags) bind(flags *flag.FlagSet) {
	flags.StringVar(&c.kubeconfig, "kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)")
	flags.StringVar(&c.namespace, "n", "", "namespace (default: the kubeconfig context's)")
	flags.StringVar(&c.namespace, "namespace", "", "namespace (default: the kubeconfig context's)")
}

// client builds a client and the namespace with the normal kubeconfig rules.
func (c *clusterFlags) client() (client.Client, string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = c.kubeconfig
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	cfg, err := loader.ClientConfig()
	if err != nil {
		return nil, "", err
	}
	namespace := c.namespace
	if namespace == "" {
		if namespace, _, err = loader.Namespace(); err != nil {
			return nil, "", err
		}
	}
	scheme := runtime.NewScheme()
	if err := deployv1alpha1.AddToScheme(scheme); err != nil {
		return nil, "", err
	}
	if err := eventsv1.AddToScheme(scheme); err != nil {
		return nil, "", err
	}
	cl, err := client.New(cfg, client.Options{Scheme: scheme})
	return cl, namespace, err
}

// parseInterspersed parses flags that may come before or after the positional arguments, as
// in kubectl (`pantherctl watch panther -n security`), and returns the positional ones.
func parseInterspersed(flags *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		if flags.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, flags.Arg(0))
		args = flags.Args()[1:]
	}
}

// snapshot reads a deployment and the events about it.
func snapshot(ctx context.Context, cl client.Client, key client.ObjectKey) (*deployv1alpha1.PantherDeployment, []eventsv1.Event, error) {
	pd := &deployv1alpha1.PantherDeployment{}
	if err := cl.Get(ctx, key, pd); err != nil {
		return nil, nil, err
	}
	list := &eventsv1.EventList{}
	if err := cl.List(ctx, list, client.InNamespace(key.Namespace)); err != nil {
		return pd, nil, nil // events are a nicety; the status is what matters
	}
	var events []eventsv1.Event
	for _, e := range list.Items {
		if e.Regarding.Kind == "PantherDeployment" && e.Regarding.Name == key.Name {
			events = append(events, e)
		}
	}
	return pd, events, nil
}

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl status", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cluster clusterFlags
	cluster.bind(flags)
	names, err := parseInterspersed(flags, args)
	if err != nil || len(names) != 1 {
		fmt.Fprintln(stderr, "usage: pantherctl status NAME [-n NAMESPACE] [--kubeconfig FILE]")
		return 2
	}
	cl, namespace, err := cluster.client()
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl status: %v\n", err)
		return 1
	}
	pd, events, err := snapshot(ctx, cl, client.ObjectKey{Namespace: namespace, Name: names[0]})
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl status: %v\n", err)
		return 1
	}
	progress.Render(stdout, pd, events, time.Now())
	return 0
}

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("pantherctl watch", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cluster clusterFlags
	cluster.bind(flags)
	timeout := flags.Duration("timeout", time.Hour, "give up after this long (exit 3)")
	interval := flags.Duration("interval", time.Second, "how often to look")
	names, err := parseInterspersed(flags, args)
	if err != nil || len(names) != 1 {
		fmt.Fprintln(stderr, "usage: pantherctl watch NAME [-n NAMESPACE] [--kubeconfig FILE] [--timeout 1h]")
		return 2
	}
	cl, namespace, err := cluster.client()
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl watch: %v\n", err)
		return 1
	}
	code, err := watchDeployment(ctx, cl, client.ObjectKey{Namespace: namespace, Name: names[0]}, stdout, *interval, *timeout)
	if err != nil {
		fmt.Fprintf(stderr, "pantherctl watch: %v\n", err)
	}
	return code
}

// watchDeployment shows the deployment's progress until it is Ready (0), Stalled (1), deleted
// after being seen in its teardown (0), missing or unreadable (1), awaiting approval (4), or the
// timeout passes (3). On a terminal it redraws one screen; elsewhere
// it prints a new view only when something other than the clock changed.
func watchDeployment(ctx context.Context, cl client.Client, key client.ObjectKey, out io.Writer, interval, timeout time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	terminal := isTerminal(out)
	var last string
	deleting := false
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		pd, events, err := snapshot(ctx, cl, key)
		switch {
		case apierrors.IsNotFound(err) && deleting:
			fmt.Fprintf(out, "%s is deleted: its teardown is complete\n", key)
			return 0, nil
		case apierrors.IsNotFound(err):
			return 1, fmt.Errorf("PantherDeployment %s not found (deleted, or not created yet)", key)
		case errors.Is(err, context.DeadlineExceeded):
			return 3, fmt.Errorf("gave up after %s", timeout)
		case err != nil:
			return 1, err
		}
		deleting = !pd.DeletionTimestamp.IsZero()
		var view bytes.Buffer
		progress.Render(&view, pd, events, time.Now())
		if terminal {
			fmt.Fprint(out, "\033[H\033[2J", view.String())
		} else if sig := signature(pd, len(events)); sig != last {
			last = sig
			fmt.Fprintln(out, view.String())
		}
		switch progress.PhaseOf(pd) {
		case progress.Ready:
			return 0, nil
		case progress.Stalled:
			return 1, nil
		}
		if awaitingApproval(pd) {
			fmt.Fprintf(out, "%s awaits approval: run `pantherctl plan %s -n %s`, then `pantherctl approve %s -n %s`\n",
				key, key.Name, key.Namespace, key.Name, key.Namespace)
			return 4, nil
		}
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return 3, fmt.Errorf("gave up after %s", timeout)
			}
			return 1, ctx.Err()
		case <-ticker.C:
		}
	}
}

// signature captures what a reader of a log wants to see change: conditions and stack states.
func signature(pd *deployv1alpha1.PantherDeployment, events int) string {
	var b bytes.Buffer
	for _, c := range pd.Status.Conditions {
		fmt.Fprintf(&b, "%s=%s/%s/%s;", c.Type, c.Status, c.Reason, c.Message)
	}
	for _, s := range pd.Status.Stacks {
		fmt.Fprintf(&b, "%s=%s;", s.Name, s.Status)
	}
	fmt.Fprintf(&b, "events=%d", events)
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// awaitingApproval reports that the operator holds change sets for approval for the current
// spec: nothing moves until a person approves them, so watching longer cannot help.
func awaitingApproval(pd *deployv1alpha1.PantherDeployment) bool {
	c := meta.FindStatusCondition(pd.Status.Conditions, deployv1alpha1.ConditionReconciling)
	return c != nil && c.Status == metav1.ConditionTrue && c.Reason == deployv1alpha1.ReasonAwaitingApproval &&
		c.ObservedGeneration == pd.Generation
}
