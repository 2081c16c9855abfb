# OneLogin event types: 5 is a user logging in to OneLogin.
LOGGED_IN = 5
HIGH_RISK = 50


def rule(event):
    return event.get("event_type_id") == LOGGED_IN and (event.get("risk_score") or 0) >= HIGH_RISK


def _user(event):
    return event.get("user_name") or event.get("actor_user_name") or str(event.get("user_id") or "<unknown user>")


def title(event):
    return f"High risk OneLogin login by {_user(event)} (risk {event.get('risk_score')}: {event.get('risk_reasons') or 'no reasons given'})"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {"user": _user(event), "ipaddr": event.get("ipaddr"), "riskScore": event.get("risk_score"), "riskReasons": event.get("risk_reasons")}
