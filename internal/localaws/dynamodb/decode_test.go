package dynamodb

import (
	"encoding/json"
	"reflect"
	"testing"
)

// itemBodies are request bodies of the item operations: the SDKs' shape, which readItemInput
// reads, and shapes it leaves to encoding/json.
var itemBodies = []string{
	`{"Key":{"pk":{"S":"k7"}},"TableName":"bench"}`,
	`{"Item":{"count":{"N":"7"},"enabled":{"BOOL":true},"name":{"S":"detection"},"pk":{"S":"k7"}},"TableName":"bench"}`,
	` { "TableName" : "t" , "Key" : { "pk" : { "S" : "a" } } } `,
	`{"TableName":"t","Item":{"m":{"M":{}},"l":{"L":[]},"ss":{"SS":[]},"b":{"B":""},"bs":{"BS":["AQI=",""]},"n":{"NULL":true}}}`,
	`{"TableName":"t","Item":{"m":{"M":{"x":{"L":[{"S":"a"},{"N":"1"},{"M":{"y":{"BOOL":false}}}]}}},"ns":{"NS":["1","2"]}}}`,
	`{"TableName":"t","Key":{"pk":{"S":"a"}},"ProjectionExpression":"#n, b","ExpressionAttributeNames":{"#n":"name"},"ConsistentRead":true}`,
	`{"TableName":"t","Key":{"pk":{"S":"a"}},"UpdateExpression":"SET a = :v","ConditionExpression":"attribute_exists(pk)","ExpressionAttributeValues":{":v":{"S":"x"}},"ReturnValues":"ALL_NEW","ReturnValuesOnConditionCheckFailure":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"}`,
	`{"TableName":"t","Key":{"pk":{"S":"a"}},"AttributesToGet":["a","b"]}`,
	`{"TableName":"t","Key":{"pk":{"S":"a"},"pk":{"N":"1"}}}`,
	`{"TableName":"t","Item":{"pk":{"S":"a","N":"1"}}}`,
	`{"TableName":"t","Item":{"pk":{}}}`,
	`{"TableName":"t","Item":{"pk":{"S":"héllo"}}}`,
	`{}`,
	// Left to encoding/json.
	`{"tablename":"t"}`,
	`{"TableName":"t","Item":{"pk":{"s":"a"}}}`,
	`{"TableName":"t","Extra":1}`,
	`{"TableName":"a\"b"}`,
	`{"TableName":null}`,
	`{"TableName":"t","Item":{"pk":{"S":null}}}`,
	`{"TableName":"t","TableName":"u"}`,
	`{"TableName":"t","Item":{"pk":{"S":"a","S":"b"}}}`,
	`{"TableName":"t","Item":{"pk":{"B":"not base64"}}}`,
	`{"TableName":"t","Item":{"pk":{"S":"` + "\xff" + `"}}}`,
	`{"TableName":"t",}`,
	`{"TableName":"t"} x`,
	`{"TableName":"t"`,
	`{"TableName":5}`,
	`{"TableName":"t","Expected":{}}`,
	`{"TableName":"t","ConsistentRead":"true"}`,
	`[]`,
	` `,
}

// TestReadItemInput checks that what readItemInput reads is what encoding/json decodes.
func TestReadItemInput(t *testing.T) {
	for _, body := range itemBodies {
		checkReadItemInput(t, body)
	}
	var fast int
	for _, body := range itemBodies[:13] {
		var in itemInput
		if readItemInput([]byte(body), &in) {
			fast++
		}
	}
	if fast != 13 {
		t.Errorf("readItemInput read %d of the 13 bodies in its shape", fast)
	}
}

func FuzzReadItemInput(f *testing.F) {
	for _, body := range itemBodies {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) { checkReadItemInput(t, body) })
}

func checkReadItemInput(t *testing.T, body string) {
	t.Helper()
	var fast itemInput
	if !readItemInput([]byte(body), &fast) {
		return
	}
	var want itemInput
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatalf("%s: read, but encoding/json answers %v", body, err)
	}
	if !reflect.DeepEqual(fast, want) {
		got, _ := json.Marshal(fast)
		exp, _ := json.Marshal(want)
		t.Fatalf("%s: read %s, encoding/json decodes %s", body, got, exp)
	}
}
