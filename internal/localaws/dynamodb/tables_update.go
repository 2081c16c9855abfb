package dynamodb

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
)

// gsiUpdate is one of UpdateTable's GlobalSecondaryIndexUpdates.
type gsiUpdate struct {
	Create *Index
	Delete *struct{ IndexName string }
	Update *struct {
		IndexName             string
		ProvisionedThroughput *Throughput
	}
}

// tableUpdate is an UpdateTable request.
type tableUpdate struct {
	TableName                   string
	AttributeDefinitions        []AttributeDefinition
	BillingMode                 string
	ProvisionedThroughput       *Throughput
	GlobalSecondaryIndexUpdates []gsiUpdate
	StreamSpecification         *streamSpec
	SSESpecification            *sseSpec
	DeletionProtectionEnabled   *bool
	TableClass                  string
}

func updateTable(req *request) error {
	var in tableUpdate
	if err := req.decode(&in); err != nil {
		return err
	}
	t, err := req.svc.lookupTable(req.Account, req.Region, in.TableName)
	if err != nil {
		return err
	}
	if err := t.update(&in); err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"TableDescription": t.describe(req.Account)})
}

// update applies an UpdateTable request, all or nothing.
func (t *Table) update(in *tableUpdate) error {
	next := *t
	next.AttributeDefinitions = mergeDefinitions(t.AttributeDefinitions, in.AttributeDefinitions)
	next.GSIs = slices.Clone(t.GSIs)
	if err := next.updateBilling(in.BillingMode, in.ProvisionedThroughput); err != nil {
		return err
	}
	for _, u := range in.GlobalSecondaryIndexUpdates {
		if err := next.updateIndex(u); err != nil {
			return err
		}
	}
	next.AttributeDefinitions = usedDefinitions(&next)
	if err := next.updateStream(in.StreamSpecification); err != nil {
		return err
	}
	if in.SSESpecification != nil {
		next.SSE = sseFrom(in.SSESpecification)
	}
	if in.DeletionProtectionEnabled != nil {
		next.DeletionProtection = *in.DeletionProtectionEnabled
	}
	if in.TableClass != "" {
		next.TableClass = in.TableClass
	}
	*t = next
	return nil
}

func mergeDefinitions(have, add []AttributeDefinition) []AttributeDefinition {
	out := slices.Clone(have)
	for _, a := range add {
		if !slices.ContainsFunc(out, func(b AttributeDefinition) bool { return b.AttributeName == a.AttributeName }) {
			out = append(out, a)
		}
	}
	return out
}

// usedDefinitions keeps the definitions of attributes some key uses.
func usedDefinitions(t *Table) []AttributeDefinition {
	used := map[string]bool{}
	for _, ix := range slices.Concat([]*Index{{KeySchema: t.KeySchema}}, t.GSIs, t.LSIs) {
		for _, k := range ix.KeySchema {
			used[k.AttributeName] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(t.AttributeDefinitions), func(a AttributeDefinition) bool { return !used[a.AttributeName] })
}

func (t *Table) updateBilling(mode string, tp *Throughput) error {
	if mode == "" && tp == nil {
		return nil
	}
	if mode == "" {
		mode = t.BillingMode
	}
	if mode == "PROVISIONED" && tp == nil && t.BillingMode == "PROVISIONED" {
		return nil
	}
	if err := validateBilling(mode, tp); err != nil {
		return err
	}
	t.BillingMode = mode
	t.Throughput = Throughput{}
	if tp != nil && mode == "PROVISIONED" {
		t.Throughput = *tp
	}
	return nil
}

func (t *Table) updateIndex(u gsiUpdate) error {
	switch {
	case u.Create != nil:
		if t.index(u.Create.IndexName) != nil {
			return validation("One or more parameter values were invalid: Index with name %s already exists", u.Create.IndexName)
		}
		d := &tableDefinition{TableName: t.Name, KeySchema: t.KeySchema, AttributeDefinitions: t.AttributeDefinitions,
			BillingMode: t.BillingMode, GlobalSecondaryIndexes: []*Index{u.Create}}
		if err := validateIndexes(d); err != nil {
			return err
		}
		for _, k := range u.Create.KeySchema {
			if t.attrType(k.AttributeName) == "" {
				return validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [%s]", k.AttributeName)
			}
		}
		t.GSIs = append(t.GSIs, u.Create)
	case u.Delete != nil:
		n := len(t.GSIs)
		t.GSIs = slices.DeleteFunc(t.GSIs, func(ix *Index) bool { return ix.IndexName == u.Delete.IndexName })
		if len(t.GSIs) == n {
			return notFound("Requested resource not found: Index: %s not found", u.Delete.IndexName)
		}
	case u.Update != nil:
		i := slices.IndexFunc(t.GSIs, func(ix *Index) bool { return ix.IndexName == u.Update.IndexName })
		if i < 0 {
			return notFound("Requested resource not found: Index: %s not found", u.Update.IndexName)
		}
		ix := *t.GSIs[i]
		ix.ProvisionedThroughput = u.Update.ProvisionedThroughput
		t.GSIs[i] = &ix
	}
	return nil
}

func (t *Table) updateStream(spec *streamSpec) error {
	if spec == nil {
		return nil
	}
	if err := validateStreamSpec(spec); err != nil {
		return err
	}
	cur := t.stream()
	switch {
	case spec.StreamEnabled && cur != nil:
		return validation("Table already has an enabled stream: %s", cur.Arn)
	case spec.StreamEnabled:
		t.Streams = slices.Clone(t.Streams)
		t.enableStream(spec.StreamViewType)
	case cur != nil:
		t.Streams = slices.Clone(t.Streams)
		closed := *cur
		closed.Enabled = false
		t.Streams[len(t.Streams)-1] = &closed
	}
	return nil
}

func updateTimeToLive(req *request) error {
	var in struct {
		TableName               string
		TimeToLiveSpecification TTL
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	spec := TTL{AttributeName: in.TimeToLiveSpecification.AttributeName, Enabled: in.TimeToLiveSpecification.Enabled}
	if err := req.svc.UpdateTimeToLive(req.Account, req.Region, in.TableName, spec.AttributeName, spec.Enabled); err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"TimeToLiveSpecification": map[string]any{"AttributeName": spec.AttributeName, "Enabled": spec.Enabled}})
}

