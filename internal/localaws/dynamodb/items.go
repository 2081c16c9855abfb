package dynamodb

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
)

// itemInput is the parameters the item operations share, alone or inside
// a batch or transaction.
type itemInput struct {
	TableName                           string
	Key                                 expr.Item
	Item                                expr.Item
	ConditionExpression                 string
	UpdateExpression                    string
	ProjectionExpression                string
	AttributesToGet                     []string
	ExpressionAttributeNames            map[string]string
	ExpressionAttributeValues           map[string]*expr.Value
	ReturnValues                        string
	ReturnValuesOnConditionCheckFailure string
	ReturnConsumedCapacity              string
	ConsistentRead                      bool
	// Legacy parameters, which localaws rejects.
	Expected         json.RawMessage
	AttributeUpdates json.RawMessage
}

// env parses the placeholders of the input, validating their values.
func (in *itemInput) env() (*expr.Env, error) {
	for _, v := range in.ExpressionAttributeValues {
		if msg := expr.Validate(v); msg != "" {
			return nil, validation("ExpressionAttributeValues contains invalid value: %s", msg)
		}
	}
	if len(in.Expected) > 0 || len(in.AttributeUpdates) > 0 {
		return nil, validation("localaws supports ConditionExpression and UpdateExpression, not the legacy parameters Expected and AttributeUpdates")
	}
	return &expr.Env{Names: in.ExpressionAttributeNames, Values: in.ExpressionAttributeValues}, nil
}

// errConditionFailed is a failed ConditionExpression, with the item it
// was evaluated against.
type errConditionFailed struct{ old expr.Item }

func (errConditionFailed) Error() string { return "The conditional request failed" }

// write is one prepared item change: the item as it is and as it will be
// (nil to delete), checked against its condition but not yet applied.
type write struct {
	t        *Table
	key      string
	old, new expr.Item
	paths    []expr.Path // the paths an update changes
}

// apply stores the change and records it in the table's stream.
func (w *write) apply(now time.Time) {
	if w.new == nil {
		if w.old == nil {
			return
		}
		delete(w.t.Items, w.key)
	} else {
		w.t.Items[w.key] = w.new
	}
	w.t.recordChange(w.old, w.new, now)
}

// current returns the stored item at key, dropping it if its TTL passed.
func (t *Table) current(key string, now time.Time) expr.Item {
	it := t.Items[key]
	if it != nil && t.expired(it, now) {
		t.expire(key, it, now)
		return nil
	}
	return it
}

// finishEnv rejects unused placeholders once all expressions are parsed;
// DynamoDB checks them before the condition.
func finishEnv(env *expr.Env) error {
	if msg := env.Unused(); msg != "" {
		return validation("%s", msg)
	}
	return nil
}

// preparePut prepares a PutItem.
func (t *Table) preparePut(in *itemInput, now time.Time) (*write, error) {
	return t.prepareWrite(in, now, true)
}

// prepareDelete prepares a DeleteItem.
func (t *Table) prepareDelete(in *itemInput, now time.Time) (*write, error) {
	return t.prepareWrite(in, now, false)
}

// prepareWrite prepares a put of in.Item or a delete of in.Key.
func (t *Table) prepareWrite(in *itemInput, now time.Time, isPut bool) (*write, error) {
	var env *expr.Env
	var key string
	var err error
	if isPut {
		if env, err = in.env(); err == nil {
			key, err = t.itemKey(in.Item)
		}
	} else {
		env, key, err = t.keyed(in)
	}
	if err != nil {
		return nil, err
	}
	w := &write{t: t, key: key, old: t.current(key, now)}
	if isPut {
		w.new = in.Item
	}
	return w, conditionThen(in.ConditionExpression, env, w.old)
}

// conditionThen checks placeholders and then the condition: a parse
// error or unused placeholder wins over a failed condition.
func conditionThen(cond string, env *expr.Env, old expr.Item) error {
	var c expr.Cond
	if cond != "" {
		var err error
		if c, err = expr.ParseCondition("ConditionExpression", cond, env); err != nil {
			return exprError(err)
		}
	}
	if err := finishEnv(env); err != nil {
		return err
	}
	if c != nil && !expr.Eval(c, old) {
		return errConditionFailed{old: old}
	}
	return nil
}

// prepareCheck prepares a transaction's ConditionCheck, which changes
// nothing.
func (t *Table) prepareCheck(in *itemInput, now time.Time) (*write, error) {
	w, err := t.prepareDelete(in, now)
	if w != nil {
		w.new = w.old
		w.paths = nil
	}
	if err == nil && in.ConditionExpression == "" {
		return nil, validation("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null")
	}
	return w, err
}

// keyed reads the placeholders and the Key of an input.
func (t *Table) keyed(in *itemInput) (*expr.Env, string, error) {
	env, err := in.env()
	if err != nil {
		return nil, "", err
	}
	key, err := t.lookupKey(in.Key)
	return env, key, err
}

// prepareUpdate prepares an UpdateItem: the item is created if missing.
func (t *Table) prepareUpdate(in *itemInput, now time.Time) (*write, error) {
	env, key, err := t.keyed(in)
	if err != nil {
		return nil, err
	}
	var u *expr.Update
	if in.UpdateExpression != "" {
		if u, err = expr.ParseUpdate(in.UpdateExpression, env); err != nil {
			return nil, exprError(err)
		}
	}
	w := &write{t: t, key: key, old: t.current(key, now)}
	if err := conditionThen(in.ConditionExpression, env, w.old); err != nil {
		return w, err
	}
	return w, t.applyUpdate(w, u, in.Key)
}

