"""What a rule cannot do to the engine: exit it, loop forever, or show users the engine's own
frames; and destinations() returning nothing, which means deliver nowhere."""

import unittest

from panther_engine.event import PantherEvent
from panther_engine.rule import Rule

EVENT = PantherEvent({"a": 1})


class RuleLimits(unittest.TestCase):
    def test_sys_exit_is_a_rule_error(self):
        result = Rule({"id": "Exits", "body": "import sys\ndef rule(e):\n    sys.exit(3)\n"}).run(EVENT)
        self.assertTrue(result.is_error)
        self.assertEqual(result.dedup, "SystemExit")

    def test_exit_at_import_is_a_setup_error(self):
        rule = Rule({"id": "ExitsEarly", "body": "raise SystemExit(1)\ndef rule(e):\n    return True\n"})
        self.assertIsInstance(rule.setup_error, SystemExit)
        self.assertTrue(rule.run(EVENT).is_error)

    def test_a_rule_that_loops_forever_times_out(self):
        rule = Rule({"id": "Loops", "body": "def rule(e):\n    while True:\n        pass\n"})
        rule.time_limit = 0.2
        result = rule.run(EVENT)
        self.assertTrue(result.is_error)
        self.assertEqual(result.dedup, "RuleTimeout")
        # The next rule runs normally: the alarm is disarmed.
        self.assertTrue(Rule({"id": "Fine", "body": "def rule(e):\n    return True\n"}).run(EVENT).matched)

    def test_a_slow_title_times_the_rule_out(self):
        rule = Rule({"id": "SlowTitle", "body": "def rule(e):\n    return True\ndef title(e):\n    while True:\n        pass\n"})
        rule.time_limit = 0.2
        self.assertEqual(rule.run(EVENT).dedup, "RuleTimeout")

    def test_messages_name_only_the_users_code(self):
        result = Rule({"id": "NotBool", "body": "def rule(e):\n    return 'yes'\n"}).run(EVENT)
        self.assertEqual(result.error_message, "rule returned str, expected bool")
        broken = Rule({"id": "Broken", "body": "def rule(e)\n    return True\n"}).run(EVENT)
        self.assertEqual(broken.error_message, "expected ':': Broken.py, line 1")

    def test_empty_destinations_deliver_nowhere(self):
        rule = Rule({"id": "Quiet", "body": "def rule(e):\n    return True\ndef destinations(e):\n    return []\n"})
        self.assertEqual(rule.run(EVENT, outputs={"id-1": "Slack"}).destinations, ["SKIP"])
