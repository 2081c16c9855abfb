package engine

import (
	"encoding/json"
	"maps"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// cognitoFailure renders a Cognito error as a status reason.
func cognitoFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: CognitoIdentityProvider; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// cognitoDefinition is a resource's properties as the create request of the API, with extra
// members set.
func cognitoDefinition(props map[string]any, extra map[string]any) []byte {
	def := maps.Clone(props)
	if def == nil {
		def = map[string]any{}
	}
	maps.Copy(def, extra)
	data, _ := json.Marshal(def)
	return data
}

// userPoolProvisioner creates real user pools; Ref is the pool ID. Updates of the pool's
// mutable settings are not applied.
type userPoolProvisioner struct{}

func (userPoolProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := pc.nameOf(r, props, "UserPoolName", 128)
	s := pc.stack
	id, arn, err := pc.eng.cognito.CreatePool(s.Account, s.Region, cognitoDefinition(props, map[string]any{"UserPoolName": name}))
	if err != nil {
		return cognitoFailure(err)
	}
	provider := pc.eng.cognito.Issuer(id)
	r.PhysicalID = id
	r.Attributes = map[string]any{"Arn": arn, "ProviderURL": provider, "UserPoolId": id,
		"ProviderName": provider[strings.Index(provider, "://")+3:]}
	return nil
}

func (userPoolProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (userPoolProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.cognito.DeletePool(r.PhysicalID)
	return nil
}

// userPoolClientProvisioner creates app clients; Ref is the client ID. Every change replaces
// the client.
type userPoolClientProvisioner struct{}

func (userPoolClientProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := pc.nameOf(r, props, "ClientName", 128)
	s := pc.stack
	id, err := pc.eng.cognito.CreateClient(s.Account, s.Region, cognitoDefinition(props, map[string]any{"ClientName": name}))
	if err != nil {
		return cognitoFailure(err)
	}
	r.PhysicalID = id
	r.Attributes = map[string]any{"ClientId": id, "Name": name}
	return nil
}

func (userPoolClientProvisioner) update(*provisionCtx, *StackResource, map[string]any) error {
	return nil
}

func (userPoolClientProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.cognito.DeleteClient(r.PhysicalID)
	return nil
}

// userPoolGroupProvisioner creates groups; Ref is the group name. Every change replaces the
// group.
type userPoolGroupProvisioner struct{}

func (userPoolGroupProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := pc.nameOf(r, props, "GroupName", 128)
	s := pc.stack
	if err := pc.eng.cognito.CreateGroup(s.Account, s.Region, cognitoDefinition(props, map[string]any{"GroupName": name})); err != nil {
		return cognitoFailure(err)
	}
	r.PhysicalID = name
	r.Attributes = map[string]any{"UserPoolId": template.ScalarString(props["UserPoolId"])}
	return nil
}

func (userPoolGroupProvisioner) update(*provisionCtx, *StackResource, map[string]any) error {
	return nil
}

func (userPoolGroupProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.cognito.DeleteGroup(template.ScalarString(r.Attributes["UserPoolId"]), r.PhysicalID)
	return nil
}
