package customresources_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/cfn"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
	"github.com/panther-operator/panther-operator/lambdas/customresources"
	"github.com/panther-operator/panther-operator/lambdas/logs/datacatalog"
	"github.com/panther-operator/panther-operator/lambdas/logs/logschema"
	"github.com/panther-operator/panther-operator/lambdas/logs/logtypes"
)

func TestRouterSemantics(t *testing.T) {
	boom := errors.New("boom")
	r := &customresources.Router{Handlers: map[string]customresources.Handler{
		"Custom::Fine":   func(context.Context, cfn.Event) (string, map[string]any, error) { return "custom:fine", nil, nil },
		"Custom::Broken": func(context.Context, cfn.Event) (string, map[string]any, error) { return "", nil, boom },
	}}
	tests := []struct {
		typ, request, physical string
		wantID                 string
		wantErr                string
	}{
		{"Custom::Fine", "Create", "", "custom:fine", ""},
		{"Custom::Broken", "Update", "old", "error", "boom"},
		{"Custom::Unknown", "Create", "", "error", "Custom::Unknown is not a custom resource type Panther provides"},
		{"Custom::Unknown", "Delete", "custom:gone", "custom:gone", ""},
		{"Custom::Unknown", "Delete", "", "error", ""},
	}
	for _, tt := range tests {
		id, _, err := r.Handle(context.Background(), cfn.Event{ResourceType: tt.typ, RequestType: cfn.RequestType(tt.request), PhysicalResourceID: tt.physical})
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if id != tt.wantID || !strings.Contains(gotErr, tt.wantErr) || (tt.wantErr == "") != (err == nil) {
			t.Errorf("%s %s: id %q err %v, want %q %q", tt.request, tt.typ, id, err, tt.wantID, tt.wantErr)
		}
	}
}

func TestGlueTablesCreatesTheDatabasesAndTablesAndDeletesThem(t *testing.T) {
	cfg := testenv.LocalAWS(t)
	client := glue.NewFromConfig(cfg)
	natives, err := logtypes.Native()
	if err != nil {
		t.Fatal(err)
	}
	g := &customresources.GlueTables{Catalog: &awsx.Catalog{Client: client},
		InUse: func(context.Context) ([]string, error) { return []string{"AWS.CloudTrail", "AWS.VPCFlow"}, nil },
		Schemas: func(_ context.Context, table string) (*logschema.Schema, error) {
			return datacatalog.TableSchemas(natives, nil)(context.Background(), table)
		}}
	ctx := context.Background()
	props := map[string]any{"ProcessedDataBucket": "processed", "CustomResourceVersion": "1.16.0 (abcdef0)"}
	for _, request := range []cfn.RequestType{cfn.RequestCreate, cfn.RequestUpdate} {
		id, _, err := g.Handle(ctx, cfn.Event{RequestType: request, ResourceProperties: props})
		if err != nil || id != "custom:glue:update-log-processor-tables" {
			t.Fatalf("%s: %q %v", request, id, err)
		}
	}
	dbs, err := client.GetDatabases(ctx, &glue.GetDatabasesInput{})
	if err != nil || len(dbs.DatabaseList) != len(datacatalog.AllDatabases) {
		t.Fatalf("databases %v %v", dbs, err)
	}
	table, err := client.GetTable(ctx, &glue.GetTableInput{DatabaseName: aws.String("panther_logs"), Name: aws.String("aws_vpcflow")})
	if err != nil || aws.ToString(table.Table.StorageDescriptor.Location) != "s3://processed/logs/aws_vpcflow/" {
		t.Fatalf("table %v %v", table, err)
	}
	if _, _, err := g.Handle(ctx, cfn.Event{RequestType: cfn.RequestCreate, LogicalResourceID: "Tables", ResourceProperties: map[string]any{}}); err == nil ||
		!strings.Contains(err.Error(), "Tables: property ProcessedDataBucket is required") {
		t.Fatalf("missing property: %v", err)
	}
	if _, _, err := g.Handle(ctx, cfn.Event{RequestType: cfn.RequestDelete, PhysicalResourceID: "custom:glue:update-log-processor-tables"}); err != nil {
		t.Fatal(err)
	}
	dbs, _ = client.GetDatabases(ctx, &glue.GetDatabasesInput{})
	if len(dbs.DatabaseList) != 0 {
		t.Fatalf("databases left: %d", len(dbs.DatabaseList))
	}
}
