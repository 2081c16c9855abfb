from panther_base_helpers import aws_actor, deep_get

DISABLING = {"ScheduleKeyDeletion": "scheduled for deletion", "DisableKey": "disabled"}


def rule(event):
    return (
        event.get("eventSource") == "kms.amazonaws.com"
        and event.get("eventName") in DISABLING
        and not event.get("errorCode")
    )


def _key(event):
    return deep_get(event, "requestParameters", "keyId") or "<unknown key>"


def title(event):
    return f"KMS key {_key(event)} {DISABLING[event.get('eventName')]} by {aws_actor(event)}"


def dedup(event):
    return _key(event)


def alert_context(event):
    return {
        "keyId": _key(event),
        "pendingWindowInDays": deep_get(event, "requestParameters", "pendingWindowInDays"),
        "actor": aws_actor(event),
        "sourceIPAddress": event.get("sourceIPAddress"),
    }