func (t *Table) applyUpdate(w *write, u *expr.Update, key expr.Item) error {
	if u == nil {
		w.new = w.old
		if w.new == nil {
			w.new = key.Clone()
		}
		return nil
	}
	w.paths = u.Paths()
	for _, p := range w.paths {
		if t.isKeyAttribute(p[0].Name) {
			return validation("One or more parameter values were invalid: Cannot update attribute %s. This attribute is part of the key", p[0].Name)
		}
	}
	next, err := expr.Apply(u, w.old)
	if err != nil {
		return exprError(err)
	}
	for k, v := range key {
		next[k] = v
	}
	if _, err := t.itemKey(next); err != nil {
		return err
	}
	w.new = next
	return nil
}

// returnValues is the Attributes a write answers.
func (w *write) returnValues(mode string) expr.Item {
	switch mode {
	case "ALL_OLD":
		return w.old
	case "ALL_NEW":
		return w.new
	case "UPDATED_OLD":
		return expr.Project(w.old, w.paths)
	case "UPDATED_NEW":
		return expr.Project(w.new, w.paths)
	}
	return nil
}

// validReturnValues checks ReturnValues for an operation.
func validReturnValues(op, mode string) error {
	switch mode {
	case "", "NONE":
		return nil
	case "ALL_OLD":
		return nil
	case "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW":
		if op == "UpdateItem" {
			return nil
		}
	}
	if op == "UpdateItem" {
		return validation("1 validation error detected: Value '%s' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]", mode)
	}
	return validation("Return values set to invalid value")
}

// failure turns a failed condition into ConditionalCheckFailedException.
func failure(err error, in *itemInput) error {
	var cf errConditionFailed
	if errors.As(err, &cf) {
		if in.ReturnValuesOnConditionCheckFailure == "ALL_OLD" {
			return conditionFailed(cf.old)
		}
		return conditionFailed(nil)
	}
	return err
}

type prepareFunc func(t *Table, in *itemInput, now time.Time) (*write, error)

// writeItem runs PutItem, UpdateItem or DeleteItem.
func writeItem(req *request, prepare prepareFunc) error {
	var in itemInput
	if err := req.decodeItemInput(&in); err != nil {
		return err
	}
	if err := validReturnValues(req.Operation, in.ReturnValues); err != nil {
		return err
	}
	t, err := req.table(in.TableName)
	if err != nil {
		return err
	}
	now := time.Now()
	w, err := prepare(t, &in, now)
	if err != nil {
		return failure(err, &in)
	}
	w.apply(now)
	attrs := w.returnValues(in.ReturnValues)
	if attrs == nil && in.ReturnConsumedCapacity == "" {
		req.ReplyRawJSON([]byte("{}"))
		return nil
	}
	out := map[string]any{}
	if attrs != nil {
		out["Attributes"] = attrs
	}
	addCapacity(out, &in, t.Name, 1)
	return req.ReplyJSON(out)
}

// addCapacity answers ConsumedCapacity when asked for.
func addCapacity(out map[string]any, in *itemInput, table string, units float64) {
	if in.ReturnConsumedCapacity == "TOTAL" || in.ReturnConsumedCapacity == "INDEXES" {
		out["ConsumedCapacity"] = map[string]any{"TableName": table, "CapacityUnits": units}
	}
}

func putItem(req *request) error    { return writeItem(req, (*Table).preparePut) }
func updateItem(req *request) error { return writeItem(req, (*Table).prepareUpdate) }
func deleteItem(req *request) error { return writeItem(req, (*Table).prepareDelete) }

// projection parses ProjectionExpression or AttributesToGet; nil paths
// mean the whole item.
func projection(in *itemInput, env *expr.Env) ([]expr.Path, error) {
	if in.ProjectionExpression != "" {
		paths, err := expr.ParseProjection(in.ProjectionExpression, env)
		return paths, exprError(err)
	}
	var paths []expr.Path
	for _, a := range in.AttributesToGet {
		paths = append(paths, expr.Path{{Name: a}})
	}
	return paths, nil
}

// project applies a projection to an item.
func project(it expr.Item, paths []expr.Path) expr.Item {
	if paths == nil || it == nil {
		return it
	}
	return expr.Project(it, paths)
}

// readItem reads one item by key with its projection applied.
func (t *Table) readItem(in *itemInput, now time.Time) (expr.Item, error) {
	env, key, err := t.keyed(in)
	if err != nil {
		return nil, err
	}
	paths, err := projection(in, env)
	if err != nil {
		return nil, err
	}
	if err := finishEnv(env); err != nil {
		return nil, err
	}
	return project(t.current(key, now), paths), nil
}

func getItem(req *request) error {
	var in itemInput
	if err := req.decodeItemInput(&in); err != nil {
		return err
	}
	t, err := req.table(in.TableName)
	if err != nil {
		return err
	}
	it, err := t.readItem(&in, time.Now())
	if err != nil {
		return err
	}
	if in.ReturnConsumedCapacity != "" {
		out := map[string]any{}
		if it != nil {
			out["Item"] = it
		}
		addCapacity(out, &in, t.Name, 0.5)
		return req.ReplyJSON(out)
	}
	if it == nil {
		req.ReplyRawJSON([]byte("{}"))
		return nil
	}
	// One buffer for the answer, which is most of what an item's JSON takes.
	body := it.AppendJSON(append(make([]byte, 0, 256), `{"Item":`...))
	req.ReplyRawJSON(append(body, '}'))
	return nil
}
