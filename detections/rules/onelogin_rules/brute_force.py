# OneLogin event types: 6 is a user failing to authenticate.
FAILED_AUTHENTICATION = 6


def rule(event):
    return event.get("event_type_id") == FAILED_AUTHENTICATION


def _user(event):
    return event.get("user_name") or event.get("login_name") or str(event.get("user_id") or "<unknown user>")


def title(event):
    return f"Repeated failed OneLogin authentications for {_user(event)}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {"user": _user(event), "ipaddr": event.get("ipaddr"), "notes": event.get("notes")}
