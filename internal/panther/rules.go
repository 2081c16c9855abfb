package panther

import "fmt"

// AdmissionRule is one CEL validation rule of the CRD's spec.stacks, as the kubebuilder marker
// on api/v1alpha1.StackSet declares it.
type AdmissionRule struct {
	Rule      string
	Message   string
	FieldPath string
}

// Marker is the kubebuilder marker line that declares the rule.
func (r AdmissionRule) Marker() string {
	return fmt.Sprintf("// +kubebuilder:validation:XValidation:rule=%q,message=%q,fieldPath=%q", r.Rule, r.Message, r.FieldPath)
}

// DependencyRules are the admission rules the CRD must declare for the catalog's needs: one
// per need, refusing a spec that enables a stack while disabling what it needs, with a message
// naming both stacks and the fix. A test holds the CRD to exactly these.
func DependencyRules() []AdmissionRule {
	deps := Dependencies()
	rules := make([]AdmissionRule, 0, len(deps))
	for _, d := range deps {
		rules = append(rules, AdmissionRule{
			Rule: fmt.Sprintf("!%s || %s", enabledExpr(d.Stack), enabledExpr(d.Needs)),
			Message: fmt.Sprintf("stacks.%s needs stacks.%s: enable stacks.%s or disable stacks.%s",
				d.Stack, d.Needs, d.Needs, d.Stack),
			FieldPath: "." + string(d.Stack),
		})
	}
	return rules
}

// enabledExpr is CEL for "the stack is enabled": an absent stack or flag means enabled.
func enabledExpr(c Component) string {
	return fmt.Sprintf("(!has(self.%[1]s) || !has(self.%[1]s.enabled) || self.%[1]s.enabled)", c)
}
