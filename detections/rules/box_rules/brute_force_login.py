from panther_base_helpers import deep_get


def rule(event):
    return event.get("event_type") == "FAILED_LOGIN"


def _user(event):
    # The user whose login failed is the event's source; created_by is anonymous.
    return deep_get(event, "source", "login") or deep_get(event, "source", "name") or "<unknown user>"


def title(event):
    return f"Repeated failed Box logins for {_user(event)}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {"user": _user(event), "ipAddress": event.get("ip_address")}
