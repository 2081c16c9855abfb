from panther_base_helpers import aws_actor, deep_get

STOPPING = {"DeleteDetector", "DisassociateFromAdministratorAccount", "DisassociateFromMasterAccount", "StopMonitoringMembers"}


def rule(event):
    if event.get("eventSource") != "guardduty.amazonaws.com" or event.get("errorCode"):
        return False
    name = event.get("eventName")
    if name == "UpdateDetector":
        return deep_get(event, "requestParameters", "enable") is False
    return name in STOPPING


def title(event):
    return f"GuardDuty weakened: {event.get('eventName')} by {aws_actor(event)} in {event.get('awsRegion') or '<unknown region>'}"


def dedup(event):
    return f"{event.get('recipientAccountId') or ''}:{event.get('awsRegion') or ''}"


def alert_context(event):
    return {
        "eventName": event.get("eventName"),
        "detectorId": deep_get(event, "requestParameters", "detectorId"),
        "actor": aws_actor(event),
        "sourceIPAddress": event.get("sourceIPAddress"),
    }
