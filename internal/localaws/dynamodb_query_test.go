package localaws_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// withIndexes adds a GSI on email (KEYS_ONLY plus name) and an LSI on
// score.
func withIndexes(in *dynamodb.CreateTableInput) {
	in.AttributeDefinitions = append(in.AttributeDefinitions,
		types.AttributeDefinition{AttributeName: aws.String("email"), AttributeType: types.ScalarAttributeTypeS},
		types.AttributeDefinition{AttributeName: aws.String("score"), AttributeType: types.ScalarAttributeTypeN})
	in.GlobalSecondaryIndexes = []types.GlobalSecondaryIndex{{IndexName: aws.String("byEmail"),
		KeySchema:  []types.KeySchemaElement{{AttributeName: aws.String("email"), KeyType: types.KeyTypeHash}},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{"name"}}}}
	in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{{IndexName: aws.String("byScore"),
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("score"), KeyType: types.KeyTypeRange}},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll}}}
}

func seedUsers(t *testing.T, e *env) {
	t.Helper()
	createTable(t, e, "users", true, withIndexes)
	for i := range 20 {
		put(t, e, "users", map[string]av{"pk": str("org"), "sk": num(fmt.Sprint(i)), "name": str(fmt.Sprint("user", i)),
			"email": str(fmt.Sprintf("u%d@example.com", i%4)), "score": num(fmt.Sprint(100 - i)), "secret": str("x")})
	}
}

func TestDynamoDBQuerySortKeyConditions(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	seedUsers(t, e)
	cases := []struct {
		cond  string
		vals  map[string]av
		count int32
	}{
		{"pk = :p", map[string]av{":p": str("org")}, 20},
		{"pk = :p AND sk = :n", map[string]av{":p": str("org"), ":n": num("3")}, 1},
		{"pk = :p AND sk < :n", map[string]av{":p": str("org"), ":n": num("10")}, 10},
		{"pk = :p AND sk <= :n", map[string]av{":p": str("org"), ":n": num("10")}, 11},
		{"pk = :p AND sk > :n", map[string]av{":p": str("org"), ":n": num("10")}, 9},
		{"sk >= :n AND pk = :p", map[string]av{":p": str("org"), ":n": num("10")}, 10},
		{"pk = :p AND sk BETWEEN :a AND :b", map[string]av{":p": str("org"), ":a": num("2"), ":b": num("4")}, 3},
	}
	for _, tc := range cases {
		t.Run(tc.cond, func(t *testing.T) {
			out, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), KeyConditionExpression: aws.String(tc.cond),
				ExpressionAttributeValues: tc.vals, Select: types.SelectCount})
			must(t, err)
			if out.Count != tc.count || out.Items != nil {
				t.Fatalf("count %d, want %d", out.Count, tc.count)
			}
		})
	}
	out, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), KeyConditionExpression: aws.String("pk = :p"),
		ExpressionAttributeValues: map[string]av{":p": str("org")}, ScanIndexForward: aws.Bool(false), Limit: aws.Int32(1)})
	must(t, err)
	if out.Items[0]["sk"].(*types.AttributeValueMemberN).Value != "19" {
		t.Fatalf("descending first %v", out.Items[0]["sk"])
	}
	_, err = e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), KeyConditionExpression: aws.String("sk = :n"),
		ExpressionAttributeValues: map[string]av{":n": num("1")}})
	wantCode(t, err, "ValidationException")
}

func TestDynamoDBQueryBeginsWithOnStringSortKey(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "events", false, func(in *dynamodb.CreateTableInput) {
		in.KeySchema = append(in.KeySchema, types.KeySchemaElement{AttributeName: aws.String("at"), KeyType: types.KeyTypeRange})
		in.AttributeDefinitions = append(in.AttributeDefinitions, types.AttributeDefinition{AttributeName: aws.String("at"), AttributeType: types.ScalarAttributeTypeS})
	})
	for _, at := range []string{"2024-01-01", "2024-01-02", "2024-02-01", "2025-01-01"} {
		put(t, e, "events", map[string]av{"pk": str("a"), "at": str(at)})
	}
	out, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("events"), KeyConditionExpression: aws.String("pk = :p AND begins_with(#at, :m)"),
		ExpressionAttributeNames: map[string]string{"#at": "at"}, ExpressionAttributeValues: map[string]av{":p": str("a"), ":m": str("2024-01")}})
	must(t, err)
	if out.Count != 2 {
		t.Fatalf("count %d", out.Count)
	}
}

func TestDynamoDBQueryGlobalAndLocalSecondaryIndexes(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	seedUsers(t, e)
	out, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), IndexName: aws.String("byEmail"),
		KeyConditionExpression: aws.String("email = :e"), ExpressionAttributeValues: map[string]av{":e": str("u1@example.com")}})
	must(t, err)
	if out.Count != 5 {
		t.Fatalf("GSI count %d", out.Count)
	}
	for _, it := range out.Items {
		if it["secret"] != nil || it["name"] == nil || it["pk"] == nil || it["email"] == nil {
			t.Fatalf("GSI projection %v", it)
		}
	}
	lsi, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), IndexName: aws.String("byScore"),
		KeyConditionExpression: aws.String("pk = :p AND score > :s"), ExpressionAttributeValues: map[string]av{":p": str("org"), ":s": num("95")}})
	must(t, err)
	if lsi.Count != 5 || lsi.Items[0]["score"].(*types.AttributeValueMemberN).Value != "96" {
		t.Fatalf("LSI %d %v", lsi.Count, lsi.Items)
	}
	_, err = e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("users"), IndexName: aws.String("nope"),
		KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: map[string]av{":p": str("org")}})
	wantCode(t, err, "ValidationException")
}

