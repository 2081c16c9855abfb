package dynamodb

import "testing"

func TestTableNameAsSDKWritesIt(t *testing.T) {
	cases := []struct {
		body, want string
		ok         bool
	}{
		{`{"Key":{"pk":{"S":"a"}},"TableName":"alerts"}`, "alerts", true},
		{`{"Item":{"TableName":{"S":"x"}},"TableName":"rules"}`, "rules", true},
		{`{"Item":{"note":{"S":"\"TableName\":\"evil\""}},"TableName":"rules"}`, "rules", true},
		{`{"TableName" : "spaced"}`, "", false},
		{`{"TableName":"a\"b"}`, "", false},
		{`{"RequestItems":{"t":[]},"x":{"TableName":"nested"}}`, "", false},
		{`{"TransactItems":[{"Put":{"TableName":"t"}}]}`, "", false},
		{`{"TableName":""}`, "", false},
	}
	for _, c := range cases {
		got, ok := tableNameAsSDKWritesIt([]byte(c.body))
		if got != c.want || ok != c.ok {
			t.Errorf("%s: got %q %v, want %q %v", c.body, got, ok, c.want, c.ok)
		}
	}
}
