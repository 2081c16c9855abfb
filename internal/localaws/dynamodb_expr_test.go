package localaws_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func TestDynamoDBConditionalPutFailsWithItemOnConditionCheckFailure(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "cond", false)
	put(t, e, "cond", map[string]av{"pk": str("a"), "version": num("1")})
	cond, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("pk"))).Build()
	must(t, err)
	_, err = e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("cond"), Item: map[string]av{"pk": str("a")},
		ConditionExpression: cond.Condition(), ExpressionAttributeNames: cond.Names(), ExpressionAttributeValues: cond.Values(),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld})
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("want ConditionalCheckFailedException, got %v", err)
	}
	if v, ok := ccf.Item["version"].(*types.AttributeValueMemberN); !ok || v.Value != "1" || ccf.ErrorMessage() != "The conditional request failed" {
		t.Fatalf("item with failure %v %q", ccf.Item, ccf.ErrorMessage())
	}
	// Optimistic locking by hand: numeric comparison, not textual.
	_, err = e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("cond"), Item: map[string]av{"pk": str("a"), "version": num("2")},
		ConditionExpression: aws.String("version < :ten AND version = :one"), ExpressionAttributeValues: map[string]av{":ten": num("10"), ":one": num("1.0")}})
	must(t, err)
}

func TestDynamoDBUpdateExpressionActionsAndReturnValues(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "upd", false)
	put(t, e, "upd", map[string]av{"pk": str("a"), "n": num("5"), "l": &types.AttributeValueMemberL{Value: []av{str("x")}},
		"ss": &types.AttributeValueMemberSS{Value: []string{"p", "q"}}, "ts": &types.AttributeValueMemberSS{Value: []string{"p", "q"}}, "gone": str("bye"),
		"m": &types.AttributeValueMemberM{Value: map[string]av{"deep": num("1")}}})
	out, err := e.ddb.UpdateItem(c, &dynamodb.UpdateItemInput{TableName: aws.String("upd"), Key: map[string]av{"pk": str("a")},
		UpdateExpression: aws.String("SET n = n + :two, l = list_append(l, :more), m.deep = :nine, fresh = if_not_exists(fresh, :zero) " +
			"REMOVE gone ADD cnt :two, ss :r DELETE ts :p"),
		ExpressionAttributeValues: map[string]av{":two": num("2"), ":more": &types.AttributeValueMemberL{Value: []av{str("y")}},
			":nine": num("9"), ":zero": num("0"), ":r": &types.AttributeValueMemberSS{Value: []string{"r"}}, ":p": &types.AttributeValueMemberSS{Value: []string{"p"}}},
		ReturnValues: types.ReturnValueAllNew})
	must(t, err)
	a := out.Attributes
	if a["n"].(*types.AttributeValueMemberN).Value != "7" || len(a["l"].(*types.AttributeValueMemberL).Value) != 2 ||
		a["m"].(*types.AttributeValueMemberM).Value["deep"].(*types.AttributeValueMemberN).Value != "9" ||
		a["fresh"].(*types.AttributeValueMemberN).Value != "0" || a["gone"] != nil || a["cnt"].(*types.AttributeValueMemberN).Value != "2" ||
		strings.Join(a["ss"].(*types.AttributeValueMemberSS).Value, ",") != "p,q,r" || strings.Join(a["ts"].(*types.AttributeValueMemberSS).Value, ",") != "q" {
		t.Fatalf("ALL_NEW %#v", a)
	}
	// The SDK's builder, and UPDATED_OLD / UPDATED_NEW.
	upd, err := expression.NewBuilder().WithUpdate(expression.Set(expression.Name("n"), expression.Name("n").Minus(expression.Value(10)))).Build()
	must(t, err)
	old, err := e.ddb.UpdateItem(c, &dynamodb.UpdateItemInput{TableName: aws.String("upd"), Key: map[string]av{"pk": str("a")},
		UpdateExpression: upd.Update(), ExpressionAttributeNames: upd.Names(), ExpressionAttributeValues: upd.Values(), ReturnValues: types.ReturnValueUpdatedOld})
	must(t, err)
	if len(old.Attributes) != 1 || old.Attributes["n"].(*types.AttributeValueMemberN).Value != "7" {
		t.Fatalf("UPDATED_OLD %v", old.Attributes)
	}
	got, err := e.ddb.GetItem(c, &dynamodb.GetItemInput{TableName: aws.String("upd"), Key: map[string]av{"pk": str("a")}, ProjectionExpression: aws.String("n")})
	must(t, err)
	if got.Item["n"].(*types.AttributeValueMemberN).Value != "-3" {
		t.Fatalf("n %v", got.Item["n"])
	}
}

