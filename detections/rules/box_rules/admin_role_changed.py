from panther_base_helpers import deep_get


def rule(event):
    return event.get("event_type") == "CHANGE_ADMIN_ROLE"


def _target(event):
    return deep_get(event, "source", "login") or deep_get(event, "source", "name") or "<unknown user>"


def title(event):
    return f"Box admin role of {_target(event)} changed by {deep_get(event, 'created_by', 'login') or '<unknown admin>'}"


def dedup(event):
    return _target(event)


def alert_context(event):
    return {
        "target": _target(event),
        "actor": deep_get(event, "created_by", "login"),
        "ipAddress": event.get("ip_address"),
        "details": event.get("additional_details"),
    }
