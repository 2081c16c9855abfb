"""Runs a detection pack's unit tests with the engine's own evaluation (Rule.run outside batch
mode), judged as `panther_analysis_tool test` judges them.

Input on stdin, one JSON document:
  {"globals": [{id, body, file}], "dataModels": [{id, logTypes, mappings, body, file}],
   "rules": [{id, body, file, logTypes, severity, ..., tests: [{name, expectedResult,
   resource, mocks}]}], "minimumTests": N}
`file` is where a body came from, for error locations. Output on stdout, one JSON document:
  {"globals": [{id, setupError}], "dataModels": [{id, setupError}],
   "rules": [{id, setupError, coverageError, tests: [{id, name, passed, error,
   functions: {rule, title, ...: {output, error}}}]}]}
where setupError is null or {message, file, line}. Whatever the rules print goes to stderr.

A test passes when the rule loaded, rule() returned a bool equal to expectedResult, and, when a
match was expected, no optional function failed and title() and dedup(), where defined,
returned non-empty values.
"""

import contextlib
import json
import sys
import traceback
from unittest import mock

from .data_model import DataModel
from .event import PantherEvent
from .rule import OPTIONAL, Rule, module_file, register_global

# The optional functions' names in test results, as the analysis API reports them.
RESULT_NAMES = {name: name for name in OPTIONAL}
RESULT_NAMES["alert_context"] = "alertContext"


def describe(exc):
    """'<Type>: <message>'; a syntax error without its own location, reported separately."""
    text = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Sources:
    """Maps the module files tracebacks name to the pack files the bodies came from."""

    def __init__(self):
        self._files = {}

    def add(self, module_id, file):
        self._files[module_file(module_id)] = file or module_file(module_id)

    def locate(self, exc):
        """(file, line, function) of the innermost frame in the pack's own code, else Nones."""
        if isinstance(exc, SyntaxError) and exc.filename in self._files:
            return self._files[exc.filename], exc.lineno or 0, None
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename in self._files:
                return self._files[frame.filename], frame.lineno, frame.name
        return None, None, None

    def setup_error(self, exc, default_file):
        file, line, _ = self.locate(exc)
        return {"message": describe(exc), "file": file or default_file, "line": line or 0}

    def message(self, exc):
        """The exception with where in the pack it was raised, as file:line."""
        file, line, function = self.locate(exc)
        if file is None:
            return describe(exc)
        where = f"{file}:{line}" + (f" in {function}()" if function else "")
        return f"{describe(exc)} (at {where})"


def register_globals(specs, sources):
    """Register every global, retrying those that import a global not registered yet, so their
    order does not matter. Returns {id: setup error or None}."""
    errors = {}
    pending = list(specs)
    ids = {spec["id"] for spec in specs}
    while pending:
        waiting = []
        for spec in pending:
            sources.add(spec["id"], spec.get("file"))
            try:
                register_global(spec["id"], spec.get("body", ""))
                errors[spec["id"]] = None
            except ModuleNotFoundError as exc:
                sys.modules.pop(spec["id"], None)
                if exc.name in ids and exc.name not in errors:
                    waiting.append((spec, exc))
                else:
                    errors[spec["id"]] = sources.setup_error(exc, spec.get("file"))
            except Exception as exc:  # noqa: BLE001 - a broken global is reported, others go on
                sys.modules.pop(spec["id"], None)
                errors[spec["id"]] = sources.setup_error(exc, spec.get("file"))
        if len(waiting) == len(pending):
            for spec, exc in waiting:
                errors[spec["id"]] = sources.setup_error(exc, spec.get("file"))
            break
        pending = [spec for spec, _ in waiting]
    return errors


def load_data_models(specs, sources):
    """Enabled data models by log type, and {id: setup error or None}."""
    by_log_type, errors = {}, {}
    for spec in specs:
        sources.add(spec["id"], spec.get("file"))
        model = DataModel(spec)
        errors[model.id] = None if model.setup_error is None else sources.setup_error(model.setup_error, spec.get("file"))
        if model.enabled:
            for log_type in model.log_types:
                by_log_type[log_type] = model
    return by_log_type, errors


def build_event(rule, test):
    """The test's event, with p_log_type defaulting to the rule's first log type."""
    data = json.loads(test.get("resource") or "null")
    if not isinstance(data, dict):
        raise ValueError(f"the test's event (Log) is {type(data).__name__}, expected a JSON object")
    if "p_log_type" not in data and rule.log_types:
        data["p_log_type"] = rule.log_types[0]
    return data


