package dynamodb

import (
	"encoding/json"
	"slices"
)

// These are what CloudFormation uses to provision AWS::DynamoDB::Table
// resources. A definition is a CreateTable request in the API's JSON
// shape. Callers hold the state lock; errors are the API's.

// CreateTable creates a table from a definition and returns its ARN.
func (s *Service) CreateTable(account, region string, definition []byte) (string, error) {
	var d tableDefinition
	if err := json.Unmarshal(definition, &d); err != nil {
		return "", validation("%v", err)
	}
	t, err := s.createTable(account, region, &d)
	if err != nil {
		return "", err
	}
	return t.Arn, nil
}

// ApplyTable brings an existing table to a definition: billing and
// throughput, global secondary indexes (added and deleted), stream, SSE,
// deletion protection and tags. Its key schema, table name and local
// indexes cannot change.
func (s *Service) ApplyTable(account, region string, definition []byte) error {
	var d tableDefinition
	if err := json.Unmarshal(definition, &d); err != nil {
		return validation("%v", err)
	}
	t, err := s.lookupTable(account, region, d.TableName)
	if err != nil {
		return err
	}
	if err := validateDefinition(&d); err != nil {
		return err
	}
	u := &tableUpdate{TableName: d.TableName, AttributeDefinitions: d.AttributeDefinitions, BillingMode: d.BillingMode,
		ProvisionedThroughput: d.ProvisionedThroughput, SSESpecification: d.SSESpecification,
		DeletionProtectionEnabled: &d.DeletionProtectionEnabled, TableClass: d.TableClass}
	if u.BillingMode == "" {
		u.BillingMode = "PROVISIONED"
	}
	u.GlobalSecondaryIndexUpdates = indexChanges(t.GSIs, d.GlobalSecondaryIndexes)
	u.StreamSpecification = streamChange(t, d.StreamSpecification)
	if u.SSESpecification == nil {
		u.SSESpecification = &sseSpec{Enabled: new(bool)}
	}
	if err := t.update(u); err != nil {
		return err
	}
	t.PointInTimeRecovery = d.PointInTimeRecoveryEnabled
	t.Tags = map[string]string{}
	for _, tg := range d.Tags {
		t.Tags[tg.Key] = tg.Value
	}
	return nil
}

// indexChanges are the index deletions and creations from have to want;
// a changed index is deleted and created again.
func indexChanges(have, want []*Index) []gsiUpdate {
	var out []gsiUpdate
	same := func(a, b *Index) bool {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return string(x) == string(y)
	}
	for _, h := range have {
		if !slices.ContainsFunc(want, func(w *Index) bool { return same(h, w) }) {
			out = append(out, gsiUpdate{Delete: &struct{ IndexName string }{h.IndexName}})
		}
	}
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h *Index) bool { return same(h, w) }) {
			out = append(out, gsiUpdate{Create: w})
		}
	}
	return out
}

// streamChange is the stream update that gives a table a wanted stream;
// a changed view type disables the stream and enables a new one.
func streamChange(t *Table, want *streamSpec) *streamSpec {
	cur := t.stream()
	enabled := want != nil && want.StreamEnabled
	switch {
	case cur == nil && enabled:
		return want
	case cur != nil && !enabled:
		return &streamSpec{}
	case cur != nil && cur.ViewType != want.StreamViewType:
		t.updateStream(&streamSpec{}) //nolint:errcheck // disabling an enabled stream cannot fail
		return want
	}
	return nil
}

// DeleteTable deletes a table if it exists.
func (s *Service) DeleteTable(account, region, name string) {
	delete(s.tables(account, region), name)
}

// SetTimeToLive sets a table's TTL to a state, whatever it was.
func (s *Service) SetTimeToLive(account, region, name, attribute string, enabled bool) error {
	t, err := s.lookupTable(account, region, name)
	if err != nil {
		return err
	}
	if !enabled {
		t.TTL = nil
		return nil
	}
	t.TTL = &TTL{AttributeName: attribute, Enabled: true}
	return nil
}
