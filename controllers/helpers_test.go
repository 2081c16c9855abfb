package controllers_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	awssdk "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
	"sigs.k8s.io/controller-runtime/pkg/client"

	deployv1alpha1 "github.com/panther-operator/panther-operator/api/v1alpha1"
	"github.com/panther-operator/panther-operator/internal/cloud"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
	"github.com/panther-operator/panther-operator/internal/panther"
)

var accountSeq atomic.Int64

// account is one localaws account with its own namespace, credentials Secret and published
// releases: a world of its own for one story.
type account struct {
	id        string
	namespace string
	// bucket holds the releases; bucket names are global, as on AWS.
	bucket string
}

// newAccount makes a fresh localaws account, publishes both test releases into it, and a
// namespace with a Secret holding its credentials.
func newAccount() account {
	GinkgoHelper()
	n := accountSeq.Add(1)
	acct := account{
		id:        fmt.Sprintf("1000000%05d", n),
		namespace: fmt.Sprintf("story-%d", n),
		bucket:    fmt.Sprintf("panther-releases-%d", n),
	}
	Expect(k8sClient.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: acct.namespace}})).To(Succeed())
	Expect(k8sClient.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "aws", Namespace: acct.namespace},
		StringData: map[string]string{"AWS_ACCESS_KEY_ID": acct.id, "AWS_SECRET_ACCESS_KEY": "secret"},
	})).To(Succeed())

	s3c := acct.s3()
	_, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: awssdk.String(acct.bucket)})
	Expect(err).NotTo(HaveOccurred())
	for version, dir := range releases {
		Expect(filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			_, err = s3c.PutObject(ctx, &s3.PutObjectInput{
				Bucket: awssdk.String(acct.bucket),
				Key:    awssdk.String(panther.VersionPrefix(version) + filepath.ToSlash(rel)),
				Body:   bytes.NewReader(data),
			})
			return err
		})).To(Succeed())
	}
	return acct
}

func (a account) credentials() awssdk.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(a.id, "secret", "")
}

func (a account) s3() *s3.Client {
	return s3.NewFromConfig(awssdk.Config{Region: "us-east-1", Credentials: a.credentials()}, func(o *s3.Options) {
		o.BaseEndpoint = awssdk.String(aws.URL())
		o.UsePathStyle = true
	})
}

// clients returns the account's AWS clients, through the operator's own package.
func (a account) clients() *cloud.Clients {
	GinkgoHelper()
	clients, err := (&cloud.Factory{}).Clients(ctx, cloud.Target{Region: "us-east-1",
		Credentials: cloud.Credentials{AccessKeyID: a.id, SecretAccessKey: "secret"}})
	Expect(err).NotTo(HaveOccurred())
	return clients
}

// stacks returns the account's CloudFormation operations.
func (a account) stacks() cloud.StackClient { return a.clients().Stacks }

// cleanupClients returns the account's S3 and Logs clean-up operations.
func (a account) cleanupClients() cloud.Cleanup { return a.clients().Cleanup }

// newDeployment builds a PantherDeployment of the account; mutate adjusts its spec.
func newDeployment(a account, mutate func(*deployv1alpha1.PantherDeploymentSpec)) *deployv1alpha1.PantherDeployment {
	pd := &deployv1alpha1.PantherDeployment{
		ObjectMeta: metav1.ObjectMeta{Name: "panther", Namespace: a.namespace},
		Spec: deployv1alpha1.PantherDeploymentSpec{
			Region:  "us-east-1",
			Version: baseVersion,
			Release: deployv1alpha1.ReleaseSource{Bucket: a.bucket},
			Credentials: &deployv1alpha1.Credentials{
				SecretRef: &deployv1alpha1.SecretReference{Name: "aws"},
			},
			Config: deployv1alpha1.PantherConfig{
				Company:   deployv1alpha1.CompanyConfig{DisplayName: "AwesomeCo", Email: "secops@example.com"},
				FirstUser: deployv1alpha1.FirstUserConfig{Email: "ada@example.com"},
			},
		},
	}
	if mutate != nil {
		mutate(&pd.Spec)
	}
	return pd
}

// fetch reads the deployment's current state from the API server.
func fetch(pd *deployv1alpha1.PantherDeployment) *deployv1alpha1.PantherDeployment {
	GinkgoHelper()
	got := &deployv1alpha1.PantherDeployment{}
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(pd), got)).To(Succeed())
	return got
}

// condition returns "Status/Reason" of a condition, for readable assertions.
func condition(pd *deployv1alpha1.PantherDeployment, conditionType string) func() string {
	return func() string {
		got := &deployv1alpha1.PantherDeployment{}
		if err := k8sClient.Get(ctx, client.ObjectKeyFromObject(pd), got); err != nil {
			return err.Error()
		}
		c := meta.FindStatusCondition(got.Status.Conditions, conditionType)
		if c == nil || c.ObservedGeneration != got.Generation {
			return "unknown"
		}
		return string(c.Status) + "/" + c.Reason
	}
}

// expectReady waits until the deployment is Ready at its current generation.
func expectReady(pd *deployv1alpha1.PantherDeployment) {
	GinkgoHelper()
	Eventually(condition(pd, deployv1alpha1.ConditionReady)).Should(Equal("True/Succeeded"))
}

// kstatusOf computes the kstatus of the deployment as Argo CD, Flux and kubectl do.
func kstatusOf(pd *deployv1alpha1.PantherDeployment) status.Status {
	GinkgoHelper()
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(deployv1alpha1.GroupVersion.WithKind("PantherDeployment"))
	Expect(k8sClient.Get(ctx, client.ObjectKeyFromObject(pd), u)).To(Succeed())
	result, err := status.Compute(u)
	Expect(err).NotTo(HaveOccurred())
	return result.Status
}