def function_results(rule, result, sources):
    """Every function's output or error; optional functions only ran on a match."""
    if result.is_error:
        return {"rule": {"output": None, "error": {"message": sources.message(result.error)}}}
    functions = {"rule": {"output": json.dumps(result.matched), "error": None}}
    if not result.matched:
        return functions
    for name in OPTIONAL:
        if not rule.has(name):
            continue
        error = result.function_errors.get(name)
        if error is not None:
            functions[RESULT_NAMES[name]] = {"output": None, "error": {"message": sources.message(error)}}
            continue
        if name == "destinations":
            # Tests know no outputs, so they show what the rule asked for.
            output = json.dumps(list(result.returned[name]))
        else:
            output = getattr(result, name)
        functions[RESULT_NAMES[name]] = {"output": output, "error": None}
    for name in ("title", "dedup"):
        entry = functions.get(name)
        if entry is not None and entry["error"] is None and not result.returned.get(name):
            entry["error"] = {"message": f"{name}() returned {result.returned.get(name)!r}; a match needs a non-empty {name}"}
    return functions


def run_test(rule, test, data_models, sources):
    """One test's result, in the shape of the analysis API's TestResult."""
    outcome = {"id": rule.id, "name": test.get("name", ""), "passed": False, "error": None, "functions": {}}
    if rule.setup_error is not None:
        outcome["error"] = {"message": sources.message(rule.setup_error)}
        return outcome
    try:
        data = build_event(rule, test)
        mocks = {name: mock.MagicMock(return_value=value) for name, value in (test.get("mocks") or {}).items()}
        for name in mocks:
            if not hasattr(rule.module, name):
                raise AttributeError(f"Mocks: {name!r} is not a name in the rule's module (mock what the rule defines or imports)")
        patcher = mock.patch.multiple(rule.module, **mocks) if mocks else contextlib.nullcontext()
        event = PantherEvent(data, data_models.get(data.get("p_log_type")))
        with patcher:
            result = rule.run(event, batch_mode=False)
    except Exception as exc:  # noqa: BLE001 - a bad event or mock fails this test only
        outcome["error"] = {"message": f"test {outcome['name']!r}: {describe(exc)}"}
        return outcome
    outcome["functions"] = function_results(rule, result, sources)
    expected = bool(test.get("expectedResult"))
    passed = not result.is_error and result.matched == expected
    if passed and expected:
        passed = all(entry["error"] is None for entry in outcome["functions"].values())
    outcome["passed"] = passed
    return outcome


def coverage_error(tests, minimum):
    """panther_analysis_tool's --minimum-tests: N tests, and above one a positive and a negative."""
    if len(tests) < minimum:
        return f"has {len(tests)} test(s), at least {minimum} required"
    if minimum > 1:
        results = {bool(test.get("expectedResult")) for test in tests}
        if results != {True, False}:
            missing = "matching (ExpectedResult: true)" if True not in results else "non-matching (ExpectedResult: false)"
            return f"has no {missing} test; --minimum-tests {minimum} needs one of each"
    return None


def run(document):
    """Run every rule's tests; the output document described above."""
    sources = Sources()
    global_errors = register_globals(document.get("globals") or [], sources)
    data_models, model_errors = load_data_models(document.get("dataModels") or [], sources)
    minimum = int(document.get("minimumTests") or 0)
    rules = []
    for spec in document.get("rules") or []:
        sources.add(spec["id"], spec.get("file"))
        rule = Rule(spec)
        tests = spec.get("tests") or []
        setup = None if rule.setup_error is None else sources.setup_error(rule.setup_error, spec.get("file"))
        rules.append({
            "id": rule.id,
            "setupError": setup,
            "coverageError": coverage_error(tests, minimum),
            "tests": [run_test(rule, test, data_models, sources) for test in tests],
        })
    return {
        "globals": [{"id": key, "setupError": value} for key, value in global_errors.items()],
        "dataModels": [{"id": key, "setupError": value} for key, value in model_errors.items()],
        "rules": rules,
    }


MINIMUM_PYTHON = (3, 10)


def main():
    if sys.version_info < MINIMUM_PYTHON:
        sys.exit(f"the rules engine needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or later; this is {sys.version.split()[0]}")
    document = json.load(sys.stdin)
    output = sys.stdout
    # Rules may print; their output must not corrupt the results.
    with contextlib.redirect_stdout(sys.stderr):
        report = run(document)
    json.dump(report, output)
    output.write("\n")


if __name__ == "__main__":
    main()
