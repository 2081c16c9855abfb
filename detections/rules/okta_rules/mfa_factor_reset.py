from panther_base_helpers import deep_get, okta_alert_context

RESETS = {"user.mfa.factor.reset_all", "user.mfa.factor.deactivate"}


def rule(event):
    return event.get("eventType") in RESETS and deep_get(event, "outcome", "result") == "SUCCESS"


def _user(event):
    users = [t.get("alternateId") for t in event.get("target") or [] if t.get("type") == "User"]
    return users[0] if users else deep_get(event, "actor", "alternateId") or "<unknown user>"


def title(event):
    return f"Okta MFA factors of {_user(event)} reset by {deep_get(event, 'actor', 'alternateId')}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return okta_alert_context(event)
