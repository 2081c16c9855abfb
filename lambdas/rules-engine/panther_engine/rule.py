"""A detection: a user's Python module with rule(event) and optional functions, run with the
fallbacks, limits and error semantics Panther's rules have always had."""

from collections.abc import Mapping
import datetime
import json
import linecache
import re
import signal
import sys
import threading
import traceback
import types

MAX_GENERATED = 1000
TRUNCATED = "... (truncated)"
MAX_ALERT_CONTEXT = 200 * 1024
SEVERITIES = ("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL")
DEFAULT_DEDUP_PREFIX = "defaultDedupString:"
MAX_DESTINATIONS = 10
# The output ID that tells delivery to send an alert nowhere.
SKIP_OUTPUT = "SKIP"

# The optional functions of a rule module, besides rule().
OPTIONAL = ("title", "dedup", "alert_context", "severity", "description", "reference", "runbook", "destinations")


# What a user's code may raise and still be only that rule's failure: sys.exit() included, so
# that no rule can stop the engine.
FAILURES = (Exception, SystemExit)

# A rule's functions together get this long per event; a rule that loops forever becomes a
# rule error instead of holding up every other rule and event.
TIME_LIMIT_SECONDS = 5.0


class RuleTimeout(Exception):
    """The rule's functions ran longer than TIME_LIMIT_SECONDS on one event."""


class _TimeLimit:
    """An alarm raising RuleTimeout after the limit; only in the main thread, where signals
    are delivered (the Lambda runtime and pantherctl run rules there)."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.armed = False

    def __enter__(self):
        if self.seconds and threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGALRM, _raise_timeout)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True
        return self

    def __exit__(self, *exc):
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False


def _raise_timeout(signum, frame):  # noqa: ARG001 - the signal handler's signature
    raise RuleTimeout(f"the rule ran longer than {TIME_LIMIT_SECONDS:g} seconds on this event")


class RuleSetupError(Exception):
    """The rule's module could not be loaded: syntax or import errors, or no rule()."""


def truncate(value):
    """A generated string cut to Panther's limit, with a marker when it was cut."""
    if len(value) <= MAX_GENERATED:
        return value
    return value[: MAX_GENERATED - len(TRUNCATED)] + TRUNCATED


class _Encoder(json.JSONEncoder):
    """JSON for alert contexts: dates and times as ISO strings, sets as lists."""

    def default(self, o):
        if isinstance(o, (datetime.date, datetime.datetime, datetime.time)):
            return o.isoformat()
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        if isinstance(o, Mapping):
            return dict(o)
        if hasattr(o, "__iter__"):
            return list(o)
        return super().default(o)


def module_file(rule_id):
    """The file name a rule's module is known by in tracebacks."""
    return re.sub(r"[^A-Za-z0-9_]", "_", rule_id) + ".py"


