package dynamodb

import (
	"encoding/json"
	"hash/fnv"
	"slices"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
)

// pageBytes is the most a Query or Scan page holds, as on DynamoDB.
const pageBytes = 1 << 20

// readInput is a Query or Scan request.
type readInput struct {
	itemInput
	IndexName              string
	KeyConditionExpression string
	FilterExpression       string
	Select                 string
	Limit                  *int
	ExclusiveStartKey      expr.Item
	ScanIndexForward       *bool
	Segment                *int
	TotalSegments          *int
	KeyConditions          json.RawMessage
	QueryFilter            json.RawMessage
	ScanFilter             json.RawMessage
}

// readPlan is a parsed Query or Scan.
type readPlan struct {
	t       *Table
	index   *Index // nil for the table
	schema  []KeyElement
	order   []string // the attributes items are sorted by
	keyCond expr.Cond
	filter  expr.Cond
	paths   []expr.Path
	in      *readInput
}

func (req *request) plan(in *readInput, isQuery bool) (*readPlan, error) {
	if len(in.KeyConditions) > 0 || len(in.QueryFilter) > 0 || len(in.ScanFilter) > 0 {
		return nil, validation("localaws supports KeyConditionExpression and FilterExpression, not the legacy parameters KeyConditions, QueryFilter and ScanFilter")
	}
	t, err := req.table(in.TableName)
	if err != nil {
		return nil, err
	}
	p := &readPlan{t: t, schema: t.KeySchema, in: in}
	if in.IndexName != "" {
		if p.index = t.index(in.IndexName); p.index == nil {
			return nil, validation("The table does not have the specified index: %s", in.IndexName)
		}
		p.schema = p.index.KeySchema
	}
	p.order = sortAttributes(t, p.schema)
	if err := p.parse(isQuery); err != nil {
		return nil, err
	}
	if in.Limit != nil && *in.Limit < 1 {
		return nil, validation("1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", *in.Limit)
	}
	return p, nil
}

