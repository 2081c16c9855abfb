def rule(event):
    return event.get("httpstatus") == 403 and event.get("errorcode") == "AccessDenied"


def _who(event):
    return event.get("requester") or event.get("remoteip") or "<unknown requester>"


def title(event):
    return f"Many denied requests to S3 bucket {event.get('bucket')} from {_who(event)}"


def dedup(event):
    return f"{event.get('bucket')}:{_who(event)}"


def alert_context(event):
    return {"bucket": event.get("bucket"), "requester": event.get("requester"), "remoteip": event.get("remoteip"), "lastKey": event.get("key")}
