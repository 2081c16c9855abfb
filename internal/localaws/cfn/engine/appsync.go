package engine

import (
	"net/url"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// appsyncFailure renders an AppSync error as a status reason.
func appsyncFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: AppSync; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// apiIDOf is the API ID at the end of an API ARN.
func apiIDOf(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// graphQLAPIProvisioner creates real GraphQL APIs; Ref is the API's ARN. Updates are not
// applied.
type graphQLAPIProvisioner struct{}

func (graphQLAPIProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	pool := template.AsMap(props["UserPoolConfig"])
	spec := GraphQLAPISpec{Name: template.ScalarString(props["Name"]), AuthType: template.ScalarString(props["AuthenticationType"]),
		UserPoolID: template.ScalarString(pool["UserPoolId"]), UserPoolRegion: template.ScalarString(pool["AwsRegion"]),
		DefaultAction: template.ScalarString(pool["DefaultAction"]), Tags: pc.resourceTags(props)}
	id, arn, err := pc.eng.appsync.CreateAPI(pc.stack.Account, pc.stack.Region, spec)
	if err != nil {
		return appsyncFailure(err)
	}
	graphql := pc.eng.appsync.GraphQLURL(id)
	u, _ := url.Parse(graphql)
	r.PhysicalID = arn
	r.Attributes = map[string]any{"ApiId": id, "Arn": arn, "GraphQLUrl": graphql, "GraphQLDns": u.Host,
		"GraphQLEndpointArn": arn}
	return nil
}

func (graphQLAPIProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (graphQLAPIProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.appsync.DeleteAPI(apiIDOf(r.PhysicalID))
	return nil
}

// graphQLSchemaProvisioner sets an API's schema from Definition or DefinitionS3Location.
type graphQLSchemaProvisioner struct{}

func (p graphQLSchemaProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := p.update(pc, r, props); err != nil {
		return err
	}
	r.PhysicalID = template.ScalarString(props["ApiId"]) + "GraphQLSchema"
	return nil
}

func (graphQLSchemaProvisioner) update(pc *provisionCtx, _ *StackResource, props map[string]any) error {
	sdl := template.ScalarString(props["Definition"])
	if loc := template.ScalarString(props["DefinitionS3Location"]); loc != "" {
		u, err := url.Parse(loc)
		if err != nil || u.Scheme != "s3" {
			return wire.Failuref("DefinitionS3Location %s is not an s3:// URL.", loc)
		}
		data, err := pc.eng.s3.GetObject(u.Host, strings.TrimPrefix(u.Path, "/"), "")
		if err != nil {
			return wire.Failuref("Unable to read the schema at %s: %s", loc, wire.ReasonOf(err))
		}
		sdl = string(data)
	}
	if err := pc.eng.appsync.SetSchema(template.ScalarString(props["ApiId"]), sdl); err != nil {
		return appsyncFailure(err)
	}
	return nil
}

func (graphQLSchemaProvisioner) delete(*provisionCtx, *StackResource) error { return nil }

// dataSourceProvisioner creates data sources; Ref is the data source's ARN.
type dataSourceProvisioner struct{}

func (dataSourceProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	spec := DataSourceSpec{Name: template.ScalarString(props["Name"]), Type: template.ScalarString(props["Type"]),
		Description: template.ScalarString(props["Description"]), ServiceRoleArn: template.ScalarString(props["ServiceRoleArn"]),
		FunctionArn: template.ScalarString(template.AsMap(props["LambdaConfig"])["LambdaFunctionArn"])}
	apiID := template.ScalarString(props["ApiId"])
	arn, err := pc.eng.appsync.CreateDataSource(apiID, spec)
	if err != nil {
		return appsyncFailure(err)
	}
	r.PhysicalID = arn
	r.Attributes = map[string]any{"DataSourceArn": arn, "Name": spec.Name, "ApiId": apiID}
	return nil
}

func (dataSourceProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (dataSourceProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.appsync.DeleteDataSource(template.ScalarString(r.Attributes["ApiId"]), template.ScalarString(r.Attributes["Name"]))
	return nil
}

// resolverProvisioner attaches fields to data sources; Ref is the resolver's ARN.
type resolverProvisioner struct{}

func (resolverProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	templates := false
	for _, p := range []string{"RequestMappingTemplate", "ResponseMappingTemplate", "RequestMappingTemplateS3Location",
		"ResponseMappingTemplateS3Location", "Code", "CodeS3Location"} {
		templates = templates || props[p] != nil
	}
	spec := ResolverSpec{TypeName: template.ScalarString(props["TypeName"]), FieldName: template.ScalarString(props["FieldName"]),
		DataSource: template.ScalarString(props["DataSourceName"]), Kind: template.ScalarString(props["Kind"]), Templates: templates}
	apiID := template.ScalarString(props["ApiId"])
	arn, err := pc.eng.appsync.CreateResolver(apiID, spec)
	if err != nil {
		return appsyncFailure(err)
	}
	r.PhysicalID = arn
	r.Attributes = map[string]any{"ResolverArn": arn, "TypeName": spec.TypeName, "FieldName": spec.FieldName, "ApiId": apiID}
	return nil
}

func (resolverProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (resolverProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	a := r.Attributes
	pc.eng.appsync.DeleteResolver(template.ScalarString(a["ApiId"]), template.ScalarString(a["TypeName"]), template.ScalarString(a["FieldName"]))
	return nil
}

// apiKeyProvisioner creates API keys; Ref is the key's ARN, GetAtt ApiKey the key.
type apiKeyProvisioner struct{}

func (apiKeyProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	apiID := template.ScalarString(props["ApiId"])
	expires := int64(intProp(props["Expires"]))
	if expires == 0 {
		expires = time.Now().Add(7 * 24 * time.Hour).Unix()
	}
	key, err := pc.eng.appsync.CreateAPIKey(apiID, template.ScalarString(props["Description"]), expires)
	if err != nil {
		return appsyncFailure(err)
	}
	arn := pc.arn("appsync", "apis/"+apiID+"/apikeys/"+key)
	r.PhysicalID = arn
	r.Attributes = map[string]any{"ApiKey": key, "ApiKeyId": key, "Arn": arn, "ApiId": apiID}
	return nil
}

func (apiKeyProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (apiKeyProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.appsync.DeleteAPIKey(template.ScalarString(r.Attributes["ApiId"]), template.ScalarString(r.Attributes["ApiKey"]))
	return nil
}
