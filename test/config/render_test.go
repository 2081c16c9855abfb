package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

const (
	configDir = "../../config"
	namespace = "panther-operator-system"
	prefix    = "panther-operator-"
)

// rendered is the output of one kustomize build, by kind and then name.
type rendered map[string]map[string]map[string]any

// render builds the kustomization in dir of fSys, whose config/ is a copy of this repository's.
func render(t *testing.T, fSys filesys.FileSystem, dir string) rendered {
	t.Helper()
	resources, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(fSys, dir)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", dir, err)
	}
	out := rendered{}
	for _, r := range resources.Resources() {
		m, err := r.Map()
		if err != nil {
			t.Fatal(err)
		}
		if out[r.GetKind()] == nil {
			out[r.GetKind()] = map[string]map[string]any{}
		}
		if _, dup := out[r.GetKind()][r.GetName()]; dup {
			t.Fatalf("%s renders two %s named %s", dir, r.GetKind(), r.GetName())
		}
		out[r.GetKind()][r.GetName()] = m
	}
	return out
}

// get converts the rendered object of kind and name into into, failing if it is missing.
func (r rendered) get(t *testing.T, kind, name string, into any) {
	t.Helper()
	m, ok := r[kind][name]
	if !ok {
		t.Fatalf("no %s %s among the rendered objects", kind, name)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, into); err != nil {
		t.Fatalf("%s %s: %v", kind, name, err)
	}
}

// configFS copies config/ into memory, so that a test can change a kustomization without
// touching the tree.
func configFS(t *testing.T) filesys.FileSystem {
	t.Helper()
	fSys := filesys.MakeFsInMemory()
	err := filepath.WalkDir(configDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(configDir, path)
		if err != nil {
			return err
		}
		return fSys.WriteFile(filepath.Join("/config", rel), data)
	})
	if err != nil {
		t.Fatal(err)
	}
	return fSys
}

func TestDefault(t *testing.T) {
	out := render(t, configFS(t), "/config/default")

	wantKinds := []string{"ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "Deployment",
		"Namespace", "Role", "RoleBinding", "ServiceAccount"}
	var kinds []string
	for kind, objs := range out {
		kinds = append(kinds, kind)
		for name, obj := range objs {
			ns, _ := obj["metadata"].(map[string]any)["namespace"].(string)
			if ns != "" && ns != namespace {
				t.Errorf("%s %s is in namespace %q, want %s", kind, name, ns, namespace)
			}
		}
	}
	slices.Sort(kinds)
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("rendered kinds %v, want %v", kinds, wantKinds)
	}

	crd := out["CustomResourceDefinition"]["pantherdeployments.deploy.panther.io"]
	if crd == nil || crd["spec"].(map[string]any)["group"] != "deploy.panther.io" {
		t.Errorf("the PantherDeployment CRD is missing: %v", crd)
	}
	if len(out["CustomResourceDefinition"]) != 1 {
		t.Errorf("want only the PantherDeployment CRD, got %d CRDs", len(out["CustomResourceDefinition"]))
	}
	var ns corev1.Namespace
	out.get(t, "Namespace", namespace, &ns)
	var sa corev1.ServiceAccount
	out.get(t, "ServiceAccount", prefix+"controller-manager", &sa)

	t.Run("RBAC", func(t *testing.T) { checkRBAC(t, out) })
	t.Run("Deployment", func(t *testing.T) { checkDeployment(t, out) })
}

