package glue

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// partitionOut is a partition as GetPartition answers it.
type partitionOut struct {
	PartitionInput
	DatabaseName string
	TableName    string
	CatalogId    string
	CreationTime float64
}

func (p *Partition) out(account string, t *Table, database string) partitionOut {
	return partitionOut{PartitionInput: p.PartitionInput, DatabaseName: database, TableName: t.Name, CatalogId: account,
		CreationTime: wire.Epoch(p.CreationTime)}
}

// addPartition adds a partition, whose values must match the partition
// keys.
func (t *Table) addPartition(in PartitionInput) error {
	if len(in.Values) != len(t.PartitionKeys) {
		return invalidInput("The number of partition keys do not match the number of partition values")
	}
	key := partitionKey(in.Values)
	if _, exists := t.Partitions[key]; exists {
		return glueError("AlreadyExistsException", "Partition already exists.")
	}
	if t.Partitions == nil {
		t.Partitions = map[string]*Partition{}
	}
	t.Partitions[key] = &Partition{PartitionInput: in, CreationTime: time.Now().UTC()}
	return nil
}

func (t *Table) partition(values []string) (*Partition, error) {
	p, ok := t.Partitions[partitionKey(values)]
	if !ok {
		return nil, notFound("Cannot find partition.")
	}
	return p, nil
}

func createPartition(req *request) error {
	var in struct {
		tableRef
		PartitionInput PartitionInput
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	if err := t.addPartition(in.PartitionInput); err != nil {
		return err
	}
	return req.ReplyJSON(nil)
}

// partitionError is one failed entry of a batch.
func partitionError(values []string, err error) map[string]any {
	ae := wire.AsError(err)
	return map[string]any{"PartitionValues": values, "ErrorDetail": map[string]string{"ErrorCode": ae.Code, "ErrorMessage": ae.Message}}
}

// batchCreatePartition adds up to 100 partitions; each failure is an
// entry of Errors.
func batchCreatePartition(req *request) error {
	var in struct {
		tableRef
		PartitionInputList []PartitionInput
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	if len(in.PartitionInputList) > 100 {
		return invalidInput("1 validation error detected: Value at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to 100")
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	errs := []map[string]any{}
	for _, p := range in.PartitionInputList {
		if err := t.addPartition(p); err != nil {
			errs = append(errs, partitionError(p.Values, err))
		}
	}
	return req.ReplyJSON(map[string]any{"Errors": errs})
}

type partitionValuesRequest struct {
	tableRef
	PartitionValues []string
}

func getPartition(req *request) error {
	var in partitionValuesRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	p, err := t.partition(in.PartitionValues)
	if err != nil {
		return err
	}
	return req.ReplyJSON(map[string]any{"Partition": p.out(req.Account, t, strings.ToLower(in.DatabaseName))})
}

func deletePartition(req *request) error {
	var in partitionValuesRequest
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	if _, err := t.partition(in.PartitionValues); err != nil {
		return err
	}
	delete(t.Partitions, partitionKey(in.PartitionValues))
	return req.ReplyJSON(nil)
}

// sortedPartitions are a table's partitions in the order of their values.
func (t *Table) sortedPartitions() []*Partition {
	return slices.SortedFunc(maps.Values(t.Partitions), func(a, b *Partition) int {
		return slices.Compare(a.Values, b.Values)
	})
}

func getPartitions(req *request) error {
	var in struct {
		tableRef
		Expression, NextToken string
		MaxResults            int
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	match := func(map[string]string) bool { return true }
	if strings.TrimSpace(in.Expression) != "" {
		if match, err = parseExpression(in.Expression, t.PartitionKeys); err != nil {
			return invalidInput("Unsupported expression '%s': %v", in.Expression, err)
		}
	}
	var found []*Partition
	for _, p := range t.sortedPartitions() {
		values := map[string]string{}
		for i, k := range t.PartitionKeys {
			values[strings.ToLower(k.Name)] = p.Values[i]
		}
		if match(values) {
			found = append(found, p)
		}
	}
	found, next, err := nextToken(found, in.MaxResults, in.NextToken)
	if err != nil {
		return err
	}
	list := make([]partitionOut, len(found))
	for i, p := range found {
		list[i] = p.out(req.Account, t, strings.ToLower(in.DatabaseName))
	}
	return replyPage(req, "Partitions", list, next)
}

type partitionValueList struct{ Values []string }

func batchGetPartition(req *request) error {
	var in struct {
		tableRef
		PartitionsToGet []partitionValueList
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	found, missing := []partitionOut{}, []partitionValueList{}
	for _, v := range in.PartitionsToGet {
		if p, err := t.partition(v.Values); err == nil {
			found = append(found, p.out(req.Account, t, strings.ToLower(in.DatabaseName)))
		} else {
			missing = append(missing, v)
		}
	}
	return req.ReplyJSON(map[string]any{"Partitions": found, "UnprocessedKeys": missing})
}

func batchDeletePartition(req *request) error {
	var in struct {
		tableRef
		PartitionsToDelete []partitionValueList
	}
	if err := req.DecodeJSON(&in); err != nil {
		return err
	}
	t, err := req.tableOf(&in.tableRef)
	if err != nil {
		return err
	}
	errs := []map[string]any{}
	for _, v := range in.PartitionsToDelete {
		if _, err := t.partition(v.Values); err != nil {
			errs = append(errs, partitionError(v.Values, err))
			continue
		}
		delete(t.Partitions, partitionKey(v.Values))
	}
	return req.ReplyJSON(map[string]any{"Errors": errs})
}
