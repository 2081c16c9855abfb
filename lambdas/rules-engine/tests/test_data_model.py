"""Data models: the JSONPath subset, methods, and what udm() gives a rule."""

import unittest

from panther_engine.data_model import DataModel, DataModelError, JSONPath, JSONPathError
from panther_engine.event import PantherEvent
from panther_engine.rule import Rule

FLOW = {
    "srcaddr": "10.0.1.5",
    "account-id": "210987654321",
    "tags": {"cost.center": "security", "owner name": "ana"},
    "interfaces": [{"ip": "10.0.0.1", "sg": ["sg-1"]}, {"ip": "10.0.0.2", "sg": ["sg-2", "sg-3"]}],
    "nested": {"deep": {"ip": "192.0.2.9"}},
}


def find(path, data=FLOW):
    return JSONPath(path).find(PantherEvent(data))


class TestJSONPath(unittest.TestCase):
    def test_keys_indexes_and_quoted_keys(self):
        self.assertEqual(find("$.srcaddr"), ["10.0.1.5"])
        self.assertEqual(find("$.account-id"), ["210987654321"])
        self.assertEqual(find("$.nested.deep.ip"), ["192.0.2.9"])
        self.assertEqual(find("$.interfaces[1].ip"), ["10.0.0.2"])
        self.assertEqual(find("$.interfaces[-1].sg[0]"), ["sg-2"])
        self.assertEqual(find("$['tags']['cost.center']"), ["security"])
        self.assertEqual(find('$.tags["owner name"]'), ["ana"])

    def test_a_path_without_the_root_starts_at_the_event(self):
        self.assertEqual(find("nested.deep.ip"), ["192.0.2.9"])

    def test_wildcards_and_recursive_descent(self):
        self.assertEqual(find("$.interfaces[*].ip"), ["10.0.0.1", "10.0.0.2"])
        self.assertEqual(find("$.interfaces[*].sg[*]"), ["sg-1", "sg-2", "sg-3"])
        self.assertEqual(sorted(find("$.tags.*")), ["ana", "security"])
        self.assertEqual(find("$..ip"), ["10.0.0.1", "10.0.0.2", "192.0.2.9"])

    def test_missing_keys_indexes_and_wrong_types_select_nothing(self):
        self.assertEqual(find("$.absent"), [])
        self.assertEqual(find("$.interfaces[5]"), [])
        self.assertEqual(find("$.srcaddr[0]"), [])
        self.assertEqual(find("$.srcaddr.x"), [])

    def test_syntax_errors_name_the_path_and_position(self):
        for path in ("$.a[", "$.a['b]", "$.a[x]", "$.a b", "$.", "$.a['b'c]"):
            with self.subTest(path=path), self.assertRaises(JSONPathError) as ctx:
                JSONPath(path)
            self.assertIn(repr(path), str(ctx.exception))
            self.assertIn("at character", str(ctx.exception))


def model(mappings, body=""):
    return DataModel({"id": "Test.Flow", "logTypes": ["AWS.VPCFlow"], "mappings": mappings, "body": body})


class TestDataModel(unittest.TestCase):
    def test_paths_methods_and_unmapped_names(self):
        body = "def destination(event):\n    return event['interfaces'][0]['ip']\n"
        flow = model([{"name": "source_ip", "path": "$.srcaddr"}, {"name": "destination_ip", "method": "destination"}], body)
        self.assertIsNone(flow.setup_error)
        event = PantherEvent(FLOW, flow)
        self.assertEqual(event.udm("source_ip"), "10.0.1.5")
        self.assertEqual(event.udm("destination_ip"), "10.0.0.1")
        self.assertIsNone(event.udm("user"))
        self.assertIsNone(PantherEvent({"other": 1}, flow).udm("source_ip"))

    def test_several_matches_are_an_error(self):
        event = PantherEvent(FLOW, model([{"name": "ip", "path": "$.interfaces[*].ip"}]))
        with self.assertRaises(DataModelError) as ctx:
            event.udm("ip")
        self.assertIn("selects 2 values, expected one", str(ctx.exception))

    def test_bad_models_keep_their_setup_error_and_udm_raises_it(self):
        cases = {
            "both": ([{"name": "ip", "path": "$.a", "method": "f"}], "", "exactly one of path and method"),
            "neither": ([{"name": "ip"}], "", "exactly one of path and method"),
            "unknown method": ([{"name": "ip", "method": "nowhere"}], "x = 1\n", "nowhere()"),
            "twice": ([{"name": "ip", "path": "$.a"}, {"name": "ip", "path": "$.b"}], "", "mapped twice"),
            "bad path": ([{"name": "ip", "path": "$.a["}], "", "unclosed '['"),
            "bad body": ([], "def f(:\n", "invalid syntax"),
        }
        for name, (mappings, body, message) in cases.items():
            with self.subTest(name):
                broken = model(mappings, body)
                self.assertIsNotNone(broken.setup_error)
                self.assertIn(message, str(broken.setup_error))
                with self.assertRaises(DataModelError):
                    PantherEvent(FLOW, broken).udm("ip")

    def test_a_rule_reads_through_the_model(self):
        flow = model([{"name": "source_ip", "path": "$.srcaddr"}])
        rule = Rule({"id": "Test.UDM", "body": "def rule(event):\n    return event.udm('source_ip').startswith('10.')\n"})
        self.assertTrue(rule.run(PantherEvent(FLOW, flow)).matched)
        # Without a model for the log type, udm() is None and this rule errors.
        self.assertEqual(rule.run(PantherEvent(FLOW)).dedup, "AttributeError")


if __name__ == "__main__":
    unittest.main()
