from panther_base_helpers import deep_get, gsuite_parameter

SUSPICIOUS_EVENTS = {"suspicious_login", "suspicious_login_less_secure_app", "suspicious_programmatic_login"}


def _suspicious(event):
    for activity in event.get("events") or []:
        if activity.get("name") in SUSPICIOUS_EVENTS:
            return True
        if activity.get("name") == "login_success" and gsuite_parameter(activity.get("parameters"), "is_suspicious") is True:
            return True
    return False


def rule(event):
    return deep_get(event, "id", "applicationName") == "login" and _suspicious(event)


def _user(event):
    return deep_get(event, "actor", "email") or "<unknown user>"


def title(event):
    return f"Google flagged a suspicious login by {_user(event)} from {event.get('ipAddress') or '<unknown address>'}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {
        "user": _user(event),
        "ipAddress": event.get("ipAddress"),
        "events": [activity.get("name") for activity in event.get("events") or []],
        "region": deep_get(event, "networkInfo", "regionCode"),
    }
