package dynamodb

import (
	"github.com/panther-operator/panther-operator/internal/localaws/dynamodb/expr"
)

// maxItemSize is DynamoDB's item size limit.
const maxItemSize = 400 * 1024

var errKeySchema = validation("The provided key element does not match the schema")

// lookupKey validates a Key parameter and returns its encoding.
func (t *Table) lookupKey(key expr.Item) (string, error) {
	if len(key) != len(t.KeySchema) {
		return "", errKeySchema
	}
	var parts [2]*expr.Value
	for i, k := range t.KeySchema {
		v, ok := key[k.AttributeName]
		if !ok {
			return "", errKeySchema
		}
		if msg := expr.Validate(v); msg != "" {
			return "", validation("%s", msg)
		}
		if v.Kind() != t.attrType(k.AttributeName) {
			return "", errKeySchema
		}
		if err := checkKeyNotEmpty(v, k.AttributeName); err != nil {
			return "", err
		}
		parts[i] = v
	}
	return keyString(parts[0], parts[1]), nil
}

func checkKeyNotEmpty(v *expr.Value, name string) error {
	if (v.S != nil && *v.S == "") || (v.B != nil && len(v.B) == 0) {
		return validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: %s", name)
	}
	return nil
}

// itemKey checks a whole item against the table and its indexes and
// returns its key's encoding.
func (t *Table) itemKey(it expr.Item) (string, error) {
	if msg := expr.ValidateItem(it); msg != "" {
		return "", validation("%s", msg)
	}
	var parts [2]*expr.Value
	for i, k := range t.KeySchema {
		v, ok := it[k.AttributeName]
		if !ok {
			return "", validation("One or more parameter values were invalid: Missing the key %s in the item", k.AttributeName)
		}
		if want := t.attrType(k.AttributeName); v.Kind() != want {
			return "", validation("One or more parameter values were invalid: Type mismatch for key %s expected: %s actual: %s", k.AttributeName, want, v.Kind())
		}
		if err := checkKeyNotEmpty(v, k.AttributeName); err != nil {
			return "", err
		}
		parts[i] = v
	}
	if err := t.checkIndexKeys(it); err != nil {
		return "", err
	}
	if expr.ItemSize(it) > maxItemSize {
		return "", validation("Item size has exceeded the maximum allowed size")
	}
	return keyString(parts[0], parts[1]), nil
}

// checkIndexKeys rejects index key attributes of the wrong type.
func (t *Table) checkIndexKeys(it expr.Item) error {
	for _, ix := range append(append([]*Index{}, t.GSIs...), t.LSIs...) {
		for _, k := range ix.KeySchema {
			v, ok := it[k.AttributeName]
			if !ok {
				continue
			}
			if want := t.attrType(k.AttributeName); v.Kind() != want {
				return validation("One or more parameter values were invalid: Type mismatch for Index Key %s Expected: %s Actual: %s IndexName: %s", k.AttributeName, want, v.Kind(), ix.IndexName)
			}
			if (v.S != nil && *v.S == "") || (v.B != nil && len(v.B) == 0) {
				return validation("One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: %s, IndexKey: %s", ix.IndexName, k.AttributeName)
			}
		}
	}
	return nil
}

// keyItem is the primary key attributes of an item.
func (t *Table) keyItem(it expr.Item) expr.Item {
	out := make(expr.Item, len(t.KeySchema))
	for _, k := range t.KeySchema {
		if v, ok := it[k.AttributeName]; ok {
			out[k.AttributeName] = v
		}
	}
	return out
}

// isKeyAttribute reports whether a name is part of the primary key.
func (t *Table) isKeyAttribute(name string) bool {
	for _, k := range t.KeySchema {
		if k.AttributeName == name {
			return true
		}
	}
	return false
}
