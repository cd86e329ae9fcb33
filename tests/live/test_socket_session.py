"""A connection's events use the session Flask-SocketIO keeps for it: the cookie is read once."""
from flask.sessions import SecureCookieSessionInterface


def test_the_session_cookie_is_read_at_connect_not_for_every_event(app, api, connect, monkeypatch):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    token = api.join(workshop["join_code"])["token"]
    browser = app.test_client()
    with browser.session_transaction() as cookie_session:
        cookie_session["lang"] = "en"  # a phone that switched the language has a session cookie
    opened = []
    read_cookie = SecureCookieSessionInterface.open_session

    def counted(self, app_, request):
        opened.append(request.path)
        return read_cookie(self, app_, request)

    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", counted)
    phone = connect(token, flask_client=browser)
    assert phone.is_connected()
    at_connect = len(opened)
    assert at_connect >= 1
    for i in range(5):
        ack = phone.emit("proposal:submit", {"session_id": session["id"], "title": f"Program ke-{i} desa",
                                             "dimension": "living", "client_id": str(i)}, callback=True)
        assert ack["ok"] is True, ack
    assert len(opened) == at_connect  # five events, no cookie parsed again
    # Ordinary requests still read their cookie, each one.
    browser.get("/")
    browser.get("/")
    assert len(opened) == at_connect + 2
