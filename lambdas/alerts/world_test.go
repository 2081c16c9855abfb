package alerts_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/klauspost/compress/gzip"

	"github.com/panther-operator/panther-operator/internal/testenv"
	"github.com/panther-operator/panther-operator/lambdas/alerts"
	"github.com/panther-operator/panther-operator/lambdas/api"
	"github.com/panther-operator/panther-operator/lambdas/api/alertsapi"
	"github.com/panther-operator/panther-operator/lambdas/api/deliveryapi"
	"github.com/panther-operator/panther-operator/lambdas/awsx"
)

const (
	alertsTable = "panther-log-alert-info"
	bucket      = "panther-processed-data"
)

// now is the clock of the API under test.
var now = time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC)

// world is a localaws with the alerts table as deployed (both indexes) and the processed-data
// bucket, and alerts-api over them.
type world struct {
	ddb   *dynamodb.Client
	s3    *s3.Client
	table *awsx.AlertsTable
	api   *alerts.API
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	cfg := testenv.LocalAWS(t)
	ctx := context.Background()
	w := &world{ddb: dynamodb.NewFromConfig(cfg), s3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })}
	s := func(name string) ddbtypes.AttributeDefinition {
		return ddbtypes.AttributeDefinition{AttributeName: aws.String(name), AttributeType: ddbtypes.ScalarAttributeTypeS}
	}
	key := func(hash, rng string) []ddbtypes.KeySchemaElement {
		k := []ddbtypes.KeySchemaElement{{AttributeName: aws.String(hash), KeyType: ddbtypes.KeyTypeHash}}
		if rng != "" {
			k = append(k, ddbtypes.KeySchemaElement{AttributeName: aws.String(rng), KeyType: ddbtypes.KeyTypeRange})
		}
		return k
	}
	all := &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll}
	_, err := w.ddb.CreateTable(ctx, &dynamodb.CreateTableInput{TableName: aws.String(alertsTable), BillingMode: ddbtypes.BillingModePayPerRequest,
		KeySchema:            key("id", ""),
		AttributeDefinitions: []ddbtypes.AttributeDefinition{s("id"), s("ruleId"), s("timePartition"), s("creationTime")},
		GlobalSecondaryIndexes: []ddbtypes.GlobalSecondaryIndex{
			{IndexName: aws.String("ruleId-creationTime-index"), KeySchema: key("ruleId", "creationTime"), Projection: all},
			{IndexName: aws.String("timePartition-creationTime-index"), KeySchema: key("timePartition", "creationTime"), Projection: all},
		}})
	must(t, err)
	_, err = w.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	must(t, err)
	w.table = &awsx.AlertsTable{Client: w.ddb, Name: alertsTable, RuleIndex: "ruleId-creationTime-index", TimeIndex: "timePartition-creationTime-index"}
	w.api = &alerts.API{Store: w.table, Events: &awsx.RuleMatchObjects{Client: w.s3, Bucket: bucket}, Now: func() time.Time { return now }}
	return w
}

// create writes an alert as the forwarder does.
func (w *world) create(t *testing.T, a *alertsapi.Alert) {
	t.Helper()
	a.TimePartition = alertsapi.TimePartition
	if a.DeliveryResponses == nil {
		a.DeliveryResponses = []deliveryapi.DeliveryResponse{}
	}
	created, err := w.table.CreateAlert(context.Background(), a)
	must(t, err)
	if !created {
		t.Fatalf("alert %s exists", a.ID)
	}
}

// call runs a request; the error is the API's, or the test fails.
func (w *world) call(t *testing.T, req alertsapi.Request) (any, *api.Error) {
	t.Helper()
	out, err := w.api.Handle(context.Background(), &req)
	var apiErr *api.Error
	if err != nil && !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	return out, apiErr
}

// wantInvalid checks that a request is refused naming the field.
func (w *world) wantInvalid(t *testing.T, req alertsapi.Request, field string) {
	t.Helper()
	_, err := w.call(t, req)
	if err == nil || err.Type != "InvalidInputError" || !strings.HasPrefix(err.Message, field+":") {
		t.Errorf("want InvalidInputError naming %s, got %v", field, err)
	}
}

// putGzipLines writes an object of JSON lines, gzip-compressed as the rules engine writes them.
func (w *world) putGzipLines(t *testing.T, key string, lines []string, trailingNewline bool) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	body := strings.Join(lines, "\n")
	if trailingNewline {
		body += "\n"
	}
	_, err := zw.Write([]byte(body))
	must(t, err)
	must(t, zw.Close())
	_, err = w.s3.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(buf.Bytes())})
	must(t, err)
}
