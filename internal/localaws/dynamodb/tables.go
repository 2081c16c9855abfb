package dynamodb

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// streamSpec is a StreamSpecification.
type streamSpec struct {
	StreamEnabled  bool
	StreamViewType string
}

// sseSpec is an SSESpecification.
type sseSpec struct {
	Enabled        *bool
	SSEType        string
	KMSMasterKeyId string
}

type tag struct {
	Key   string
	Value string
}

// tableDefinition is a CreateTable request; CloudFormation passes the same
// shape.
type tableDefinition struct {
	TableName                 string
	KeySchema                 []KeyElement
	AttributeDefinitions      []AttributeDefinition
	GlobalSecondaryIndexes    []*Index
	LocalSecondaryIndexes     []*Index
	BillingMode               string
	ProvisionedThroughput     *Throughput
	StreamSpecification       *streamSpec
	SSESpecification          *sseSpec
	Tags                      []tag
	DeletionProtectionEnabled bool
	TableClass                string
	// PointInTimeRecoveryEnabled is CloudFormation's; the API sets it with
	// UpdateContinuousBackups.
	PointInTimeRecoveryEnabled bool
}

var tableNamePattern = regexp.MustCompile(`^[a-zA-Z0-9_.-]+$`)

func validateTableName(name, field string) error {
	switch {
	case name == "":
		return validation("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", field)
	case len(name) < 3:
		return validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to 3", name, field)
	case len(name) > 255:
		return validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to 255", name, field)
	case !tableNamePattern.MatchString(name):
		return validation("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", name, field)
	}
	return nil
}

// validateKeySchema checks a table's or an index's key schema.
func validateKeySchema(schema []KeyElement, what string) error {
	switch {
	case len(schema) == 0:
		return validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null")
	case len(schema) > 2:
		return validation("1 validation error detected: Value '%v' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2", schema)
	case schema[0].KeyType != "HASH":
		return validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type")
	case len(schema) == 2 && schema[1].KeyType != "RANGE":
		return validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
	case len(schema) == 2 && schema[0].AttributeName == schema[1].AttributeName:
		return validation("Both the Hash Key and the Range Key element in the KeySchema have the same name%s", what)
	}
	return nil
}

// validateDefinition checks a CreateTable request as DynamoDB does.
func validateDefinition(d *tableDefinition) error {
	if err := validateTableName(d.TableName, "tableName"); err != nil {
		return err
	}
	if err := validateKeySchema(d.KeySchema, ""); err != nil {
		return err
	}
	if err := validateAttributes(d); err != nil {
		return err
	}
	if err := validateBilling(d.BillingMode, d.ProvisionedThroughput); err != nil {
		return err
	}
	if err := validateIndexes(d); err != nil {
		return err
	}
	return validateStreamSpec(d.StreamSpecification)
}

// validateAttributes requires every key attribute to be defined, and
// nothing else.
func validateAttributes(d *tableDefinition) error {
	defined := map[string]bool{}
	var names []string
	for _, a := range d.AttributeDefinitions {
		if a.AttributeType != "S" && a.AttributeType != "N" && a.AttributeType != "B" {
			return validation("1 validation error detected: Value '%s' at 'attributeDefinitions.%d.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]", a.AttributeType, len(names)+1)
		}
		defined[a.AttributeName] = true
		names = append(names, a.AttributeName)
	}
	used := map[string]bool{}
	for _, schema := range keySchemas(d) {
		for _, k := range schema {
			if !defined[k.AttributeName] {
				return validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s], AttributeDefinitions: [%s]", k.AttributeName, strings.Join(names, ", "))
			}
			used[k.AttributeName] = true
		}
	}
	if len(used) != len(defined) {
		return validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions")
	}
	return nil
}

func keySchemas(d *tableDefinition) [][]KeyElement {
	out := [][]KeyElement{d.KeySchema}
	for _, ix := range slices.Concat(d.GlobalSecondaryIndexes, d.LocalSecondaryIndexes) {
		out = append(out, ix.KeySchema)
	}
	return out
}

func validateBilling(mode string, tp *Throughput) error {
	switch mode {
	case "", "PROVISIONED":
		if tp == nil {
			return validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
		}
		if tp.ReadCapacityUnits < 1 || tp.WriteCapacityUnits < 1 {
			return validation("1 validation error detected: Value '0' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have value greater than or equal to 1")
		}
	case "PAY_PER_REQUEST":
		if tp != nil && (tp.ReadCapacityUnits != 0 || tp.WriteCapacityUnits != 0) {
			return validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST")
		}
	default:
		return validation("1 validation error detected: Value '%s' at 'billingMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]", mode)
	}
	return nil
}

