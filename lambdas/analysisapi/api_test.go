package analysisapi_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/panther-operator/panther-operator/internal/testenv"
	analysis "github.com/panther-operator/panther-operator/lambdas/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/api/analysisapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

// newAPI is the API over a fresh localaws: the table and a versioned bucket.
func newAPI(t *testing.T, pack *analysis.Pack) *analysis.API {
	t.Helper()
	ctx := context.Background()
	cfg := testenv.LocalAWS(t)
	db := dynamodb.NewFromConfig(cfg)
	_, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String("panther-analysis"), BillingMode: ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}}})
	if err != nil {
		t.Fatal(err)
	}
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
	if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("versions")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s3c.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{Bucket: aws.String("versions"),
		VersioningConfiguration: &s3types.VersioningConfiguration{Status: s3types.BucketVersioningStatusEnabled}}); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	return &analysis.API{
		Store:        &awsx.AnalysisTable{Client: db, Name: "panther-analysis"},
		Versions:     &awsx.AnalysisVersions{Client: s3c, Bucket: "versions"},
		ReadPack:     func([]byte) (*analysis.Pack, error) { return pack, nil },
		KnownLogType: func(_ context.Context, name string) bool { return name == "AWS.CloudTrail" || name == "Okta.SystemLog" },
		Now:          func() time.Time { clock = clock.Add(time.Second); return clock },
	}
}

func call[T any](t *testing.T, a *analysis.API, req analysisapi.Request, wantStatus int) T {
	t.Helper()
	resp := a.Handle(context.Background(), &req)
	if resp.StatusCode != wantStatus {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, wantStatus, resp.Body)
	}
	var out T
	if err := json.Unmarshal([]byte(resp.Body), &out); err != nil {
		t.Fatalf("%v: %s", err, resp.Body)
	}
	return out
}

func rule(id string, logType string, severity string) analysisapi.Rule {
	return analysisapi.Rule{ID: id, Body: "def rule(e):\n    return True\n", Enabled: true, LogTypes: []string{logType}, Severity: severity, Tags: []string{"b", "a"}}
}

func TestRuleLifecycleWithVersions(t *testing.T) {
	a := newAPI(t, nil)
	created := call[analysisapi.Rule](t, a, analysisapi.Request{CreateRule: &analysisapi.RuleInput{Rule: rule("A.Rule", "AWS.CloudTrail", "high"), UserID: "u1"}}, 201)
	if created.Severity != "HIGH" || created.DedupPeriodMinutes != 60 || created.Threshold != 1 || created.Tags[0] != "a" || created.VersionID == "" || created.CreatedBy != "u1" {
		t.Fatalf("defaults not applied: %+v", created)
	}
	call[analysisapi.ErrorBody](t, a, analysisapi.Request{CreateRule: &analysisapi.RuleInput{Rule: rule("A.Rule", "AWS.CloudTrail", "high")}}, 409)

	changed := rule("A.Rule", "AWS.CloudTrail", "LOW")
	changed.Body = "def rule(e):\n    return False\n"
	updated := call[analysisapi.Rule](t, a, analysisapi.Request{UpdateRule: &analysisapi.RuleInput{Rule: changed, UserID: "u2"}}, 200)
	if updated.VersionID == created.VersionID || updated.CreatedBy != "u1" || updated.LastModifiedBy != "u2" || !updated.CreatedAt.Equal(created.CreatedAt) {
		t.Fatalf("update: %+v", updated)
	}
	// Saving the same content again writes no version.
	again := call[analysisapi.Rule](t, a, analysisapi.Request{UpdateRule: &analysisapi.RuleInput{Rule: changed, UserID: "u3"}}, 200)
	if again.VersionID != updated.VersionID || again.LastModifiedBy != "u2" {
		t.Fatalf("unchanged update made a version: %+v", again)
	}

	old := call[analysisapi.Rule](t, a, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: "A.Rule", VersionID: created.VersionID}}, 200)
	if old.Severity != "HIGH" || !strings.Contains(old.Body, "True") || old.VersionID != created.VersionID {
		t.Fatalf("old version: %+v", old)
	}
	current := call[analysisapi.Rule](t, a, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: "A.Rule"}}, 200)
	if current.Severity != "LOW" {
		t.Fatalf("current: %+v", current)
	}
	call[analysisapi.ErrorBody](t, a, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: "A.Rule", VersionID: "nope"}}, 404)

	call[struct{}](t, a, analysisapi.Request{DeleteDetections: &analysisapi.DeleteInput{Entries: []analysisapi.DeleteEntry{{ID: "A.Rule"}, {ID: "Gone"}}}}, 200)
	e := call[analysisapi.ErrorBody](t, a, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: "A.Rule"}}, 404)
	if e.Message != "rule A.Rule does not exist" {
		t.Fatalf("message %q", e.Message)
	}
	// The versions of a deleted rule stay readable, for the alerts that name them.
	deleted := call[analysisapi.Rule](t, a, analysisapi.Request{GetRule: &analysisapi.GetInput{ID: "A.Rule", VersionID: updated.VersionID}}, 200)
	if deleted.Severity != "LOW" {
		t.Fatalf("deleted rule's version: %+v", deleted)
	}
}

