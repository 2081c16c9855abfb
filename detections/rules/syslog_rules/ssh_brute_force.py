import re

FAILED = re.compile(r"Failed (password|publickey) for (invalid user )?(?P<user>\S+) from (?P<ip>[0-9A-Fa-f.:]+)")


def _failure(event):
    if event.get("appname") != "sshd":
        return None
    return FAILED.search(str(event.get("message", "")))


def rule(event):
    return _failure(event) is not None


def title(event):
    failure = _failure(event)
    return f"SSH brute force against {event.get('hostname')} from {failure.group('ip')} (last user {failure.group('user')})"


def dedup(event):
    return f"{event.get('hostname')}:{_failure(event).group('ip')}"


def alert_context(event):
    failure = _failure(event)
    return {"host": event.get("hostname"), "sourceIp": failure.group("ip"), "user": failure.group("user"), "invalidUser": bool(failure.group(2))}
