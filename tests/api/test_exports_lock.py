"""The results lock: closing a workshop makes its exports final until an explicit, logged reopen."""
import io
import re

import openpyxl
import pytest

from ..conftest import Api
from .test_web import csrf_token, login


@pytest.fixture
def room(api, connect):
    """A dots session in vote with two proposals and a phone that has voted."""
    workshop = api.workshop(venue="Pendopo Purbalingga", date="2024-06-12")
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = api.join(workshop["join_code"], name="Siti", group="umkm")
    sio = connect(phone["token"])
    ids = [sio.emit("proposal:submit", {"session_id": session["id"], "title": title, "dimension": "economy",
                                        "client_id": str(i)}, callback=True)["proposal"]["id"]
           for i, title in enumerate(["Pasar daring UMKM", "Pasar daring desa"])]
    api.phase(session["id"], "vote")
    assert sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(ids[0]): 2}}},
                    callback=True)["ok"]
    return {"workshop": workshop, "sid": session["id"], "ids": ids, "sio": sio, "phone": phone}


def close(api, workshop_id, action="close"):
    response = api.post(f"/api/v1/workshops/{workshop_id}/{action}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_closed_workshop_refuses_every_change_with_workshop_closed(app, api, room):
    wid, sid, (first, second) = room["workshop"]["id"], room["sid"], room["ids"]
    locked = close(api, wid)
    assert locked["closed"] is True and locked["closed_at"].endswith("Z")
    # Closing again keeps the first lock time.
    assert close(api, wid)["closed_at"] == locked["closed_at"]
    api.client.set_cookie("lang", "en")
    refused = [
        api.post(f"/api/v1/sessions/{sid}/phase", {"phase": "closed"}),
        api.post(f"/api/v1/workshops/{wid}/sessions", {"title": "Sesi baru"}),
        api.client.patch(f"/api/v1/sessions/{sid}", json={"title": "Judul baru"}, headers=api.headers),
        api.post(f"/api/v1/sessions/{sid}/reveal", {"revealed": True}),
        api.post(f"/api/v1/sessions/{sid}/timer", {"action": "start", "seconds": 60}),
        api.post(f"/api/v1/sessions/{sid}/paper-ballots", {"group": "opd", "ballot": {"dots": {str(first): 1}}}),
        api.client.patch(f"/api/v1/proposals/{first}", json={"quick_win": True}, headers=api.headers),
        api.post(f"/api/v1/proposals/{second}/merge", {"into": first}),
        api.client.delete(f"/api/v1/participants/{room['phone']['participant_id']}", headers=api.headers),
        app.test_client().post("/api/v1/join", json={"join_code": room["workshop"]["join_code"], "name": "Agus",
                                                     "group": "opd"}),
    ]
    for response in refused:
        assert response.status_code == 409, response.get_json()
        error = response.get_json()["error"]
        assert error["code"] == "workshop_closed" and "final" in error["message"]
    for event, payload in [("ballot:cast", {"session_id": sid, "ballot": {"dots": {str(second): 1}}}),
                           ("proposal:submit", {"session_id": sid, "title": "Usulan terlambat",
                                                "dimension": "society", "client_id": "late"})]:
        ack = room["sio"].emit(event, payload, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "workshop_closed", ack
    # Nothing changed: the ballot and the results are as they were at the lock.
    results = api.results(sid)
    assert [(r["proposal_id"], r["score"]) for r in results["results"]] == [(first, 2), (second, 0)]
    workshop = api.get(f"/api/v1/workshops/{wid}").get_json()
    assert workshop["sessions"][0]["phase"] == "vote" and len(workshop["sessions"]) == 1
    # Reading is still allowed.
    assert api.get(f"/api/v1/workshops/{wid}/export.xlsx").status_code == 200


def test_reopen_is_logged_and_allows_changes_again(api, room):
    wid, sid = room["workshop"]["id"], room["sid"]
    locked = close(api, wid)
    reopened = close(api, wid, "reopen")
    assert reopened == {"id": wid, "closed": False, "closed_at": None}
    entries = api.get(f"/api/v1/workshops/{wid}/moderation-log").get_json()["entries"]
    assert [e["action"] for e in entries][-2:] == ["workshop_closed", "workshop_reopened"]
    assert entries[-1]["by"] == api.email and entries[-1]["detail"] == {"closed_at": locked["closed_at"]}
    # Reopening an open workshop changes nothing and logs nothing.
    close(api, wid, "reopen")
    assert len(api.get(f"/api/v1/workshops/{wid}/moderation-log").get_json()["entries"]) == len(entries)
    assert api.post(f"/api/v1/sessions/{sid}/phase", {"phase": "closed"}).status_code == 200
    ack = room["sio"].emit("ballot:cast", {"session_id": sid, "ballot": {"dots": {}}}, callback=True)
    assert ack["error"]["code"] == "wrong_phase"  # refused for its own reason, not the lock


def test_only_the_owner_closes_and_reopens(app, api, room):
    wid = room["workshop"]["id"]
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    for action in ("close", "reopen"):
        assert app.test_client().post(f"/api/v1/workshops/{wid}/{action}").status_code == 401
        assert other.post(f"/api/v1/workshops/{wid}/{action}").get_json()["error"]["code"] == "forbidden"
        assert api.post(f"/api/v1/workshops/999/{action}").status_code == 404


def test_exports_show_the_lock_time(api, room):
    wid = room["workshop"]["id"]
    before = api.get(f"/api/v1/workshops/{wid}/export.xlsx")
    assert re.search(r'filename="rembuk-\w{6}\.xlsx"', before.headers["Content-Disposition"])
    api.client.set_cookie("lang", "en")
    page = api.get(f"/api/v1/workshops/{wid}/report.html").get_data(as_text=True)
    assert "Provisional" in page
    locked = close(api, wid)
    stamp = locked["closed_at"]
    response = api.get(f"/api/v1/workshops/{wid}/export.xlsx")
    assert re.search(r'filename="rembuk-\w{6}-final-\d{8}-\d{4}\.xlsx"', response.headers["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.properties.description.startswith("Final: results locked at ")
    assert book["Program Prioritas"].oddHeader.center.text.endswith(book.properties.description)
    assert book["Log Moderasi"].cell(book["Log Moderasi"].max_row, 4).value == "Workshop closed: results locked"
    assert api.get(f"/api/v1/workshops/{wid}/export.json").get_json()["workshop"]["closed_at"] == stamp
    assert "-final-" in api.get(f"/api/v1/workshops/{wid}/export.csv").headers["Content-Disposition"]
    page = api.get(f"/api/v1/workshops/{wid}/report.html").get_data(as_text=True)
    assert "Final: results locked at" in page and 'class="status final"' in page


def test_console_form_closes_and_comes_back(app, api, room):
    """The console's export partial posts a plain form (CSRF token, next) and is sent back."""
    wid = room["workshop"]["id"]
    browser = login(app, api)
    page = browser.get(f"/console/workshops/{wid}").get_data(as_text=True)
    token = csrf_token(page)
    back = f"/console/workshops/{wid}"
    assert browser.post(f"/api/v1/workshops/{wid}/close", data={"next": back}).status_code == 403
    response = browser.post(f"/api/v1/workshops/{wid}/close", data={"csrf_token": token, "next": back})
    assert response.status_code == 303 and response.headers["Location"].endswith(back)
    assert api.get(f"/api/v1/workshops/{wid}/export.json").get_json()["workshop"]["closed_at"]
    response = browser.post(f"/api/v1/workshops/{wid}/reopen", data={"csrf_token": token,
                                                                      "next": "https://example.org/"})
    assert response.status_code == 303 and response.headers["Location"].endswith(back)


def test_console_partial_links_exports_and_switches_the_lock(app, api, room):
    """templates/console/_exports.html, rendered with the context it documents."""
    from flask import render_template

    from workshop.extensions import db
    from workshop.exports.tables import export_panel
    from workshop.models import Workshop

    wid = room["workshop"]["id"]

    def render():
        with app.test_request_context(headers={"Cookie": "lang=en"}):
            workshop = db.session.get(Workshop, wid)
            html = render_template("console/_exports.html", workshop=workshop, export_panel=export_panel(workshop))
            db.session.remove()
            return html

    html = render()
    for path in ("export.xlsx", "report.html", "report.pdf", "export.csv", "export.json", "close"):
        assert f"/api/v1/workshops/{wid}/{path}" in html
    assert f'value="/console/workshops/{wid}#exports"' in html and 'name="csrf_token"' in html
    assert "provisional" in html and "style=" not in html and "<script" not in html
    close(api, wid)
    html = render()
    assert f"/api/v1/workshops/{wid}/reopen" in html and "Results are final: locked at" in html