func TestDynamoDBUpdateExpressionErrors(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "uerr", false)
	put(t, e, "uerr", map[string]av{"pk": str("a"), "s": str("text")})
	cases := []struct{ name, update, want string }{
		{"syntax error names the token", "SET = :v", `Invalid UpdateExpression: Syntax error; token: "=", near: "SET = :v"`},
		{"arithmetic on a string", "SET s = s + :v", "An operand in the update expression has an incorrect data type"},
		{"arithmetic on a missing attribute", "SET x = nope + :v", "The provided expression refers to an attribute that does not exist in the item"},
		{"reserved word", "SET status = :v", "Attribute name is a reserved keyword; reserved keyword: status"},
		{"overlapping paths", "SET s = :v REMOVE s", "Two document paths overlap with each other"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.ddb.UpdateItem(c, &dynamodb.UpdateItemInput{TableName: aws.String("uerr"), Key: map[string]av{"pk": str("a")},
				UpdateExpression: aws.String(tc.update), ExpressionAttributeValues: map[string]av{":v": num("1")}})
			wantCode(t, err, "ValidationException")
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("message %v", err)
			}
		})
	}
}

var placeholder = regexp.MustCompile(`:[A-Za-z0-9_]+`)

func TestDynamoDBConditionGrammarThroughTheAPI(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "gram", false)
	put(t, e, "gram", map[string]av{"pk": str("a"), "n": num("10"), "s": str("hello world"),
		"l":    &types.AttributeValueMemberL{Value: []av{num("1"), &types.AttributeValueMemberM{Value: map[string]av{"deep": str("yes")}}}},
		"tags": &types.AttributeValueMemberSS{Value: []string{"red", "blue"}}})
	vals := map[string]av{":nine": num("9"), ":eleven": num("11"), ":hello": str("hello"), ":red": str("red"), ":two": num("2"),
		":S": str("S"), ":yes": str("yes"), ":a": str("a"), ":b": str("b")}
	cases := []struct {
		cond string
		want bool
	}{
		{"n BETWEEN :nine AND :eleven", true},
		{"n > :eleven OR begins_with(s, :hello)", true},
		{"NOT n > :nine", false},
		{"NOT (n > :nine AND n < :eleven)", false},
		{"n > :eleven OR n > :nine AND n < :nine", false},
		{"contains(tags, :red) AND contains(s, :hello)", true},
		{"size(tags) = :two AND size(l) = :two", true},
		{"attribute_type(s, :S) AND l[1].deep = :yes", true},
		{"pk IN (:a, :b) AND attribute_exists(l[0]) AND attribute_not_exists(l[5])", true},
		{"n <> :nine", true},
		{"absent <> :nine", true},
	}
	for _, tc := range cases {
		t.Run(tc.cond, func(t *testing.T) {
			env := map[string]av{}
			for _, k := range placeholder.FindAllString(tc.cond, -1) {
				env[k] = vals[k]
			}
			// A ConditionCheck evaluates the condition against the item.
			_, err := e.ddb.TransactWriteItems(c, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{{
				ConditionCheck: &types.ConditionCheck{TableName: aws.String("gram"), Key: map[string]av{"pk": str("a")},
					ConditionExpression: aws.String(tc.cond), ExpressionAttributeValues: env}}}})
			var canceled *types.TransactionCanceledException
			got := err == nil
			if err != nil && !errors.As(err, &canceled) {
				t.Fatalf("unexpected error %v", err)
			}
			if got != tc.want {
				t.Fatalf("condition %q: got %v, want %v", tc.cond, got, tc.want)
			}
		})
	}
}

func TestDynamoDBFilterFromExpressionBuilder(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "filt", true)
	for i := range 10 {
		put(t, e, "filt", map[string]av{"pk": str("p"), "sk": num(string(rune('0' + i))), "kind": str([]string{"even", "odd"}[i%2])})
	}
	keyCond := expression.Key("pk").Equal(expression.Value("p")).And(expression.Key("sk").GreaterThanEqual(expression.Value(2)))
	filt := expression.Name("kind").Equal(expression.Value("even")).And(expression.Name("sk").LessThan(expression.Value(8)))
	proj := expression.NamesList(expression.Name("sk"))
	ex, err := expression.NewBuilder().WithKeyCondition(keyCond).WithFilter(filt).WithProjection(proj).Build()
	must(t, err)
	out, err := e.ddb.Query(c, &dynamodb.QueryInput{TableName: aws.String("filt"), KeyConditionExpression: ex.KeyCondition(),
		FilterExpression: ex.Filter(), ProjectionExpression: ex.Projection(), ExpressionAttributeNames: ex.Names(), ExpressionAttributeValues: ex.Values()})
	must(t, err)
	if out.Count != 3 || out.ScannedCount != 8 || len(out.Items[0]) != 1 {
		t.Fatalf("count %d scanned %d items %v", out.Count, out.ScannedCount, out.Items)
	}
}