// checkRBAC checks that the manager gets exactly the generated rules and nothing broader.
func checkRBAC(t *testing.T, out rendered) {
	data, err := os.ReadFile(filepath.Join(configDir, "rbac", "role.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var generated rbacv1.ClusterRole
	if err := yaml.UnmarshalStrict(data, &generated); err != nil {
		t.Fatal(err)
	}
	if len(out["ClusterRole"]) != 1 {
		t.Errorf("want only the manager's ClusterRole, got %d", len(out["ClusterRole"]))
	}
	var role rbacv1.ClusterRole
	out.get(t, "ClusterRole", prefix+"manager-role", &role)
	if !equality.Semantic.DeepEqual(role.Rules, generated.Rules) {
		t.Errorf("ClusterRole rules = %+v, want those of config/rbac/role.yaml: %+v", role.Rules, generated.Rules)
	}
	if role.AggregationRule != nil {
		t.Error("the manager's ClusterRole must not aggregate other roles")
	}

	var leader rbacv1.Role
	out.get(t, "Role", prefix+"leader-election-role", &leader)
	for _, rules := range [][]rbacv1.PolicyRule{role.Rules, leader.Rules} {
		for _, rule := range rules {
			for _, list := range [][]string{rule.APIGroups, rule.Resources, rule.Verbs} {
				if slices.Contains(list, "*") {
					t.Errorf("rule %+v uses a wildcard", rule)
				}
			}
			if len(rule.NonResourceURLs) > 0 {
				t.Errorf("rule %+v grants non-resource URLs", rule)
			}
		}
	}
	if !slices.ContainsFunc(leader.Rules, func(r rbacv1.PolicyRule) bool {
		return slices.Contains(r.APIGroups, "coordination.k8s.io") && slices.Contains(r.Resources, "leases")
	}) {
		t.Errorf("the leader-election Role does not grant leases: %+v", leader.Rules)
	}

	subject := rbacv1.Subject{Kind: "ServiceAccount", Name: prefix + "controller-manager", Namespace: namespace}
	var crb rbacv1.ClusterRoleBinding
	out.get(t, "ClusterRoleBinding", prefix+"manager-rolebinding", &crb)
	if crb.RoleRef.Kind != "ClusterRole" || crb.RoleRef.Name != role.Name || !slices.Equal(crb.Subjects, []rbacv1.Subject{subject}) {
		t.Errorf("ClusterRoleBinding = %+v %+v, want %s bound to %+v", crb.RoleRef, crb.Subjects, role.Name, subject)
	}
	var rb rbacv1.RoleBinding
	out.get(t, "RoleBinding", prefix+"leader-election-rolebinding", &rb)
	if rb.RoleRef.Kind != "Role" || rb.RoleRef.Name != leader.Name || !slices.Equal(rb.Subjects, []rbacv1.Subject{subject}) {
		t.Errorf("RoleBinding = %+v %+v, want %s bound to %+v", rb.RoleRef, rb.Subjects, leader.Name, subject)
	}
}

// checkDeployment checks the manager's hardening, resources, probes and leader election.
func checkDeployment(t *testing.T, out rendered) {
	var d appsv1.Deployment
	out.get(t, "Deployment", prefix+"controller-manager", &d)
	pod := d.Spec.Template.Spec
	if pod.ServiceAccountName != prefix+"controller-manager" {
		t.Errorf("serviceAccountName = %q", pod.ServiceAccountName)
	}
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("the pod does not set runAsNonRoot")
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	if c.Image != "panther-operator:dev" {
		t.Errorf("image = %q, want the one `make image` builds, panther-operator:dev", c.Image)
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		t.Error("the container has no securityContext")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		t.Error("the root filesystem is not read-only")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		t.Error("privilege escalation is allowed")
	case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) > 0:
		t.Errorf("capabilities = %+v, want all dropped", sc.Capabilities)
	case sc.Privileged != nil && *sc.Privileged:
		t.Error("the container is privileged")
	}
	for _, list := range []corev1.ResourceList{c.Resources.Requests, c.Resources.Limits} {
		for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			if q, ok := list[name]; !ok || q.IsZero() {
				t.Errorf("resources %+v lack %s", c.Resources, name)
			}
		}
	}
	for _, p := range []struct {
		probe *corev1.Probe
		path  string
	}{{c.LivenessProbe, "/healthz"}, {c.ReadinessProbe, "/readyz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil || p.probe.HTTPGet.Path != p.path {
			t.Errorf("no probe on %s", p.path)
		}
	}
	if !slices.Contains(c.Args, "--leader-elect") {
		t.Errorf("args %v lack --leader-elect", c.Args)
	}
	if !slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.Name == "metrics" && p.ContainerPort == 8080 }) {
		t.Errorf("ports %+v lack metrics on 8080", c.Ports)
	}
}

// TestDefaultWithPrometheus renders config/default with its optional ../prometheus line
// enabled and checks that the ServiceMonitor finds the Service and the Service the manager.
func TestDefaultWithPrometheus(t *testing.T) {
	fSys := configFS(t)
	path := "/config/default/kustomization.yaml"
	data, err := fSys.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	enabled := strings.Replace(string(data), "#- ../prometheus", "- ../prometheus", 1)
	if enabled == string(data) {
		t.Fatal("config/default/kustomization.yaml has no commented-out ../prometheus line")
	}
	if err := fSys.WriteFile(path, []byte(enabled)); err != nil {
		t.Fatal(err)
	}
	out := render(t, fSys, "/config/default")

	var d appsv1.Deployment
	out.get(t, "Deployment", prefix+"controller-manager", &d)
	var svc corev1.Service
	out.get(t, "Service", prefix+"controller-manager-metrics-service", &svc)
	if svc.Namespace != namespace {
		t.Errorf("Service namespace = %q", svc.Namespace)
	}
	for k, v := range svc.Spec.Selector {
		if d.Spec.Template.Labels[k] != v {
			t.Errorf("the Service selects %s=%s, which the manager's pods lack", k, v)
		}
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Name != "metrics" || svc.Spec.Ports[0].Port != 8080 {
		t.Errorf("Service ports = %+v, want metrics on 8080", svc.Spec.Ports)
	}

	monitor := out["ServiceMonitor"][prefix+"controller-manager-metrics-monitor"]
	if monitor == nil {
		t.Fatal("no ServiceMonitor")
	}
	if monitor["apiVersion"] != "monitoring.coreos.com/v1" {
		t.Errorf("ServiceMonitor apiVersion = %v", monitor["apiVersion"])
	}
	spec := monitor["spec"].(map[string]any)
	for k, v := range spec["selector"].(map[string]any)["matchLabels"].(map[string]any) {
		if svc.Labels[k] != v {
			t.Errorf("the ServiceMonitor selects %s=%s, which the Service lacks", k, v)
		}
	}
	endpoints := spec["endpoints"].([]any)
	if len(endpoints) != 1 || endpoints[0].(map[string]any)["port"] != "metrics" {
		t.Errorf("ServiceMonitor endpoints = %v, want the metrics port", endpoints)
	}
}

// TestArgoCD renders config/argocd: the argocd-cm ConfigMap carrying the health check.
func TestArgoCD(t *testing.T) {
	out := render(t, configFS(t), "/config/argocd")
	var cm corev1.ConfigMap
	out.get(t, "ConfigMap", "argocd-cm", &cm)
	if cm.Namespace != "argocd" {
		t.Errorf("argocd-cm namespace = %q, want argocd", cm.Namespace)
	}
	if script := cm.Data["resource.customizations.health.deploy.panther.io_PantherDeployment"]; !strings.Contains(script, "hs.status") {
		t.Errorf("argocd-cm has no PantherDeployment health check: %q", script)
	}
}
