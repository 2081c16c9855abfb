from panther_base_helpers import aws_actor, deep_get

STOPPING = {"StopLogging": "stopped", "DeleteTrail": "deleted"}


def rule(event):
    return (
        event.get("eventSource") == "cloudtrail.amazonaws.com"
        and event.get("eventName") in STOPPING
        and not event.get("errorCode")
    )


def _trail(event):
    return deep_get(event, "requestParameters", "name") or "<unknown trail>"


def title(event):
    return f"CloudTrail trail {_trail(event)} was {STOPPING[event.get('eventName')]} by {aws_actor(event)}"


def dedup(event):
    return _trail(event)


def alert_context(event):
    return {"trail": _trail(event), "actor": aws_actor(event), "sourceIPAddress": event.get("sourceIPAddress"), "region": event.get("awsRegion")}
