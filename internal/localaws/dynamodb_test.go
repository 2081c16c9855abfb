package localaws_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type av = types.AttributeValue

func str(s string) av { return &types.AttributeValueMemberS{Value: s} }
func num(n string) av { return &types.AttributeValueMemberN{Value: n} }

// createTable creates a pay-per-request table keyed by pk (S) and, when
// sk is set, sk (N).
func createTable(t *testing.T, e *env, name string, withSort bool, mods ...func(*dynamodb.CreateTableInput)) {
	t.Helper()
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
	}
	if withSort {
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange})
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeN})
	}
	for _, m := range mods {
		m(in)
	}
	_, err := e.ddb.CreateTable(ctx(t), in)
	must(t, err)
}

func put(t *testing.T, e *env, table string, item map[string]av) {
	t.Helper()
	_, err := e.ddb.PutItem(ctx(t), &dynamodb.PutItemInput{TableName: aws.String(table), Item: item})
	must(t, err)
}

func TestDynamoDBCreateDescribeListDeleteTable(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	for i := range 5 {
		createTable(t, e, fmt.Sprintf("tbl-%d", i), i%2 == 0)
	}
	_, err := e.ddb.CreateTable(c, &dynamodb.CreateTableInput{TableName: aws.String("tbl-0"), BillingMode: types.BillingModePayPerRequest,
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}}})
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Fatalf("want ResourceInUseException, got %v", err)
	}
	put(t, e, "tbl-1", map[string]av{"pk": str("a"), "v": num("1")})
	d, err := e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String("tbl-1")})
	must(t, err)
	if d.Table.TableStatus != types.TableStatusActive || aws.ToInt64(d.Table.ItemCount) != 1 ||
		aws.ToString(d.Table.TableArn) != "arn:aws:dynamodb:us-east-1:000000000000:table/tbl-1" {
		t.Fatalf("description %+v", d.Table)
	}
	var names []string
	p := dynamodb.NewListTablesPaginator(e.ddb, &dynamodb.ListTablesInput{Limit: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(c)
		must(t, err)
		names = append(names, page.TableNames...)
	}
	if strings.Join(names, ",") != "tbl-0,tbl-1,tbl-2,tbl-3,tbl-4" {
		t.Fatalf("tables %v", names)
	}
	_, err = e.ddb.DeleteTable(c, &dynamodb.DeleteTableInput{TableName: aws.String("tbl-1")})
	must(t, err)
	_, err = e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String("tbl-1")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) || !strings.Contains(err.Error(), "Requested resource not found: Table: tbl-1 not found") {
		t.Fatalf("want ResourceNotFoundException, got %v", err)
	}
}

func TestDynamoDBCreateTableValidation(t *testing.T) {
	e := startEnv(t)
	cases := []struct {
		name string
		in   dynamodb.CreateTableInput
		want string
	}{
		{"undefined key attribute", dynamodb.CreateTableInput{TableName: aws.String("tbl1"), BillingMode: types.BillingModePayPerRequest,
			KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}}},
			"Some index key attributes are not defined in AttributeDefinitions"},
		{"provisioned without throughput", dynamodb.CreateTableInput{TableName: aws.String("tbl2"),
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}}},
			"ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"},
		{"first key not HASH", dynamodb.CreateTableInput{TableName: aws.String("tbl3"), BillingMode: types.BillingModePayPerRequest,
			KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeRange}},
			AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}}},
			"The first KeySchemaElement is not a HASH key type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.ddb.CreateTable(ctx(t), &tc.in)
			wantCode(t, err, "ValidationException")
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("message %v", err)
			}
		})
	}
}

func TestDynamoDBUpdateTableBillingGSIAndStream(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "upd", false)
	out, err := e.ddb.UpdateTable(c, &dynamodb.UpdateTableInput{TableName: aws.String("upd"),
		BillingMode:           types.BillingModeProvisioned,
		ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(5), WriteCapacityUnits: aws.Int64(5)}})
	must(t, err)
	if out.TableDescription.BillingModeSummary.BillingMode != types.BillingModeProvisioned {
		t.Fatalf("billing %+v", out.TableDescription.BillingModeSummary)
	}
	_, err = e.ddb.UpdateTable(c, &dynamodb.UpdateTableInput{TableName: aws.String("upd"),
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("email"), AttributeType: types.ScalarAttributeTypeS}},
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Create: &types.CreateGlobalSecondaryIndexAction{
			IndexName: aws.String("byEmail"), KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("email"), KeyType: types.KeyTypeHash}},
			Projection:            &types.Projection{ProjectionType: types.ProjectionTypeAll},
			ProvisionedThroughput: &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(1), WriteCapacityUnits: aws.Int64(1)}}}}})
	must(t, err)
	out, err = e.ddb.UpdateTable(c, &dynamodb.UpdateTableInput{TableName: aws.String("upd"),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage}})
	must(t, err)
	if len(out.TableDescription.GlobalSecondaryIndexes) != 1 || aws.ToString(out.TableDescription.LatestStreamArn) == "" {
		t.Fatalf("description %+v", out.TableDescription)
	}
	_, err = e.ddb.UpdateTable(c, &dynamodb.UpdateTableInput{TableName: aws.String("upd"),
		GlobalSecondaryIndexUpdates: []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: aws.String("byEmail")}}}})
	must(t, err)
	d, err := e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String("upd")})
	must(t, err)
	if len(d.Table.GlobalSecondaryIndexes) != 0 || len(d.Table.AttributeDefinitions) != 1 {
		t.Fatalf("after index delete %+v", d.Table)
	}
}

