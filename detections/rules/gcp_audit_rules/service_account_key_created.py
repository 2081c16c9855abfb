from panther_base_helpers import deep_get


def rule(event):
    return (
        deep_get(event, "protoPayload", "methodName") == "google.iam.admin.v1.CreateServiceAccountKey"
        and not deep_get(event, "protoPayload", "status", "code")
    )


def _account(event):
    # projects/<project>/serviceAccounts/<email>
    name = deep_get(event, "protoPayload", "request", "name") or deep_get(event, "protoPayload", "resourceName") or ""
    return name.rsplit("/", 1)[-1] or "<unknown service account>"


def _actor(event):
    return deep_get(event, "protoPayload", "authenticationInfo", "principalEmail") or "<unknown principal>"


def title(event):
    return f"GCP service account key created for {_account(event)} by {_actor(event)}"


def dedup(event):
    return _account(event)


def alert_context(event):
    return {
        "serviceAccount": _account(event),
        "actor": _actor(event),
        "callerIp": deep_get(event, "protoPayload", "requestMetadata", "callerIp"),
        "project": deep_get(event, "resource", "labels", "project_id"),
    }
