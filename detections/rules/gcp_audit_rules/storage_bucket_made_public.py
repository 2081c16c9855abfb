from panther_base_helpers import deep_get

PUBLIC_MEMBERS = {"allUsers", "allAuthenticatedUsers"}


def _public_grants(event):
    deltas = deep_get(event, "protoPayload", "serviceData", "policyDelta", "bindingDeltas", default=[])
    return [d for d in deltas if d.get("action") == "ADD" and d.get("member") in PUBLIC_MEMBERS]


def rule(event):
    return (
        deep_get(event, "protoPayload", "methodName") == "storage.setIamPermissions"
        and not deep_get(event, "protoPayload", "status", "code")
        and bool(_public_grants(event))
    )


def _bucket(event):
    return deep_get(event, "resource", "labels", "bucket_name") or "<unknown bucket>"


def title(event):
    grants = ", ".join(f"{d.get('role')} to {d.get('member')}" for d in _public_grants(event))
    actor = deep_get(event, "protoPayload", "authenticationInfo", "principalEmail") or "<unknown principal>"
    return f"GCS bucket {_bucket(event)} made public ({grants}) by {actor}"


def dedup(event):
    return _bucket(event)


def alert_context(event):
    return {
        "bucket": _bucket(event),
        "grants": [{"role": d.get("role"), "member": d.get("member")} for d in _public_grants(event)],
        "actor": deep_get(event, "protoPayload", "authenticationInfo", "principalEmail"),
    }
