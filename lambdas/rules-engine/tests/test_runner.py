"""The pack test runner: which tests pass, what each function reported, where errors are."""

import json
import os
import subprocess
import sys
import unittest

from panther_engine import runner

LOGIN = {"eventName": "ConsoleLogin", "sourceIPAddress": "198.51.100.7", "userIdentity": {"type": "Root"}}

BODY = """def rule(event):
    return event["userIdentity"]["type"] == "Root"

def title(event):
    return "Root login from " + event["sourceIPAddress"]
"""


def a_rule(body=BODY, tests=None, **config):
    spec = {"id": "Test.Root", "body": body, "file": "rules/root.py", "logTypes": ["AWS.CloudTrail"], "severity": "HIGH"}
    spec.update(config)
    spec["tests"] = tests if tests is not None else []
    return spec


def a_test(name, expected, event=None, **extra):
    return {"name": name, "expectedResult": expected, "resource": json.dumps(LOGIN if event is None else event), **extra}


def run_rules(*rules, **document):
    return runner.run({"rules": list(rules), **document})["rules"]


class TestPassRule(unittest.TestCase):
    def test_matches_and_non_matches_pass_when_expected(self):
        other = dict(LOGIN, userIdentity={"type": "IAMUser"})
        [result] = run_rules(a_rule(tests=[a_test("root", True), a_test("iam user", False, other)]))
        positive, negative = result["tests"]
        self.assertTrue(positive["passed"], positive)
        self.assertEqual(positive["functions"]["rule"], {"output": "true", "error": None})
        self.assertEqual(positive["functions"]["title"], {"output": "Root login from 198.51.100.7", "error": None})
        self.assertTrue(negative["passed"], negative)
        # A non-match runs no optional function.
        self.assertEqual(list(negative["functions"]), ["rule"])

    def test_a_wrong_expectation_fails(self):
        [result] = run_rules(a_rule(tests=[a_test("not root", False)]))
        self.assertFalse(result["tests"][0]["passed"])

    def test_a_raising_rule_fails_with_file_and_line(self):
        [result] = run_rules(a_rule(tests=[a_test("no identity", False, {"eventName": "ConsoleLogin"})]))
        test = result["tests"][0]
        self.assertFalse(test["passed"])
        self.assertEqual(test["functions"]["rule"]["error"]["message"], "KeyError: 'userIdentity' (at rules/root.py:2 in rule())")

    def test_a_match_fails_when_an_optional_function_errors_or_title_is_empty(self):
        cases = {
            "raises": ("def dedup(event):\n    return event['absent']\n", "dedup", "KeyError: 'absent' (at rules/root.py:8 in dedup())"),
            "empty dedup": ("def dedup(event):\n    return ''\n", "dedup", "dedup() returned ''; a match needs a non-empty dedup"),
            "bad severity": ("def severity(event):\n    return 'urgent'\n", "severity", "ValueError: severity returned 'urgent'"),
            "not a mapping": ("def alert_context(event):\n    return 'ip'\n", "alertContext", "TypeError: alert_context returned str, expected a Mapping"),
        }
        for name, (extra, function, message) in cases.items():
            with self.subTest(name):
                [result] = run_rules(a_rule(BODY + "\n" + extra, tests=[a_test("root", True)]))
                test = result["tests"][0]
                self.assertFalse(test["passed"])
                self.assertIn(message, test["functions"][function]["error"]["message"])
        empty_title = a_rule("def rule(event):\n    return True\ndef title(event):\n    return ''\n", tests=[a_test("root", True)])
        [result] = run_rules(empty_title)
        self.assertFalse(result["tests"][0]["passed"])
        self.assertIn("a match needs a non-empty title", result["tests"][0]["functions"]["title"]["error"]["message"])

    def test_outputs_of_every_defined_function(self):
        body = BODY + """
def dedup(event):
    return event["sourceIPAddress"]

def alert_context(event):
    return {"ip": event["sourceIPAddress"]}

def severity(event):
    return "critical"

def destinations(event):
    return ["pager"]
"""
        [result] = run_rules(a_rule(body, tests=[a_test("root", True)]))
        functions = result["tests"][0]["functions"]
        self.assertTrue(result["tests"][0]["passed"], functions)
        self.assertEqual(functions["dedup"]["output"], "198.51.100.7")
        self.assertEqual(json.loads(functions["alertContext"]["output"]), {"ip": "198.51.100.7"})
        self.assertEqual(functions["severity"]["output"], "CRITICAL")
        self.assertEqual(functions["destinations"]["output"], '["pager"]')


class TestSetupErrors(unittest.TestCase):
    def test_a_syntax_error_names_the_file_and_line(self):
        [result] = run_rules(a_rule("def rule(event):\n    return (\n\ndef title(e)\n", tests=[a_test("root", True)]))
        self.assertEqual(result["setupError"]["file"], "rules/root.py")
        self.assertEqual(result["setupError"]["line"], 2)
        self.assertTrue(result["setupError"]["message"].startswith("SyntaxError: "), result["setupError"])
        self.assertFalse(result["tests"][0]["passed"])
        self.assertIn("SyntaxError", result["tests"][0]["error"]["message"])

    def test_a_failing_import_is_located_at_the_import(self):
        [result] = run_rules(a_rule("import json\nfrom nowhere_at_all import x\ndef rule(e):\n    return True\n"))
        self.assertEqual((result["setupError"]["file"], result["setupError"]["line"]), ("rules/root.py", 2))
        self.assertIn("ModuleNotFoundError", result["setupError"]["message"])

    def test_a_module_without_rule(self):
        [result] = run_rules(a_rule("x = 1\n"))
        self.assertEqual(result["setupError"], {"message": "RuleSetupError: Test_Root.py defines no rule(event) function", "file": "rules/root.py", "line": 0})


