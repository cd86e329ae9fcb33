"""workshop.changes and the live layer's ear on it: told after the commit, never after a rollback."""
import logging

from sqlalchemy import select

from workshop.changes import Change, changed, subscribe
from workshop.extensions import db
from workshop.live.broadcast import broadcaster
from workshop.models import Workshop

from ..api.test_web import csrf_token, login
from ..conftest import events


def stored_title(workshop_id: int) -> str:
    """The title as another connection sees it: only what is committed."""
    with db.engine.connect() as connection:
        return connection.scalar(select(Workshop.title).where(Workshop.id == workshop_id))


def test_a_change_is_told_after_its_commit_and_a_rolled_back_one_never(app, api):
    workshop_id = api.workshop()["id"]
    heard = []
    subscribe(app, lambda notes: heard.append((notes, stored_title(workshop_id))))
    with app.app_context():
        db.session.get(Workshop, workshop_id).title = "Dibatalkan"
        changed(workshop_id)
        db.session.rollback()
        db.session.get(Workshop, workshop_id).title = "Ditutup tanpa simpan"
        changed(workshop_id)
        db.session.remove()  # closed without a commit: as good as rolled back
        db.session.get(Workshop, workshop_id).title = "Disimpan"
        changed(workshop_id, 7, phones=True)
        assert heard == []
        db.session.commit()
        assert heard == [([Change(workshop_id, 7, phones=True)], "Disimpan")]
        db.session.commit()  # a commit that noted nothing tells nobody
    assert len(heard) == 1


def test_a_failing_listener_does_not_undo_the_change(app, api, caplog):
    workshop_id = api.workshop()["id"]

    def broken(_notes):
        raise RuntimeError("listener down")

    subscribe(app, broken)
    with caplog.at_level(logging.ERROR, logger="workshop.changes"):
        response = api.client.patch(f"/api/v1/workshops/{workshop_id}", json={"title": "Judul baru"},
                                    headers=api.headers)
    assert response.status_code == 200 and response.get_json()["title"] == "Judul baru"
    with app.app_context():
        assert stored_title(workshop_id) == "Judul baru"
    assert "listener down" in caplog.text


def test_a_refused_change_reaches_no_board(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    board = connect(api.token)
    board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    broadcaster.flush()  # the session's creation
    board.get_received()
    response = api.post(f"/api/v1/sessions/{session['id']}/phase", {"phase": "nonsense"})
    assert response.status_code == 400
    broadcaster.flush()
    assert events(board, "board:update") == []


def test_a_session_made_in_the_console_reaches_the_watching_board(app, api, connect):
    workshop = api.workshop()
    board = connect(api.token)
    seq = board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)["update"]["seq"]
    broadcaster.flush()  # nothing pending from before
    board.get_received()
    browser = login(app, api)
    url = f"/console/workshops/{workshop['id']}"
    page = browser.get(url).get_data(as_text=True)
    assert browser.post(url, data={"csrf_token": csrf_token(page), "title": "Sesi dari konsol",
                                   "method": "dots"}).status_code == 302
    broadcaster.flush()
    updates = events(board, "board:update")
    assert len(updates) == 1 and updates[0]["seq"] > seq


def test_console_settings_and_phases_reach_board_and_phones(app, api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    phone = connect(api.join(workshop["join_code"])["token"])
    board = connect(api.token)
    board.emit("board:watch", {"workshop_id": workshop["id"]}, callback=True)
    broadcaster.flush()  # the session's creation
    board.get_received()
    browser = login(app, api)
    page = browser.get(f"/console/workshops/{workshop['id']}").get_data(as_text=True)
    browser.post(f"/console/workshops/{workshop['id']}/settings",
                 data={"csrf_token": csrf_token(page), "strict": "y", "public_base_url": ""})
    broadcaster.flush()
    assert len(events(board, "board:update")) == 1
    phone.get_received()
    browser.post(f"/console/sessions/{session['id']}/phase", data={"csrf_token": csrf_token(page), "phase": "collect"})
    assert events(phone, "session:state")[-1]["phase"] == "collect"
    broadcaster.flush()
    assert events(board, "board:update")[-1]["phase"] == "collect"