def error_message(exc, filename=None):
    """'<str(exc)>: <file>.py, line N, in <func> <code>' for the innermost frame of the rule's
    own code (the engine's frames, such as the event's, are not the user's concern)."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.msg}: {exc.filename}, line {exc.lineno}"
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if filename is not None and f.filename == filename]
    if not own:
        # Raised by the engine about the rule (a non-bool result, a time limit): no line of the
        # user's code to point at, and the engine's own are not theirs to read.
        return str(exc)
    last = own[-1]
    name = last.filename.rsplit("/", 1)[-1]
    return f"{exc}: {name}, line {last.lineno}, in {last.name} {(last.line or '').strip()}".rstrip()


class Result:
    """What one rule made of one event."""

    def __init__(self, rule_id):
        self.rule_id = rule_id
        self.matched = None
        self.title = None
        self.dedup = None
        self.alert_context = None
        self.severity = None
        self.description = None
        self.reference = None
        self.runbook = None
        self.destinations = None
        # A setup error or an exception of rule() makes the result a rule error.
        self.error = None
        self.error_message = None
        # Exceptions of the optional functions, and outside batch mode (tests) their values
        # that break the contract, as TypeError or ValueError.
        self.function_errors = {}
        # What each optional function returned, before fallbacks and truncation: tests check
        # that a match's title and dedup are non-empty.
        self.returned = {}

    @property
    def is_error(self):
        return self.error is not None

    def as_error(self, exc):
        self.error = exc
        self.matched = None
        self.dedup = type(exc).__name__
        self.title = repr(exc)
        self.error_message = error_message(exc, module_file(self.rule_id))
        return self


class Rule:
    """A rule as the analysis API stores it: metadata and the Python body."""

    def __init__(self, config):
        self.id = config["id"]
        self.body = config.get("body", "")
        self.version = config.get("versionId", "")
        self.log_types = list(config.get("logTypes") or [])
        self.severity = (config.get("severity") or "INFO").upper()
        self.dedup_period_minutes = config.get("dedupPeriodMinutes") or 60
        self.threshold = config.get("threshold") or 1
        self.tags = sorted(config.get("tags") or [])
        self.reports = {k: sorted(v) for k, v in (config.get("reports") or {}).items()}
        self.output_ids = list(config.get("outputIds") or [])
        self.display_name = config.get("displayName") or ""
        self.description = config.get("description") or ""
        self.reference = config.get("reference") or ""
        self.runbook = config.get("runbook") or ""
        self.module = None
        self.setup_error = None
        self.time_limit = TIME_LIMIT_SECONDS
        try:
            self.module = self._load()
        except FAILURES as exc:  # noqa: BLE001 - any failure to load is the rule's setup error
            self.setup_error = exc

    def _load(self):
        module = load_module(self.id, self.body)
        if not callable(module.__dict__.get("rule")):
            raise RuleSetupError(f"{module.__file__} defines no rule(event) function")
        return module

    def has(self, name):
        return self.module is not None and callable(self.module.__dict__.get(name))

    def run(self, event, outputs=None, batch_mode=True):
        """Run the rule on an event. In batch mode (real traffic) the optional functions fall
        back to their defaults on exceptions or bad values; otherwise (tests) their exceptions
        are reported in function_errors as well."""
        result = Result(self.id)
        if self.setup_error is not None:
            return result.as_error(self.setup_error)
        try:
            with _TimeLimit(self.time_limit):
                matched = self.module.rule(event)
                if not isinstance(matched, bool):
                    raise TypeError(f"rule returned {type(matched).__name__}, expected bool")
                result.matched = matched
                if matched:
                    self._generate(result, event, outputs or {}, batch_mode)
        except RuleTimeout as exc:
            return result.as_error(exc)
        except FAILURES as exc:  # noqa: BLE001 - a rule that raises is a rule error
            if result.matched is None:
                return result.as_error(exc)
            raise
        return result

    def _call(self, result, name, event, batch_mode):
        """Call an optional function; (value, True) when it ran without an exception."""
        try:
            value = getattr(self.module, name)(event)
        except RuleTimeout:
            raise
        except FAILURES as exc:  # noqa: BLE001 - optional functions never fail the rule
            # Kept in both modes: tests report them, batch mode logs them and falls back.
            result.function_errors[name] = exc
            return None, False
        result.returned[name] = value
        return value, True

    @staticmethod
    def _reject(result, name, error, batch_mode):
        """A value outside the contract: batch mode falls back quietly, tests are told why."""
        if not batch_mode:
            result.function_errors[name] = error

    def _generate(self, result, event, outputs, batch_mode):
        result.title = self._title(result, event, batch_mode)
        result.dedup = self._dedup(result, event, batch_mode)
        result.alert_context = self._alert_context(result, event, batch_mode)
        result.severity = self._severity(result, event, batch_mode)
        for name in ("description", "reference", "runbook"):
            setattr(result, name, self._text(result, name, event, batch_mode))
        result.destinations = self._destinations(result, event, outputs, batch_mode)

    def _title(self, result, event, batch_mode):
        if not self.has("title"):
            return None
        value, ok = self._call(result, "title", event, batch_mode)
        if not ok:
            return self.id
        if not isinstance(value, str):
            self._reject(result, "title", _type_error("title", value, "str"), batch_mode)
            return self.id
        return truncate(value)

    def _dedup(self, result, event, batch_mode):
        default = DEFAULT_DEDUP_PREFIX + self.id
        if not self.has("dedup"):
            return result.title if result.title else default
        value, ok = self._call(result, "dedup", event, batch_mode)
        if ok and value is not None and not isinstance(value, str):
            self._reject(result, "dedup", _type_error("dedup", value, "str"), batch_mode)
        if not ok or not isinstance(value, str) or value == "":
            return default
        return truncate(value)

    def _alert_context(self, result, event, batch_mode):
        if not self.has("alert_context"):
            return None
        value, ok = self._call(result, "alert_context", event, batch_mode)
        if not ok:
            return json.dumps({"_error": repr(result.function_errors["alert_context"])})
        if not isinstance(value, Mapping):
            error = _type_error("alert_context", value, "a Mapping")
            self._reject(result, "alert_context", error, batch_mode)
            return json.dumps({"_error": str(error)})
        try:
            serialized = json.dumps(value, cls=_Encoder)
        except Exception as exc:  # noqa: BLE001 - an unserializable context is reported, not raised
            self._reject(result, "alert_context", exc, batch_mode)
            return json.dumps({"_error": repr(exc)})
        if len(serialized) > MAX_ALERT_CONTEXT:
            error = ValueError(f"alert_context size is {len(serialized)} characters, bigger than maximum of {MAX_ALERT_CONTEXT} characters")
            self._reject(result, "alert_context", error, batch_mode)
            return json.dumps({"_error": str(error)})
        return serialized

    def _severity(self, result, event, batch_mode):
        if not self.has("severity"):
            return self.severity
        value, ok = self._call(result, "severity", event, batch_mode)
        if not ok:
            return "INFO"
        if not isinstance(value, str) or value.upper() not in SEVERITIES:
            self._reject(result, "severity", ValueError(f"severity returned {value!r}, expected one of {', '.join(SEVERITIES)}"), batch_mode)
            return "INFO"
        return value.upper()

    def _text(self, result, name, event, batch_mode):
        if not self.has(name):
            return getattr(self, name)
        value, ok = self._call(result, name, event, batch_mode)
        if not ok:
            return ""
        if not isinstance(value, str):
            self._reject(result, name, _type_error(name, value, "str"), batch_mode)
            return ""
        return truncate(value)

    def _destinations(self, result, event, outputs, batch_mode):
        """Output IDs from destinations(): IDs or display names, at most 10, deduplicated; an
        unknown entry (or anything else) means the rule's or the default destinations (None)."""
        if not self.has("destinations"):
            return None
        value, ok = self._call(result, "destinations", event, batch_mode)
        if not ok:
            return None
        if not isinstance(value, (list, tuple)):
            self._reject(result, "destinations", _type_error("destinations", value, "a list"), batch_mode)
            return None
        if len(value) == 0:
            # An empty list means: deliver this alert nowhere.
            return [SKIP_OUTPUT]
        by_name = {name: output_id for output_id, name in outputs.items()}
        ids = []
        for entry in value:
            output_id = entry if entry in outputs else by_name.get(entry)
            if output_id is None:
                return None
            if output_id not in ids:
                ids.append(output_id)
        return ids[:MAX_DESTINATIONS]


def _type_error(name, value, expected):
    return TypeError(f"{name} returned {type(value).__name__}, expected {expected}")


def load_module(module_id, body, register=False):
    """Run a user's Python body as a module known to tracebacks by module_file(module_id) (so
    they show its own lines); registered in sys.modules, and importable, when asked."""
    filename = module_file(module_id)
    linecache.cache[filename] = (len(body), None, body.splitlines(True), filename)
    module = types.ModuleType(module_id if register else filename[:-3])
    module.__file__ = filename
    if register:
        # Registered first, as an import would be, so a module can import itself cyclically.
        sys.modules[module_id] = module
    exec(compile(body, filename, "exec"), module.__dict__)  # noqa: S102 - running users' code is the point
    return module


def register_global(global_id, body):
    """Make a Global importable by its ID, as Panther's engines do."""
    return load_module(global_id, body, register=True)
