from panther_base_helpers import deep_get

# Federated and SSO sessions log in as assumed roles, with MFA enforced by the identity
# provider, so only password logins of IAM users and root are judged here.
PASSWORD_USERS = {"IAMUser", "Root"}


def rule(event):
    return (
        event.get("eventName") == "ConsoleLogin"
        and deep_get(event, "responseElements", "ConsoleLogin") == "Success"
        and deep_get(event, "userIdentity", "type") in PASSWORD_USERS
        and deep_get(event, "additionalEventData", "MFAUsed") == "No"
    )


def _user(event):
    identity = event.get("userIdentity") or {}
    return identity.get("arn") or identity.get("userName") or "<unknown user>"


def title(event):
    return f"Console login without MFA by {_user(event)}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {"user": _user(event), "sourceIPAddress": event.get("sourceIPAddress"), "userAgent": event.get("userAgent")}
