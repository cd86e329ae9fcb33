"""Findings on the facilitator's account: guessing, stalling the loop, log-out, cookies, CSRF."""
import threading
import time

import pytest
import requests
from werkzeug.security import generate_password_hash

from .conftest import PASSWORD, HostileServer, browser, csrf_token, log_in


def test_password_guessing_is_stopped_per_address_and_per_account(own_server):
    # Found: 100 wrong passwords in a row, every one answered 200 and checked.
    guesser = browser("127.0.0.1")
    answers = [log_in(own_server, guesser, password=f"tebakan-{i}").status_code for i in range(11)]
    assert answers[:10] == [200] * 10
    assert answers[10] == 429
    refused = log_in(own_server, guesser, password="tebakan-lagi")
    assert refused.status_code == 429 and "Terlalu banyak log masuk yang gagal" in refused.text
    # Once over, even the right password is refused from there: guessing gets no answer at all.
    assert log_in(own_server, guesser).status_code == 429
    # From other addresses the account itself runs out after 20 failures an hour.
    others = [browser(f"127.0.0.{n}") for n in range(2, 5)]
    for i in range(10):
        assert log_in(own_server, others[0], password=f"lain-{i}").status_code == 200
    assert log_in(own_server, others[1], password="lain-10").status_code == 429
    # ... while another account is not held up by it.
    own_server.add_facilitator("kedua@purbalinggakab.go.id", generate_password_hash(PASSWORD))
    assert log_in(own_server, others[2], email="kedua@purbalinggakab.go.id").status_code == 302


@pytest.fixture(params=["eventlet", "gevent"])
def loop_server(request, tmp_path):
    """A server of its own under each event loop (its hash thread dies with it)."""
    running = HostileServer(tmp_path, async_mode=request.param)
    yield running
    running.stop()


def test_password_checks_do_not_stop_the_server(loop_server):
    # Found: each password check blocked the event loop (8 guessers: unrelated requests 14 ms -> 1.4 s).
    # An account whose stored hash takes many seconds to check makes that visible without a
    # clock: a page asked for while its log-in is being checked must come back before the log-in.
    loop_server.add_facilitator("lambat@purbalinggakab.go.id", "pbkdf2:sha256:20000000$garam$" + "0" * 64)
    guesser, done = browser("127.0.0.9"), threading.Event()
    token = csrf_token(guesser.get(loop_server.url + "/login", timeout=30).text)

    def guess():
        try:
            guesser.post(loop_server.url + "/login", timeout=300, data={
                "csrf_token": token, "email": "lambat@purbalinggakab.go.id", "password": "salah-sekali"})
        except requests.RequestException:
            pass  # the server stopped first (the test is over)
        done.set()

    threading.Thread(target=guess, daemon=True).start()
    threading.Event().wait(1.5)  # the log-in reaches the server and its hash starts
    # A blocked loop answers the first of these only once the hash is done, and the log-in right
    # after it; a free loop answers all five while the hash still runs.
    other = browser("127.0.0.10")
    for _ in range(5):
        assert other.get(loop_server.url + "/api/v1/openapi.json", timeout=120).status_code == 200
    assert not done.is_set(), "the unrelated requests waited for the password check"


def test_logging_out_ends_the_session_and_the_remember_cookie(server):
    # Found: after log-out the old session cookie and the remember cookie still opened the console.
    client = browser()
    assert log_in(server, client).status_code == 302
    stolen = {name: client.cookies.get(name) for name in ("session", "remember_token")}
    assert all(stolen.values())
    console = client.get(server.url + "/console", allow_redirects=False, timeout=30)
    assert console.status_code == 200
    client.post(server.url + "/logout", data={"csrf_token": csrf_token(console.text)}, timeout=30)
    for name, value in stolen.items():
        thief = browser()
        thief.cookies.set(name, value)
        answer = thief.get(server.url + "/console", allow_redirects=False, timeout=30)
        assert answer.status_code == 302 and "/login" in answer.headers["Location"], name


def test_every_log_in_gets_a_new_remember_token_that_expires_within_weeks(server):
    # Found: the remember token was the same on every log-in and lasted a year.
    tokens = []
    for _ in range(2):
        client = browser()
        answer = log_in(server, client)
        assert answer.status_code == 302
        tokens.append(client.cookies.get("remember_token"))
        cookie = next(c for c in client.cookies if c.name == "remember_token")
        # Expiry dates, not durations: a year then, a fortnight now.
        assert cookie.expires is not None and cookie.expires - time.time() <= 30 * 24 * 3600
    assert tokens[0] != tokens[1]


def test_a_csrf_token_read_before_log_in_is_worthless_after(server):
    # Found: the CSRF token was not rotated at log-in, so one read (or planted) before the log-in
    # still passed on the console's forms afterwards.
    client = browser()
    before = csrf_token(client.get(server.url + "/login", timeout=30).text)
    answer = client.post(server.url + "/login", data={"csrf_token": before, "email": server.email,
                                                      "password": PASSWORD}, allow_redirects=False, timeout=60)
    assert answer.status_code == 302
    forged = client.post(server.url + "/console", data={"csrf_token": before, "title": "Lokakarya palsu"},
                         allow_redirects=False, timeout=30)
    assert forged.status_code == 400
    assert "Lokakarya palsu" not in client.get(server.url + "/console", timeout=30).text
