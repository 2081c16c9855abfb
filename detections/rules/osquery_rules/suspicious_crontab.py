import re

from panther_base_helpers import deep_get

# What cron entries planted by intruders tend to do: fetch and run a script, run from a
# world-writable folder, decode a payload, or open a reverse shell.
SUSPICIOUS = [
    (re.compile(r"(curl|wget)\b[^|;]*\|\s*(ba|z|da)?sh\b"), "downloads and runs a script"),
    (re.compile(r"(^|\s)/(tmp|dev/shm|var/tmp)/"), "runs from a world-writable folder"),
    (re.compile(r"base64\s+(-d|--decode)"), "decodes a base64 payload"),
    (re.compile(r"\b(nc|ncat|netcat)\b.*\s-e\s"), "opens a reverse shell"),
    (re.compile(r"/dev/tcp/"), "opens a reverse shell"),
]


def _reasons(event):
    command = str(deep_get(event, "columns", "command", default=""))
    return sorted({reason for pattern, reason in SUSPICIOUS if pattern.search(command)})


def rule(event):
    return "crontab" in str(event.get("name", "")) and event.get("action") == "added" and bool(_reasons(event))


def title(event):
    return f"Suspicious cron job on {event.get('hostIdentifier')}: it {' and '.join(_reasons(event))}"


def dedup(event):
    return f"{event.get('hostIdentifier')}:{deep_get(event, 'columns', 'command')}"


def alert_context(event):
    return {"host": event.get("hostIdentifier"), "command": deep_get(event, "columns", "command"), "path": deep_get(event, "columns", "path"), "reasons": _reasons(event)}