func validateIndexes(d *tableDefinition) error {
	seen := map[string]bool{}
	for _, ix := range d.GlobalSecondaryIndexes {
		if err := validateIndex(ix, seen); err != nil {
			return err
		}
		if d.BillingMode != "PAY_PER_REQUEST" && ix.ProvisionedThroughput == nil {
			return validation("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: %s", ix.IndexName)
		}
	}
	for _, ix := range d.LocalSecondaryIndexes {
		if err := validateIndex(ix, seen); err != nil {
			return err
		}
		if keyOf(d.KeySchema, "RANGE") == "" {
			return validation("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex")
		}
		if keyOf(ix.KeySchema, "HASH") != keyOf(d.KeySchema, "HASH") || keyOf(ix.KeySchema, "RANGE") == "" {
			return validation("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: %s. index hash key: %s, table hash key: %s",
				ix.IndexName, keyOf(ix.KeySchema, "HASH"), keyOf(d.KeySchema, "HASH"))
		}
	}
	return nil
}

func validateIndex(ix *Index, seen map[string]bool) error {
	if err := validateTableName(ix.IndexName, "indexName"); err != nil {
		return err
	}
	if seen[ix.IndexName] {
		return validation("One or more parameter values were invalid: Duplicate index name: %s", ix.IndexName)
	}
	seen[ix.IndexName] = true
	if err := validateKeySchema(ix.KeySchema, " for index "+ix.IndexName); err != nil {
		return err
	}
	switch p := ix.Projection; p.ProjectionType {
	case "ALL", "KEYS_ONLY":
		if len(p.NonKeyAttributes) > 0 {
			return validation("One or more parameter values were invalid: ProjectionType is %s, but NonKeyAttributes is specified", p.ProjectionType)
		}
	case "INCLUDE":
		if len(p.NonKeyAttributes) == 0 {
			return validation("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified")
		}
	case "":
		return validation("One or more parameter values were invalid: Unknown ProjectionType: null")
	default:
		return validation("1 validation error detected: Value '%s' at 'projection.projectionType' failed to satisfy constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]", p.ProjectionType)
	}
	return nil
}

