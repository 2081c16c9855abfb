import re
from urllib.parse import unquote

# Request patterns of the common automated attacks: path traversal, sensitive files,
# script injection, SQL injection and JNDI lookups (Log4Shell).
PROBES = [
    (re.compile(r"\.\./|\.\.\\"), "path traversal"),
    (re.compile(r"/etc/(passwd|shadow)|/proc/self/environ|\.git/config|\.env\b", re.I), "sensitive file"),
    (re.compile(r"<script|javascript:", re.I), "script injection"),
    (re.compile(r"union(\s|\+)+select|'\s*or\s+'?1'?\s*=\s*'?1", re.I), "SQL injection"),
    (re.compile(r"\$\{jndi:", re.I), "JNDI lookup"),
]


def _attacks(event):
    # Twice: probes often encode their payload twice to slip past filters.
    url = unquote(unquote(str(event.get("request_url", ""))))
    text = url + " " + str(event.get("user_agent", ""))
    return sorted({name for pattern, name in PROBES if pattern.search(text)})


def rule(event):
    return bool(_attacks(event))


def title(event):
    return f"Web attack probe ({', '.join(_attacks(event))}) from {event.get('client_ip')} on {event.get('elb')}"


def dedup(event):
    return event.get("client_ip") or "<unknown client>"


def alert_context(event):
    return {
        "clientIp": event.get("client_ip"),
        "requestUrl": event.get("request_url"),
        "userAgent": event.get("user_agent"),
        "elbStatusCode": event.get("elb_status_code"),
        "attacks": _attacks(event),
    }
