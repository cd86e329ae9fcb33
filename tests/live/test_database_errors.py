"""A database error on one event is an error ack, never a dead handler or a half write."""
import sqlite3

from workshop import create_app
from workshop.extensions import db, socketio

from ..conftest import Api, _test_config


def test_a_locked_database_gives_an_error_ack_and_the_socket_lives(tmp_path, migrated_database):
    import shutil
    database = tmp_path / "locked.db"
    shutil.copy(migrated_database, database)
    app = create_app({**_test_config(str(database)), "SQLITE_TIMEOUT": 0.2}, instance_path=str(tmp_path / "i"))
    api = Api(app, app.test_client())
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = socketio.test_client(app, auth={"token": api.join(workshop["join_code"])["token"]})
    blocker = sqlite3.connect(database, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the database
    try:
        ack = phone.emit("proposal:submit", {"session_id": session["id"], "title": "Program saat terkunci",
                                             "dimension": "living", "client_id": "1"}, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "server_error" and ack["error"]["message"]
        assert phone.is_connected()
    finally:
        blocker.rollback()
        blocker.close()
    retry = phone.emit("proposal:submit", {"session_id": session["id"], "title": "Program saat terkunci",
                                           "dimension": "living", "client_id": "1"}, callback=True)
    assert retry["ok"] is True
    assert [r["title"] for r in api.results(session["id"])["results"]] == ["Program saat terkunci"]
    phone.disconnect()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
