def rule(event):
    # Anonymous requests have no requester; a successful one means the object is public.
    status = event.get("httpstatus") or 0
    return (
        not event.get("requester")
        and str(event.get("operation", "")).startswith("REST.")
        and 200 <= status < 300
    )


def title(event):
    return f"Anonymous {event.get('operation')} on S3 bucket {event.get('bucket')} from {event.get('remoteip')}"


def dedup(event):
    return event.get("bucket") or "<unknown bucket>"


def alert_context(event):
    return {
        "bucket": event.get("bucket"),
        "key": event.get("key"),
        "operation": event.get("operation"),
        "remoteip": event.get("remoteip"),
        "useragent": event.get("useragent"),
    }
