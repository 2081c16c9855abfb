from panther_base_helpers import deep_get

ALL_INTERFACES = {"0.0.0.0", "::", "*"}
# Services expected to listen on every interface of our hosts.
EXPECTED_PORTS = {"22", "80", "443"}


def rule(event):
    columns = event.get("columns") or {}
    return (
        "listening_ports" in str(event.get("name", ""))
        and event.get("action") == "added"
        and columns.get("address") in ALL_INTERFACES
        and str(columns.get("port")) not in EXPECTED_PORTS
    )


def title(event):
    columns = event.get("columns") or {}
    process = columns.get("path") or f"pid {columns.get('pid')}"
    return f"{event.get('hostIdentifier')}: {process} now listens on port {columns.get('port')} on every interface"


def dedup(event):
    return f"{event.get('hostIdentifier')}:{deep_get(event, 'columns', 'port')}"


def alert_context(event):
    return {"host": event.get("hostIdentifier"), "columns": event.get("columns"), "decorations": event.get("decorations")}
