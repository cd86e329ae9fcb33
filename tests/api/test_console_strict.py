"""Console: choosing the QR address, strict mode, and the printable personal codes."""
import re

from .test_web import csrf_token, login


def test_settings_form_sets_strict_mode_and_address(app, api, monkeypatch):
    from workshop.web import console
    monkeypatch.setattr(console, "lan_addresses", lambda: ["192.168.43.10", "10.0.0.7"])
    workshop = api.workshop()
    browser = login(app, api)
    page = browser.get(f"/console/workshops/{workshop['id']}").get_data(as_text=True)
    assert 'value="http://10.0.0.7"' in page and "http://192.168.43.10" in page
    response = browser.post(f"/console/workshops/{workshop['id']}/settings", data={
        "csrf_token": csrf_token(page), "strict": "y", "public_base_url": "http://10.0.0.7"})
    assert response.status_code == 302
    body = api.get(f"/api/v1/workshops/{workshop['id']}").get_json()
    assert body["strict"] is True and body["join_url"] == f"http://10.0.0.7/j/{workshop['join_code']}"
    page = browser.get(f"/console/workshops/{workshop['id']}").get_data(as_text=True)
    assert f"http://10.0.0.7/j/{workshop['join_code']}" in page
    refused = browser.post(f"/console/workshops/{workshop['id']}/settings", data={"strict": ""})
    assert refused.status_code == 400
    assert api.get(f"/api/v1/workshops/{workshop['id']}").get_json()["strict"] is True  # no CSRF, no change


def test_tickets_page_prints_codes_once_and_tracks_use(app, api):
    workshop = api.workshop(strict=True)
    browser = login(app, api)
    page = browser.get(f"/console/workshops/{workshop['id']}/tickets").get_data(as_text=True)
    made = browser.post(f"/console/workshops/{workshop['id']}/tickets", data={
        "csrf_token": csrf_token(page), "names": "Siti Aminah\nAgus Salim\n", "count": ""}).get_data(as_text=True)
    codes = re.findall(r'<td class="ticket-code">([A-Z0-9]{4}-[A-Z0-9]{4})</td>', made)
    assert len(codes) == 2 and "Siti Aminah" in made
    joined = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Siti",
                                                          "group": "umkm", "ticket": codes[0]})
    assert joined.status_code == 201
    later = browser.get(f"/console/workshops/{workshop['id']}/tickets").get_data(as_text=True)
    assert codes[0] not in later and codes[1] not in later  # shown once only
    assert re.search(r"1\D+2", later)  # 1 of 2 used
    other = app.test_client()
    assert other.get(f"/console/workshops/{workshop['id']}/tickets").status_code == 302
