"""Found: `/socket.io/` answers lacked the CSP and nosniff headers every other answer has, and
Engine.IO still spoke JSONP polling (`?j=0`: the payload wrapped in a script another site can load)."""
from .conftest import browser


def test_socket_answers_carry_the_security_headers(server):
    answer = browser().get(server.url + "/socket.io/?EIO=4&transport=polling", timeout=30)
    assert answer.status_code == 200
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in answer.headers["Content-Security-Policy"]


def test_jsonp_polling_is_refused(server):
    answer = browser().get(server.url + "/socket.io/?EIO=4&transport=polling&j=0", timeout=30)
    assert answer.status_code == 400
    assert "___eio" not in answer.text
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