// UpdateTimeToLive enables or disables a table's TTL, failing as the API
// does. Callers hold the state lock.
func (s *Service) UpdateTimeToLive(account, region, name, attribute string, enabled bool) error {
	t, err := s.lookupTable(account, region, name)
	if err != nil {
		return err
	}
	switch {
	case attribute == "":
		return validation("1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null")
	case enabled && t.TTL != nil && t.TTL.Enabled:
		return validation("TimeToLive is already enabled")
	case !enabled && (t.TTL == nil || !t.TTL.Enabled):
		return validation("TimeToLive is already disabled")
	}
	t.TTL = &TTL{AttributeName: attribute, Enabled: enabled}
	return nil
}

func describeTimeToLive(req *request) error {
	t, err := req.namedTable()
	if err != nil {
		return err
	}
	desc := map[string]any{"TimeToLiveStatus": "DISABLED"}
	if t.TTL != nil && t.TTL.Enabled {
		desc = map[string]any{"TimeToLiveStatus": "ENABLED", "AttributeName": t.TTL.AttributeName}
	}
	return req.ReplyJSON(map[string]any{"TimeToLiveDescription": desc})
}

// expired reports whether an item's TTL attribute is in the past.
func (t *Table) expired(it expr.Item, now time.Time) bool {
	if t.TTL == nil || !t.TTL.Enabled {
		return false
	}
	v := it[t.TTL.AttributeName]
	if v == nil || v.N == nil {
		return false
	}
	return expr.CompareNumbers(*v.N, strconv.FormatInt(now.Unix(), 10)) < 0
}

// sweepExpired deletes expired items, recording REMOVE stream records by
// the TTL service. It runs lazily, at most once a second per table.
func (t *Table) sweepExpired(now time.Time) {
	if t.TTL == nil || !t.TTL.Enabled || now.Sub(t.ttlSwept) < time.Second {
		return
	}
	t.ttlSwept = now
	for _, k := range slices.Sorted(maps.Keys(t.Items)) {
		if it := t.Items[k]; t.expired(it, now) {
			t.expire(k, it, now)
		}
	}
}

// expire deletes one expired item.
func (t *Table) expire(key string, it expr.Item, now time.Time) {
	delete(t.Items, key)
	t.record(eventRemove, it, nil, ttlIdentity, now)
}

func tagResource(req *request) error {
	var in struct {
		ResourceArn string
		Tags        []tag
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	t, err := req.tableByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	for _, tg := range in.Tags {
		t.Tags[tg.Key] = tg.Value
	}
	return req.ReplyJSON(nil)
}

func untagResource(req *request) error {
	var in struct {
		ResourceArn string
		TagKeys     []string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	t, err := req.tableByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	for _, k := range in.TagKeys {
		delete(t.Tags, k)
	}
	return req.ReplyJSON(nil)
}

func listTagsOfResource(req *request) error {
	var in struct{ ResourceArn string }
	if err := req.decode(&in); err != nil {
		return err
	}
	t, err := req.tableByArn(in.ResourceArn)
	if err != nil {
		return err
	}
	tags := []tag{}
	for _, k := range slices.Sorted(maps.Keys(t.Tags)) {
		tags = append(tags, tag{Key: k, Value: t.Tags[k]})
	}
	return req.ReplyJSON(map[string]any{"Tags": tags})
}

func (req *request) tableByArn(arn string) (*Table, error) {
	t, ok := req.tables()[tableFromArn(arn)]
	if !ok || t.Arn != arn {
		return nil, notFound("Requested resource not found: ResourcArn: %s not found", arn)
	}
	if t.Tags == nil {
		t.Tags = map[string]string{}
	}
	return t, nil
}
