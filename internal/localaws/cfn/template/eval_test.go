package template

import (
	"encoding/json"
	"testing"
)

// TestIntrinsics evaluates each intrinsic function against a small stack.
func TestIntrinsics(t *testing.T) {
	tmpl, err := parseTemplate(`{
	  "Parameters": {"Env": {"Type": "String"}, "Zones": {"Type": "CommaDelimitedList"}},
	  "Conditions": {"Prod": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
	                 "NotProd": {"Fn::Not": [{"Condition": "Prod"}]},
	                 "Both": {"Fn::And": [{"Condition": "Prod"}, {"Fn::Or": [{"Condition": "NotProd"}, true]}]}},
	  "Mappings": {"Size": {"prod": {"Mem": 1024}}},
	  "Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`)
	if err != nil {
		t.Fatal(err)
	}
	s := Identity{Name: "st", ID: "arn:aws:cloudformation:us-east-1:000000000000:stack/st/x", Account: "000000000000", Region: "us-east-1"}
	ev := NewEvaluator(s, tmpl, []StackParam{{Key: "Env", Value: "prod"}, {Key: "Zones", Value: "a, b,c"}})
	ev.Resource = func(id, attr string) (any, error) {
		if attr == "" {
			return "bucket-name", nil
		}
		return "arn:aws:s3:::bucket-name", nil
	}
	cases := []struct{ in, want string }{
		{`{"Ref": "AWS::Region"}`, `"us-east-1"`},
		{`{"Ref": "Zones"}`, `["a","b","c"]`},
		{`{"Fn::Sub": "${AWS::StackName}-${B}-${B.Arn}-${!Literal}"}`, `"st-bucket-name-arn:aws:s3:::bucket-name-${Literal}"`},
		{`{"Fn::Sub": ["${X}/${Env}", {"X": {"Ref": "B"}}]}`, `"bucket-name/prod"`},
		{`{"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}`, `"a-prod"`},
		{`{"Fn::Select": ["1", {"Fn::Split": [",", "x,y,z"]}]}`, `"y"`},
		{`{"Fn::If": ["Prod", "big", "small"]}`, `"big"`},
		{`{"Fn::If": ["Both", "yes", "no"]}`, `"yes"`},
		{`{"Fn::FindInMap": ["Size", {"Ref": "Env"}, "Mem"]}`, `1024`},
		{`{"Fn::Base64": "hi"}`, `"aGk="`},
		{`{"Fn::GetAZs": ""}`, `["us-east-1a","us-east-1b","us-east-1c"]`},
		{`{"Fn::Cidr": ["10.0.0.0/24", 2, 6]}`, `["10.0.0.0/26","10.0.0.64/26"]`},
		{`{"A": {"Ref": "AWS::NoValue"}, "B": 1}`, `{"B":1}`},
	}
	for _, tc := range cases {
		var in any
		if err := json.Unmarshal([]byte(tc.in), &in); err != nil {
			t.Fatal(err)
		}
		got, err := ev.Eval(in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		data, _ := json.Marshal(got)
		if string(data) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, data, tc.want)
		}
	}
	if _, err := ev.Eval(map[string]any{"Fn::FindInMap": []any{"Size", "dev", "Mem"}}); err == nil {
		t.Error("FindInMap of a missing key succeeded")
	}
}
