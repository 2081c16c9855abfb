package engine

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/cfn/template"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// tableProvisioner creates real DynamoDB tables (AWS::DynamoDB::Table and
// the tables SAM's SimpleTable expands to).
type tableProvisioner struct{}

const tableType = "AWS::DynamoDB::Table"

func (tableProvisioner) create(pc *provisionCtx, r *StackResource, props map[string]any) error {
	name := template.ScalarString(props["TableName"])
	if name == "" {
		name = pc.generatedName(r, 255, false)
	}
	s := pc.stack
	arn, err := pc.eng.dynamo.CreateTable(s.Account, s.Region, tableDefinition(pc, name, props))
	if err != nil {
		ae := wire.AsError(err)
		if ae.Code == "ResourceInUseException" {
			return wire.Failuref("Resource of type '%s' with identifier '%s' already exists.", tableType, name)
		}
		return dynamoFailure(err)
	}
	r.PhysicalID = name
	if err := setTableTTL(pc, name, props); err != nil {
		return err
	}
	r.Attributes = tableAttributes(pc, name, arn)
	return nil
}

func (tableProvisioner) update(pc *provisionCtx, r *StackResource, props map[string]any) error {
	s := pc.stack
	err := pc.eng.dynamo.ApplyTable(s.Account, s.Region, tableDefinition(pc, r.PhysicalID, props))
	if codeOf(err) == "ResourceNotFoundException" {
		return wire.Failuref("Resource of type '%s' with identifier '%s' was not found.", tableType, r.PhysicalID)
	} else if err != nil {
		return dynamoFailure(err)
	}
	if err := setTableTTL(pc, r.PhysicalID, props); err != nil {
		return err
	}
	r.Attributes = tableAttributes(pc, r.PhysicalID, pc.arn("dynamodb", "table/"+r.PhysicalID))
	return nil
}

func (tableProvisioner) delete(pc *provisionCtx, r *StackResource) error {
	pc.eng.dynamo.DeleteTable(pc.stack.Account, pc.stack.Region, r.PhysicalID)
	return nil
}

func dynamoFailure(err error) error {
	ae := wire.AsError(err)
	return wire.Failuref("%s (Service: DynamoDb, Status Code: %d, Error Code: %s)", ae.Message, ae.Status, ae.Code)
}

func tableAttributes(pc *provisionCtx, name, arn string) map[string]any {
	attrs := map[string]any{"Arn": arn}
	if stream, ok := pc.eng.dynamo.TableStreamArn(pc.stack.Account, pc.stack.Region, name); ok {
		attrs["StreamArn"] = stream
	}
	return attrs
}

func setTableTTL(pc *provisionCtx, name string, props map[string]any) error {
	spec := template.AsMap(props["TimeToLiveSpecification"])
	enabled := template.ScalarString(spec["Enabled"]) == "true"
	err := pc.eng.dynamo.SetTimeToLive(pc.stack.Account, pc.stack.Region, name, template.ScalarString(spec["AttributeName"]), enabled)
	if err != nil {
		return dynamoFailure(err)
	}
	return nil
}

// tableDefinition turns template properties into a CreateTable request.
// CloudFormation's shapes are the API's except for streams, encryption,
// tags and the numbers and booleans parameters render as text.
func tableDefinition(pc *provisionCtx, name string, props map[string]any) []byte {
	d := map[string]any{"TableName": name}
	for _, k := range []string{"KeySchema", "AttributeDefinitions", "BillingMode", "TableClass"} {
		if v, ok := props[k]; ok {
			d[k] = v
		}
	}
	if tp, ok := props["ProvisionedThroughput"]; ok {
		d["ProvisionedThroughput"] = throughput(tp)
	}
	for _, k := range []string{"GlobalSecondaryIndexes", "LocalSecondaryIndexes"} {
		var list []any
		for _, ix := range template.AsSlice(props[k]) {
			m := maps.Clone(template.AsMap(ix))
			if tp, ok := m["ProvisionedThroughput"]; ok {
				m["ProvisionedThroughput"] = throughput(tp)
			}
			list = append(list, m)
		}
		if list != nil {
			d[k] = list
		}
	}
	if view := template.ScalarString(template.AsMap(props["StreamSpecification"])["StreamViewType"]); view != "" {
		d["StreamSpecification"] = map[string]any{"StreamEnabled": true, "StreamViewType": view}
	}
	if sse := template.AsMap(props["SSESpecification"]); template.ScalarString(sse["SSEEnabled"]) == "true" {
		d["SSESpecification"] = map[string]any{"Enabled": true, "SSEType": template.ScalarString(sse["SSEType"]),
			"KMSMasterKeyId": template.ScalarString(sse["KMSMasterKeyId"])}
	}
	d["DeletionProtectionEnabled"] = template.ScalarString(props["DeletionProtectionEnabled"]) == "true"
	pitr := template.AsMap(props["PointInTimeRecoverySpecification"])
	d["PointInTimeRecoveryEnabled"] = template.ScalarString(pitr["PointInTimeRecoveryEnabled"]) == "true"
	tags := pc.resourceTags(props)
	var list []map[string]string
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		list = append(list, map[string]string{"Key": k, "Value": tags[k]})
	}
	d["Tags"] = list
	data, _ := json.Marshal(d)
	return data
}

// throughput reads ProvisionedThroughput, whose units may be text.
func throughput(v any) map[string]int64 {
	m := template.AsMap(v)
	units := func(k string) int64 {
		n, _ := strconv.ParseInt(template.ScalarString(m[k]), 10, 64)
		return n
	}
	return map[string]int64{"ReadCapacityUnits": units("ReadCapacityUnits"), "WriteCapacityUnits": units("WriteCapacityUnits")}
}
