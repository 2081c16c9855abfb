"""Helpers shared by the pack's rules. Import what you need:

    from panther_base_helpers import deep_get, is_public_ip
"""

from collections.abc import Mapping, Sequence
import fnmatch
import ipaddress


def deep_get(obj, *keys, default=None):
    """The value under a path of keys, or default as soon as a level is missing, is not a
    mapping, or the value found is None: rules need not guard every level themselves."""
    value = obj
    for key in keys:
        if not isinstance(value, Mapping):
            return default
        value = value.get(key)
        if value is None:
            return default
    return value


def as_list(value):
    """A list of the value's items: logs converted from XML (such as S3 ACL grants in
    CloudTrail) hold one item as a mapping and several as a list."""
    if value is None:
        return []
    if isinstance(value, Mapping) or isinstance(value, (str, bytes)):
        return [value]
    if isinstance(value, Sequence):
        return list(value)
    return [value]


def parse_ip(value):
    """The ip_address for a string, or None when it is not one."""
    try:
        return ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None


# Address ranges that stay inside an organization's networks.
INTERNAL_NETWORKS = [ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # RFC 1918
    "100.64.0.0/10",  # shared address space (carrier-grade NAT)
    "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16",
    "fc00::/7", "fe80::/10", "::1/128", "::/128",
)]


def is_public_ip(value):
    """True for an address outside the internal ranges (RFC 1918, shared, loopback,
    link-local, unique-local) and not multicast. Documentation ranges such as 203.0.113.0/24
    count as public, as the internet addresses they stand for in examples."""
    ip = parse_ip(value)
    if ip is None or ip.is_multicast:
        return False
    return not any(ip in network for network in INTERNAL_NETWORKS)


def is_ip_in_network(value, networks):
    """True when the address is in one of the CIDR networks."""
    ip = parse_ip(value)
    if ip is None:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


def pattern_match(value, pattern):
    """Shell-style match (*, ?, [abc]) of a string."""
    return isinstance(value, str) and fnmatch.fnmatch(value, pattern)


def pattern_match_list(value, patterns):
    """True when the string matches any of the shell-style patterns."""
    return any(pattern_match(value, pattern) for pattern in patterns)


def aws_strip_role_session_id(arn):
    """An assumed role's ARN without its session name, so that sessions of one role dedup
    together: arn:aws:sts::1:assumed-role/admin/alice becomes arn:aws:sts::1:assumed-role/admin."""
    if not isinstance(arn, str) or ":assumed-role/" not in arn:
        return arn
    prefix, _, rest = arn.partition(":assumed-role/")
    role = rest.split("/", 1)[0]
    return f"{prefix}:assumed-role/{role}"


def aws_actor(event):
    """Who made an AWS API call: the user name, the role behind a session, else the ARN."""
    identity = event.get("userIdentity") or {}
    if identity.get("type") == "Root":
        return "root"
    issuer = deep_get(identity, "sessionContext", "sessionIssuer", "userName")
    return identity.get("userName") or issuer or aws_strip_role_session_id(identity.get("arn")) or "<unknown actor>"


def gsuite_parameter(parameters, name, default=None):
    """The value of one named parameter of a Google Workspace activity event, whichever of
    value, boolValue, intValue, multiValue or multiIntValue holds it."""
    for parameter in parameters or []:
        if parameter.get("name") != name:
            continue
        for field in ("value", "boolValue", "intValue", "multiValue", "multiIntValue", "messageValue"):
            if field in parameter:
                return parameter[field]
    return default


def okta_alert_context(event):
    """What an analyst needs first about an Okta event."""
    return {
        "actor": deep_get(event, "actor", "alternateId"),
        "eventType": event.get("eventType"),
        "outcome": deep_get(event, "outcome", "result"),
        "clientIp": deep_get(event, "client", "ipAddress"),
        "userAgent": deep_get(event, "client", "userAgent", "rawUserAgent"),
        "targets": [target.get("alternateId") for target in event.get("target") or []],
    }
