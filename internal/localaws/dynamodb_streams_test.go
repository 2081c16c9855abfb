package localaws_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
	streamtypes "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

	"github.com/panther-operator/panther-operator/internal/localaws"
	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func withStream(view types.StreamViewType) func(*dynamodb.CreateTableInput) {
	return func(in *dynamodb.CreateTableInput) {
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: view}
	}
}

// readStream reads a table's whole stream from TRIM_HORIZON.
func readStream(t *testing.T, e *env, table string) []streamtypes.Record {
	t.Helper()
	c := ctx(t)
	streams, err := e.ddbs.ListStreams(c, &dynamodbstreams.ListStreamsInput{TableName: aws.String(table)})
	must(t, err)
	if len(streams.Streams) != 1 {
		t.Fatalf("streams %+v", streams.Streams)
	}
	arn := streams.Streams[0].StreamArn
	desc, err := e.ddbs.DescribeStream(c, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	must(t, err)
	if desc.StreamDescription.StreamStatus != streamtypes.StreamStatusEnabled || len(desc.StreamDescription.Shards) != 1 {
		t.Fatalf("stream %+v", desc.StreamDescription)
	}
	it, err := e.ddbs.GetShardIterator(c, &dynamodbstreams.GetShardIteratorInput{StreamArn: arn,
		ShardId: desc.StreamDescription.Shards[0].ShardId, ShardIteratorType: streamtypes.ShardIteratorTypeTrimHorizon})
	must(t, err)
	var records []streamtypes.Record
	iter := it.ShardIterator
	for {
		out, err := e.ddbs.GetRecords(c, &dynamodbstreams.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(2)})
		must(t, err)
		if len(out.Records) == 0 {
			return records
		}
		records = append(records, out.Records...)
		iter = out.NextShardIterator
	}
}

func TestDynamoDBStreamRecordsPutUpdateDelete(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "streamed", false, withStream(types.StreamViewTypeNewAndOldImages))
	put(t, e, "streamed", map[string]av{"pk": str("a"), "v": num("1")})
	_, err := e.ddb.UpdateItem(c, &dynamodb.UpdateItemInput{TableName: aws.String("streamed"), Key: map[string]av{"pk": str("a")},
		UpdateExpression: aws.String("SET v = :two"), ExpressionAttributeValues: map[string]av{":two": num("2")}})
	must(t, err)
	_, err = e.ddb.DeleteItem(c, &dynamodb.DeleteItemInput{TableName: aws.String("streamed"), Key: map[string]av{"pk": str("a")}})
	must(t, err)
	records := readStream(t, e, "streamed")
	var names []string
	for _, r := range records {
		names = append(names, string(r.EventName))
		if aws.ToString(r.EventSource) != "aws:dynamodb" || aws.ToString(r.AwsRegion) != "us-east-1" || r.Dynamodb.Keys["pk"] == nil ||
			r.Dynamodb.StreamViewType != streamtypes.StreamViewTypeNewAndOldImages || r.Dynamodb.ApproximateCreationDateTime == nil {
			t.Fatalf("record %+v", r)
		}
	}
	if strings.Join(names, ",") != "INSERT,MODIFY,REMOVE" {
		t.Fatalf("events %v", names)
	}
	mod := records[1].Dynamodb
	if mod.OldImage["v"].(*streamtypes.AttributeValueMemberN).Value != "1" || mod.NewImage["v"].(*streamtypes.AttributeValueMemberN).Value != "2" {
		t.Fatalf("MODIFY images %+v", mod)
	}
	if records[0].Dynamodb.OldImage != nil || records[2].Dynamodb.NewImage != nil {
		t.Fatalf("INSERT has an old image or REMOVE a new one")
	}
	if aws.ToString(records[0].Dynamodb.SequenceNumber) >= aws.ToString(records[1].Dynamodb.SequenceNumber) {
		t.Fatalf("sequence numbers not increasing")
	}
}