func TestDynamoDBQueryAndScanPagingWithLimit(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	seedUsers(t, e)
	seen := map[string]bool{}
	pages := 0
	p := dynamodb.NewQueryPaginator(e.ddb, &dynamodb.QueryInput{TableName: aws.String("users"), Limit: aws.Int32(6),
		KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: map[string]av{":p": str("org")}})
	for p.HasMorePages() {
		page, err := p.NextPage(c)
		must(t, err)
		pages++
		for _, it := range page.Items {
			seen[it["sk"].(*types.AttributeValueMemberN).Value] = true
		}
	}
	if len(seen) != 20 || pages != 4 {
		t.Fatalf("query paged %d items in %d pages", len(seen), pages)
	}
	n := 0
	sp := dynamodb.NewScanPaginator(e.ddb, &dynamodb.ScanInput{TableName: aws.String("users"), Limit: aws.Int32(7),
		FilterExpression: aws.String("score > :s"), ExpressionAttributeValues: map[string]av{":s": num("90")}})
	for sp.HasMorePages() {
		page, err := sp.NextPage(c)
		must(t, err)
		n += int(page.Count)
	}
	if n != 10 {
		t.Fatalf("scan filtered %d", n)
	}
}

func TestDynamoDBParallelScanSegments(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "seg", false)
	for i := range 50 {
		put(t, e, "seg", map[string]av{"pk": str(fmt.Sprint("k", i))})
	}
	total := 0
	for seg := range 4 {
		out, err := e.ddb.Scan(c, &dynamodb.ScanInput{TableName: aws.String("seg"), Segment: aws.Int32(int32(seg)), TotalSegments: aws.Int32(4)})
		must(t, err)
		total += int(out.Count)
	}
	if total != 50 {
		t.Fatalf("segments covered %d items", total)
	}
}

func TestDynamoDBBatchGetAndBatchWrite(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "batch", false)
	var writes []types.WriteRequest
	for i := range 25 {
		writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]av{"pk": str(fmt.Sprint("k", i)), "v": num(fmt.Sprint(i))}}})
	}
	out, err := e.ddb.BatchWriteItem(c, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"batch": writes}})
	must(t, err)
	if len(out.UnprocessedItems) != 0 {
		t.Fatalf("unprocessed %v", out.UnprocessedItems)
	}
	_, err = e.ddb.BatchWriteItem(c, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"batch": {
		{DeleteRequest: &types.DeleteRequest{Key: map[string]av{"pk": str("k0")}}}}}})
	must(t, err)
	got, err := e.ddb.BatchGetItem(c, &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"batch": {
		Keys: []map[string]av{{"pk": str("k0")}, {"pk": str("k1")}, {"pk": str("k2")}}, ProjectionExpression: aws.String("v")}}})
	must(t, err)
	if len(got.Responses["batch"]) != 2 || len(got.Responses["batch"][0]) != 1 || len(got.UnprocessedKeys) != 0 {
		t.Fatalf("batch get %v", got.Responses)
	}
}

func TestDynamoDBTransactWriteItemsRollsBackOnConditionFailure(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "bank", false)
	put(t, e, "bank", map[string]av{"pk": str("alice"), "balance": num("100")})
	put(t, e, "bank", map[string]av{"pk": str("bob"), "balance": num("5")})
	transfer := func(amount string) error {
		vals := map[string]av{":amt": num(amount)}
		_, err := e.ddb.TransactWriteItems(c, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Update: &types.Update{TableName: aws.String("bank"), Key: map[string]av{"pk": str("alice")}, UpdateExpression: aws.String("SET balance = balance + :amt"), ExpressionAttributeValues: vals}},
			{Update: &types.Update{TableName: aws.String("bank"), Key: map[string]av{"pk": str("bob")}, UpdateExpression: aws.String("SET balance = balance - :amt"),
				ConditionExpression: aws.String("balance >= :amt"), ExpressionAttributeValues: vals, ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}},
			{Put: &types.Put{TableName: aws.String("bank"), Item: map[string]av{"pk": str("log-" + amount)}}},
		}})
		return err
	}
	err := transfer("50")
	var canceled *types.TransactionCanceledException
	if !errors.As(err, &canceled) || len(canceled.CancellationReasons) != 3 {
		t.Fatalf("want TransactionCanceledException with 3 reasons, got %v", err)
	}
	r := canceled.CancellationReasons
	if aws.ToString(r[0].Code) != "None" || aws.ToString(r[1].Code) != "ConditionalCheckFailed" || r[1].Item["balance"] == nil {
		t.Fatalf("reasons %+v", r)
	}
	for _, k := range []string{"alice", "log-50"} {
		got, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("bank"), Key: map[string]av{"pk": str(k)}})
		must(t, err)
		if k == "alice" && got.Item["balance"].(*types.AttributeValueMemberN).Value != "100" || k == "log-50" && got.Item != nil {
			t.Fatalf("rolled back %s: %v", k, got.Item)
		}
	}
	must(t, transfer("5"))
	got, err := e.ddb.TransactGetItems(c, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
		{Get: &types.Get{TableName: aws.String("bank"), Key: map[string]av{"pk": str("alice")}}},
		{Get: &types.Get{TableName: aws.String("bank"), Key: map[string]av{"pk": str("bob")}}},
		{Get: &types.Get{TableName: aws.String("bank"), Key: map[string]av{"pk": str("nobody")}}}}})
	must(t, err)
	if got.Responses[0].Item["balance"].(*types.AttributeValueMemberN).Value != "105" ||
		got.Responses[1].Item["balance"].(*types.AttributeValueMemberN).Value != "0" || got.Responses[2].Item != nil {
		t.Fatalf("after transfer %+v", got.Responses)
	}
}
