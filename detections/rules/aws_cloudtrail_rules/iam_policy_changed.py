POLICY_CHANGES = {
    "AttachGroupPolicy", "AttachRolePolicy", "AttachUserPolicy",
    "CreatePolicy", "CreatePolicyVersion", "DeletePolicy", "DeletePolicyVersion", "SetDefaultPolicyVersion",
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy",
    "DetachGroupPolicy", "DetachRolePolicy", "DetachUserPolicy",
    "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy",
}


def rule(event):
    return (
        event.get("eventSource") == "iam.amazonaws.com"
        and event.udm("event_name") in POLICY_CHANGES
        and not event.get("errorCode")
    )


def title(event):
    return f"IAM policy changed: {event.udm('event_name')} by {event.udm('actor_user')}"


def dedup(event):
    # Every change by one actor in the window is one alert.
    return event.udm("actor_user")


def alert_context(event):
    return {
        "actor": event.udm("actor_user"),
        "eventName": event.udm("event_name"),
        "sourceIPAddress": event.udm("source_ip"),
        "requestParameters": event.get("requestParameters"),
    }
