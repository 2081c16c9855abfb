package engine

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// lambdaFailure renders a Lambda error as a status reason.
func lambdaFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: Lambda; Status Code: %d; Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

// functionProvisioner creates real Lambda functions from the code the template names; Ref is
// the function's name.
type functionProvisioner struct{}

// code reads the function's zip: from S3, or the inline source CloudFormation zips as
// index.py (Python) or index.js (others).
func functionCode(pc *provisionCtx, props map[string]any) ([]byte, error) {
	code := template.AsMap(props["Code"])
	if inline, ok := code["ZipFile"]; ok {
		name := "index.js"
		if strings.HasPrefix(template.ScalarString(props["Runtime"]), "python") {
			name = "index.py"
		}
		return zipOne(name, template.ScalarString(inline))
	}
	bucket, key := template.ScalarString(code["S3Bucket"]), template.ScalarString(code["S3Key"])
	data, err := pc.eng.s3.GetObject(bucket, key, template.ScalarString(code["S3ObjectVersion"]))
	switch {
	case codeOf(err) == "NoSuchBucket":
		return nil, wire.Failuref("Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	case err != nil:
		return nil, wire.Failuref("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	}
	return data, nil
}

func zipOne(name, content string) ([]byte, error) {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, err := w.Create(name)
	if err == nil {
		_, err = f.Write([]byte(content))
	}
	if err == nil {
		err = w.Close()
	}
	return buf.Bytes(), err
}

func (p functionProvisioner) spec(pc *provisionCtx, name string, props map[string]any) (FunctionSpec, error) {
	data, err := functionCode(pc, props)
	if err != nil {
		return FunctionSpec{}, err
	}
	spec := FunctionSpec{
		Name: name, Runtime: template.ScalarString(props["Runtime"]), Handler: template.ScalarString(props["Handler"]),
		Role: template.ScalarString(props["Role"]), Description: template.ScalarString(props["Description"]),
		Timeout: intProp(props["Timeout"]), MemorySize: intProp(props["MemorySize"]),
		Layers: template.StringList(props["Layers"]), Code: data, Tags: pc.resourceTags(props),
	}
	if vars := template.AsMap(template.AsMap(props["Environment"])["Variables"]); len(vars) > 0 {
		spec.Environment = map[string]string{}
		for k, v := range vars {
			spec.Environment[k] = template.ScalarString(v)
		}
	}
	if v, ok := props["ReservedConcurrentExecutions"]; ok {
		n := intProp(v)
		spec.ReservedConcurrency = &n
	}
	return spec, nil
}

func (p functionProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := pc.nameOf(r, props, "FunctionName", 64)
	s := pc.stack
	if _, exists := pc.eng.lambda.FunctionARNOf(s.Account, s.Region, name); exists {
		return wire.Failuref("Resource of type 'AWS::Lambda::Function' with identifier '%s' already exists.", name)
	}
	spec, err := p.spec(pc, name, props)
	if err != nil {
		return err
	}
	arn, err := pc.eng.lambda.PutFunction(s.Account, s.Region, spec)
	if err != nil {
		return lambdaFailure(err)
	}
	r.PhysicalID = name
	r.Attributes = map[string]any{"Arn": arn}
	return nil
}

func (p functionProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	spec, err := p.spec(pc, r.PhysicalID, props)
	if err != nil {
		return err
	}
	if _, err := pc.eng.lambda.PutFunction(pc.stack.Account, pc.stack.Region, spec); err != nil {
		return lambdaFailure(err)
	}
	return nil
}

func (functionProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.lambda.DeleteFunction(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}

// intProp reads a number property, which templates may give as a number or a string.
func intProp(v any) int {
	n, _ := strconv.Atoi(template.ScalarString(v))
	return n
}

// layerProvisioner publishes layer versions; every change makes a new version (replacement).
type layerProvisioner struct{}

func (layerProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	content := template.AsMap(props["Content"])
	data, err := pc.eng.s3.GetObject(template.ScalarString(content["S3Bucket"]), template.ScalarString(content["S3Key"]),
		template.ScalarString(content["S3ObjectVersion"]))
	if err != nil {
		return wire.Failuref("Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist. (Service: Lambda; Status Code: 400; Error Code: InvalidParameterValueException)")
	}
	name := pc.nameOf(r, props, "LayerName", 64)
	arn, err := pc.eng.lambda.PublishLayer(pc.stack.Account, pc.stack.Region, name,
		template.ScalarString(props["Description"]), template.StringList(props["CompatibleRuntimes"]), data)
	if err != nil {
		return lambdaFailure(err)
	}
	r.PhysicalID = arn
	r.Attributes = map[string]any{"LayerVersionArn": arn}
	return nil
}

func (layerProvisioner) update(*provisionCtx, *StackResource, map[string]any) error { return nil }

func (layerProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.lambda.DeleteLayerVersionByARN(r.PhysicalID)
	return nil
}

// permissionProvisioner adds a statement to a function's policy; Ref is the statement ID.
type permissionProvisioner struct{}

func (permissionProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	sid := pc.generatedName(r, 100, false)
	s := pc.stack
	err := pc.eng.lambda.AddPermission(s.Account, s.Region, template.ScalarString(props["FunctionName"]), sid,
		template.ScalarString(props["Action"]), template.ScalarString(props["Principal"]), template.ScalarString(props["SourceArn"]))
	if err != nil {
		return lambdaFailure(err)
	}
	r.PhysicalID = sid
	return nil
}

func (p permissionProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	// Every property of a permission requires replacement; the engine never updates one.
	return nil
}

func (permissionProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.lambda.RemovePermission(pc.stack.Account, pc.stack.Region, template.ScalarString(r.Properties["FunctionName"]), r.PhysicalID)
	return nil
}

// mappingProvisioner creates event source mappings; Ref is the mapping's UUID.
type mappingProvisioner struct{}

func mappingSpec(props map[string]any) MappingSpec {
	spec := MappingSpec{Function: template.ScalarString(props["FunctionName"]),
		EventSourceARN:        template.ScalarString(props["EventSourceArn"]),
		StartingPosition:      template.ScalarString(props["StartingPosition"]),
		FunctionResponseTypes: template.StringList(props["FunctionResponseTypes"])}
	if v, ok := props["BatchSize"]; ok {
		n := intProp(v)
		spec.BatchSize = &n
	}
	if v, ok := props["MaximumBatchingWindowInSeconds"]; ok {
		n := intProp(v)
		spec.BatchingWindow = &n
	}
	if v, ok := props["Enabled"]; ok {
		enabled := template.ScalarString(v) != "false"
		spec.Enabled = &enabled
	}
	return spec
}

func (mappingProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	uuid, err := pc.eng.lambda.CreateMapping(pc.stack.Account, pc.stack.Region, mappingSpec(props))
	if err != nil {
		return lambdaFailure(err)
	}
	r.PhysicalID = uuid
	r.Attributes = map[string]any{"Id": uuid}
	return nil
}

func (mappingProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	if err := pc.eng.lambda.UpdateMapping(pc.stack.Account, pc.stack.Region, r.PhysicalID, mappingSpec(props)); err != nil {
		return lambdaFailure(err)
	}
	return nil
}

func (mappingProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.lambda.DeleteMapping(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}

// liveFunctionProperties reads a function's configuration in template form, for drift: the
// properties the template sets, and the ones it leaves that no longer have Lambda's defaults.
func (e *Engine) liveFunctionProperties(s *Stack, r *StackResource) (map[string]any, bool) {
	spec, ok := e.lambda.FunctionConfiguration(s.Account, s.Region, r.PhysicalID)
	if !ok {
		return nil, false
	}
	live := map[string]any{}
	set := func(key string, value any, isDefault bool) {
		if _, declared := r.Properties[key]; declared || !isDefault {
			live[key] = value
		}
	}
	set("Runtime", spec.Runtime, false)
	set("Handler", spec.Handler, spec.Handler == "")
	set("Role", spec.Role, false)
	set("Description", spec.Description, spec.Description == "")
	set("Timeout", strconv.Itoa(spec.Timeout), spec.Timeout == 3)
	set("MemorySize", strconv.Itoa(spec.MemorySize), spec.MemorySize == 128)
	vars := map[string]any{}
	for k, v := range spec.Environment {
		vars[k] = v
	}
	set("Environment", map[string]any{"Variables": vars}, len(vars) == 0)
	return live, true
}
