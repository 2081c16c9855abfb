from panther_base_helpers import deep_get, gsuite_parameter

GRANTS = {"GRANT_ADMIN_PRIVILEGE", "ASSIGN_ROLE"}


def _grants(event):
    return [activity for activity in event.get("events") or [] if activity.get("name") in GRANTS]


def rule(event):
    return deep_get(event, "id", "applicationName") == "admin" and bool(_grants(event))


def _recipient(event):
    parameters = _grants(event)[0].get("parameters")
    return gsuite_parameter(parameters, "USER_EMAIL") or "<unknown user>"


def _actor(event):
    return deep_get(event, "actor", "email") or deep_get(event, "actor", "applicationInfo", "applicationName") or "<unknown actor>"


def title(event):
    role = gsuite_parameter(_grants(event)[0].get("parameters"), "ROLE_NAME")
    granted = f"the {role} role" if role else "admin privileges"
    return f"Google Workspace: {_actor(event)} granted {granted} to {_recipient(event)}"


def dedup(event):
    return _recipient(event)


def alert_context(event):
    return {"actor": _actor(event), "recipient": _recipient(event), "ipAddress": event.get("ipAddress")}
