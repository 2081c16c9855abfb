from panther_base_helpers import is_public_ip

# Ports malware and tooling use by default for command and control or mining, and that
# ordinary servers have no reason to call out on.
SUSPICIOUS_PORTS = {
    4444: "Metasploit default handler", 5555: "Android debug / RAT", 6667: "IRC", 6697: "IRC over TLS",
    1337: "common backdoor", 31337: "common backdoor",
    3333: "mining pool", 14444: "mining pool", 45700: "mining pool",
}


def rule(event):
    return (
        event.udm("action") == "ACCEPT"
        and event.udm("destination_port") in SUSPICIOUS_PORTS
        and is_public_ip(event.udm("destination_ip"))
        and not is_public_ip(event.udm("source_ip"))
    )


def title(event):
    port = event.udm("destination_port")
    return f"{event.udm('source_ip')} connected out to {event.udm('destination_ip')} on port {port} ({SUSPICIOUS_PORTS[port]})"


def dedup(event):
    return f"{event.udm('source_ip')}->{event.udm('destination_ip')}:{event.udm('destination_port')}"


def alert_context(event):
    return {
        "sourceIp": event.udm("source_ip"),
        "destinationIp": event.udm("destination_ip"),
        "destinationPort": event.udm("destination_port"),
        "interfaceId": event.get("interface-id"),
    }