// stackStatus returns the status entry of a component.
func stackStatus(pd *deployv1alpha1.PantherDeployment, c panther.Component) deployv1alpha1.StackStatus {
	for _, s := range fetch(pd).Status.Stacks {
		if s.Name == string(c) {
			return s
		}
	}
	return deployv1alpha1.StackStatus{}
}

// eventsOf lists the events recorded about the deployment.
func eventsOf(pd *deployv1alpha1.PantherDeployment) []eventsv1.Event {
	GinkgoHelper()
	list := &eventsv1.EventList{}
	Expect(k8sClient.List(ctx, list, client.InNamespace(pd.Namespace))).To(Succeed())
	var out []eventsv1.Event
	for _, e := range list.Items {
		if e.Regarding.Name == pd.Name && e.Regarding.Kind == "PantherDeployment" {
			out = append(out, e)
		}
	}
	return out
}

// requestsOf returns the account's entries of localaws's request log since a moment, each
// rendered by show, keeping those show accepts.
func requestsOf(a account, since time.Time, show func(admin.RequestRecord) (string, bool)) []string {
	GinkgoHelper()
	records, err := awsAdmin.Requests(ctx)
	Expect(err).NotTo(HaveOccurred())
	var calls []string
	for _, r := range records {
		// The account's own keys are the operator's and this test's; the deployed functions
		// call with their roles' session keys, on their own schedule.
		if r.Account != a.id || r.AccessKeyID != a.id || r.Time.Before(since) {
			continue
		}
		if call, keep := show(r); keep {
			calls = append(calls, call)
		}
	}
	return calls
}

// mutatingCalls lists the account's mutating AWS calls as "service:Operation resource".
func mutatingCalls(a account, since time.Time) []string {
	return requestsOf(a, since, func(r admin.RequestRecord) (string, bool) {
		return r.Service + ":" + r.Operation + " " + r.Resource, r.Mutating
	})
}

// allCalls lists every call the account made as "service:Operation".
func allCalls(a account, since time.Time) []string {
	return requestsOf(a, since, func(r admin.RequestRecord) (string, bool) {
		return r.Service + ":" + r.Operation, true
	})
}

// conditionOf returns a condition of the deployment, or an empty one.
func conditionOf(pd *deployv1alpha1.PantherDeployment, conditionType string) metav1.Condition {
	GinkgoHelper()
	if c := meta.FindStatusCondition(fetch(pd).Status.Conditions, conditionType); c != nil {
		return *c
	}
	return metav1.Condition{}
}

// createSecret creates a Secret in a namespace.
func createSecret(namespace, name string, data map[string]string) {
	GinkgoHelper()
	Expect(k8sClient.Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace}, StringData: data,
	})).To(Succeed())
}

// getSecret reads a Secret.
func getSecret(namespace, name string) *corev1.Secret {
	GinkgoHelper()
	secret := &corev1.Secret{}
	Expect(k8sClient.Get(ctx, client.ObjectKey{Namespace: namespace, Name: name}, secret)).To(Succeed())
	return secret
}

// objectJSON is the object as the API server returns it, for searching its text.
func objectJSON(obj any) string {
	GinkgoHelper()
	data, err := json.Marshal(obj)
	Expect(err).NotTo(HaveOccurred())
	return string(data)
}

// callsOf lists the resources of the account's calls of one operation.
func callsOf(a account, since time.Time, operation string) []string {
	return requestsOf(a, since, func(r admin.RequestRecord) (string, bool) {
		return r.Resource, r.Operation == operation
	})
}

// stackWindow is when a stack's latest operation started and finished, from its events.
type stackWindow struct{ start, end time.Time }

func windowOf(a account, stackName string) stackWindow {
	GinkgoHelper()
	events, err := a.stacks().Events(ctx, stackName)
	Expect(err).NotTo(HaveOccurred())
	var w stackWindow
	for _, e := range events {
		if e.ResourceType != "AWS::CloudFormation::Stack" || e.LogicalID != stackName {
			continue
		}
		switch e.Status {
		case "CREATE_IN_PROGRESS", "UPDATE_IN_PROGRESS":
			if w.start.IsZero() || e.Time.Before(w.start) {
				w.start = e.Time
			}
		case "CREATE_COMPLETE", "UPDATE_COMPLETE":
			if e.Time.After(w.end) {
				w.end = e.Time
			}
		}
	}
	Expect(w.start.IsZero() || w.end.IsZero()).To(BeFalse(), "no complete operation in the events of %s", stackName)
	return w
}

// update changes the deployment's spec, retrying on conflicts.
func update(pd *deployv1alpha1.PantherDeployment, mutate func(*deployv1alpha1.PantherDeployment)) {
	GinkgoHelper()
	Eventually(func() error {
		got := fetch(pd)
		mutate(got)
		return k8sClient.Update(ctx, got)
	}).Should(Succeed())
}

// pantherBuckets lists the account's buckets that carry Panther's bootstrap tags, read with the
// SDK directly so that the stories check AWS rather than the operator's own view of it.
func pantherBuckets(a account) []string {
	GinkgoHelper()
	list, err := a.s3().ListBuckets(ctx, &s3.ListBucketsInput{})
	Expect(err).NotTo(HaveOccurred())
	var names []string
	for _, b := range list.Buckets {
		tags, err := a.cleanupClients().BucketTags(ctx, awssdk.ToString(b.Name))
		Expect(err).NotTo(HaveOccurred())
		if tags["Application"] == "Panther" && tags["Stack"] == "panther-bootstrap" {
			names = append(names, awssdk.ToString(b.Name))
		}
	}
	return names
}
