"""The real server reads an uploaded invitation list in an export worker, not in its own process
(issue 12: a 2,000-row workbook is a fifth of a second of CPU, which the live loop must not hold)."""
from __future__ import annotations

import csv
import io

import requests

from ..servers import RembukServer, call
from .test_export_workers import worker_jobs

EMAIL = "fasilitator@purbalinggakab.go.id"


def test_the_invitation_list_is_read_by_a_worker(tmp_path):
    server = RembukServer(tmp_path, async_mode="eventlet")
    try:
        token = server.api_token(EMAIL, "rahasia-bimtek")
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek undangan"}, token)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Nama", "Unsur", "Instansi"])
        writer.writerow(["Ani Rahayu", "OPD", "Dinkominfo"])
        writer.writerow(["Citra Dewi", "UMKM", "Batik Citra"])
        writer.writerow(["Budi", "Dinas", "Dinas Sosial"])  # an unknown unsur: refused in the preview
        url = f"{server.url}/api/v1/workshops/{workshop['id']}/invitations"
        headers = {"Authorization": f"Bearer {token}"}
        files = {"file": ("undangan.csv", out.getvalue().encode("cp1252"), "text/csv")}
        preview = requests.post(url + "?dry_run=1", files=files, headers=headers, timeout=120)
        assert preview.status_code == 200
        assert [(e["row"], e["code"]) for e in preview.json()["errors"]] == [(4, "unknown_group")]
        files = {"file": ("undangan.csv", b"Nama;Unsur;Instansi\r\nAni Rahayu;OPD;Dinkominfo\r\n", "text/csv")}
        stored = requests.post(url, files=files, headers=headers, timeout=120)
        assert stored.status_code == 201 and stored.json()["created"] == 1
        empty = requests.post(url, files={"file": ("kosong.csv", b"", "text/csv")}, headers=headers, timeout=120)
        assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_file"  # refused in the worker
        listed = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", None, token)
        assert [i["name"] for i in listed["invitations"]] == ["Ani Rahayu"]
        counts, _found = worker_jobs(server)
        assert counts.get(("invitations", "worker")) == 3 and ("invitations", "server") not in counts
    finally:
        server.stop()
