"""Exports rendered by export workers (workshop/offload.py) give what the serving process gives.

The same demo workshop is exported by the app in-process (EXPORT_WORKERS=0, the test default)
and by the same app with a real worker process: the bytes are equal, apart from the moment of
generation that the exports carry.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from workshop import metrics
from workshop.offload import ExportPool


@pytest.fixture
def demo_id(api, runner):
    result = runner.invoke(args=["seed-demo", "--email", api.email])
    assert result.exit_code == 0, result.output
    return int(re.search(r"Workshop id: (\d+)", result.output).group(1))


@pytest.fixture
def pool(app):
    """Turn the app's export workers on (one worker), and stop it afterwards."""
    pool = ExportPool(app, 1, 120)
    yield pool
    pool.close()


def worker_jobs(kind: str) -> float:
    return metrics.registry.get_sample_value("rembuk_export_seconds_count", {"kind": kind, "where": "worker"}) or 0


def without_generated(text: str) -> str:
    """The export time (to the minute) taken out: the two runs may straddle a minute."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "<time>", text)


def xlsx_members(body: bytes) -> dict[str, str]:
    """The workbook's parts; docProps/core.xml holds its creation time, the sheets' page
    headers the export time."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: without_generated(archive.read(name).decode()) for name in archive.namelist()
                if name != "docProps/core.xml"}


def test_worker_exports_equal_the_in_process_ones(app, api, demo_id, pool):
    base = f"/api/v1/workshops/{demo_id}"
    api.client.set_cookie("lang", "en")
    here = {path: api.get(f"{base}/{path}") for path in ("export.xlsx", "export.csv", "export.json", "report.html")}
    app.extensions["rembuk_exports"] = pool
    before = {kind: worker_jobs(kind) for kind in ("xlsx", "csv", "json", "html", "pdf")}
    there = {path: api.get(f"{base}/{path}") for path in here}
    pdf = api.get(f"{base}/report.pdf")
    for path in here:
        assert there[path].status_code == 200, there[path].get_data(as_text=True)[:300]
        assert there[path].headers["Content-Type"] == here[path].headers["Content-Type"]
        assert there[path].headers.get("Content-Disposition") == here[path].headers.get("Content-Disposition")
    assert xlsx_members(there["export.xlsx"].get_data()) == xlsx_members(here["export.xlsx"].get_data())
    assert there["export.csv"].get_data() == here["export.csv"].get_data()
    ours, theirs = json.loads(here["export.json"].get_data()), json.loads(there["export.json"].get_data())
    ours.pop("generated_at"), theirs.pop("generated_at")
    assert theirs == ours
    # In English, as the organizer asked (the worker renders in the request's language).
    assert "Export to Excel" in there["report.html"].get_data(as_text=True)
    assert without_generated(there["report.html"].get_data(as_text=True)) == \
        without_generated(here["report.html"].get_data(as_text=True))
    assert pdf.status_code == 200 and pdf.get_data().startswith(b"%PDF")
    assert {kind: worker_jobs(kind) - before[kind] for kind in before} == {k: 1 for k in before}


def test_a_refusal_in_the_worker_is_the_same_refusal(app, api, demo_id, pool):
    app.extensions["rembuk_exports"] = pool
    other = api.workshop("Lain")
    from workshop.offload import render
    from workshop.errors import RembukError
    with app.test_request_context("/"):
        with pytest.raises(RembukError) as refused:
            render("xlsx", other["id"] + 1000)
    assert refused.value.code == "not_found" and refused.value.status == 404


def test_a_lost_worker_is_replaced(app, api, demo_id, pool):
    app.extensions["rembuk_exports"] = pool
    assert api.get(f"/api/v1/workshops/{demo_id}/export.csv").status_code == 200
    (worker,) = pool._idle
    worker.process.kill()
    worker.process.wait()
    response = api.get(f"/api/v1/workshops/{demo_id}/export.csv")
    assert response.status_code == 200
    (replacement,) = pool._idle
    assert replacement.pid != worker.pid
