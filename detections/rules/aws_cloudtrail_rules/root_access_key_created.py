from panther_base_helpers import deep_get


def rule(event):
    # Root creating a key for an IAM user names that user; a key for root itself names no one.
    return (
        event.get("eventName") == "CreateAccessKey"
        and deep_get(event, "userIdentity", "type") == "Root"
        and not event.get("errorCode")
        and not deep_get(event, "requestParameters", "userName")
    )


def title(event):
    account = deep_get(event, "userIdentity", "accountId") or event.get("recipientAccountId") or "<unknown account>"
    return f"Access key created for the root user of AWS account {account}"


def dedup(event):
    return deep_get(event, "userIdentity", "accountId") or event.get("recipientAccountId") or "<unknown account>"


def alert_context(event):
    return {
        "accessKeyId": deep_get(event, "responseElements", "accessKey", "accessKeyId"),
        "sourceIPAddress": event.get("sourceIPAddress"),
        "userAgent": event.get("userAgent"),
    }