func TestValidationNamesTheField(t *testing.T) {
	a := newAPI(t, nil)
	for name, tc := range map[string]struct {
		rule analysisapi.Rule
		want string
	}{
		"severity": {rule("X", "AWS.CloudTrail", "urgent"), "severity: \"URGENT\" is not one of INFO, LOW, MEDIUM, HIGH, CRITICAL"},
		"id":       {rule("bad/id", "AWS.CloudTrail", "info"), "id: \"bad/id\" is not a valid ID"},
		"log type": {rule("X", "Nope.Logs", "info"), "logTypes: \"Nope.Logs\" is not a log type Panther knows"},
		"no body":  {analysisapi.Rule{ID: "X", LogTypes: []string{"AWS.CloudTrail"}, Severity: "INFO"}, "body: rule X has no Python code"},
	} {
		t.Run(name, func(t *testing.T) {
			e := call[analysisapi.ErrorBody](t, a, analysisapi.Request{CreateRule: &analysisapi.RuleInput{Rule: tc.rule}}, 400)
			if !strings.HasPrefix(e.Message, tc.want) {
				t.Fatalf("message %q, want prefix %q", e.Message, tc.want)
			}
		})
	}
}

func TestListFiltersSortsAndPages(t *testing.T) {
	a := newAPI(t, nil)
	for i, r := range []analysisapi.Rule{rule("C", "AWS.CloudTrail", "low"), rule("A", "Okta.SystemLog", "critical"), rule("B", "AWS.CloudTrail", "medium"), rule("D", "AWS.CloudTrail", "high")} {
		if i == 3 {
			r.Enabled = false
		}
		call[analysisapi.Rule](t, a, analysisapi.Request{CreateRule: &analysisapi.RuleInput{Rule: r}}, 201)
	}
	call[analysisapi.Global](t, a, analysisapi.Request{CreateGlobal: &analysisapi.GlobalInput{Global: analysisapi.Global{ID: "helpers", Body: "X = 1\n"}}}, 201)

	ids := func(out analysisapi.ListRulesOutput) (s []string) {
		for _, r := range out.Rules {
			s = append(s, r.ID)
		}
		return s
	}
	enabled := true
	out := call[analysisapi.ListRulesOutput](t, a, analysisapi.Request{ListRules: &analysisapi.ListInput{Enabled: &enabled, PageSize: 2}}, 200)
	if got := strings.Join(ids(out), ","); got != "A,B" || out.Paging.TotalItems != 3 || out.Paging.TotalPages != 2 {
		t.Fatalf("page 1: %s %+v", got, out.Paging)
	}
	out = call[analysisapi.ListRulesOutput](t, a, analysisapi.Request{ListRules: &analysisapi.ListInput{Enabled: &enabled, PageSize: 2, Page: 2}}, 200)
	if got := strings.Join(ids(out), ","); got != "C" {
		t.Fatalf("page 2: %s", got)
	}
	out = call[analysisapi.ListRulesOutput](t, a, analysisapi.Request{ListRules: &analysisapi.ListInput{LogTypes: []string{"AWS.CloudTrail"}, SortBy: "severity", SortDir: "descending"}}, 200)
	if got := strings.Join(ids(out), ","); got != "D,B,C" {
		t.Fatalf("by severity: %s", got)
	}
	globals := call[analysisapi.ListGlobalsOutput](t, a, analysisapi.Request{ListGlobals: &analysisapi.ListInput{}}, 200)
	if len(globals.Globals) != 1 || globals.Globals[0].Body != "X = 1\n" {
		t.Fatalf("globals: %+v", globals)
	}
	call[analysisapi.ErrorBody](t, a, analysisapi.Request{ListRules: &analysisapi.ListInput{SortBy: "color"}}, 400)
}

