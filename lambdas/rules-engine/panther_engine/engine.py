"""The set of enabled rules, globals and data models, loaded from panther-analysis-api, and the
analysis of one event by every rule of its log type.

The original engine reloaded every five minutes, so a new rule waited up to that long. This one
also asks the API for its revision (a digest of every item's version) once per batch and
reloads as soon as it changed; the five-minute reload stays, for when the API cannot answer."""

import json
import logging
import time

from .event import PantherEvent
from .rule import Rule, register_global

LOG = logging.getLogger("panther_engine")

REFRESH_SECONDS = 5 * 60
PAGE_SIZE = 250


class AnalysisAPIError(Exception):
    """panther-analysis-api answered with an error status."""


def _gateway_body(answer, operation):
    """The body of a gateway-style answer {statusCode, body}; an error status raises."""
    if not isinstance(answer, dict) or "statusCode" not in answer:
        raise AnalysisAPIError(f"{operation}: unexpected answer {str(answer)[:200]}")
    body = json.loads(answer.get("body") or "null")
    if not 200 <= int(answer["statusCode"]) < 300:
        message = body.get("message") if isinstance(body, dict) else body
        raise AnalysisAPIError(f"{operation}: {answer['statusCode']} {message}")
    return body


class AnalysisAPI:
    """panther-analysis-api as the engine uses it: every enabled item, page by page."""

    def __init__(self, invoke, function_name="panther-analysis-api"):
        self.invoke = invoke
        self.function_name = function_name

    def _all(self, operation, key, extra):
        items, page = [], 1
        while True:
            request = {operation: dict(extra, page=page, pageSize=PAGE_SIZE)}
            body = _gateway_body(self.invoke(self.function_name, request), operation)
            items.extend(body.get(key) or [])
            if page >= (body.get("paging") or {}).get("totalPages", 1):
                return items
            page += 1

    def rules(self):
        return self._all("listRules", "rules", {"enabled": True})

    def globals(self):
        return self._all("listGlobals", "globals", {})

    def data_models(self):
        return self._all("listDataModels", "models", {"enabled": True})

    def revision(self):
        return _gateway_body(self.invoke(self.function_name, {"getRevision": {}}), "getRevision")["revision"]


class Engine:
    """Rules by log type. `source` returns (rules, globals, data models) as the analysis API
    lists them; `data_model_factory` builds a data model from its config (None: no models)."""

    def __init__(self, source, data_model_factory=None, clock=time.monotonic, refresh_seconds=REFRESH_SECONDS, revision=None):
        self.source = source
        self.revision = revision
        self.loaded_revision = None
        self.data_model_factory = data_model_factory
        self.clock = clock
        self.refresh_seconds = refresh_seconds
        self.loaded_at = None
        self.rules_by_log_type = {}
        self.data_models = {}
        self.rule_count = 0

    def _current_revision(self):
        if self.revision is None:
            return None
        try:
            return self.revision()
        except Exception as exc:  # noqa: BLE001 - without a revision, the periodic reload still runs
            LOG.warning(json.dumps({"msg": "analysis revision unavailable", "error": str(exc)}))
            return None

    def refresh_if_due(self):
        revision = self._current_revision()
        fresh = self.loaded_at is not None and self.clock() - self.loaded_at < self.refresh_seconds
        if fresh and (revision is None or revision == self.loaded_revision):
            return False
        try:
            rules, global_configs, model_configs = self.source()
        except Exception as exc:
            if self.loaded_at is None:
                raise  # nothing to analyze with: the batch waits for the API
            # Keep analyzing with the rules loaded; try again at the next batch.
            LOG.warning(json.dumps({"msg": "reloading the analysis failed: the loaded rules stay", "error": str(exc)}))
            return False
        # Globals first: rules import them when their modules load.
        for config in global_configs:
            try:
                register_global(config["id"], config.get("body", ""))
            except Exception as exc:  # noqa: BLE001 - a broken global is reported; the rules importing it error
                LOG.error(json.dumps({"msg": "global failed to load", "globalId": config.get("id"), "error": repr(exc)}))
        by_log_type = {}
        for config in rules:
            rule = Rule(config)
            if rule.setup_error is not None:
                LOG.warning(json.dumps({"msg": "rule failed to load", "ruleId": rule.id, "error": repr(rule.setup_error)}))
            for log_type in rule.log_types:
                by_log_type.setdefault(log_type, []).append(rule)
        models = {}
        if self.data_model_factory is not None:
            for config in model_configs:
                try:
                    model = self.data_model_factory(config)
                except Exception as exc:  # noqa: BLE001 - a broken model is reported, its log types go without
                    LOG.error(json.dumps({"msg": "data model failed to load", "dataModelId": config.get("id"), "error": repr(exc)}))
                    continue
                if getattr(model, "setup_error", None) is not None:
                    # Kept, so that udm() through it raises and the rules using it report it.
                    LOG.error(json.dumps({"msg": "data model failed to load", "dataModelId": config.get("id"), "error": repr(model.setup_error)}))
                for log_type in config.get("logTypes") or []:
                    models[log_type] = model
        self.rules_by_log_type = by_log_type
        self.data_models = models
        self.rule_count = len(rules)
        self.loaded_at = self.clock()
        self.loaded_revision = revision
        LOG.info(json.dumps({"msg": "loaded analysis", "rules": len(rules), "globals": len(global_configs), "dataModels": len(models)}))
        return True

    def analyze(self, log_type, data, outputs=None):
        """Yield (rule, result) for every rule of log_type that matched data or errored."""
        rules = self.rules_by_log_type.get(log_type)
        if not rules:
            return
        event = PantherEvent(data, self.data_models.get(log_type))
        for rule in rules:
            result = rule.run(event, outputs, batch_mode=True)
            if result.is_error or result.matched:
                yield rule, result
