package engine

import (
	"net/http"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// resourceSpec describes how a type without its own API is named and what
// Ref and GetAtt return.
type resourceSpec struct {
	// nameProperty holds a custom name, if the type has one.
	nameProperty string
	nameLimit    int
	// ref returns the Ref value from the name; attrs the GetAtt values.
	ref   func(pc *provisionCtx, name string, props map[string]any) string
	attrs func(pc *provisionCtx, name, ref string, props map[string]any) map[string]any
}

// genericSpec gives any other type a generated physical ID and a plausible
// ARN, so real templates deploy. GetAtt of an unknown attribute answers a
// value derived from the physical ID.
func genericSpec(typ string) resourceSpec {
	service, kind := "cloudformation", "resource"
	if parts := strings.Split(typ, "::"); len(parts) == 3 {
		service, kind = strings.ToLower(parts[1]), strings.ToLower(parts[2])
	}
	return resourceSpec{
		ref: func(pc *provisionCtx, _ string, _ map[string]any) string { return "" },
		attrs: func(pc *provisionCtx, _, ref string, _ map[string]any) map[string]any {
			return map[string]any{"Arn": pc.arn(service, kind+"/"+ref)}
		},
	}
}

// namedProvisioner provisions types that are recorded as generic resources
// in the region.
type namedProvisioner struct{ spec resourceSpec }

func (p namedProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := ""
	if p.spec.nameProperty != "" {
		name = template.ScalarString(props[p.spec.nameProperty])
		if name == "" {
			name = pc.generatedName(r, min(p.spec.nameLimit, 80), false)
		}
	}
	ref := p.spec.ref(pc, name, props)
	if ref == "" {
		ref = pc.generatedName(r, 128, false)
	}
	if existing, taken := pc.region.Resources[ref]; taken && existing.Type == r.Type {
		return wire.NewError(http.StatusBadRequest, "AlreadyExists", "%s already exists", ref)
	}
	attrs := p.spec.attrs(pc, name, ref, props)
	pc.region.Resources[ref] = &GenericResource{Type: r.Type, PhysicalID: ref, Arn: template.ScalarString(attrs["Arn"]), Properties: props, Tags: pc.resourceTags(props)}
	r.PhysicalID, r.Attributes = ref, attrs
	return nil
}

func (p namedProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if g, ok := pc.region.Resources[r.PhysicalID]; ok {
		g.Properties = props
		g.Tags = pc.resourceTags(props)
	}
	return nil
}

func (p namedProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	delete(pc.region.Resources, r.PhysicalID)
	return nil
}
