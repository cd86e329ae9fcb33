"""A process dies, the hall goes on; Redis goes away for 5 s, nothing is lost.

The documented deployment, for real: Debian's nginx with sticky sessions in front of two
Rembuk processes (run.py, eventlet) on one PostgreSQL database and one Redis. Every test client
comes from 127.0.0.1, so nginx hashes on a header (`X-Phone`) here instead of the client
address (docs/deployment.md), which spreads the phones over both processes.

Phones behave as the phone page does: one cast in flight, and a cast that was not
acknowledged (the connection dropped, or the call timed out) is sent again once the client
has reconnected, through nginx, to whichever process is alive.
"""
from __future__ import annotations

import json
import queue
import threading
import time
import urllib.error
import urllib.request

import pytest
import socketio
from sqlalchemy import create_engine, text

from bench.backends import MissingBinary, Nginx
from workshop.config import sqlalchemy_url

from .conftest import RembukProcess

EMAIL = "fasilitator@purbalinggakab.go.id"
PASSWORD = "rahasia-bimtek"
PHONES = 16
PROPOSALS = 4


def call(method: str, url: str, body: dict | None = None, token: str | None = None, status: int = 200):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Cookie": "lang=en"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == status
        return json.loads(response.read())


def status_of(method: str, url: str, body: dict | None = None, token: str | None = None) -> int:
    """The HTTP status of one request (errors included)."""
    try:
        request = urllib.request.Request(url, method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json"})
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class Phone:
    """A participant's phone through nginx, reconnecting by itself, resending what was not acked."""

    def __init__(self, hall: "Hall", index: int):
        self.index = index
        joined = call("POST", hall.nginx.url + "/api/v1/join",
                      {"join_code": hall.workshop["join_code"], "name": f"Peserta {index}",
                       "group": ("opd", "desa", "umkm", "akademisi")[index % 4]}, status=201)
        self.participant_id = joined["participant_id"]
        self.client = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1,
                                      randomization_factor=0.2)
        self.client.connect(hall.nginx.url, auth={"token": joined["token"]}, transports=["websocket"],
                            headers={"X-Phone": f"phone-{index}"}, wait_timeout=30)
        self.hall = hall
        self.last_acked: dict[str, int] | None = None
        self.resent = 0
        self.refusals: list[dict] = []

    def cast(self, round_: int) -> None:
        """One ballot, sent until it is acknowledged."""
        ids = self.hall.proposals
        dots = {str(ids[(self.index + round_) % len(ids)]): 1 + (self.index + round_) % 3,
                str(ids[(self.index + round_ + 1) % len(ids)]): 1}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                ack = self.client.call("ballot:cast", {"session_id": self.hall.session["id"],
                                                       "ballot": {"dots": dots}}, timeout=5)
            except Exception:  # disconnected, or no ack in time: not acknowledged, send it again
                self.resent += 1
                time.sleep(0.2)
                continue
            if ack.get("ok"):
                self.last_acked = ack["ballot"]["dots"]
                self.hall.acks += 1
                return
            self.refusals.append(ack)
            time.sleep(0.5)
        raise AssertionError(f"phone {self.index}: round {round_} never acknowledged")


