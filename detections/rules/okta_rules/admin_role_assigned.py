from panther_base_helpers import deep_get, okta_alert_context

GRANTS = {"user.account.privilege.grant", "group.privilege.grant"}


def _privileges(event):
    return str(deep_get(event, "debugContext", "debugData", "privilegeGranted", default=""))


def rule(event):
    return (
        event.get("eventType") in GRANTS
        and deep_get(event, "outcome", "result") == "SUCCESS"
        and "admin" in _privileges(event).lower()
    )


def _targets(event):
    return ", ".join(t.get("alternateId") or t.get("displayName") or "?" for t in event.get("target") or [])


def title(event):
    return f"Okta admin privileges ({_privileges(event)}) granted to {_targets(event)} by {deep_get(event, 'actor', 'alternateId')}"


def dedup(event):
    return _targets(event)


def severity(event):
    return "HIGH" if "super" in _privileges(event).lower() else "MEDIUM"


def alert_context(event):
    context = okta_alert_context(event)
    context["privilegeGranted"] = _privileges(event)
    return context
