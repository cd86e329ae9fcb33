"""The join URL: REMBUK_PUBLIC_URL, else a LAN address, never loopback when a LAN exists."""
import ipaddress

from workshop import publicurl


def test_lan_addresses_lists_no_loopback():
    for address in publicurl.lan_addresses():
        parsed = ipaddress.ip_address(address)
        assert not parsed.is_loopback and not parsed.is_link_local


def test_configured_public_url_wins(app):
    with app.test_request_context(base_url="http://127.0.0.1:5000"):
        assert publicurl.join_url("ABC234") == "http://127.0.0.1:5999/j/ABC234"


def test_lan_address_is_used_with_the_request_port(app, monkeypatch):
    app.config["PUBLIC_URL"] = None
    monkeypatch.setattr(publicurl, "lan_addresses", lambda: ["192.168.43.17", "10.0.0.5"])
    with app.test_request_context(base_url="http://127.0.0.1:8080"):
        assert publicurl.join_url("ABC234") == "http://192.168.43.17:8080/j/ABC234"
    with app.app_context():
        assert publicurl.public_base_url() == f"http://192.168.43.17:{app.config['SERVER_PORT']}"


def test_without_any_lan_the_request_host_is_used(app, monkeypatch):
    app.config["PUBLIC_URL"] = None
    monkeypatch.setattr(publicurl, "lan_addresses", lambda: [])
    with app.test_request_context(base_url="http://127.0.0.1:8080"):
        assert publicurl.public_base_url() == "http://127.0.0.1:8080"


def test_virtual_interfaces_come_last(monkeypatch):
    class Ip:
        def __init__(self, ip):
            self.ip = ip

    class Adapter:
        def __init__(self, name, ip):
            self.name = self.nice_name = name
            self.ips = [Ip(ip), Ip(("fe80::1", 0, 0))]

    monkeypatch.setattr(publicurl.ifaddr, "get_adapters", lambda: [
        Adapter("docker0", "172.17.0.1"), Adapter("lo", "127.0.0.1"), Adapter("wlp2s0", "192.168.1.20"),
        Adapter("eth9", "169.254.3.3")])
    assert publicurl.lan_addresses() == ["192.168.1.20", "172.17.0.1"]