class Hall:
    """nginx, two Rembuk processes, a workshop in its vote, phones and a board."""

    def __init__(self, tmp_path, redis, postgres, name: str):
        url = postgres.new_database(name)
        self.database_url = url
        env = {"REMBUK_DATABASE_URL": url, "REMBUK_MESSAGE_QUEUE": redis.url, "REMBUK_ASYNC_MODE": "eventlet",
               "REMBUK_PROXY_HOPS": "1", "REMBUK_SECRET_KEY": "fault-test-secret"}
        self.processes = [RembukProcess(tmp_path, "a", env)]  # migrates the empty database first
        self.processes.append(RembukProcess(tmp_path, "b", env))
        self.a, self.b = self.processes
        try:
            self.nginx = Nginx([f"127.0.0.1:{p.port}" for p in self.processes], hash_key="$http_x_phone")
        except MissingBinary as error:
            pytest.fail(str(error))
        self.token = self.a.api_token(EMAIL, PASSWORD)
        self.workshop = call("POST", self.nginx.url + "/api/v1/workshops", {"title": "Bimtek tahan banting"},
                             self.token, status=201)
        self.session = call("POST", self.nginx.url + f"/api/v1/workshops/{self.workshop['id']}/sessions",
                            {"title": "Prioritas"}, self.token, status=201)
        self.phase("collect")
        self.acks = 0
        self.phones = [Phone(self, i) for i in range(PHONES)]
        self.proposals = [
            self.phones[0].client.call("proposal:submit", {"session_id": self.session["id"], "title": f"Program {n}",
                                                           "dimension": "economy", "client_id": str(n)},
                                       timeout=30)["proposal"]["id"] for n in range(PROPOSALS)]
        self.board_updates: queue.Queue = queue.Queue()
        self.board = socketio.Client(reconnection=False)
        self.board.on("board:update", self.board_updates.put)
        self.board.connect(self.nginx.url, auth={"token": self.token}, transports=["websocket"],
                           headers={"X-Phone": "board"}, wait_timeout=30)
        self.phase("vote")

    def phase(self, phase: str) -> None:
        call("POST", self.nginx.url + f"/api/v1/sessions/{self.session['id']}/phase", {"phase": phase}, self.token)

    def watch(self) -> None:
        """The board (re)subscribes to the workshop."""
        ack = self.board.call("board:watch", {"workshop_id": self.workshop["id"]}, timeout=30)
        assert ack["ok"], ack
        self.board_updates.put(ack["update"])  # the board page draws the watch's answer first

    def connected(self, process, kind: str = "phone") -> float:
        """Phones (or boards) connected to one process, from its /metrics."""
        with urllib.request.urlopen(process.url + "/metrics", timeout=30) as response:
            lines = response.read().decode().splitlines()
        return sum(float(line.rsplit(" ", 1)[1]) for line in lines
                   if line.startswith("rembuk_connected{") and f'kind="{kind}"' in line)

    def vote(self, rounds: range, pause: float = 0.3) -> None:
        """Every phone casts `rounds` ballots, one after another, all phones at once."""
        errors = []

        def run(phone):
            try:
                for round_ in rounds:
                    phone.cast(round_)
                    time.sleep(pause)
            except Exception as error:  # reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=run, args=(p,)) for p in self.phones]
        for thread in threads:
            thread.start()
        self._voting = threads
        self._errors = errors

    def wait_votes(self) -> None:
        for thread in self._voting:
            thread.join(timeout=300)
        assert not self._errors, self._errors

    def expected(self) -> dict[int, int]:
        totals = {pid: 0 for pid in self.proposals}
        for phone in self.phones:
            for pid, n in (phone.last_acked or {}).items():
                totals[int(pid)] += n
        return totals

    def wait_board(self, expected: dict[int, int], timeout: float = 30) -> dict:
        """The first board update showing exactly these totals (generous timeout: not a timing)."""
        deadline, seen = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                update = self.board_updates.get(timeout=0.5)
            except queue.Empty:
                continue
            seen = {r["proposal_id"]: r["score"] for r in update["results"]}
            if update["voters"] == PHONES and seen == expected:
                return update
        pytest.fail(f"the board never showed {expected}; last seen {seen}")

    def assert_counted_once(self, via) -> None:
        """The stored ballots are exactly every phone's last acknowledged one; the results agree."""
        engine = create_engine(sqlalchemy_url(self.database_url))
        stored: dict[int, dict[str, int]] = {}
        with engine.connect() as connection:
            for participant_id, proposal_id, value in connection.execute(text(
                    "SELECT participant_id, proposal_id, value FROM ballot_entries WHERE session_id = :s AND value > 0"),
                    {"s": self.session["id"]}):
                stored.setdefault(participant_id, {})[str(proposal_id)] = int(value)
        engine.dispose()
        assert stored == {p.participant_id: p.last_acked for p in self.phones}
        results = call("GET", via.url + f"/api/v1/sessions/{self.session['id']}/results", token=self.token)
        assert results["voters"] == PHONES
        assert {r["proposal_id"]: r["score"] for r in results["results"]} == self.expected()

    def close(self) -> None:
        for client in [p.client for p in getattr(self, "phones", [])] + [getattr(self, "board", None)]:
            if client is not None:
                try:
                    client.disconnect()
                except Exception:
                    pass
        if hasattr(self, "nginx"):
            self.nginx.stop()
        for process in self.processes:
            process.stop()


@pytest.fixture
def hall(tmp_path, redis, postgres, request):
    hall = Hall(tmp_path, redis, postgres, f"rembuk_{request.node.name.split('test_')[1][:40]}")
    yield hall
    hall.close()


def test_sigkill_one_process_mid_vote(hall):
    assert all(hall.connected(p) > 0 for p in hall.processes), "nginx did not spread the phones"
    hall.watch()
    # Kill the process the board is not on: the board must keep updating through the survivor.
    survivor = next(p for p in hall.processes if hall.connected(p, "board"))
    victim = next(p for p in hall.processes if p is not survivor)
    hall.vote(range(12))
    while hall.acks < PHONES * 4:  # a third of the vote in
        time.sleep(0.05)
    victim.process.kill()  # SIGKILL: no goodbye to anyone
    victim.process.wait(timeout=10)
    hall.wait_votes()
    assert sum(p.resent for p in hall.phones) > 0, "no phone had to resend: the kill came too late"
    assert all(p.refusals == [] for p in hall.phones), [p.refusals for p in hall.phones if p.refusals]
    # The dead process's phones reconnected through nginx to the survivor.
    assert hall.connected(survivor) == PHONES
    hall.assert_counted_once(survivor)
    assert hall.board.connected
    # The board kept updating (board:update events, never watched again): it shows the final
    # tally, cast largely after the kill.
    hall.wait_board(hall.expected())


def test_redis_away_for_five_seconds_mid_vote(hall, redis):
    hall.watch()
    hall.vote(range(4))
    hall.wait_votes()
    before = hall.wait_board(hall.expected())
    redis.kill()
    gone = time.monotonic()
    try:
        # While Redis is away: phones still cast (and are acked), REST calls still answer, no 5xx.
        hall.vote(range(4, 7), pause=0.1)
        statuses = []
        while time.monotonic() - gone < 5:
            statuses.append(status_of("GET", hall.nginx.url + "/login"))
            statuses.append(status_of("GET", hall.nginx.url + f"/api/v1/sessions/{hall.session['id']}/results",
                                      token=hall.token))
            statuses.append(status_of("POST", hall.nginx.url + "/api/v1/join",
                                      {"join_code": hall.workshop["join_code"], "name": f"Tamu {len(statuses)}",
                                       "group": "umkm"}))
            time.sleep(0.3)
        hall.wait_votes()
    finally:
        if redis.process.poll() is not None:
            redis.start()
    assert statuses and all(s < 500 for s in statuses), statuses
    assert all(p.refusals == [] for p in hall.phones), [p.refusals for p in hall.phones if p.refusals]
    hall.assert_counted_once(hall.b)
    assert hall.expected() != {r["proposal_id"]: r["score"] for r in before["results"]}
    # The last casts were made while the board's updates could not travel: once Redis is back,
    # the board catches up by itself (within 2 s on a quiet machine; a generous wait here).
    hall.wait_board(hall.expected(), timeout=30)