func TestBulkUploadCountsNewAndModified(t *testing.T) {
	pack := &analysis.Pack{
		Rules:      []analysisapi.Rule{rule("R1", "AWS.CloudTrail", "Info"), rule("R2", "Okta.SystemLog", "Low")},
		Globals:    []analysisapi.Global{{ID: "panther_base_helpers", Body: "def deep_get(d, *k): return None\n"}},
		DataModels: []analysisapi.DataModel{{ID: "Model", Enabled: true, LogTypes: []string{"AWS.CloudTrail"}, Mappings: []analysisapi.DataModelMapping{{Name: "source_ip", Path: "$.sourceIPAddress"}}}},
	}
	a := newAPI(t, pack)
	upload := analysisapi.Request{BulkUpload: &analysisapi.BulkUploadInput{Data: base64.StdEncoding.EncodeToString([]byte("zip")), UserID: "u"}}
	first := call[analysisapi.BulkUploadOutput](t, a, upload, 200)
	if first != (analysisapi.BulkUploadOutput{TotalRules: 2, NewRules: 2, TotalGlobals: 1, NewGlobals: 1, TotalDataModels: 1, NewDataModels: 1}) {
		t.Fatalf("first upload: %+v", first)
	}
	pack.Rules[1].Severity = "High"
	second := call[analysisapi.BulkUploadOutput](t, a, upload, 200)
	if second != (analysisapi.BulkUploadOutput{TotalRules: 2, ModifiedRules: 1, TotalGlobals: 1, TotalDataModels: 1}) {
		t.Fatalf("second upload: %+v", second)
	}
	pack.Rules = append(pack.Rules, rule("R3", "Unknown.Type", "Info"))
	e := call[analysisapi.ErrorBody](t, a, upload, 400)
	if !strings.HasPrefix(e.Message, "R3: logTypes:") {
		t.Fatalf("bad upload: %q", e.Message)
	}
	if _, err := a.Store.Get(context.Background(), "R3"); err == nil {
		t.Fatal("a rejected upload saved a rule")
	}
}

func TestRevisionChangesWithEveryChange(t *testing.T) {
	a := newAPI(t, nil)
	revision := func() string {
		return call[analysisapi.RevisionOutput](t, a, analysisapi.Request{GetRevision: &analysisapi.GetRevisionInput{}}, 200).Revision
	}
	last := revision()
	changed := func(step string) {
		t.Helper()
		r := revision()
		if r == last {
			t.Fatalf("%s: the revision stayed %s", step, r)
		}
		last = r
	}
	r := rule("R", "AWS.CloudTrail", "info")
	call[analysisapi.Rule](t, a, analysisapi.Request{CreateRule: &analysisapi.RuleInput{Rule: r}}, 201)
	changed("create")
	r.Enabled = false
	call[analysisapi.Rule](t, a, analysisapi.Request{UpdateRule: &analysisapi.RuleInput{Rule: r}}, 200)
	changed("disable")
	call[analysisapi.Rule](t, a, analysisapi.Request{UpdateRule: &analysisapi.RuleInput{Rule: r}}, 200)
	if revision() != last {
		t.Fatal("saving unchanged content changed the revision")
	}
	call[struct{}](t, a, analysisapi.Request{DeleteDetections: &analysisapi.DeleteInput{Entries: []analysisapi.DeleteEntry{{ID: "R"}}}}, 200)
	changed("delete")
}