func TestDynamoDBStreamShardIteratorTypes(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "iters", false, withStream(types.StreamViewTypeKeysOnly))
	for _, k := range []string{"a", "b", "c"} {
		put(t, e, "iters", map[string]av{"pk": str(k), "v": num("1")})
	}
	d, err := e.ddb.DescribeTable(c, &dynamodb.DescribeTableInput{TableName: aws.String("iters")})
	must(t, err)
	arn := d.Table.LatestStreamArn
	desc, err := e.ddbs.DescribeStream(c, &dynamodbstreams.DescribeStreamInput{StreamArn: arn})
	must(t, err)
	shard := desc.StreamDescription.Shards[0].ShardId
	first := readStream(t, e, "iters")
	if len(first) != 3 || first[0].Dynamodb.NewImage != nil {
		t.Fatalf("KEYS_ONLY records %+v", first)
	}
	seq := first[1].Dynamodb.SequenceNumber
	read := func(typ streamtypes.ShardIteratorType, seq *string) []streamtypes.Record {
		it, err := e.ddbs.GetShardIterator(c, &dynamodbstreams.GetShardIteratorInput{StreamArn: arn, ShardId: shard, ShardIteratorType: typ, SequenceNumber: seq})
		must(t, err)
		out, err := e.ddbs.GetRecords(c, &dynamodbstreams.GetRecordsInput{ShardIterator: it.ShardIterator})
		must(t, err)
		return out.Records
	}
	if r := read(streamtypes.ShardIteratorTypeAtSequenceNumber, seq); len(r) != 2 {
		t.Fatalf("AT_SEQUENCE_NUMBER read %d", len(r))
	}
	if r := read(streamtypes.ShardIteratorTypeAfterSequenceNumber, seq); len(r) != 1 {
		t.Fatalf("AFTER_SEQUENCE_NUMBER read %d", len(r))
	}
	if r := read(streamtypes.ShardIteratorTypeLatest, nil); len(r) != 0 {
		t.Fatalf("LATEST read %d", len(r))
	}
}

func TestDynamoDBStatePersistsAcrossRestart(t *testing.T) {
	path := t.TempDir() + "/state.json"
	first := startEnv(t, func(o *localaws.Options) { o.StateFile = path })
	createTable(t, first, "kept", true, withStream(types.StreamViewTypeNewImage), withIndexes)
	put(t, first, "kept", map[string]av{"pk": str("a"), "sk": num("1"), "email": str("x@y"), "bin": &types.AttributeValueMemberB{Value: []byte{0, 255}},
		"empty": &types.AttributeValueMemberM{Value: map[string]av{}}})
	must(t, first.srv.Close())

	srv, err := localaws.Start("127.0.0.1:0", localaws.Options{StateFile: path, ZeroLatency: true})
	must(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	second := newEnv(t, srv, "AKIDEXAMPLE")
	got, err := second.ddb.GetItem(ctx(t), &dynamodb.GetItemInput{TableName: aws.String("kept"), Key: map[string]av{"pk": str("a"), "sk": num("1")}})
	must(t, err)
	if b, ok := got.Item["bin"].(*types.AttributeValueMemberB); !ok || len(b.Value) != 2 || b.Value[1] != 255 {
		t.Fatalf("item after restart %v", got.Item)
	}
	if m, ok := got.Item["empty"].(*types.AttributeValueMemberM); !ok || len(m.Value) != 0 {
		t.Fatalf("empty map after restart %v", got.Item["empty"])
	}
	out, err := second.ddb.Query(ctx(t), &dynamodb.QueryInput{TableName: aws.String("kept"), IndexName: aws.String("byEmail"),
		KeyConditionExpression: aws.String("email = :e"), ExpressionAttributeValues: map[string]av{":e": str("x@y")}})
	must(t, err)
	if out.Count != 1 || len(readStream(t, second, "kept")) != 1 {
		t.Fatalf("index or stream lost across restart")
	}
	must(t, second.admin.Reset(ctx(t)))
	_, err = second.ddb.DescribeTable(ctx(t), &dynamodb.DescribeTableInput{TableName: aws.String("kept")})
	wantCode(t, err, "ResourceNotFoundException")
}

func TestDynamoDBFaultInjectionAndRequestLog(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createTable(t, e, "faulty", false)
	_, err := e.admin.AddFault(c, admin.FaultRule{Service: "dynamodb", Operation: "PutItem", Resource: "faulty",
		ErrorCode: "ProvisionedThroughputExceededException", Count: 1})
	must(t, err)
	_, err = e.ddb.PutItem(c, &dynamodb.PutItemInput{TableName: aws.String("faulty"), Item: map[string]av{"pk": str("a")}},
		func(o *dynamodb.Options) { o.RetryMaxAttempts = 1 })
	var pte *types.ProvisionedThroughputExceededException
	if !errors.As(err, &pte) {
		t.Fatalf("want ProvisionedThroughputExceededException, got %v", err)
	}
	put(t, e, "faulty", map[string]av{"pk": str("a")})
	log, err := e.admin.Requests(c)
	must(t, err)
	found := false
	for _, r := range log {
		if r.Service == "dynamodb" && r.Operation == "PutItem" && r.Resource == "faulty" && r.ErrorCode == "ProvisionedThroughputExceededException" {
			found = true
		}
	}
	if !found {
		t.Fatalf("request log lacks the failed PutItem")
	}
}
