package panther

import (
	"os"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"
)

const crdFile = "../../config/crd/bases/deploy.panther.io_pantherdeployments.yaml"

// The catalog is the one source of the stack graph: the CRD's admission rules on spec.stacks
// must be exactly its needs, pair by pair. When this fails, paste the printed markers over the
// XValidation markers of api/v1alpha1.StackSet and run `make manifests`.
func TestCRDDependencyRulesAreTheCatalogs(t *testing.T) {
	got := crdStackRules(t)
	want := DependencyRules()
	index := map[string]AdmissionRule{}
	for _, r := range got {
		index[r.Rule] = r
	}
	var markers []string
	for _, r := range want {
		markers = append(markers, r.Marker())
	}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf(format+"\nThe markers the catalog asks for:\n%s", append(args, strings.Join(markers, "\n"))...)
	}
	if len(got) != len(want) {
		fail("the CRD declares %d rules on spec.stacks, the catalog has %d needs", len(got), len(want))
	}
	for _, w := range want {
		g, ok := index[w.Rule]
		switch {
		case !ok:
			fail("the CRD lacks the rule for %s: %s", w.FieldPath, w.Message)
		case g.Message != w.Message || g.FieldPath != w.FieldPath:
			fail("the rule for %s says %q at %q, want %q at %q", w.FieldPath, g.Message, g.FieldPath, w.Message, w.FieldPath)
		}
	}
}

func TestDependencyRulesNameBothStacks(t *testing.T) {
	for _, r := range DependencyRules() {
		stack := strings.TrimPrefix(r.FieldPath, ".")
		if !strings.Contains(r.Message, "stacks."+stack+" needs stacks.") {
			t.Errorf("message %q does not name %s first", r.Message, stack)
		}
	}
	found := false
	for _, r := range DependencyRules() {
		if r.Message == "stacks.web needs stacks.cloudSecurity: enable stacks.cloudSecurity or disable stacks.web" {
			found = true
		}
		if strings.HasPrefix(r.Message, "stacks.dashboards ") {
			t.Errorf("dashboards only follows the gateway, yet a rule refuses it: %s", r.Message)
		}
	}
	if !found {
		t.Error("no rule says that web needs cloud security")
	}
}

// crdStackRules reads the x-kubernetes-validations of spec.stacks from the generated CRD.
func crdStackRules(t *testing.T) []AdmissionRule {
	t.Helper()
	data, err := os.ReadFile(crdFile)
	if err != nil {
		t.Fatal(err)
	}
	var crd struct {
		Spec struct {
			Versions []struct {
				Schema struct {
					OpenAPIV3Schema struct {
						Properties struct {
							Spec struct {
								Properties struct {
									Stacks struct {
										Validations []struct {
											Rule      string `json:"rule"`
											Message   string `json:"message"`
											FieldPath string `json:"fieldPath"`
										} `json:"x-kubernetes-validations"`
									} `json:"stacks"`
								} `json:"properties"`
							} `json:"spec"`
						} `json:"properties"`
					} `json:"openAPIV3Schema"`
				} `json:"schema"`
			} `json:"versions"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(data, &crd); err != nil {
		t.Fatal(err)
	}
	if len(crd.Spec.Versions) != 1 {
		t.Fatalf("CRD has %d versions, want 1", len(crd.Spec.Versions))
	}
	var rules []AdmissionRule
	for _, v := range crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties.Spec.Properties.Stacks.Validations {
		rules = append(rules, AdmissionRule{Rule: v.Rule, Message: v.Message, FieldPath: v.FieldPath})
	}
	return rules
}