func TestDynamoDBTagsAndTimeToLive(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "ttl", false)
	arn := "arn:aws:dynamodb:us-east-1:000000000000:table/ttl"
	_, err := e.ddb.TagResource(c, &dynamodb.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}})
	must(t, err)
	tags, err := e.ddb.ListTagsOfResource(c, &dynamodb.ListTagsOfResourceInput{ResourceArn: aws.String(arn)})
	must(t, err)
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "sec" {
		t.Fatalf("tags %+v", tags.Tags)
	}
	_, err = e.ddb.UpdateTimeToLive(c, &dynamodb.UpdateTimeToLiveInput{TableName: aws.String("ttl"),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String("expires"), Enabled: aws.Bool(true)}})
	must(t, err)
	ttl, err := e.ddb.DescribeTimeToLive(c, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("ttl")})
	must(t, err)
	if ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(ttl.TimeToLiveDescription.AttributeName) != "expires" {
		t.Fatalf("ttl %+v", ttl.TimeToLiveDescription)
	}
	put(t, e, "ttl", map[string]av{"pk": str("old"), "expires": num("1000")})
	put(t, e, "ttl", map[string]av{"pk": str("new"), "expires": num("99999999999")})
	got, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("ttl"), Key: map[string]av{"pk": str("old")}})
	must(t, err)
	if got.Item != nil {
		t.Fatalf("expired item returned: %v", got.Item)
	}
	s, err := e.ddb.Scan(c, &dynamodb.ScanInput{TableName: aws.String("ttl")})
	must(t, err)
	if s.Count != 1 {
		t.Fatalf("scan after expiry: %d items", s.Count)
	}
}

type record struct {
	PK    string   `dynamodbav:"pk"`
	SK    int      `dynamodbav:"sk"`
	Name  string   `dynamodbav:"name"`
	Tags  []string `dynamodbav:"tags,stringset,omitempty"`
	Count int      `dynamodbav:"count"`
}

func TestDynamoDBPutGetDeleteItemWithMarshaledStruct(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "items", true)
	item, err := attributevalue.MarshalMap(record{PK: "u1", SK: 1, Name: "alice", Tags: []string{"a", "b"}, Count: 3})
	must(t, err)
	put(t, e, "items", item)
	got, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("items"), ConsistentRead: aws.Bool(true),
		Key: map[string]av{"pk": str("u1"), "sk": num("1.0")}})
	must(t, err)
	var r record
	must(t, attributevalue.UnmarshalMap(got.Item, &r))
	if r.Name != "alice" || len(r.Tags) != 2 || r.Count != 3 {
		t.Fatalf("item %+v", r)
	}
	proj, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("items"), Key: map[string]av{"pk": str("u1"), "sk": num("1")},
		ProjectionExpression: aws.String("#n, tags"), ExpressionAttributeNames: map[string]string{"#n": "name"}})
	must(t, err)
	if len(proj.Item) != 2 || proj.Item["count"] != nil {
		t.Fatalf("projected %v", proj.Item)
	}
	old, err := e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("items"), ReturnValues: types.ReturnValueAllOld,
		Item: map[string]av{"pk": str("u1"), "sk": num("1"), "name": str("bob")}})
	must(t, err)
	if old.Attributes["name"].(*types.AttributeValueMemberS).Value != "alice" {
		t.Fatalf("ALL_OLD %v", old.Attributes)
	}
	del, err := e.ddb.DeleteItem(c, &dynamodb.DeleteItemInput{TableName: aws.String("items"), Key: map[string]av{"pk": str("u1"), "sk": num("1")},
		ReturnValues: types.ReturnValueAllOld})
	must(t, err)
	if del.Attributes["name"].(*types.AttributeValueMemberS).Value != "bob" {
		t.Fatalf("deleted %v", del.Attributes)
	}
	got, err = e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("items"), Key: map[string]av{"pk": str("u1"), "sk": num("1")}})
	must(t, err)
	if got.Item != nil {
		t.Fatalf("item after delete %v", got.Item)
	}
}

func TestDynamoDBItemValidationErrors(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "val", true)
	cases := []struct {
		name string
		call func() error
		code string
		want string
	}{
		{"missing table", func() error {
			_, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("nope"), Key: map[string]av{"pk": str("a")}})
			return err
		}, "ResourceNotFoundException", "Requested resource not found"},
		{"key does not match schema", func() error {
			_, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("val"), Key: map[string]av{"pk": str("a")}})
			return err
		}, "ValidationException", "The provided key element does not match the schema"},
		{"key type mismatch", func() error {
			_, err := e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("val"), Item: map[string]av{"pk": num("1"), "sk": num("1")}})
			return err
		}, "ValidationException", "Type mismatch for key pk expected: S actual: N"},
		{"missing key in item", func() error {
			_, err := e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("val"), Item: map[string]av{"pk": str("a")}})
			return err
		}, "ValidationException", "Missing the key sk in the item"},
		{"bad number", func() error {
			_, err := e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("val"), Item: map[string]av{"pk": str("a"), "sk": num("x1")}})
			return err
		}, "ValidationException", "The parameter cannot be converted to a numeric value"},
		{"unused placeholder", func() error {
			_, err := e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("val"), Item: map[string]av{"pk": str("a"), "sk": num("1")},
				ExpressionAttributeValues: map[string]av{":x": num("1")}})
			return err
		}, "ValidationException", "Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"},
		{"update a key attribute", func() error {
			_, err := e.ddb.UpdateItem(c, &dynamodb.UpdateItemInput{TableName: aws.String("val"), Key: map[string]av{"pk": str("a"), "sk": num("1")},
				UpdateExpression: aws.String("SET pk = :v"), ExpressionAttributeValues: map[string]av{":v": str("b")}})
			return err
		}, "ValidationException", "Cannot update attribute pk. This attribute is part of the key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("message %v", err)
			}
		})
	}
}
