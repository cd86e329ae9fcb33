"""The real server renders the PDF and the workbook in an export worker, not in its own process,
while a phone's casts keep being acknowledged."""
from __future__ import annotations

import threading
import time
import urllib.request

import pytest
import socketio
from prometheus_client.parser import text_string_to_metric_families

from ..servers import RembukServer, call

EMAIL = "fasilitator@purbalinggakab.go.id"


def download(server, path: str, token: str) -> bytes:
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        assert response.status == 200
        return response.read()


def samples(server) -> list:
    with urllib.request.urlopen(server.url + "/metrics", timeout=30) as response:
        text = response.read().decode()
    return [s for family in text_string_to_metric_families(text) for s in family.samples]


def worker_jobs(server) -> tuple[dict, list]:
    """From the server's /metrics: checks that export workers run, none of them the server's own
    process, and returns the jobs timed, {(kind, where): count}, with every sample."""
    found = samples(server)
    worker_pids = {s.labels["pid"] for s in found if s.name == "rembuk_export_worker" and s.value == 1}
    assert worker_pids and str(server.process.pid) not in worker_pids
    counts = {(s.labels["kind"], s.labels["where"]): s.value for s in found
              if s.name == "rembuk_export_seconds_count"}
    return counts, found


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_pdf_and_workbook_come_from_a_worker_while_casts_are_acked(tmp_path, mode):
    server = RembukServer(tmp_path, async_mode=mode)
    phone = socketio.Client(reconnection=False)
    try:
        token = server.api_token(EMAIL, "rahasia-bimtek")
        # Big enough that a workbook is larger than a socket's buffer (a worker once failed on that).
        seeded = server.flask("seed-demo", "--email", EMAIL, "--participants", "300", "--proposals", "120")
        demo = int(seeded.split("Workshop id:")[1].split()[0])
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Sesi paralel"}, token)
        session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Sesi"}, token)
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "Siti", "group": "umkm"})
        phone.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"], wait_timeout=30)
        proposal = phone.call("proposal:submit", {"session_id": session["id"], "title": "Pasar daring",
                                                  "dimension": "economy", "client_id": "1"}, timeout=30)["proposal"]
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)

        acks, refusals, stop = [], [], threading.Event()

        def cast_until_stopped():
            n = 0
            while not stop.is_set():
                n = n % 3 + 1
                ack = phone.call("ballot:cast", {"session_id": session["id"],
                                                 "ballot": {"dots": {str(proposal["id"]): n}}}, timeout=60)
                if not ack["ok"]:
                    refusals.append(ack)
                    return
                acks.append(time.monotonic())
                time.sleep(0.6)  # within the ballot rate limit (120 a minute)

        caster = threading.Thread(target=cast_until_stopped)
        caster.start()
        try:
            while not acks:
                time.sleep(0.01)
            windows = []
            # Until a cast was acknowledged while an export was being made (at most 5 rounds).
            for _round in range(5):
                started = time.monotonic()
                pdf = download(server, f"/api/v1/workshops/{demo}/report.pdf", token)
                workbook = download(server, f"/api/v1/workshops/{demo}/export.xlsx", token)
                windows.append((started, time.monotonic()))
                if any(a < t < b for a, b in windows for t in acks):
                    break
            # Let one more cast be acked after the downloads, so the phone was served throughout.
            count = len(acks)
            while len(acks) == count and caster.is_alive():
                time.sleep(0.01)
        finally:
            stop.set()
            caster.join(timeout=60)
        assert refusals == []
        assert pdf.startswith(b"%PDF") and workbook.startswith(b"PK")
        assert len(workbook) > 250_000  # more than a socket pair buffers (about 200 KB)
        # Every job was answered by the worker it was sent to: none was lost and replaced (a worker
        # that inherited a non-blocking socket used to die on its second job or on a large reply).
        assert "was lost" not in server.output()
        assert any(a < t < b for a, b in windows for t in acks), "no cast was acknowledged while the exports ran"
        rounds = len(windows)

        counts, found = worker_jobs(server)
        server_pids = {s.labels["pid"] for s in found if s.name == "rembuk_server_process"}
        assert server_pids == {str(server.process.pid)}
        assert counts.get(("pdf", "worker")) == rounds and counts.get(("xlsx", "worker")) == rounds
        assert not any(where == "server" for _kind, where in counts)
        lag = [s for s in found if s.name == "rembuk_loop_lag_seconds_count"]
        assert lag and lag[0].value > 0  # the probe runs in a real server
    finally:
        phone.disconnect()
        server.stop()
