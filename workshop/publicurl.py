"""The address phones should open: REMBUK_PUBLIC_URL, else this machine's LAN address.

The LAN address is found by listing the network interfaces (no traffic is sent).
"""
from __future__ import annotations

import ipaddress

import ifaddr
from flask import current_app, has_request_context, request

# Interfaces that are never the venue's Wi-Fi.
_VIRTUAL_PREFIXES = ("docker", "veth", "br-", "virbr", "lo", "tun", "tap", "zt", "tailscale", "wg")


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's non-loopback interfaces, the likeliest Wi-Fi first."""
    found = []
    for adapter in ifaddr.get_adapters():
        name = (adapter.nice_name or adapter.name or "").lower()
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6 entries are tuples
            address = ipaddress.ip_address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified:
                continue
            virtual = name.startswith(_VIRTUAL_PREFIXES)
            found.append((virtual, not address.is_private, name, ip.ip))
    return [entry[-1] for entry in sorted(found)]


def _port() -> int:
    if has_request_context():
        host = request.host
        if host.rsplit(":", 1)[-1].isdigit() and not host.endswith("]"):
            return int(host.rsplit(":", 1)[-1])
        return 443 if request.scheme == "https" else 80
    return current_app.config["SERVER_PORT"]


def public_base_url() -> str:
    """Base URL (no trailing slash) that phones on the venue network can reach."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    addresses = lan_addresses()
    if addresses:
        port = _port()
        return f"http://{addresses[0]}" + ("" if port == 80 else f":{port}")
    if has_request_context():
        return request.host_url.rstrip("/")
    return f"http://127.0.0.1:{current_app.config['SERVER_PORT']}"


def join_url(join_code: str, base: str | None = None) -> str:
    """The URL a QR code encodes for a workshop (`base`: the address chosen for it, if any)."""
    return f"{base or public_base_url()}/j/{join_code}"
