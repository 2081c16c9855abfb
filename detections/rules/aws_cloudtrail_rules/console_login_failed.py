from panther_base_helpers import deep_get


def rule(event):
    return event.get("eventName") == "ConsoleLogin" and deep_get(event, "responseElements", "ConsoleLogin") == "Failure"


def _user(event):
    # Failed logins of unknown users carry no ARN; the name or principal still groups them.
    identity = event.get("userIdentity") or {}
    return identity.get("arn") or identity.get("userName") or identity.get("principalId") or "<unknown user>"


def title(event):
    account = deep_get(event, "userIdentity", "accountId") or event.get("recipientAccountId") or "<unknown account>"
    return f"Repeated failed AWS console logins for {_user(event)} in account {account}"


def dedup(event):
    return _user(event)


def alert_context(event):
    return {
        "user": _user(event),
        "sourceIPAddress": event.get("sourceIPAddress"),
        "userAgent": event.get("userAgent"),
        "errorMessage": event.get("errorMessage"),
        "mfaUsed": deep_get(event, "additionalEventData", "MFAUsed"),
    }
