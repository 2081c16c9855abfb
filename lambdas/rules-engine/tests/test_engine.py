"""The engine's rule set (loading, refresh, rules by log type) and how queue records name
ProcessedData files."""

import json
import unittest

from panther_engine.engine import AnalysisAPI, AnalysisAPIError, Engine
from panther_engine.main import _objects

MATCH_ALL = "def rule(e): return True\n"


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class EngineTest(unittest.TestCase):
    def test_rules_apply_to_their_log_types_and_refresh_every_five_minutes(self):
        loads = []

        def source():
            loads.append(1)
            rules = [{"id": "A", "body": MATCH_ALL, "logTypes": ["AWS.CloudTrail"]},
                     {"id": "B", "body": "import helpers_x\ndef rule(e): return helpers_x.yes(e)\n", "logTypes": ["AWS.CloudTrail", "Okta.SystemLog"]},
                     {"id": "C", "body": "def rule(e): return e['nope']\n", "logTypes": ["Okta.SystemLog"]}]
            return rules, [{"id": "helpers_x", "body": "def yes(e): return e.get('x') == 1\n"}], []

        clock = Clock()
        engine = Engine(source, clock=clock)
        self.assertTrue(engine.refresh_if_due())
        self.assertEqual([r.id for r, _ in engine.analyze("AWS.CloudTrail", {"x": 1})], ["A", "B"])
        self.assertEqual([r.id for r, _ in engine.analyze("AWS.CloudTrail", {"x": 2})], ["A"])
        (rule, result), = engine.analyze("Okta.SystemLog", {"x": 2})
        self.assertEqual((rule.id, result.is_error, result.dedup), ("C", True, "KeyError"))
        self.assertEqual(list(engine.analyze("GSuite.Reports", {})), [])
        clock.now = 299
        self.assertFalse(engine.refresh_if_due())
        clock.now = 300
        self.assertTrue(engine.refresh_if_due())
        self.assertEqual(len(loads), 2)

    def test_a_new_revision_reloads_at_once(self):
        loads, revision = [], ["r1"]

        def source():
            loads.append(1)
            return [{"id": f"R{len(loads)}", "body": MATCH_ALL, "logTypes": ["AWS.CloudTrail"]}], [], []

        def failing():
            raise RuntimeError("no API")

        clock = Clock()
        engine = Engine(source, clock=clock, revision=lambda: revision[0])
        self.assertTrue(engine.refresh_if_due())
        self.assertFalse(engine.refresh_if_due(), "same revision within the period")
        revision[0] = "r2"
        self.assertTrue(engine.refresh_if_due(), "a new revision reloads before the period ends")
        self.assertEqual([r.id for r, _ in engine.analyze("AWS.CloudTrail", {})], ["R2"])
        engine.revision = failing
        self.assertFalse(engine.refresh_if_due(), "no revision: wait for the period")
        clock.now = 300
        self.assertTrue(engine.refresh_if_due())

    def test_analysis_api_pages_and_errors(self):
        calls = []

        def invoke(name, request):
            calls.append((name, request))
            page = request["listRules"]["page"]
            return {"statusCode": 200, "body": json.dumps({"paging": {"thisPage": page, "totalPages": 2}, "rules": [{"id": f"R{page}"}]})}

        api = AnalysisAPI(invoke)
        self.assertEqual([r["id"] for r in api.rules()], ["R1", "R2"])
        self.assertEqual(calls[0], ("panther-analysis-api", {"listRules": {"enabled": True, "page": 1, "pageSize": 250}}))
        failing = AnalysisAPI(lambda name, request: {"statusCode": 500, "body": json.dumps({"message": "boom"})})
        with self.assertRaisesRegex(AnalysisAPIError, "listGlobals: 500 boom"):
            failing.globals()


class QueueRecords(unittest.TestCase):
    NOTIFICATION = {"Records": [{"s3": {"bucket": {"name": "processed"}, "object": {"key": "logs/aws_cloudtrail/x.json.gz"}}}]}

    def test_raw_message_with_attributes(self):
        record = {"body": json.dumps(self.NOTIFICATION), "messageAttributes": {"id": {"stringValue": "AWS.CloudTrail"}}}
        self.assertEqual(_objects(record), [("processed", "logs/aws_cloudtrail/x.json.gz", "AWS.CloudTrail")])

    def test_sns_envelope(self):
        body = {"Type": "Notification", "Message": json.dumps(self.NOTIFICATION), "MessageAttributes": {"id": {"Type": "String", "Value": "AWS.CloudTrail"}}}
        self.assertEqual(_objects({"body": json.dumps(body)}), [("processed", "logs/aws_cloudtrail/x.json.gz", "AWS.CloudTrail")])

    def test_other_messages_name_nothing(self):
        self.assertEqual(_objects({"body": "not json"}), [])
        self.assertEqual(_objects({"body": json.dumps({"Event": "s3:TestEvent"})}), [])


class AlertIDs(unittest.TestCase):
    def test_the_forwarders_vectors(self):
        """The alert forwarder (Go) checks the same vectors: one formula in two languages."""
        import os

        from panther_engine.output import alert_id

        path = os.path.join(os.path.dirname(__file__), "..", "..", "forwarder", "testdata", "alert_ids.json")
        with open(path, encoding="utf-8") as f:
            vectors = json.load(f)
        self.assertTrue(vectors)
        for v in vectors:
            self.assertEqual(alert_id(v["ruleId"], v["alertCount"], v["dedup"]), v["alertId"])
