from panther_base_helpers import deep_get


def rule(event):
    return (
        event.get("eventName") == "ConsoleLogin"
        and deep_get(event, "userIdentity", "type") == "Root"
        and deep_get(event, "responseElements", "ConsoleLogin") == "Success"
    )


def title(event):
    return f"AWS root account console login from {event.get('sourceIPAddress') or '<unknown IP>'}"


def dedup(event):
    # One alert per source address: a second place logging in as root is a second alert.
    return event.get("sourceIPAddress") or "<unknown IP>"


def alert_context(event):
    return {
        "sourceIPAddress": event.get("sourceIPAddress"),
        "userAgent": event.get("userAgent"),
        "accountId": deep_get(event, "userIdentity", "accountId"),
        "mfaUsed": deep_get(event, "additionalEventData", "MFAUsed"),
    }
