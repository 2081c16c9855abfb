package appsync

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// CreateDataSource adds a data source and returns its ARN. Callers hold the state lock.
func (s *Service) CreateDataSource(apiID string, ds DataSource) (string, error) {
	a, ok := s.apis()[apiID]
	if !ok {
		return "", notFound("GraphQL API %s not found.", apiID)
	}
	switch {
	case ds.Name == "":
		return "", badRequest("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
	case a.DataSources[ds.Name] != nil:
		return "", badRequest("Data source with name %s already exists.", ds.Name)
	case ds.Type == "AWS_LAMBDA" && ds.FunctionArn == "":
		return "", badRequest("lambdaConfig.lambdaFunctionArn is required for AWS_LAMBDA data sources.")
	case ds.Type != "AWS_LAMBDA" && ds.Type != "NONE":
		return "", badRequest("localaws supports AWS_LAMBDA and NONE data sources, not %s.", ds.Type)
	}
	a.DataSources[ds.Name] = &ds
	return a.arn() + "/datasources/" + ds.Name, nil
}

// DeleteDataSource removes a data source. Callers hold the state lock.
func (s *Service) DeleteDataSource(apiID, name string) {
	if a, ok := s.apis()[apiID]; ok {
		delete(a.DataSources, name)
	}
}

func (a *API) describeSource(ds *DataSource) map[string]any {
	out := map[string]any{"name": ds.Name, "type": ds.Type, "dataSourceArn": a.arn() + "/datasources/" + ds.Name}
	if ds.FunctionArn != "" {
		out["lambdaConfig"] = map[string]string{"lambdaFunctionArn": ds.FunctionArn}
	}
	if ds.ServiceRoleArn != "" {
		out["serviceRoleArn"] = ds.ServiceRoleArn
	}
	if ds.Description != "" {
		out["description"] = ds.Description
	}
	return out
}

func createDataSource(req *request) error {
	var in struct {
		Name           string `json:"name"`
		Type           string `json:"type"`
		Description    string `json:"description"`
		ServiceRoleArn string `json:"serviceRoleArn"`
		LambdaConfig   struct {
			LambdaFunctionArn string `json:"lambdaFunctionArn"`
		} `json:"lambdaConfig"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	a, err := req.api()
	if err != nil {
		return err
	}
	ds := DataSource{Name: in.Name, Type: in.Type, Description: in.Description, ServiceRoleArn: in.ServiceRoleArn,
		FunctionArn: in.LambdaConfig.LambdaFunctionArn}
	if _, err := req.svc.CreateDataSource(a.ID, ds); err != nil {
		return err
	}
	return req.reply(map[string]any{"dataSource": a.describeSource(a.DataSources[ds.Name])})
}

// source finds the data source the path names.
func (req *request) source() (*API, *DataSource, error) {
	a, err := req.api()
	if err != nil {
		return nil, nil, err
	}
	ds, ok := a.DataSources[req.parts[2]]
	if !ok {
		return nil, nil, notFound("Data source %s not found.", req.parts[2])
	}
	return a, ds, nil
}

func getDataSource(req *request) error {
	a, ds, err := req.source()
	if err != nil {
		return err
	}
	return req.reply(map[string]any{"dataSource": a.describeSource(ds)})
}

func deleteDataSource(req *request) error {
	a, ds, err := req.source()
	if err != nil {
		return err
	}
	req.svc.DeleteDataSource(a.ID, ds.Name)
	return req.reply(map[string]any{})
}

// ResolverSpec is a CreateResolver request; Templates is set when it has mapping templates,
// which localaws does not run.
type ResolverSpec struct {
	TypeName, FieldName, DataSource, Kind string
	Templates                             bool
}

// CreateResolver attaches a field to a data source and returns the resolver's ARN. Callers
// hold the state lock.
func (s *Service) CreateResolver(apiID string, spec ResolverSpec) (string, error) {
	a, ok := s.apis()[apiID]
	if !ok {
		return "", notFound("GraphQL API %s not found.", apiID)
	}
	key := spec.TypeName + "." + spec.FieldName
	switch {
	case spec.Templates:
		return "", badRequest("localaws supports direct Lambda resolvers only: mapping templates are not run.")
	case spec.Kind != "" && spec.Kind != "UNIT":
		return "", badRequest("localaws supports UNIT resolvers only, not %s.", spec.Kind)
	case a.DataSources[spec.DataSource] == nil:
		return "", notFound("No data source found named %s.", spec.DataSource)
	case a.Resolvers[key] != nil:
		return "", badRequest("Only one resolver is allowed per field.")
	}
	a.Resolvers[key] = &Resolver{TypeName: spec.TypeName, FieldName: spec.FieldName, DataSource: spec.DataSource, Kind: "UNIT"}
	return a.resolverARN(a.Resolvers[key]), nil
}

// DeleteResolver detaches a field. Callers hold the state lock.
func (s *Service) DeleteResolver(apiID, typeName, fieldName string) {
	if a, ok := s.apis()[apiID]; ok {
		delete(a.Resolvers, typeName+"."+fieldName)
	}
}

func (a *API) resolverARN(r *Resolver) string {
	return a.arn() + "/types/" + r.TypeName + "/resolvers/" + r.FieldName
}

func (a *API) describeResolver(r *Resolver) map[string]any {
	return map[string]any{"typeName": r.TypeName, "fieldName": r.FieldName, "dataSourceName": r.DataSource,
		"kind": r.Kind, "resolverArn": a.resolverARN(r)}
}

func createResolver(req *request) error {
	var in struct {
		FieldName               string `json:"fieldName"`
		DataSourceName          string `json:"dataSourceName"`
		Kind                    string `json:"kind"`
		RequestMappingTemplate  string `json:"requestMappingTemplate"`
		ResponseMappingTemplate string `json:"responseMappingTemplate"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	a, err := req.api()
	if err != nil {
		return err
	}
	spec := ResolverSpec{TypeName: req.parts[2], FieldName: in.FieldName, DataSource: in.DataSourceName, Kind: in.Kind,
		Templates: in.RequestMappingTemplate != "" || in.ResponseMappingTemplate != ""}
	if _, err := req.svc.CreateResolver(a.ID, spec); err != nil {
		return err
	}
	return req.reply(map[string]any{"resolver": a.describeResolver(a.Resolvers[spec.TypeName+"."+spec.FieldName])})
}

func listResolvers(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	out := []any{}
	for _, key := range slices.Sorted(maps.Keys(a.Resolvers)) {
		if r := a.Resolvers[key]; r.TypeName == req.parts[2] {
			out = append(out, a.describeResolver(r))
		}
	}
	return req.reply(map[string]any{"resolvers": out})
}

func deleteResolver(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	if a.Resolvers[req.parts[2]+"."+req.parts[4]] == nil {
		return notFound("No resolver found.")
	}
	req.svc.DeleteResolver(a.ID, req.parts[2], req.parts[4])
	return req.reply(map[string]any{})
}

// defaultKeyValidity is how long an API key lasts without an expiry: seven days.
const defaultKeyValidity = 7 * 24 * time.Hour

// CreateAPIKey adds an API key (expires in epoch seconds; zero means in seven days). Callers
// hold the state lock.
func (s *Service) CreateAPIKey(apiID, description string, expires int64) (APIKey, error) {
	a, ok := s.apis()[apiID]
	if !ok {
		return APIKey{}, notFound("GraphQL API %s not found.", apiID)
	}
	if expires == 0 {
		expires = time.Now().Add(defaultKeyValidity).Truncate(time.Hour).Unix()
	}
	k := &APIKey{ID: "da2-" + strings.ToLower(wire.RandomFrom(wire.Alnum, 26)), Description: description, Expires: expires}
	a.Keys[k.ID] = k
	return *k, nil
}

// DeleteAPIKey removes an API key. Callers hold the state lock.
func (s *Service) DeleteAPIKey(apiID, id string) {
	if a, ok := s.apis()[apiID]; ok {
		delete(a.Keys, id)
	}
}

func createAPIKey(req *request) error {
	var in struct {
		Description string `json:"description"`
		Expires     int64  `json:"expires"`
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	a, err := req.api()
	if err != nil {
		return err
	}
	k, err := req.svc.CreateAPIKey(a.ID, in.Description, in.Expires)
	if err != nil {
		return err
	}
	return req.reply(map[string]any{"apiKey": map[string]any{"id": k.ID, "description": k.Description,
		"expires": k.Expires, "deletes": k.Expires + 60*24*3600}})
}

func deleteAPIKey(req *request) error {
	a, err := req.api()
	if err != nil {
		return err
	}
	if a.Keys[req.parts[2]] == nil {
		return notFound("API key %s not found.", req.parts[2])
	}
	req.svc.DeleteAPIKey(a.ID, req.parts[2])
	return req.reply(map[string]any{})
}
