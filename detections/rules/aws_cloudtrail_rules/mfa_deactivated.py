from panther_base_helpers import aws_actor, deep_get

REMOVING_MFA = {"DeactivateMFADevice", "DeleteVirtualMFADevice"}


def rule(event):
    return (
        event.get("eventSource") == "iam.amazonaws.com"
        and event.get("eventName") in REMOVING_MFA
        and not event.get("errorCode")
    )


def _target(event):
    params = event.get("requestParameters") or {}
    return params.get("userName") or params.get("serialNumber") or aws_actor(event)


def title(event):
    return f"MFA device removed from {_target(event)} by {aws_actor(event)}"


def dedup(event):
    return _target(event)


def alert_context(event):
    return {
        "target": _target(event),
        "actor": aws_actor(event),
        "serialNumber": deep_get(event, "requestParameters", "serialNumber"),
        "sourceIPAddress": event.get("sourceIPAddress"),
    }