var streamViewTypes = []string{"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}

func validateStreamSpec(s *streamSpec) error {
	switch {
	case s == nil || (!s.StreamEnabled && s.StreamViewType == ""):
		return nil
	case s.StreamEnabled && s.StreamViewType == "":
		return validation("One or more parameter values were invalid: StreamViewType must be specified when StreamEnabled is true")
	case !s.StreamEnabled:
		return validation("One or more parameter values were invalid: StreamViewType cannot be specified when StreamEnabled is false")
	case !slices.Contains(streamViewTypes, s.StreamViewType):
		return validation("1 validation error detected: Value '%s' at 'streamSpecification.streamViewType' failed to satisfy constraint: Member must satisfy enum value set: [NEW_AND_OLD_IMAGES, NEW_IMAGE, OLD_IMAGE, KEYS_ONLY]", s.StreamViewType)
	}
	return nil
}

// createTable is shared by the API and CloudFormation.
func (s *Service) createTable(account, region string, d *tableDefinition) (*Table, error) {
	if err := validateDefinition(d); err != nil {
		return nil, err
	}
	tables := s.tables(account, region)
	if _, exists := tables[d.TableName]; exists {
		return nil, inUse("Table already exists: %s", d.TableName)
	}
	t := &Table{
		Name: d.TableName, Arn: tableArn(account, region, d.TableName), ID: wire.NewUUID(), Region: region,
		Created: time.Now().UTC(), KeySchema: d.KeySchema, AttributeDefinitions: d.AttributeDefinitions,
		GSIs: d.GlobalSecondaryIndexes, LSIs: d.LocalSecondaryIndexes, BillingMode: d.BillingMode,
		DeletionProtection: d.DeletionProtectionEnabled, TableClass: d.TableClass, PointInTimeRecovery: d.PointInTimeRecoveryEnabled,
		Tags: map[string]string{}, Items: map[string]expr.Item{},
	}
	if t.BillingMode == "" {
		t.BillingMode = "PROVISIONED"
	}
	if d.ProvisionedThroughput != nil && t.BillingMode == "PROVISIONED" {
		t.Throughput = *d.ProvisionedThroughput
	}
	for _, tg := range d.Tags {
		t.Tags[tg.Key] = tg.Value
	}
	t.SSE = sseFrom(d.SSESpecification)
	if d.StreamSpecification != nil && d.StreamSpecification.StreamEnabled {
		t.enableStream(d.StreamSpecification.StreamViewType)
	}
	tables[t.Name] = t
	return t, nil
}

func sseFrom(spec *sseSpec) *SSE {
	if spec == nil || spec.Enabled == nil || !*spec.Enabled {
		return nil
	}
	typ := spec.SSEType
	if typ == "" {
		typ = "KMS"
	}
	return &SSE{Enabled: true, Type: typ, KMSMasterKeyID: spec.KMSMasterKeyId}
}

func createTable(req *request) error {
	var in tableDefinition
	if err := req.decode(&in); err != nil {
		return err
	}
	t, err := req.svc.createTable(req.Account, req.Region, &in)
	if err != nil {
		return err
	}
	desc := t.describe(req.Account)
	desc["TableStatus"] = "CREATING"
	return req.ReplyJSON(map[string]any{"TableDescription": desc})
}

func describeTable(req *request) error {
	t, err := req.namedTable()
	if err != nil {
		return err
	}
	t.sweepExpired(time.Now())
	return req.ReplyJSON(map[string]any{"Table": t.describe(req.Account)})
}

// describe is a TableDescription.
func (t *Table) describe(account string) map[string]any {
	size := 0
	for _, it := range t.Items {
		size += expr.ItemSize(it)
	}
	d := map[string]any{
		"TableName": t.Name, "TableArn": t.Arn, "TableId": t.ID, "TableStatus": "ACTIVE",
		"CreationDateTime": epoch(t.Created), "KeySchema": t.KeySchema,
		"AttributeDefinitions": t.AttributeDefinitions, "ItemCount": len(t.Items), "TableSizeBytes": size,
		"BillingModeSummary":        map[string]any{"BillingMode": t.BillingMode, "LastUpdateToPayPerRequestDateTime": epoch(t.Created)},
		"ProvisionedThroughput":     throughputDescription(t.Throughput),
		"DeletionProtectionEnabled": t.DeletionProtection,
	}
	if t.TableClass != "" {
		d["TableClassSummary"] = map[string]string{"TableClass": t.TableClass}
	}
	if gsis := t.describeIndexes(t.GSIs, true); len(gsis) > 0 {
		d["GlobalSecondaryIndexes"] = gsis
	}
	if lsis := t.describeIndexes(t.LSIs, false); len(lsis) > 0 {
		d["LocalSecondaryIndexes"] = lsis
	}
	if n := len(t.Streams); n > 0 {
		latest := t.Streams[n-1]
		d["LatestStreamArn"], d["LatestStreamLabel"] = latest.Arn, latest.Label
		if latest.Enabled {
			d["StreamSpecification"] = streamSpec{StreamEnabled: true, StreamViewType: latest.ViewType}
		}
	}
	if t.SSE != nil {
		d["SSEDescription"] = map[string]string{"Status": "ENABLED", "SSEType": t.SSE.Type,
			"KMSMasterKeyArn": kmsKeyArn(account, t.Region, t.SSE.KMSMasterKeyID)}
	}
	return d
}

func throughputDescription(tp Throughput) map[string]any {
	return map[string]any{"ReadCapacityUnits": tp.ReadCapacityUnits, "WriteCapacityUnits": tp.WriteCapacityUnits, "NumberOfDecreasesToday": 0}
}

// kmsKeyArn is the ARN of the key that encrypts a table: the one named, or
// the account's aws/dynamodb key.
func kmsKeyArn(account, region, id string) string {
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	if id == "" {
		id = "aws/dynamodb"
	}
	kind := "key/"
	if strings.HasPrefix(id, "alias/") || id == "aws/dynamodb" {
		kind = ""
		if !strings.HasPrefix(id, "alias/") {
			id = "alias/" + id
		}
	}
	return fmt.Sprintf("arn:%s:kms:%s:%s:%s%s", wire.Partition(region), region, account, kind, id)
}

func (t *Table) describeIndexes(list []*Index, global bool) []map[string]any {
	var out []map[string]any
	for _, ix := range list {
		n, size := 0, 0
		for _, it := range t.Items {
			if hasKeys(it, ix.KeySchema) {
				n++
				size += expr.ItemSize(it)
			}
		}
		d := map[string]any{"IndexName": ix.IndexName, "KeySchema": ix.KeySchema, "Projection": ix.Projection,
			"IndexArn": t.Arn + "/index/" + ix.IndexName, "ItemCount": n, "IndexSizeBytes": size}
		if global {
			d["IndexStatus"] = "ACTIVE"
			tp := Throughput{}
			if ix.ProvisionedThroughput != nil {
				tp = *ix.ProvisionedThroughput
			}
			d["ProvisionedThroughput"] = throughputDescription(tp)
		}
		out = append(out, d)
	}
	return out
}

// hasKeys reports whether an item has every attribute of a key schema,
// which is what puts it in an index.
func hasKeys(it expr.Item, schema []KeyElement) bool {
	for _, k := range schema {
		if it[k.AttributeName] == nil {
			return false
		}
	}
	return true
}

func listTables(req *request) error {
	var in struct {
		ExclusiveStartTableName string
		Limit                   int
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	limit, err := pageLimit(in.Limit, 100)
	if err != nil {
		return err
	}
	names := []string{}
	for _, name := range slices.Sorted(maps.Keys(req.tables())) {
		if name > in.ExclusiveStartTableName {
			names = append(names, name)
		}
	}
	out := map[string]any{}
	if len(names) > limit {
		names = names[:limit]
		out["LastEvaluatedTableName"] = names[limit-1]
	}
	out["TableNames"] = names
	return req.ReplyJSON(out)
}

func deleteTable(req *request) error {
	t, err := req.namedTable()
	if err != nil {
		return err
	}
	if t.DeletionProtection {
		return validation("Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.")
	}
	delete(req.tables(), t.Name)
	desc := t.describe(req.Account)
	desc["TableStatus"] = "DELETING"
	return req.ReplyJSON(map[string]any{"TableDescription": desc})
}
