"""The real server renders badges.pdf in an export worker, not in its own process (as the report
and the workbook, tests/system/test_export_workers.py)."""
from __future__ import annotations

from ..attendance_helpers import invite_on_server
from ..servers import RembukServer, call
from .test_export_workers import download, samples

EMAIL = "fasilitator@purbalinggakab.go.id"


def test_badges_come_from_a_worker(tmp_path):
    server = RembukServer(tmp_path, async_mode="eventlet")
    try:
        token = server.api_token(EMAIL, "rahasia-bimtek")
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek badge"}, token)
        people = invite_on_server(server, workshop["id"], [("Ani Rahayu", "opd", "Dinkominfo"),
                                                           ("Citra Dewi", "umkm", "Batik Citra")])
        pdf = download(server, f"/api/v1/workshops/{workshop['id']}/badges.pdf", token)
        one = download(server, f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids={people[1]['id']}", token)
        assert pdf.startswith(b"%PDF") and one.startswith(b"%PDF") and len(one) < len(pdf)
        found = samples(server)
        worker_pids = {s.labels["pid"] for s in found if s.name == "rembuk_export_worker" and s.value == 1}
        assert worker_pids and str(server.process.pid) not in worker_pids
        counts = {(s.labels["kind"], s.labels["where"]): s.value for s in found
                  if s.name == "rembuk_export_seconds_count"}
        assert counts.get(("badges", "worker")) == 2 and ("badges", "server") not in counts
    finally:
        server.stop()
