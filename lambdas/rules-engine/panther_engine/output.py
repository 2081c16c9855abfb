"""Matches and rule errors, grouped by (rule, log type, dedup, error), turned into alerts:
each group updates the dedup table (which opens a new alert or merges into the open one),
is written to ProcessedData under rules/ or rule_errors/, and is announced on the processed
data topic."""

import datetime
import gzip
import hashlib
import json
import logging
import time
import uuid

from .aws import AWSError

LOG = logging.getLogger("panther_engine")

# About this much buffered event data flushes the biggest group early.
MAX_BUFFERED_BYTES = 100 * 1024 * 1024

TYPE_RULE = "RULE"
TYPE_RULE_ERROR = "RULE_ERROR"


def dedup_key(rule_id, dedup, is_error):
    """The dedup table's partition key."""
    return hashlib.md5((rule_id + ":" + dedup + (":error" if is_error else "")).encode("utf-8")).hexdigest()  # noqa: S324 - an ID, not security


def alert_id(rule_id, alert_count, dedup):
    """The alert's ID: the same formula as the alert forwarder's."""
    return hashlib.md5(f"{rule_id}:{alert_count}:{dedup}".encode("utf-8")).hexdigest()  # noqa: S324 - an ID, not security


def panther_time(epoch_seconds):
    """The Glue timestamp layout of p_ time fields: YYYY-MM-DD HH:MM:SS.fffffffff."""
    t = datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S.%f") + "000"


class Group:
    """One rule's matches (or errors) of one log type and dedup string; the first result
    supplies the generated fields."""

    def __init__(self, rule, log_type, table, result):
        self.rule = rule
        self.log_type = log_type
        self.table = table
        self.first = result
        self.is_error = result.is_error
        # (event JSON, rule error message, alert context) per event: both are the event's own.
        self.events = []
        # The queue messages whose files fed the group: they are retried when it fails.
        self.messages = set()
        self.size = 0

    def add(self, data, result, message_id=None):
        self.events.append((data, result.error_message if result.is_error else None, result.alert_context))
        if message_id is not None:
            self.messages.add(message_id)
        self.size += len(data)


class Buffer:
    """Groups results until flush(); when too much is held, the biggest group goes early. A
    group that cannot be written is logged and its messages are reported in `failed`, without
    stopping the other groups."""

    def __init__(self, writer, max_bytes=MAX_BUFFERED_BYTES):
        self.writer = writer
        self.max_bytes = max_bytes
        self.groups = {}
        self.size = 0
        self.failed = set()

    def add(self, rule, result, log_type, table, data, message_id=None):
        """data is the event's JSON text as read; message_id the queue message it came from."""
        key = (rule.id, log_type, result.dedup, result.is_error)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = Group(rule, log_type, table, result)
        group.add(data, result, message_id)
        self.size += len(data)
        if self.size > self.max_bytes:
            biggest = max(self.groups, key=lambda k: self.groups[k].size)
            self._flush_one(biggest)

    def _flush_one(self, key):
        group = self.groups.pop(key)
        self.size -= group.size
        try:
            self.writer.write(group)
        except Exception as exc:  # noqa: BLE001 - one group's failure must not lose the others
            LOG.error(json.dumps({"msg": "writing matches failed: their messages are retried", "ruleId": group.rule.id,
                                  "logType": group.log_type, "events": len(group.events), "error": str(exc)}))
            self.failed |= group.messages

    def flush(self):
        """Write every group; returns the messages of the groups that failed."""
        for key in list(self.groups):
            self._flush_one(key)
        return self.failed


