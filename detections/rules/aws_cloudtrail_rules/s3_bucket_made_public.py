from panther_base_helpers import as_list, aws_actor, deep_get

PUBLIC_GROUPS = ("acs.amazonaws.com/groups/global/AllUsers", "acs.amazonaws.com/groups/global/AuthenticatedUsers")
PUBLIC_CANNED_ACLS = {"public-read", "public-read-write", "authenticated-read"}
BLOCK_REMOVED = {"DeleteBucketPublicAccessBlock", "DeletePublicAccessBlock"}


def _public_acl(params):
    if PUBLIC_CANNED_ACLS.intersection(as_list(params.get("x-amz-acl"))):
        return True
    grants = as_list(deep_get(params, "AccessControlPolicy", "AccessControlList", "Grant"))
    return any(str(deep_get(grant, "Grantee", "URI", default="")).endswith(PUBLIC_GROUPS) for grant in grants)


def _is_everyone(principal):
    if principal == "*":
        return True
    return "*" in as_list(deep_get(principal, "AWS"))


def _public_policy(params):
    # A statement that allows everyone without any condition (a source VPC, an account) opens the bucket.
    statements = as_list(deep_get(params, "bucketPolicy", "Statement"))
    return any(
        statement.get("Effect") == "Allow" and _is_everyone(statement.get("Principal")) and not statement.get("Condition")
        for statement in statements
    )


def rule(event):
    if event.get("eventSource") != "s3.amazonaws.com" or event.get("errorCode"):
        return False
    params = event.get("requestParameters") or {}
    name = event.get("eventName")
    if name == "PutBucketAcl":
        return _public_acl(params)
    if name == "PutBucketPolicy":
        return _public_policy(params)
    return name in BLOCK_REMOVED


def _bucket(event):
    return deep_get(event, "requestParameters", "bucketName") or "<unknown bucket>"


def title(event):
    return f"S3 bucket {_bucket(event)} may now be public: {event.get('eventName')} by {aws_actor(event)}"


def dedup(event):
    return _bucket(event)


def alert_context(event):
    return {"bucket": _bucket(event), "eventName": event.get("eventName"), "actor": aws_actor(event), "sourceIPAddress": event.get("sourceIPAddress")}
