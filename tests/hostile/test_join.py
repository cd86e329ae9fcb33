"""Found: a page on another site could post a `text/plain` form to `/api/v1/join`; the victim's
phone then voted under the name and group the attacker chose (its participant cookie was set)."""
import json

import pytest

from .conftest import browser


def body(server, workshop):
    return json.dumps({"join_code": workshop["join_code"], "name": "Penyusup", "group": "opd"})


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_a_cross_site_form_cannot_join_for_the_victim(server, content_type):
    workshop = server.workshop()
    headers = {"Origin": "http://evil.example"}
    if content_type:
        headers["Content-Type"] = content_type
    answer = browser().post(server.url + "/api/v1/join", data=body(server, workshop), headers=headers, timeout=30)
    assert answer.status_code in (400, 403, 415)
    assert "rembuk_participant" not in answer.cookies
    assert server.api("GET", f"/api/v1/workshops/{workshop['id']}/participants")["participants"] == []


def test_json_from_another_origin_is_refused_too(server):
    # A browser sends this only after a CORS preflight the server never grants; a non-browser
    # client that claims another origin is refused the same way.
    workshop = server.workshop()
    answer = browser().post(server.url + "/api/v1/join", data=body(server, workshop), timeout=30,
                            headers={"Content-Type": "application/json", "Origin": "http://evil.example"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "cross_origin"
    answer = browser().post(server.url + "/api/v1/join", data=body(server, workshop), timeout=30,
                            headers={"Content-Type": "text/plain"})
    assert answer.status_code == 415 and answer.json()["error"]["code"] == "json_required"


@pytest.mark.parametrize("origin", [None, "same"])
def test_the_phone_page_still_joins(server, origin):
    workshop = server.workshop()
    headers = {"Content-Type": "application/json"}
    if origin:
        headers["Origin"] = server.url
    answer = browser().post(server.url + "/api/v1/join", data=body(server, workshop), headers=headers, timeout=30)
    assert answer.status_code == 201 and "rembuk_participant" in answer.cookies
