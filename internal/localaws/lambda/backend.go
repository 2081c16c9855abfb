package lambda

import (
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// The methods below are what other localaws services use of Lambda: CloudFormation provisions
// functions, layers, permissions and mappings, and invokes custom resources; SNS and S3
// invoke subscribers. Callers hold the emulator's lock.

// FunctionSpec is a function as a template declares it.
type FunctionSpec struct {
	Name, Runtime, Handler, Role, Description string
	Timeout, MemorySize                       int
	Environment                               map[string]string
	Layers                                    []string
	// Code is the zip.
	Code                []byte
	Tags                map[string]string
	ReservedConcurrency *int
}

// PutFunction creates the function, or updates its code and configuration when it exists,
// and returns its ARN.
func (s *Service) PutFunction(account, region string, spec FunctionSpec) (string, error) {
	functions := s.functions(account, region)
	fn, exists := functions[spec.Name]
	if !exists {
		fn = &Function{Name: spec.Name, ARN: functionARN(region, account, spec.Name), Architectures: []string{"x86_64"}}
	}
	updated := *fn
	req := &request{svc: s}
	timeout, memory := spec.Timeout, spec.MemorySize
	if timeout == 0 {
		timeout = 3 // Lambda's defaults
	}
	if memory == 0 {
		memory = 128
	}
	layers := spec.Layers
	if layers == nil {
		layers = []string{}
	}
	env := &environmentInput{Variables: spec.Environment}
	if err := req.applyConfig(&updated, configInput{Runtime: &spec.Runtime, Handler: &spec.Handler, Role: &spec.Role,
		Description: &spec.Description, Timeout: &timeout, MemorySize: &memory, Environment: env, Layers: &layers}); err != nil {
		return "", err
	}
	if err := req.applyCode(&updated, codeInput{ZipFile: spec.Code}); err != nil {
		return "", err
	}
	updated.Tags, updated.ReservedConcurrency = spec.Tags, spec.ReservedConcurrency
	*fn = updated
	functions[fn.Name] = fn
	return fn.ARN, nil
}

// DeleteFunction deletes a function and stops its instances and mappings.
func (s *Service) DeleteFunction(account, region, name string) {
	fn, ok := s.functions(account, region)[name]
	if !ok {
		return
	}
	delete(s.functions(account, region), name)
	for uuid, m := range s.mappings(account, region) {
		if m.FunctionARN == fn.ARN {
			s.DeleteMapping(account, region, uuid)
		}
	}
	arn := fn.ARN
	go s.runner.forget(arn)
}

// FunctionARNOf returns the ARN of a function named by name or ARN, if it exists.
func (s *Service) FunctionARNOf(account, region, ref string) (string, bool) {
	fn, ok := s.functions(account, region)[functionName(ref)]
	if !ok {
		return "", false
	}
	return fn.ARN, true
}

// InvokeAsync starts an Event invocation of a function named by name or ARN and returns at
// once; what it prints goes to its log group.
func (s *Service) InvokeAsync(account, region, ref string, payload []byte) error {
	fn, ok := s.functions(account, region)[functionName(ref)]
	if !ok {
		return notFound(functionARN(region, account, functionName(ref)))
	}
	l, err := s.launchOf(fn)
	if err != nil {
		return err
	}
	go s.invokeAsync(l, account, region, payload)
	return nil
}

// PublishLayer publishes a layer version and returns its ARN.
func (s *Service) PublishLayer(account, region, name, description string, runtimes []string, zip []byte) (string, error) {
	_, v, err := s.publishLayer(account, region, name, description, runtimes, codeInput{ZipFile: zip})
	if err != nil {
		return "", err
	}
	return v.ARN, nil
}

func (s *Service) publishLayer(account, region, name, description string, runtimes []string, code codeInput) (*Layer, *LayerVersion, error) {
	holder := &Function{}
	if err := (&request{svc: s}).applyCode(holder, code); err != nil {
		return nil, nil, err
	}
	layers := s.layers(account, region)
	layer, ok := layers[name]
	if !ok {
		layer = &Layer{Name: name, ARN: layerARN(region, account, name), Next: 1}
		layers[name] = layer
	}
	v := &LayerVersion{Version: layer.Next, ARN: layer.ARN + ":" + itoa(layer.Next), Description: description,
		CompatibleRuntimes: runtimes, CodeDigest: holder.CodeDigest, CodeSHA256: holder.CodeSHA256,
		CodeSize: holder.CodeSize, Created: time.Now().UTC()}
	layer.Next++
	layer.Versions = append(layer.Versions, v)
	return layer, v, nil
}

// DeleteLayerVersionByARN deletes a layer version if it exists.
func (s *Service) DeleteLayerVersionByARN(arn string) {
	v, err := s.layerVersion(arn)
	if err != nil {
		return
	}
	for _, region := range layerTable.AllRegions(s.store.State()) {
		for _, layer := range region {
			for i, candidate := range layer.Versions {
				if candidate == v {
					layer.Versions = append(layer.Versions[:i], layer.Versions[i+1:]...)
					return
				}
			}
		}
	}
}

// AddPermission adds a statement to a function's policy.
func (s *Service) AddPermission(account, region, ref, sid, action, principal, sourceArn string) error {
	fn, ok := s.functions(account, region)[functionName(ref)]
	if !ok {
		return notFound(functionARN(region, account, functionName(ref)))
	}
	for _, st := range fn.Policy {
		if st.Sid == sid {
			return wire.NewError(http.StatusConflict, "ResourceConflictException", "The statement id (%s) provided already exists.", sid)
		}
	}
	fn.Policy = append(fn.Policy, Statement{Sid: sid, Action: action, Principal: principal, SourceArn: sourceArn})
	return nil
}

// RemovePermission removes a statement from a function's policy, if both exist.
func (s *Service) RemovePermission(account, region, ref, sid string) {
	fn, ok := s.functions(account, region)[functionName(ref)]
	if !ok {
		return
	}
	for i, st := range fn.Policy {
		if st.Sid == sid {
			fn.Policy = append(fn.Policy[:i], fn.Policy[i+1:]...)
			return
		}
	}
}

// FunctionConfiguration returns a function's configuration as a FunctionSpec without its code,
// for drift detection, and whether it exists.
func (s *Service) FunctionConfiguration(account, region, name string) (FunctionSpec, bool) {
	fn, ok := s.functions(account, region)[name]
	if !ok {
		return FunctionSpec{}, false
	}
	return FunctionSpec{Name: fn.Name, Runtime: fn.Runtime, Handler: fn.Handler, Role: fn.Role,
		Description: fn.Description, Timeout: fn.Timeout, MemorySize: fn.MemorySize,
		Environment: maps.Clone(fn.Environment), Layers: slices.Clone(fn.Layers), Tags: maps.Clone(fn.Tags),
		ReservedConcurrency: fn.ReservedConcurrency}, true
}
