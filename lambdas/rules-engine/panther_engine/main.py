"""panther-rules-engine's Lambda handler (`panther_engine.main.lambda_handler`).

Two kinds of invocation:
- the rules-engine queue (SQS records): each body is the S3 notification of a ProcessedData
  file (the subscription delivers raw messages), its `id` message attribute the log type; every
  event of the file goes through every enabled rule of its log type, and matches and errors
  become alerts (output.py);
- a direct invocation {"test": {...}} from panther-analysis-api's testRule, answered with the
  test runner's results.
"""

import gzip
import json
import logging
import os
import sys
import time
import zlib

from . import aws
from .engine import AnalysisAPI, Engine
from .output import Buffer, Writer

LOG = logging.getLogger("panther_engine")


def _configure_logging():
    if not LOG.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        LOG.addHandler(handler)
        # DEBUG is the deployment's switch, as for every Panther function.
        debug = os.environ.get("DEBUG", "").lower() == "true"
        LOG.setLevel(logging.DEBUG if debug else os.environ.get("LOG_LEVEL", "INFO").upper())
        LOG.propagate = False


class Function:
    """The function's state across warm invocations: clients, the engine, the outputs."""

    def __init__(self, environ=os.environ):
        missing = [name for name in ("S3_BUCKET", "NOTIFICATIONS_TOPIC") if not environ.get(name)]
        if missing:
            # Found at the first write, it would be after the dedup table counted the matches.
            raise RuntimeError(f"the function needs {' and '.join(missing)} in its environment")
        self.lambda_client = aws.Lambda()
        self.s3 = aws.S3()
        self.bucket = environ["S3_BUCKET"]
        self.analysis = AnalysisAPI(self.lambda_client.invoke, environ.get("ANALYSIS_API", "panther-analysis-api"))
        self.outputs_api = environ.get("OUTPUTS_API", "panther-outputs-api")
        self.writer = Writer(aws.DynamoDB(), self.s3, aws.SNS(), self.bucket,
                             environ.get("ALERTS_DEDUP_TABLE", "panther-log-alert-dedup"), environ["NOTIFICATIONS_TOPIC"])
        self.engine = Engine(lambda: (self.analysis.rules(), self.analysis.globals(), self.analysis.data_models()),
                             data_model_factory=_data_model_factory(), revision=self.analysis.revision)
        self._outputs = None

    def outputs(self):
        """Output ID → display name, read once per cold start (as the original did), so
        destinations() may name outputs either way. While the outputs API cannot answer, none
        are known and it is asked again at the next batch."""
        if self._outputs is None:
            try:
                answer = self.lambda_client.invoke(self.outputs_api, {"getOutputs": {}})
            except aws.AWSError as exc:
                LOG.warning(json.dumps({"msg": "outputs unavailable: destinations() cannot name outputs", "error": str(exc)}))
                return {}
            self._outputs = {o["outputId"]: o.get("displayName", "") for o in answer or []}
        return self._outputs

    def read_lines(self, bucket, key):
        return gzip.decompress(self.s3.get_object(bucket, key)).splitlines()

    def handle_queue(self, records):
        """Analyze every file the records name. A file that cannot be read fails only its
        message, a group that cannot be written only the messages that fed it: those come back
        as batch item failures, and the queue retries them."""
        started = time.monotonic()
        self.engine.refresh_if_due()
        outputs = self.outputs()
        buffer = Buffer(self.writer)
        failed = []
        events = matches = errors = files = skipped = 0
        for record in records:
            message_id = record.get("messageId")
            try:
                contents = [(bucket, key, log_type, self.read_lines(bucket, key)) for bucket, key, log_type in _objects(record)]
            except (aws.AWSError, OSError, EOFError, zlib.error) as exc:
                LOG.error(json.dumps({"msg": "reading a processed file failed: its message is retried", "messageId": message_id, "error": str(exc)}))
                failed.append(message_id)
                continue
            for bucket, key, log_type, lines in contents:
                files += 1
                table = key.split("/")[1] if key.count("/") > 1 else log_type.lower().replace(".", "_")
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    try:
                        data = json.loads(line)
                    except ValueError:
                        data = None
                    if not isinstance(data, dict):
                        skipped += 1
                        LOG.warning(json.dumps({"msg": "not a JSON object: skipped", "bucket": bucket, "key": key, "line": number}))
                        continue
                    events += 1
                    event_log_type = data.get("p_log_type") or log_type
                    text = line.decode("utf-8")
                    for rule, result in self.engine.analyze(event_log_type, data, outputs):
                        if result.is_error:
                            errors += 1
                        else:
                            matches += 1
                        buffer.add(rule, result, event_log_type, table, text, message_id)
        before = self.writer.alerts
        failed.extend(m for m in sorted(buffer.flush(), key=str) if m not in failed)
        LOG.info(json.dumps({"msg": "batch done", "files": files, "events": events, "matches": matches,
                             "ruleErrors": errors, "skippedLines": skipped, "groups": self.writer.alerts - before,
                             "failedMessages": len(failed), "rules": self.engine.rule_count,
                             "seconds": round(time.monotonic() - started, 3)}))
        return {"batchItemFailures": [{"itemIdentifier": m} for m in failed]}


def _objects(record):
    """(bucket, key, log type) of each object an SQS record's S3 notification names; test
    events and other messages name none."""
    try:
        body = json.loads(record.get("body") or "")
    except ValueError:
        LOG.warning(json.dumps({"msg": "not a JSON message: skipped", "messageId": record.get("messageId")}))
        return []
    if isinstance(body, dict) and body.get("Type") == "Notification" and "Message" in body:
        # Delivered with the SNS envelope: the notification is its Message.
        attributes = {k: v.get("Value") for k, v in (body.get("MessageAttributes") or {}).items()}
        try:
            body = json.loads(body["Message"])
        except ValueError:
            LOG.warning(json.dumps({"msg": "not a JSON notification: skipped", "messageId": record.get("messageId")}))
            return []
    else:
        attributes = {k: v.get("stringValue") for k, v in (record.get("messageAttributes") or {}).items()}
    log_type = attributes.get("id") or ""
    out = []
    for entry in (body.get("Records") or []) if isinstance(body, dict) else []:
        s3 = entry.get("s3") or {}
        bucket, key = (s3.get("bucket") or {}).get("name"), (s3.get("object") or {}).get("key")
        if bucket and key:
            out.append((bucket, key, log_type))
    return out


def _data_model_factory():
    try:
        from .data_model import DataModel
    except ImportError:
        return None
    return DataModel


_FUNCTION = None


def lambda_handler(event, context):
    global _FUNCTION  # noqa: PLW0603 - warm state across invocations
    _configure_logging()
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        # Retries stop five seconds before the runtime would cut the invocation off.
        aws.set_deadline(time.monotonic() + context.get_remaining_time_in_millis() / 1000 - 5)
    if isinstance(event, dict) and "test" in event:
        from .runner import run

        return run(event["test"])
    if _FUNCTION is None:
        _FUNCTION = Function()
    return _FUNCTION.handle_queue((event or {}).get("Records") or [])
