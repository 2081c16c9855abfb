"""The engine's AWS side against a running localaws (the Go test TestPythonAgainstLocalAWS starts
one and sets AWS_ENDPOINT_URL): the dedup table's new-alert and merge updates, the alert IDs,
the objects under rules/ and rule_errors/, and their notifications."""

import gzip
import json
import os
import unittest
import urllib.parse

from panther_engine import aws
from panther_engine.engine import Engine
from panther_engine.main import Function
from panther_engine.output import Buffer, Writer, alert_id, dedup_key
from panther_engine.rule import Rule

class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def _sqs(operation, payload):
    client = aws.Client("sqs")
    _, _, data = client.request("POST", "/", body=json.dumps(payload).encode(), headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS." + operation})
    return json.loads(data or b"{}")


def _sns(form):
    client = aws.Client("sns")
    body = urllib.parse.urlencode(dict(form, Version="2010-03-31")).encode()
    _, _, data = client.request("POST", "/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    return data.decode()


class LocalAWSCase(unittest.TestCase):
    """A dedup table, a ProcessedData bucket and a topic watched by a queue, per test class."""

    PREFIX = ""

    @classmethod
    def setUpClass(cls):
        cls.ddb = aws.DynamoDB()
        cls.s3 = aws.S3()
        cls.table, cls.bucket = cls.PREFIX + "-dedup", cls.PREFIX + "-processed"
        cls.ddb.call("CreateTable", {
            "TableName": cls.table, "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "partitionKey", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "partitionKey", "KeyType": "HASH"}]})
        aws.Client("s3").request("PUT", "/" + cls.bucket)
        topic = _sns({"Action": "CreateTopic", "Name": cls.PREFIX + "-processed"})
        cls.topic = topic.split("<TopicArn>")[1].split("</TopicArn>")[0]
        cls.queue = _sqs("CreateQueue", {"QueueName": cls.PREFIX + "-notifications"})["QueueUrl"]
        queue_arn = _sqs("GetQueueAttributes", {"QueueUrl": cls.queue, "AttributeNames": ["QueueArn"]})["Attributes"]["QueueArn"]
        _sns({"Action": "Subscribe", "TopicArn": cls.topic, "Protocol": "sqs", "Endpoint": queue_arn,
              "Attributes.entry.1.key": "RawMessageDelivery", "Attributes.entry.1.value": "true"})

    def row(self, rule_id, dedup, is_error=False):
        out = self.ddb.call("GetItem", {"TableName": self.table, "Key": {"partitionKey": {"S": dedup_key(rule_id, dedup, is_error)}}})
        return out.get("Item")

    def notifications(self):
        out = _sqs("ReceiveMessage", {"QueueUrl": self.queue, "MaxNumberOfMessages": 10, "MessageAttributeNames": ["All"]})
        messages = out.get("Messages") or []
        for m in messages:
            _sqs("DeleteMessage", {"QueueUrl": self.queue, "ReceiptHandle": m["ReceiptHandle"]})
        return messages


@unittest.skipUnless(os.environ.get("AWS_ENDPOINT_URL"), "needs localaws (run by the Go test TestPythonAgainstLocalAWS)")
class OutputAgainstLocalAWS(LocalAWSCase):
    PREFIX = "output"

    def writer(self, now):
        return Writer(self.ddb, self.s3, aws.SNS(), self.bucket, self.table, self.topic, clock=Clock(now))

    def run_rule(self, writer, rule, events, log_type="AWS.CloudTrail"):
        buffer = Buffer(writer)
        for data in events:
            result = rule.run(__import__("panther_engine.event", fromlist=["PantherEvent"]).PantherEvent(data))
            if result.is_error or result.matched:
                buffer.add(rule, result, log_type, "aws_cloudtrail", json.dumps(data))
        buffer.flush()

    def test_new_alert_merge_and_window(self):
        rule = Rule({"id": "Test.Login", "versionId": "v1", "dedupPeriodMinutes": 10, "tags": ["b", "a"],
                     "body": "def rule(e): return e['eventName'] == 'ConsoleLogin'\n"
                             "def title(e): return 'login from ' + e['ip']\n"
                             "def dedup(e): return e['ip']\n"
                             "def alert_context(e): return {'ip': e['ip']}\n"})
        t0 = 1_800_000_000
        events = [{"eventName": "ConsoleLogin", "ip": "10.0.0.1", "n": i} for i in range(3)]
        self.run_rule(self.writer(t0), rule, events + [{"eventName": "Other", "ip": "10.0.0.1"}])
        row = self.row("Test.Login", "10.0.0.1")
        self.assertEqual(row["alertCount"], {"N": "1"})
        self.assertEqual(row["eventCount"], {"N": "3"})
        self.assertEqual(row["alertCreationTime"], {"N": str(t0)})
        self.assertEqual(row["type"], {"S": "RULE"})
        self.assertEqual(row["title"], {"S": "login from 10.0.0.1"})
        self.assertEqual(row["logTypes"], {"SS": ["AWS.CloudTrail"]})
        first_id = alert_id("Test.Login", 1, "10.0.0.1")

        (message,) = self.notifications()
        self.assertEqual(message["MessageAttributes"]["type"]["StringValue"], "RuleMatches")
        self.assertEqual(message["MessageAttributes"]["id"]["StringValue"], "Test.Login")
        key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
        self.assertRegex(key, r"^rules/aws_cloudtrail/year=\d{4}/month=\d\d/day=\d\d/hour=\d\d/rule_id=Test.Login/\d{8}T\d{6}Z-[0-9a-f-]{36}\.json\.gz$")
        lines = [json.loads(line) for line in gzip.decompress(self.s3.get_object(self.bucket, key)).splitlines()]
        self.assertEqual([line["n"] for line in lines], [0, 1, 2])
        self.assertEqual(lines[0]["p_alert_id"], first_id)
        self.assertEqual(lines[0]["p_rule_id"], "Test.Login")
        self.assertEqual(lines[0]["p_rule_tags"], ["a", "b"])
        self.assertIsNone(lines[0]["p_rule_error"])
        self.assertEqual(json.loads(lines[0]["p_alert_context"]), {"ip": "10.0.0.1"})
        self.assertRegex(lines[0]["p_alert_creation_time"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.000000000$")

        # Within the window (measured from creation): merged into the open alert.
        self.run_rule(self.writer(t0 + 9 * 60), rule, events[:2])
        row = self.row("Test.Login", "10.0.0.1")
        self.assertEqual((row["alertCount"], row["eventCount"]), ({"N": "1"}, {"N": "5"}))
        self.assertEqual(row["alertCreationTime"], {"N": str(t0)})
        self.assertEqual(row["alertUpdateTime"], {"N": str(t0 + 9 * 60)})
        (message,) = self.notifications()
        key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
        self.assertEqual(json.loads(gzip.decompress(self.s3.get_object(self.bucket, key)).splitlines()[0])["p_alert_id"], first_id)

        # After the window: a new alert, a new ID.
        self.run_rule(self.writer(t0 + 11 * 60), rule, events[:1])
        row = self.row("Test.Login", "10.0.0.1")
        self.assertEqual((row["alertCount"], row["eventCount"]), ({"N": "2"}, {"N": "1"}))
        (message,) = self.notifications()
        key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
        second = json.loads(gzip.decompress(self.s3.get_object(self.bucket, key)).splitlines()[0])
        self.assertEqual(second["p_alert_id"], alert_id("Test.Login", 2, "10.0.0.1"))
        self.assertNotEqual(second["p_alert_id"], first_id)

    def test_rule_error_goes_under_rule_errors(self):
        rule = Rule({"id": "Test.Broken", "body": "def rule(e):\n    return e['missing'] == 1\n"})
        self.run_rule(self.writer(1_800_000_000), rule, [{"a": 1}, {"a": 2}])
        row = self.row("Test.Broken", "KeyError", is_error=True)
        self.assertEqual((row["type"], row["eventCount"]), ({"S": "RULE_ERROR"}, {"N": "2"}))
        (message,) = self.notifications()
        self.assertEqual(message["MessageAttributes"]["type"]["StringValue"], "RuleErrors")
        key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
        self.assertTrue(key.startswith("rule_errors/aws_cloudtrail/"), key)
        line = json.loads(gzip.decompress(self.s3.get_object(self.bucket, key)).splitlines()[0])
        self.assertEqual(line["p_rule_error"], "'missing': Test_Broken.py, line 2, in rule return e['missing'] == 1")

    def test_aws_error_names_code(self):
        with self.assertRaises(aws.AWSError) as caught:
            self.ddb.call("GetItem", {"TableName": "no-such-table", "Key": {"k": {"S": "x"}}})
        self.assertEqual(caught.exception.code, "ResourceNotFoundException")



@unittest.skipUnless(os.environ.get("AWS_ENDPOINT_URL"), "needs localaws (run by the Go test TestPythonAgainstLocalAWS)")
class HandlerAgainstLocalAWS(LocalAWSCase):
    """A queue batch through the handler: what fails fails alone."""

    PREFIX = "handler"

    def function(self):
        fn = Function({"S3_BUCKET": self.bucket, "NOTIFICATIONS_TOPIC": self.topic, "ALERTS_DEDUP_TABLE": self.table})
        rules = [{"id": "Handler.Match", "logTypes": ["AWS.CloudTrail"], "body": "def rule(e): return e.get('hit') is True\ndef dedup(e): return 'handler'\n"}]
        fn.engine = Engine(lambda: (rules, [], []))
        fn._outputs = {}
        return fn

    def record(self, message_id, key):
        body = {"Records": [{"s3": {"bucket": {"name": self.bucket}, "object": {"key": key}}}]}
        return {"messageId": message_id, "body": json.dumps(body), "messageAttributes": {"id": {"stringValue": "AWS.CloudTrail"}}}

    def test_a_bad_file_fails_only_its_message_and_bad_lines_are_skipped(self):
        lines = b'{"hit": true, "n": 1}\nnot json\n[1, 2]\n"text"\n\n{"hit": false}\n{"hit": true, "n": 2}\n'
        self.s3.put_object(self.bucket, "logs/aws_cloudtrail/good.json.gz", gzip.compress(lines))
        self.s3.put_object(self.bucket, "logs/aws_cloudtrail/corrupt.json.gz", gzip.compress(lines)[:20])
        answer = self.function().handle_queue([
            self.record("good", "logs/aws_cloudtrail/good.json.gz"),
            self.record("missing", "logs/aws_cloudtrail/missing.json.gz"),
            self.record("corrupt", "logs/aws_cloudtrail/corrupt.json.gz"),
            {"messageId": "test-event", "body": json.dumps({"Event": "s3:TestEvent"})},
        ])
        self.assertEqual(answer, {"batchItemFailures": [{"itemIdentifier": "missing"}, {"itemIdentifier": "corrupt"}]})
        row = self.row("Handler.Match", "handler")
        self.assertEqual(row["eventCount"], {"N": "2"})
        (message,) = self.notifications()
        key = json.loads(message["Body"])["Records"][0]["s3"]["object"]["key"]
        written = [json.loads(line)["n"] for line in gzip.decompress(self.s3.get_object(self.bucket, key)).splitlines()]
        self.assertEqual(written, [1, 2])

    def test_a_group_that_cannot_be_written_fails_the_messages_that_fed_it(self):
        self.s3.put_object(self.bucket, "logs/aws_cloudtrail/a.json.gz", gzip.compress(b'{"hit": true}\n'))
        self.s3.put_object(self.bucket, "logs/aws_cloudtrail/b.json.gz", gzip.compress(b'{"hit": false}\n'))
        fn = self.function()
        fn.writer.dedup_table = "no-such-table"
        answer = fn.handle_queue([self.record("a", "logs/aws_cloudtrail/a.json.gz"), self.record("b", "logs/aws_cloudtrail/b.json.gz")])
        self.assertEqual(answer, {"batchItemFailures": [{"itemIdentifier": "a"}]})

    def test_the_environment_is_checked_at_cold_start(self):
        with self.assertRaisesRegex(RuntimeError, "S3_BUCKET and NOTIFICATIONS_TOPIC"):
            Function({})
