"""`flask backup` copies the database while the server runs; `flask restore` brings it back."""

import socketio

from ..servers import RembukServer as Server
from ..servers import call


def scores(server, session_id, token):
    results = call(server, "GET", f"/api/v1/sessions/{session_id}/results", token=token)
    return {r["proposal_id"]: r["score"] for r in results["results"]}


def test_backup_while_running_then_restore(tmp_path):
    server = Server(tmp_path)
    try:
        token = server.api_token("f@x.id", "rahasia-bimtek")
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Uji cadangan"}, token)
        session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Sesi"}, token)
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "A", "group": "opd"})
        phone = socketio.Client(reconnection=False)
        phone.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"])
        pid = phone.call("proposal:submit", {"session_id": session["id"], "title": "Program", "dimension": "economy",
                                             "client_id": "1"})["proposal"]["id"]
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
        assert phone.call("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(pid): 2}}})["ok"]
        output = server.flask("backup", str(tmp_path / "cadangan.db"))
        assert "cadangan.db" in output
        assert phone.call("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(pid): 3}}})["ok"]
        assert scores(server, session["id"], token) == {pid: 3}
        phone.disconnect()
    finally:
        server.stop()
    server.flask("restore", str(tmp_path / "cadangan.db"))
    restarted = Server(tmp_path)
    try:
        assert scores(restarted, session["id"], token) == {pid: 2}
    finally:
        restarted.stop()


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    (tmp_path / "bukan.db").write_bytes(b"not a database at all" * 100)
    result = runner.invoke(args=["restore", str(tmp_path / "bukan.db")])
    assert result.exit_code == 1 and "Rembuk" in result.output and "Traceback" not in result.output


def test_backup_of_the_test_database(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0 and (tmp_path / "copy.db").stat().st_size > 0
