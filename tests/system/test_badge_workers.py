"""The real server renders badges.pdf in an export worker, not in its own process (as the report
and the workbook, tests/system/test_export_workers.py)."""
from __future__ import annotations

from ..attendance_helpers import invite_on_server
from ..servers import RembukServer, call
from .test_export_workers import download, worker_jobs

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
        counts, _found = worker_jobs(server)
        assert counts.get(("badges", "worker")) == 2 and ("badges", "server") not in counts
    finally:
        server.stop()