class Writer:
    """Writes a group: the dedup table update, the S3 object, the notification."""

    def __init__(self, dynamodb, s3, sns, bucket, dedup_table, topic_arn, clock=time.time):
        self.dynamodb = dynamodb
        self.s3 = s3
        self.sns = sns
        self.bucket = bucket
        self.dedup_table = dedup_table
        self.topic_arn = topic_arn
        self.clock = clock
        self.alerts = 0

    def write(self, group):
        now = int(self.clock())
        row = self.update_dedup(group, now)
        count = int(row["alertCount"]["N"])
        created = int(row["alertCreationTime"]["N"])
        updated = int(row["alertUpdateTime"]["N"])
        the_alert_id = alert_id(group.rule.id, count, group.first.dedup)
        key = self.object_key(group, now)
        self.s3.put_object(self.bucket, key, self.object_body(group, the_alert_id, created, updated), "application/gzip")
        message = {"Records": [{"eventVersion": "2.0", "eventSource": "aws:s3", "eventName": "ObjectCreated:Put",
                                "s3": {"bucket": {"name": self.bucket}, "object": {"key": key}}}]}
        self.sns.publish(self.topic_arn, json.dumps(message),
                         {"type": "RuleErrors" if group.is_error else "RuleMatches", "id": group.rule.id})
        self.alerts += 1

    def object_key(self, group, now):
        t = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
        root = "rule_errors" if group.is_error else "rules"
        return (f"{root}/{group.table}/year={t:%Y}/month={t:%m}/day={t:%d}/hour={t:%H}/rule_id={group.rule.id}/"
                f"{t:%Y%m%dT%H%M%SZ}-{uuid.uuid4()}.json.gz")

    def object_body(self, group, the_alert_id, created, updated):
        rule = group.rule
        extra = {
            "p_rule_id": rule.id,
            "p_rule_tags": rule.tags,
            "p_rule_reports": rule.reports,
            "p_alert_id": the_alert_id,
            "p_alert_creation_time": panther_time(created),
            "p_alert_update_time": panther_time(updated),
        }
        lines = []
        for data, error_message, alert_context in group.events:
            event = json.loads(data)
            event.update(extra)
            event["p_rule_error"] = error_message
            event["p_alert_context"] = alert_context
            lines.append(json.dumps(event, separators=(",", ":")))
        return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)

    def update_dedup(self, group, now):
        """Open a new alert when the key has none or its window (from the alert's creation)
        passed; otherwise merge into the open one. Returns the row's new image."""
        rule, first = group.rule, group.first
        key = {"partitionKey": {"S": dedup_key(rule.id, first.dedup, group.is_error)}}
        count = {"N": str(len(group.events))}
        log_types = {"SS": [group.log_type]}
        generated = {
            "title": first.title, "description": first.description, "reference": first.reference,
            "severity": first.severity, "runbook": first.runbook, "context": first.alert_context,
            "destinations": first.destinations,
        }
        names = {"#ruleId": "ruleId", "#ruleVersion": "ruleVersion", "#dedup": "dedup", "#type": "type",
                 "#alertCount": "alertCount", "#created": "alertCreationTime", "#updated": "alertUpdateTime",
                 "#eventCount": "eventCount", "#logTypes": "logTypes"}
        values = {":ruleId": {"S": rule.id}, ":ruleVersion": {"S": rule.version or ""}, ":dedup": {"S": first.dedup},
                  ":type": {"S": TYPE_RULE_ERROR if group.is_error else TYPE_RULE}, ":one": {"N": "1"},
                  ":now": {"N": str(now)}, ":count": count, ":logTypes": log_types,
                  ":cutoff": {"N": str(now - rule.dedup_period_minutes * 60)}}
        sets = ["#ruleId = :ruleId", "#ruleVersion = :ruleVersion", "#dedup = :dedup", "#type = :type",
                "#created = :now", "#updated = :now", "#eventCount = :count", "#logTypes = :logTypes"]
        removes = []
        for name, value in generated.items():
            names["#" + name] = name
            if value is None or value == "" or value == []:
                removes.append("#" + name)
                continue
            values[":" + name] = {"SS": sorted(set(value))} if name == "destinations" else {"S": value}
            sets.append(f"#{name} = :{name}")
        expression = "SET " + ", ".join(sets) + " ADD #alertCount :one"
        if removes:
            expression += " REMOVE " + ", ".join(removes)
        try:
            out = self.dynamodb.call("UpdateItem", {
                "TableName": self.dedup_table, "Key": key, "UpdateExpression": expression,
                "ConditionExpression": "attribute_not_exists(partitionKey) OR #created < :cutoff",
                "ExpressionAttributeNames": names, "ExpressionAttributeValues": values, "ReturnValues": "ALL_NEW"})
            return out["Attributes"]
        except AWSError as exc:
            if exc.code != "ConditionalCheckFailedException":
                raise
        out = self.dynamodb.call("UpdateItem", {
            "TableName": self.dedup_table, "Key": key,
            "UpdateExpression": "SET #updated = :now ADD #eventCount :count, #logTypes :logTypes",
            "ExpressionAttributeNames": {"#updated": "alertUpdateTime", "#eventCount": "eventCount", "#logTypes": "logTypes"},
            "ExpressionAttributeValues": {":now": {"N": str(now)}, ":count": count, ":logTypes": log_types},
            "ReturnValues": "ALL_NEW"})
        return out["Attributes"]
