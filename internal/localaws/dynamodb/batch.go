package dynamodb

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

var errDuplicateKeys = validation("Provided list of item keys contains duplicates")

func batchGetItem(req *request) error {
	var in struct {
		RequestItems map[string]struct {
			itemInput
			Keys []expr.Item
		}
		ReturnConsumedCapacity string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	total := 0
	for _, r := range in.RequestItems {
		total += len(r.Keys)
	}
	if total > 100 {
		return validation("Too many items requested for the BatchGetItem call")
	}
	now := time.Now()
	responses := map[string][]expr.Item{}
	for _, name := range slices.Sorted(maps.Keys(in.RequestItems)) {
		r := in.RequestItems[name]
		t, err := req.table(name)
		if err != nil {
			return err
		}
		items := []expr.Item{}
		seen := map[string]bool{}
		for _, k := range r.Keys {
			one := r.itemInput
			one.Key = k
			key, err := t.lookupKey(k)
			if err != nil {
				return err
			}
			if seen[key] {
				return errDuplicateKeys
			}
			seen[key] = true
			it, err := t.readItem(&one, now)
			if err != nil {
				return err
			}
			if it != nil {
				items = append(items, it)
			}
		}
		responses[name] = items
	}
	return req.ReplyJSON(map[string]any{"Responses": responses, "UnprocessedKeys": map[string]any{}})
}

func batchWriteItem(req *request) error {
	var in struct {
		RequestItems map[string][]struct {
			PutRequest    *struct{ Item expr.Item }
			DeleteRequest *struct{ Key expr.Item }
		}
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	total := 0
	for _, list := range in.RequestItems {
		total += len(list)
	}
	if total == 0 || total > 25 {
		return validation("1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]")
	}
	now := time.Now()
	var writes []*write
	for _, name := range slices.Sorted(maps.Keys(in.RequestItems)) {
		t, err := req.table(name)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, r := range in.RequestItems[name] {
			var w *write
			switch {
			case r.PutRequest != nil:
				w, err = t.preparePut(&itemInput{Item: r.PutRequest.Item}, now)
			case r.DeleteRequest != nil:
				w, err = t.prepareDelete(&itemInput{Key: r.DeleteRequest.Key}, now)
			default:
				err = validation("1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must contain a PutRequest or a DeleteRequest")
			}
			if err != nil {
				return err
			}
			if seen[w.key] {
				return errDuplicateKeys
			}
			seen[w.key] = true
			writes = append(writes, w)
		}
	}
	for _, w := range writes {
		w.apply(now)
	}
	return req.ReplyJSON(map[string]any{"UnprocessedItems": map[string]any{}})
}

// transactItem is one action of TransactWriteItems.
type transactItem struct {
	ConditionCheck *itemInput
	Put            *itemInput
	Delete         *itemInput
	Update         *itemInput
}

// cancellationReason is one entry of CancellationReasons.
type cancellationReason struct {
	Code    string
	Message string    `json:",omitempty"`
	Item    expr.Item `json:",omitempty"`
}

func (req *request) prepareTransactItem(ti transactItem, now time.Time) (*write, *itemInput, error) {
	var in *itemInput
	var prepare prepareFunc
	switch {
	case ti.ConditionCheck != nil:
		in, prepare = ti.ConditionCheck, (*Table).prepareCheck
	case ti.Put != nil:
		in, prepare = ti.Put, (*Table).preparePut
	case ti.Delete != nil:
		in, prepare = ti.Delete, (*Table).prepareDelete
	case ti.Update != nil:
		in, prepare = ti.Update, (*Table).prepareUpdate
	default:
		return nil, nil, validation("TransactItems can only contain one of ConditionCheck, Put, Update or Delete")
	}
	t, err := req.table(in.TableName)
	if err != nil {
		return nil, in, err
	}
	w, err := prepare(t, in, now)
	return w, in, err
}

func transactWriteItems(req *request) error {
	var in struct {
		TransactItems      []transactItem
		ClientRequestToken string
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if len(in.TransactItems) == 0 || len(in.TransactItems) > 100 {
		return validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1")
	}
	now := time.Now()
	writes := make([]*write, len(in.TransactItems))
	reasons := make([]cancellationReason, len(in.TransactItems))
	seen := map[string]bool{}
	failed := false
	for i, ti := range in.TransactItems {
		w, input, err := req.prepareTransactItem(ti, now)
		var cf errConditionFailed
		switch {
		case errors.As(err, &cf):
			failed = true
			reasons[i] = cancellationReason{Code: "ConditionalCheckFailed", Message: "The conditional request failed"}
			if input.ReturnValuesOnConditionCheckFailure == "ALL_OLD" {
				reasons[i].Item = cf.old
			}
		case err != nil:
			return err
		default:
			reasons[i] = cancellationReason{Code: "None"}
		}
		id := w.t.Name + "\x00" + w.key
		if seen[id] {
			return validation("Transaction request cannot include multiple operations on one item")
		}
		seen[id] = true
		writes[i] = w
	}
	if failed {
		return transactionCanceled(reasons)
	}
	for _, w := range writes {
		w.apply(now)
	}
	return req.ReplyJSON(nil)
}

// transactionCanceled is TransactionCanceledException with its reasons.
func transactionCanceled(reasons []cancellationReason) error {
	codes := make([]string, len(reasons))
	for i, r := range reasons {
		codes[i] = r.Code
	}
	e := wire.NewError(http.StatusBadRequest, "TransactionCanceledException",
		"Transaction cancelled, please refer cancellation reasons for specific reasons [%s]", strings.Join(codes, ", "))
	e.Fields = map[string]any{"CancellationReasons": reasons}
	return e
}

func transactGetItems(req *request) error {
	var in struct {
		TransactItems []struct{ Get *itemInput }
	}
	if err := req.decode(&in); err != nil {
		return err
	}
	if len(in.TransactItems) == 0 || len(in.TransactItems) > 100 {
		return validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100, Member must have length greater than or equal to 1")
	}
	now := time.Now()
	responses := make([]map[string]any, len(in.TransactItems))
	for i, ti := range in.TransactItems {
		if ti.Get == nil {
			return validation("TransactItems can only contain Get")
		}
		t, err := req.table(ti.Get.TableName)
		if err != nil {
			return err
		}
		it, err := t.readItem(ti.Get, now)
		if err != nil {
			return err
		}
		responses[i] = map[string]any{}
		if it != nil {
			responses[i]["Item"] = it
		}
	}
	return req.ReplyJSON(map[string]any{"Responses": responses})
}
