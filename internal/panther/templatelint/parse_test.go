package templatelint

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseTemplateLongForms(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"Ref", "A: !Ref Bucket", `{"A":{"Ref":"Bucket"}}`},
		{"GetAtt scalar", "A: !GetAtt Bucket.Arn", `{"A":{"Fn::GetAtt":["Bucket","Arn"]}}`},
		{"GetAtt nested output", "A: !GetAtt Stack.Outputs.Url", `{"A":{"Fn::GetAtt":["Stack","Outputs.Url"]}}`},
		{"GetAtt list", "A: !GetAtt [Bucket, Arn]", `{"A":{"Fn::GetAtt":["Bucket","Arn"]}}`},
		{"Sub scalar", "A: !Sub 'x-${AWS::Region}'", `{"A":{"Fn::Sub":"x-${AWS::Region}"}}`},
		{"Sub list", "A: !Sub ['${X}', {X: !Ref Y}]", `{"A":{"Fn::Sub":["${X}",{"X":{"Ref":"Y"}}]}}`},
		{"If with nested functions", "A: !If [C, !Ref X, !Ref AWS::NoValue]", `{"A":{"Fn::If":["C",{"Ref":"X"},{"Ref":"AWS::NoValue"}]}}`},
		{"Condition", "A: !And [!Condition B, !Equals [!Ref P, 'true']]", `{"A":{"Fn::And":[{"Condition":"B"},{"Fn::Equals":[{"Ref":"P"},"true"]}]}}`},
		{"Select with GetAZs", "A: !Select [0, !GetAZs '']", `{"A":{"Fn::Select":[0,{"Fn::GetAZs":""}]}}`},
		{"scalars keep their types", "A: [1, '1', true, 'true', 1.5, null]", `{"A":[1,"1",true,"true",1.5,null]}`},
		{"numbers that look like strings stay strings", "A: '0123'", `{"A":"0123"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTemplate([]byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(got)
			if string(data) != tt.want {
				t.Errorf("got %s, want %s", data, tt.want)
			}
		})
	}
}

func TestParseTemplateRejects(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string
	}{
		{"two documents", "A: 1\n---\nB: 2\n", "more than one YAML document"},
		{"not a mapping", "- a\n", "not a YAML mapping"},
		{"duplicate key", "A: 1\nA: 2\n", `line 2: key "A" appears twice`},
		{"unknown tag", "A: !Reference X\n", "line 1: unknown tag !Reference"},
		{"anchor", "A: &x 1\nB: *x\n", "anchors and aliases"},
		{"merge key", "A: {X: 1}\nB:\n  <<: {X: 1}\n", "mapping keys must be plain strings"},
		{"GetAtt without attribute", "A: !GetAtt Bucket\n", "is not Resource.Attribute"},
		{"broken YAML", "A: [1, 2\n", "not valid YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseTemplate([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestChooseBranch(t *testing.T) {
	v, err := parseTemplate([]byte("A: !If [C, {X: 1}, !Ref AWS::NoValue]\nB: [!If [C, 1, 2], !Ref AWS::NoValue]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for branch, want := range map[int]string{1: `{"A":{"X":1},"B":[1]}`, 2: `{"B":[2]}`} {
		data, _ := json.Marshal(chooseBranch(v, branch))
		if string(data) != want {
			t.Errorf("branch %d: got %s, want %s", branch, data, want)
		}
	}
}
