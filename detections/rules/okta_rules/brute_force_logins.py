from panther_base_helpers import deep_get, okta_alert_context


def rule(event):
    return event.get("eventType") == "user.session.start" and deep_get(event, "outcome", "result") == "FAILURE"


def _source(event):
    return deep_get(event, "client", "ipAddress") or "<unknown address>"


def title(event):
    return f"Repeated failed Okta sign-ins from {_source(event)} (last user {deep_get(event, 'actor', 'alternateId')})"


def dedup(event):
    # By source address: password spraying tries many users from one place.
    return _source(event)


def alert_context(event):
    context = okta_alert_context(event)
    context["reason"] = deep_get(event, "outcome", "reason")
    return context
