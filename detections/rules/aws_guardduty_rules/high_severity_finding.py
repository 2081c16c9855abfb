from panther_base_helpers import deep_get

HIGH = 7.0
CRITICAL = 9.0


def rule(event):
    # Archived findings were judged already; they come back only as updates.
    return float(event.get("severity") or 0) >= HIGH and deep_get(event, "service", "archived") is not True


def title(event):
    return f"GuardDuty: {event.get('title') or event.get('type')} (account {event.get('accountId')}, {event.get('region')})"


def dedup(event):
    # A finding keeps its ID as GuardDuty updates it.
    return event.get("id") or event.get("type") or "<unknown finding>"


def severity(event):
    return "CRITICAL" if float(event.get("severity") or 0) >= CRITICAL else "HIGH"


def alert_context(event):
    return {
        "type": event.get("type"),
        "severity": event.get("severity"),
        "accountId": event.get("accountId"),
        "region": event.get("region"),
        "resourceType": deep_get(event, "resource", "resourceType"),
        "instanceId": deep_get(event, "resource", "instanceDetails", "instanceId"),
        "count": deep_get(event, "service", "count"),
    }
