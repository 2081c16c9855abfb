package localaws_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

func TestLogsGroupsRetentionTagsEvents(t *testing.T) {
	e := startEnv(t)
	c := ctx(t)
	for i := range 7 {
		_, err := e.logs.CreateLogGroup(c, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(fmt.Sprintf("/panther/g%d", i))})
		must(t, err)
	}
	_, err := e.logs.CreateLogGroup(c, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/panther/g0")})
	wantCode(t, err, "ResourceAlreadyExistsException")
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(e.logs, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/panther/"), Limit: aws.Int32(3)})
	n := 0
	for p.HasMorePages() {
		out, err := p.NextPage(c)
		must(t, err)
		n += len(out.LogGroups)
	}
	if n != 7 {
		t.Fatalf("paginated %d groups", n)
	}
	_, err = e.logs.PutRetentionPolicy(c, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/panther/g0"), RetentionInDays: aws.Int32(2)})
	wantCode(t, err, "InvalidParameterException")
	_, err = e.logs.PutRetentionPolicy(c, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/panther/g0"), RetentionInDays: aws.Int32(14)})
	must(t, err)
	arn := "arn:aws:logs:us-east-1:000000000000:log-group:/panther/g0"
	_, err = e.logs.TagResource(c, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(arn), Tags: map[string]string{"a": "b"}})
	must(t, err)
	tags, err := e.logs.ListTagsForResource(c, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	must(t, err)
	if tags.Tags["a"] != "b" {
		t.Fatalf("tags %v", tags.Tags)
	}
	_, err = e.logs.UntagResource(c, &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"a"}})
	must(t, err)
	tags, err = e.logs.ListTagsForResource(c, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	must(t, err)
	if len(tags.Tags) != 0 {
		t.Fatalf("tags after untag %v", tags.Tags)
	}
	_, err = e.logs.ListTagsForResource(c, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn + "-missing")})
	wantCode(t, err, "ResourceNotFoundException")
	g0, err := e.logs.DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/panther/g0")})
	must(t, err)
	if aws.ToInt32(g0.LogGroups[0].RetentionInDays) != 14 {
		t.Fatalf("retention %d", aws.ToInt32(g0.LogGroups[0].RetentionInDays))
	}
	_, err = e.logs.DeleteRetentionPolicy(c, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("/panther/g0")})
	must(t, err)
	g0, err = e.logs.DescribeLogGroups(c, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/panther/g0")})
	must(t, err)
	if g0.LogGroups[0].RetentionInDays != nil {
		t.Fatalf("retention after delete %d", aws.ToInt32(g0.LogGroups[0].RetentionInDays))
	}
	_, err = e.logs.CreateLogStream(c, &cloudwatchlogs.CreateLogStreamInput{LogGroupName: aws.String("/panther/g0"), LogStreamName: aws.String("s")})
	must(t, err)
	_, err = e.logs.PutLogEvents(c, &cloudwatchlogs.PutLogEventsInput{LogGroupName: aws.String("/panther/g0"), LogStreamName: aws.String("s"),
		LogEvents: []types.InputLogEvent{{Timestamp: aws.Int64(1), Message: aws.String("one")}, {Timestamp: aws.Int64(2), Message: aws.String("two")}}})
	must(t, err)
	ev, err := e.logs.GetLogEvents(c, &cloudwatchlogs.GetLogEventsInput{LogGroupName: aws.String("/panther/g0"), LogStreamName: aws.String("s"), StartFromHead: aws.Bool(true)})
	must(t, err)
	if len(ev.Events) != 2 || aws.ToString(ev.Events[1].Message) != "two" {
		t.Fatalf("events %+v", ev.Events)
	}
	_, err = e.logs.DeleteLogGroup(c, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/panther/g0")})
	must(t, err)
	_, err = e.logs.DeleteLogGroup(c, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/panther/g0")})
	wantCode(t, err, "ResourceNotFoundException")
}
