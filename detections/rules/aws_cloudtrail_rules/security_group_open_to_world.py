from panther_base_helpers import as_list, aws_actor, deep_get

WORLD = {"0.0.0.0/0", "::/0"}
# Public web ports are meant to be open to everyone.
WEB_PORTS = {(80, 80), (443, 443)}


def _open_permissions(event):
    """(protocol, from port, to port) of each rule the request opens to the whole internet."""
    opened = []
    for permission in as_list(deep_get(event, "requestParameters", "ipPermissions", "items")):
        ranges = [r.get("cidrIp") for r in as_list(deep_get(permission, "ipRanges", "items"))]
        ranges += [r.get("cidrIpv6") for r in as_list(deep_get(permission, "ipv6Ranges", "items"))]
        if WORLD.intersection(ranges):
            ports = (permission.get("fromPort"), permission.get("toPort"))
            if ports not in WEB_PORTS:
                opened.append((permission.get("ipProtocol"), *ports))
    return opened


def rule(event):
    return (
        event.get("eventSource") == "ec2.amazonaws.com"
        and event.get("eventName") == "AuthorizeSecurityGroupIngress"
        and not event.get("errorCode")
        and bool(_open_permissions(event))
    )


def _describe(opened):
    parts = []
    for protocol, low, high in opened:
        if protocol == "-1":
            parts.append("all traffic")
        else:
            parts.append(f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}")
    return ", ".join(parts)


def title(event):
    group = deep_get(event, "requestParameters", "groupId") or "<unknown group>"
    return f"Security group {group} opened to the internet ({_describe(_open_permissions(event))}) by {aws_actor(event)}"


def dedup(event):
    return deep_get(event, "requestParameters", "groupId") or "<unknown group>"


def alert_context(event):
    return {
        "groupId": deep_get(event, "requestParameters", "groupId"),
        "opened": _describe(_open_permissions(event)),
        "actor": aws_actor(event),
        "region": event.get("awsRegion"),
    }
