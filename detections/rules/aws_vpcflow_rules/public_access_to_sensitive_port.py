from panther_base_helpers import is_public_ip

# Administration, file sharing and database ports that should never be reachable from the internet.
SENSITIVE_PORTS = {
    22: "SSH", 23: "Telnet", 135: "MS RPC", 139: "NetBIOS", 445: "SMB", 1433: "SQL Server",
    2375: "Docker API", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL", 5900: "VNC",
    6379: "Redis", 9200: "Elasticsearch", 11211: "Memcached", 27017: "MongoDB",
}


def rule(event):
    return (
        event.udm("action") == "ACCEPT"
        and event.udm("destination_port") in SENSITIVE_PORTS
        and is_public_ip(event.udm("source_ip"))
        and not is_public_ip(event.udm("destination_ip"))
    )


def title(event):
    port = event.udm("destination_port")
    return f"{event.udm('source_ip')} reached {SENSITIVE_PORTS[port]} (port {port}) on {event.udm('destination_ip')}"


def dedup(event):
    return f"{event.udm('destination_ip')}:{event.udm('destination_port')}"


def alert_context(event):
    return {
        "sourceIp": event.udm("source_ip"),
        "destinationIp": event.udm("destination_ip"),
        "destinationPort": event.udm("destination_port"),
        "interfaceId": event.get("interface-id"),
        "accountId": event.get("account-id"),
    }
