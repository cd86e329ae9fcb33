"""Found: control characters were stored as text (a criterion label or workshop title with one
broke the workbook; on the board and in the report they are invisible)."""
import json

import pytest
import socketio

from .conftest import browser


@pytest.mark.parametrize("character", ["\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\x0b", "\x0c", "\ufffe"])
def test_control_characters_are_refused_in_titles_and_criteria(server, character):
    client = browser()
    headers = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
    answer = client.post(server.url + "/api/v1/workshops", headers=headers, timeout=30,
                         data=json.dumps({"title": f"Bimtek{character}Smart City"}))
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_input" and answer.json()["error"]["field"] == "title"
    workshop = server.workshop()
    answer = client.post(f"{server.url}/api/v1/workshops/{workshop['id']}/sessions", headers=headers, timeout=30,
                         data=json.dumps({"title": "Skor", "method": "score",
                                          "criteria": [{"key": "dampak", "label": f"Dam{character}pak"}]}))
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_input"


def test_a_phone_cannot_store_control_characters_either(server):
    workshop = server.workshop(phase="collect")
    joined = browser().post(server.url + "/api/v1/join", timeout=30,
                            json={"join_code": workshop["join_code"], "name": "Tamu\x1b[2J", "group": "opd"})
    assert joined.status_code == 400 and joined.json()["error"]["field"] == "name"
    joined = browser().post(server.url + "/api/v1/join", timeout=30,
                            json={"join_code": workshop["join_code"], "name": "Tamu", "group": "opd"}).json()
    phone = socketio.Client(reconnection=False)
    phone.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"], wait_timeout=20)
    try:
        ack = phone.call("proposal:submit", {"session_id": workshop["session"]["id"], "title": "Wifi\x00\x08desa",
                                             "description": "baris satu\nbaris\tdua\x1b", "dimension": "living"},
                         timeout=20)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"
        ack = phone.call("proposal:submit", {"session_id": workshop["session"]["id"], "title": "Wifi desa",
                                             "description": "baris satu\r\nbaris\tdua", "dimension": "living"},
                         timeout=20)
        assert ack["ok"] is True
    finally:
        phone.disconnect()