class TestGlobalsModelsAndMocks(unittest.TestCase):
    def tearDown(self):
        for name in ("runner_test_base", "runner_test_derived", "runner_test_broken"):
            sys.modules.pop(name, None)

    def test_globals_load_in_any_order_and_broken_ones_are_located(self):
        globals_ = [
            {"id": "runner_test_derived", "file": "global_helpers/derived.py", "body": "from runner_test_base import ROOT\nIS_ROOT = lambda t: t == ROOT\n"},
            {"id": "runner_test_base", "file": "global_helpers/base.py", "body": "ROOT = 'Root'\n"},
            {"id": "runner_test_broken", "file": "global_helpers/broken.py", "body": "X = 1\nY = 1 / 0\n"},
        ]
        body = "from runner_test_derived import IS_ROOT\ndef rule(event):\n    return IS_ROOT(event['userIdentity']['type'])\n"
        report = runner.run({"globals": globals_, "rules": [a_rule(body, tests=[a_test("root", True)])]})
        errors = {entry["id"]: entry["setupError"] for entry in report["globals"]}
        self.assertIsNone(errors["runner_test_base"])
        self.assertIsNone(errors["runner_test_derived"])
        self.assertEqual(errors["runner_test_broken"], {"message": "ZeroDivisionError: division by zero", "file": "global_helpers/broken.py", "line": 2})
        self.assertTrue(report["rules"][0]["tests"][0]["passed"], report["rules"][0])

    def test_udm_through_the_log_types_data_model(self):
        models = [{"id": "Test.CloudTrail", "file": "data_models/ct.py", "logTypes": ["AWS.CloudTrail"], "body": "def actor(event):\n    return event['userIdentity']['type']\n",
                   "mappings": [{"name": "source_ip", "path": "$.sourceIPAddress"}, {"name": "actor_type", "method": "actor"}]}]
        body = "def rule(event):\n    return event.udm('actor_type') == 'Root' and event.udm('source_ip') == '198.51.100.7'\n"
        # p_log_type comes from the rule's first log type unless the event has its own.
        other_type = dict(LOGIN, p_log_type="Okta.SystemLog")
        tests = [a_test("via model", True), a_test("no model for the type", False, other_type)]
        report = runner.run({"dataModels": models, "rules": [a_rule(body, tests=tests)]})
        self.assertEqual(report["dataModels"], [{"id": "Test.CloudTrail", "setupError": None}])
        first, second = report["rules"][0]["tests"]
        self.assertTrue(first["passed"], first)
        # udm() is None without a model, so the comparison is False, as expected.
        self.assertTrue(second["passed"], second)

    def test_mocks_replace_names_in_the_rule_module(self):
        body = "def lookup(ip):\n    raise RuntimeError('no network in tests')\ndef rule(event):\n    return lookup(event['sourceIPAddress']) == 'bad'\n"
        tests = [a_test("mocked", True, mocks={"lookup": "bad"}), a_test("typo", True, mocks={"lookpu": "bad"})]
        [result] = run_rules(a_rule(body, tests=tests))
        mocked, typo = result["tests"]
        self.assertTrue(mocked["passed"], mocked)
        self.assertFalse(typo["passed"])
        self.assertIn("'lookpu' is not a name in the rule's module", typo["error"]["message"])

    def test_a_test_event_that_is_not_an_object(self):
        [result] = run_rules(a_rule(tests=[{"name": "list", "expectedResult": False, "resource": "[1, 2]"}]))
        self.assertIn("expected a JSON object", result["tests"][0]["error"]["message"])


class TestCoverage(unittest.TestCase):
    def test_minimum_tests(self):
        one = [a_test("root", True)]
        two_positive = [a_test("root", True), a_test("root again", True)]
        both = [a_test("root", True), a_test("iam", False, dict(LOGIN, userIdentity={"type": "IAMUser"}))]
        self.assertIsNone(run_rules(a_rule(tests=one), minimumTests=1)[0]["coverageError"])
        self.assertEqual(run_rules(a_rule(tests=one), minimumTests=2)[0]["coverageError"], "has 1 test(s), at least 2 required")
        self.assertIn("has no non-matching (ExpectedResult: false) test", run_rules(a_rule(tests=two_positive), minimumTests=2)[0]["coverageError"])
        self.assertIsNone(run_rules(a_rule(tests=both), minimumTests=2)[0]["coverageError"])
        self.assertIsNone(run_rules(a_rule(tests=[]))[0]["coverageError"])


class TestMain(unittest.TestCase):
    def test_stdout_is_only_the_results_even_when_rules_print(self):
        body = "print('debugging')\ndef rule(event):\n    print('in rule')\n    return True\n"
        document = json.dumps({"rules": [a_rule(body, tests=[a_test("root", True)])]})
        engine_dir = os.path.dirname(os.path.dirname(os.path.abspath(runner.__file__)))
        env = dict(os.environ, PYTHONPATH=engine_dir, PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run([sys.executable, "-m", "panther_engine.runner"], input=document, capture_output=True, text=True, env=env, check=True)
        self.assertEqual(json.loads(done.stdout)["rules"][0]["tests"][0]["passed"], True)
        self.assertEqual(done.stderr, "debugging\nin rule\n")


if __name__ == "__main__":
    unittest.main()
