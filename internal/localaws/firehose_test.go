package localaws_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/firehose"
	"github.com/aws/aws-sdk-go-v2/service/firehose/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/panther-operator/panther-operator/internal/localaws/admin"
)

func createStream(t *testing.T, e *env, name, bucket string, sizeMB, interval int32, compression types.CompressionFormat) {
	t.Helper()
	c := ctx(t)
	_, err := e.s3.CreateBucket(c, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
	must(t, err)
	_, err = e.hose.CreateDeliveryStream(c, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String(name),
		DeliveryStreamType: types.DeliveryStreamTypeDirectPut,
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{
			BucketARN: aws.String("arn:aws:s3:::" + bucket), RoleARN: aws.String("arn:aws:iam::000000000000:role/firehose"),
			Prefix: aws.String("logs/"), ErrorOutputPrefix: aws.String("errors/"), CompressionFormat: compression,
			BufferingHints: &types.BufferingHints{SizeInMBs: aws.Int32(sizeMB), IntervalInSeconds: aws.Int32(interval)},
		}})
	must(t, err)
}

// objects lists a bucket's keys and bodies.
func objects(t *testing.T, e *env, bucket string) map[string][]byte {
	t.Helper()
	c := ctx(t)
	out := map[string][]byte{}
	list, err := e.s3.ListObjectsV2(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	must(t, err)
	for _, o := range list.Contents {
		got, err := e.s3.GetObject(c, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
		must(t, err)
		body, err := io.ReadAll(got.Body)
		must(t, err)
		out[aws.ToString(o.Key)] = body
	}
	return out
}

// waitObjects polls until a bucket holds n objects.
func waitObjects(t *testing.T, e *env, bucket string, n int, within time.Duration) map[string][]byte {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		objs := objects(t, e, bucket)
		if len(objs) >= n || time.Now().After(deadline) {
			return objs
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var firehoseKey = regexp.MustCompile(`^logs/\d{4}/\d{2}/\d{2}/\d{2}/events-1-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9a-f-]{36}(\.gz)?$`)

func TestFirehoseStreamsDescribeAndList(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createStream(t, e, "events", "raw", 5, 300, types.CompressionFormatGzip)
	_, err := e.hose.CreateDeliveryStream(c, &firehose.CreateDeliveryStreamInput{DeliveryStreamName: aws.String("events"),
		ExtendedS3DestinationConfiguration: &types.ExtendedS3DestinationConfiguration{BucketARN: aws.String("arn:aws:s3:::raw"), RoleARN: aws.String("r")}})
	wantCode(t, err, "ResourceInUseException")
	d, err := e.hose.DescribeDeliveryStream(c, &firehose.DescribeDeliveryStreamInput{DeliveryStreamName: aws.String("events")})
	must(t, err)
	desc := d.DeliveryStreamDescription
	ext := desc.Destinations[0].ExtendedS3DestinationDescription
	if desc.DeliveryStreamStatus != types.DeliveryStreamStatusActive || aws.ToString(desc.DeliveryStreamARN) != "arn:aws:firehose:us-east-1:000000000000:deliverystream/events" ||
		aws.ToString(ext.Prefix) != "logs/" || ext.CompressionFormat != types.CompressionFormatGzip || aws.ToInt32(ext.BufferingHints.IntervalInSeconds) != 300 {
		t.Fatalf("description %+v %+v", desc, ext)
	}
	l, err := e.hose.ListDeliveryStreams(c, &firehose.ListDeliveryStreamsInput{})
	must(t, err)
	if len(l.DeliveryStreamNames) != 1 || aws.ToBool(l.HasMoreDeliveryStreams) {
		t.Fatalf("list %+v", l)
	}
	_, err = e.hose.DeleteDeliveryStream(c, &firehose.DeleteDeliveryStreamInput{DeliveryStreamName: aws.String("events")})
	must(t, err)
	_, err = e.hose.PutRecord(c, &firehose.PutRecordInput{DeliveryStreamName: aws.String("events"), Record: &types.Record{Data: []byte("x")}})
	wantCode(t, err, "ResourceNotFoundException")
}

func TestFirehoseFlushesBySize(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createStream(t, e, "events", "raw", 1, 900, types.CompressionFormatUncompressed)
	big := bytes.Repeat([]byte("a"), 600*1024)
	_, err := e.hose.PutRecord(c, &firehose.PutRecordInput{DeliveryStreamName: aws.String("events"), Record: &types.Record{Data: big}})
	must(t, err)
	if objs := objects(t, e, "raw"); len(objs) != 0 {
		t.Fatalf("delivered below the size hint: %d objects", len(objs))
	}
	_, err = e.hose.PutRecord(c, &firehose.PutRecordInput{DeliveryStreamName: aws.String("events"), Record: &types.Record{Data: big}})
	must(t, err)
	objs := objects(t, e, "raw")
	if len(objs) != 1 {
		t.Fatalf("%d objects after reaching the size hint", len(objs))
	}
	for key, body := range objs {
		if !firehoseKey.MatchString(key) || strings.HasSuffix(key, ".gz") || len(body) != 2*len(big) {
			t.Fatalf("object %s of %d bytes", key, len(body))
		}
	}
}

func TestFirehoseFlushesByIntervalAsGzip(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createStream(t, e, "events", "raw", 128, 1, types.CompressionFormatGzip)
	for _, line := range []string{`{"a":1}` + "\n", `{"a":2}` + "\n"} {
		_, err := e.hose.PutRecord(c, &firehose.PutRecordInput{DeliveryStreamName: aws.String("events"), Record: &types.Record{Data: []byte(line)}})
		must(t, err)
	}
	objs := waitObjects(t, e, "raw", 1, 5*time.Second)
	if len(objs) != 1 {
		t.Fatalf("%d objects after the interval", len(objs))
	}
	for key, body := range objs {
		if !firehoseKey.MatchString(key) || !strings.HasSuffix(key, ".gz") {
			t.Fatalf("key %s", key)
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		must(t, err)
		plain, err := io.ReadAll(zr)
		must(t, err)
		if string(plain) != "{\"a\":1}\n{\"a\":2}\n" {
			t.Fatalf("object body %q", plain)
		}
	}
}

func TestFirehosePutRecordBatchPartialFailures(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	createStream(t, e, "events", "raw", 128, 1, types.CompressionFormatUncompressed)
	_, err := e.admin.AddFault(c, admin.FaultRule{Service: "firehose", Operation: "PutRecordBatchEntry", Resource: "events",
		ErrorCode: "ServiceUnavailableException", Count: 2})
	must(t, err)
	var records []types.Record
	for i := range 5 {
		records = append(records, types.Record{Data: []byte{'0' + byte(i)}})
	}
	out, err := e.hose.PutRecordBatch(c, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("events"), Records: records})
	must(t, err)
	if aws.ToInt32(out.FailedPutCount) != 2 || len(out.RequestResponses) != 5 ||
		aws.ToString(out.RequestResponses[0].ErrorCode) != "ServiceUnavailableException" || out.RequestResponses[2].RecordId == nil {
		t.Fatalf("batch %+v", out)
	}
	objs := waitObjects(t, e, "raw", 1, 5*time.Second)
	for _, body := range objs {
		if string(body) != "234" {
			t.Fatalf("delivered %q", body)
		}
	}
	_, err = e.hose.PutRecordBatch(c, &firehose.PutRecordBatchInput{DeliveryStreamName: aws.String("events"), Records: []types.Record{}})
	wantCode(t, err, "ValidationException")
}

const streamTemplate = `
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Stream:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      DeliveryStreamType: DirectPut
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Bucket.Arn
        RoleARN: !Sub arn:aws:iam::${AWS::AccountId}:role/firehose
        Prefix: "data/!{timestamp:yyyy}/"
        ErrorOutputPrefix: errors/
        CompressionFormat: GZIP
        BufferingHints: {SizeInMBs: 1, IntervalInSeconds: 1}
Outputs:
  Stream: {Value: !Ref Stream}
  Arn: {Value: !GetAtt Stream.Arn}
  Bucket: {Value: !Ref Bucket}
`

func TestFirehoseCloudFormationDeliveryStream(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	_, err := e.cfn.CreateStack(c, &cloudformation.CreateStackInput{StackName: aws.String("hose"), TemplateBody: aws.String(streamTemplate)})
	must(t, err)
	waitCreate(t, e, "hose")
	out := stackOutputs(t, e, "hose")
	if !strings.HasPrefix(out["Stream"], "hose-Stream-") || out["Arn"] != "arn:aws:firehose:us-east-1:000000000000:deliverystream/"+out["Stream"] {
		t.Fatalf("outputs %v", out)
	}
	_, err = e.hose.PutRecord(c, &firehose.PutRecordInput{DeliveryStreamName: aws.String(out["Stream"]), Record: &types.Record{Data: []byte("x")}})
	must(t, err)
	objs := waitObjects(t, e, out["Bucket"], 1, 5*time.Second)
	year := time.Now().UTC().Format("2006")
	for key := range objs {
		if !strings.HasPrefix(key, "data/"+year+"/"+out["Stream"]+"-1-") || !strings.HasSuffix(key, ".gz") {
			t.Fatalf("key %s", key)
		}
	}
	if len(objs) != 1 {
		t.Fatalf("%d objects", len(objs))
	}
}