// sortAttributes are an index's key attributes followed by the table's.
func sortAttributes(t *Table, schema []KeyElement) []string {
	var out []string
	for _, kind := range []string{"RANGE", "HASH"} {
		if a := keyOf(schema, kind); a != "" {
			out = append(out, a)
		}
	}
	for _, kind := range []string{"HASH", "RANGE"} {
		if a := keyOf(t.KeySchema, kind); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func (p *readPlan) parse(isQuery bool) error {
	in := p.in
	env, err := in.env()
	if err != nil {
		return err
	}
	if isQuery {
		if in.KeyConditionExpression == "" {
			return validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
		}
		if p.keyCond, err = expr.ParseCondition("KeyConditionExpression", in.KeyConditionExpression, env); err != nil {
			return exprError(err)
		}
		if err := p.checkKeyCondition(); err != nil {
			return err
		}
	}
	if in.FilterExpression != "" {
		if p.filter, err = expr.ParseCondition("FilterExpression", in.FilterExpression, env); err != nil {
			return exprError(err)
		}
	}
	if p.paths, err = projection(&in.itemInput, env); err != nil {
		return err
	}
	if err := finishEnv(env); err != nil {
		return err
	}
	return p.checkSegments()
}

// checkKeyCondition accepts hash = :v, optionally AND a condition on the
// sort key: a comparison, BETWEEN or begins_with.
func (p *readPlan) checkKeyCondition() error {
	hash, rng := keyOf(p.schema, "HASH"), keyOf(p.schema, "RANGE")
	conds := []expr.Cond{p.keyCond}
	if and, ok := p.keyCond.(*expr.AndCond); ok {
		conds = []expr.Cond{and.A, and.B}
	}
	seen := map[string]bool{}
	for _, c := range conds {
		attr, val, err := keyConditionPart(c)
		if err != nil {
			return err
		}
		if attr != hash && attr != rng {
			return validation("Query condition missed key schema element: %s", hash)
		}
		cmp, isCmp := c.(*expr.CompareCond)
		if attr == hash && (!isCmp || cmp.Op != "=") {
			return validation("Query key condition not supported")
		}
		if seen[attr] {
			return validation("KeyConditionExpressions must only contain one condition per key")
		}
		seen[attr] = true
		if val != nil && val.Kind() != p.t.attrType(attr) {
			return validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
		}
	}
	if !seen[hash] {
		return validation("Query condition missed key schema element: %s", hash)
	}
	return nil
}

// keyConditionPart returns the key attribute and a value one part of a
// key condition compares.
func keyConditionPart(c expr.Cond) (string, *expr.Value, error) {
	var path expr.Operand
	var val expr.Operand
	switch c := c.(type) {
	case *expr.CompareCond:
		if c.Op == "<>" {
			return "", nil, validation("Unsupported operator on KeyConditionExpression: operator: <>")
		}
		path, val = c.A, c.B
	case *expr.BetweenCond:
		path, val = c.X, c.Lo
	case *expr.FuncCond:
		if c.Name != "begins_with" {
			return "", nil, validation("Invalid operator used in KeyConditionExpression: %s", c.Name)
		}
		path, val = &expr.PathOp{Path: c.Path}, c.Arg
	case *expr.OrCond:
		return "", nil, validation("Invalid operator used in KeyConditionExpression: OR")
	case *expr.NotCond:
		return "", nil, validation("Invalid operator used in KeyConditionExpression: NOT")
	default:
		return "", nil, validation("Query key condition not supported")
	}
	po, ok := path.(*expr.PathOp)
	if !ok || len(po.Path) != 1 {
		return "", nil, validation("Query key condition not supported")
	}
	var v *expr.Value
	if vo, ok := val.(*expr.ValueOp); ok {
		v = vo.Value
	}
	return po.Path[0].Name, v, nil
}

func (p *readPlan) checkSegments() error {
	seg, total := p.in.Segment, p.in.TotalSegments
	switch {
	case seg == nil && total == nil:
		return nil
	case total == nil:
		return validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
	case seg == nil:
		return validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
	case *total < 1 || *total > 1000000:
		return validation("1 validation error detected: Value '%d' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1", *total)
	case *seg < 0 || *seg >= *total:
		return validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: %d is not less than TotalSegments: %d", *seg, *total)
	}
	return nil
}

// candidates are the items of the table or index the request reads, in
// its order.
func (p *readPlan) candidates(now time.Time) []expr.Item {
	p.t.sweepExpired(now)
	var out []expr.Item
	for _, it := range p.t.Items {
		if !hasKeys(it, p.schema) || !p.inSegment(it) {
			continue
		}
		if p.keyCond != nil && !expr.Eval(p.keyCond, it) {
			continue
		}
		out = append(out, it)
	}
	slices.SortFunc(out, p.compare)
	if p.in.ScanIndexForward != nil && !*p.in.ScanIndexForward {
		slices.Reverse(out)
	}
	return out
}

func (p *readPlan) compare(a, b expr.Item) int {
	for _, attr := range p.order {
		if n, _ := expr.Compare(a[attr], b[attr]); n != 0 {
			return n
		}
	}
	return 0
}

func (p *readPlan) inSegment(it expr.Item) bool {
	if p.in.TotalSegments == nil {
		return true
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(keyPart(it[p.t.hashKey()])))
	return int(h.Sum32()%uint32(*p.in.TotalSegments)) == *p.in.Segment
}

// after drops the items up to and including ExclusiveStartKey.
func (p *readPlan) after(items []expr.Item) []expr.Item {
	start := p.in.ExclusiveStartKey
	if start == nil {
		return items
	}
	forward := p.in.ScanIndexForward == nil || *p.in.ScanIndexForward
	for i, it := range items {
		n := p.compare(it, start)
		if (forward && n > 0) || (!forward && n < 0) {
			return items[i:]
		}
	}
	return nil
}

// indexProjection limits an item to what its index holds.
func (p *readPlan) indexProjection(it expr.Item) expr.Item {
	if p.index == nil || p.index.Projection.ProjectionType == "ALL" {
		return it
	}
	var paths []expr.Path
	for _, a := range p.order {
		paths = append(paths, expr.Path{{Name: a}})
	}
	for _, a := range p.index.Projection.NonKeyAttributes {
		paths = append(paths, expr.Path{{Name: a}})
	}
	return expr.Project(it, paths)
}

// lastKey is the LastEvaluatedKey of an item: its table and index keys.
func (p *readPlan) lastKey(it expr.Item) expr.Item {
	out := expr.Item{}
	for _, a := range p.order {
		out[a] = it[a]
	}
	return out
}

// run evaluates a Query or Scan and builds its answer.
func (p *readPlan) run(now time.Time) map[string]any {
	items := p.after(p.candidates(now))
	out := map[string]any{}
	page := []expr.Item{}
	scanned, size := 0, 0
	for _, it := range items {
		scanned++
		size += expr.ItemSize(it)
		if p.filter == nil || expr.Eval(p.filter, it) {
			page = append(page, project(p.indexProjection(it), p.paths))
		}
		if limited := p.in.Limit != nil && scanned == *p.in.Limit; limited || size >= pageBytes {
			if limited || scanned < len(items) {
				out["LastEvaluatedKey"] = p.lastKey(it)
			}
			break
		}
	}
	out["Count"], out["ScannedCount"] = len(page), scanned
	if p.in.Select != "COUNT" {
		out["Items"] = page
	}
	addCapacity(out, &p.in.itemInput, p.t.Name, float64(max(1, size/4096)))
	return out
}

func query(req *request) error { return read(req, true) }

func scan(req *request) error { return read(req, false) }

func read(req *request, isQuery bool) error {
	var in readInput
	if err := req.decode(&in); err != nil {
		return err
	}
	p, err := req.plan(&in, isQuery)
	if err != nil {
		return err
	}
	return req.ReplyJSON(p.run(time.Now()))
}
