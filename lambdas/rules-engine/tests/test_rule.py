"""The Python contract of Panther's rules, as the engine runs them."""

import json
import sys
import unittest

from panther_engine.event import PantherEvent
from panther_engine.immutable import ImmutableDict, ImmutableList
from panther_engine.rule import MAX_ALERT_CONTEXT, Rule, register_global


def rule(body, **config):
    return Rule({"id": "Test.Rule", "body": body, **config})


EVENT = PantherEvent({"user": "ana", "count": 3, "nested": {"ips": ["192.0.2.1"], "tags": {"env": "prod"}}})


class TestEvent(unittest.TestCase):
    def test_missing_keys_raise_and_get_works(self):
        with self.assertRaises(KeyError):
            EVENT["missing"]  # noqa: B018
        self.assertIsNone(EVENT.get("missing"))
        self.assertEqual(EVENT.get("user"), "ana")

    def test_nested_values_are_read_only_and_copies_are_mutable(self):
        nested = EVENT["nested"]
        self.assertIsInstance(nested, ImmutableDict)
        self.assertIsInstance(nested["ips"], ImmutableList)
        self.assertEqual(nested["ips"], ["192.0.2.1"])
        with self.assertRaises(TypeError):
            nested["ips"][0] = "x"
        with self.assertRaises(TypeError):
            nested["new"] = 1
        copy = EVENT.to_dict()
        copy["nested"]["ips"].append("x")
        self.assertEqual(EVENT["nested"]["ips"], ["192.0.2.1"])


class TestRuleFunction(unittest.TestCase):
    def test_rule_must_return_a_bool(self):
        result = rule("def rule(e):\n    return 1\n").run(EVENT)
        self.assertTrue(result.is_error)
        self.assertEqual(result.dedup, "TypeError")

    def test_a_raising_rule_is_a_rule_error_with_the_original_message(self):
        body = "def rule(event):\n    return event['nope'] == 1\n"
        result = rule(body).run(EVENT)
        self.assertTrue(result.is_error)
        self.assertEqual(result.dedup, "KeyError")
        self.assertEqual(result.title, "KeyError('nope')")
        self.assertEqual(result.error_message, "'nope': Test_Rule.py, line 2, in rule return event['nope'] == 1")

    def test_setup_errors(self):
        self.assertEqual(rule("def rule(e:\n").run(EVENT).dedup, "SyntaxError")
        self.assertEqual(rule("x = 1\n").run(EVENT).dedup, "RuleSetupError")
        self.assertEqual(rule("import not_a_module_anywhere\ndef rule(e):\n    return True\n").run(EVENT).dedup, "ModuleNotFoundError")

    def test_no_match_runs_nothing_else(self):
        body = "def rule(e):\n    return False\ndef title(e):\n    raise ValueError()\n"
        result = rule(body).run(EVENT)
        self.assertFalse(result.matched)
        self.assertIsNone(result.title)
        self.assertEqual(result.function_errors, {})


class TestOptionalFunctions(unittest.TestCase):
    def test_defaults_without_optional_functions(self):
        result = rule("def rule(e):\n    return True\n", severity="high", description="d").run(EVENT)
        self.assertIsNone(result.title)
        self.assertEqual(result.dedup, "defaultDedupString:Test.Rule")
        self.assertEqual(result.severity, "HIGH")
        self.assertEqual(result.description, "d")
        self.assertIsNone(result.destinations)
        self.assertIsNone(result.alert_context)

    def test_dedup_falls_back_to_the_title_then_the_default(self):
        with_title = rule("def rule(e):\n    return True\ndef title(e):\n    return 'T ' + e['user']\n").run(EVENT)
        self.assertEqual(with_title.dedup, "T ana")
        empty = rule("def rule(e):\n    return True\ndef title(e):\n    return 'T'\ndef dedup(e):\n    return ''\n").run(EVENT)
        self.assertEqual(empty.dedup, "defaultDedupString:Test.Rule")

    def test_exceptions_and_bad_values_fall_back_in_batch_mode(self):
        body = "\n".join([
            "def rule(e):\n    return True",
            "def title(e):\n    raise ValueError('no title')",
            "def dedup(e):\n    return 42",
            "def severity(e):\n    return 'urgent'",
            "def description(e):\n    raise RuntimeError()",
            "def alert_context(e):\n    return ['not', 'a', 'mapping']",
            "def destinations(e):\n    return ['slack-main', 'unknown-output']",
        ]) + "\n"
        result = rule(body).run(EVENT, outputs={"id-1": "slack-main"})
        self.assertFalse(result.is_error)
        self.assertEqual(result.title, "Test.Rule")
        self.assertEqual(result.dedup, "defaultDedupString:Test.Rule")
        self.assertEqual(result.severity, "INFO")
        self.assertEqual(result.description, "")
        self.assertIn("_error", json.loads(result.alert_context))
        self.assertIsNone(result.destinations)
        self.assertEqual(sorted(result.function_errors), ["description", "title"])

    def test_limits_and_truncation(self):
        body = "def rule(e):\n    return True\ndef title(e):\n    return 'x' * 2000\ndef alert_context(e):\n    return {'big': 'y' * %d}\n" % (MAX_ALERT_CONTEXT + 1)
        result = rule(body).run(EVENT)
        self.assertEqual(len(result.title), 1000)
        self.assertTrue(result.title.endswith("... (truncated)"))
        self.assertIn("alert_context size is", json.loads(result.alert_context)["_error"])

    def test_alert_context_serializes_dates(self):
        body = "import datetime\ndef rule(e):\n    return True\ndef alert_context(e):\n    return {'at': datetime.date(2026, 1, 2), 'ips': e['nested']['ips']}\n"
        self.assertEqual(json.loads(rule(body).run(EVENT).alert_context), {"at": "2026-01-02", "ips": ["192.0.2.1"]})

    def test_destinations_by_id_or_name_deduplicated(self):
        body = "def rule(e):\n    return True\ndef destinations(e):\n    return ['id-2', 'slack-main', 'id-1']\n"
        result = rule(body).run(EVENT, outputs={"id-1": "slack-main", "id-2": "pager"})
        self.assertEqual(result.destinations, ["id-2", "id-1"])


class TestGlobals(unittest.TestCase):
    def test_globals_are_importable_by_their_id(self):
        register_global("panther_test_helpers", "def is_admin(name):\n    return name in ('root', 'admin')\n")
        body = "from panther_test_helpers import is_admin\ndef rule(e):\n    return is_admin(e['user'])\n"
        self.assertFalse(rule(body).run(EVENT).matched)
        self.assertTrue(rule(body).run(PantherEvent({"user": "root"})).matched)
        del sys.modules["panther_test_helpers"]


if __name__ == "__main__":
    unittest.main()
