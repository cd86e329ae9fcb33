"""Badges (issue 14): A4 sheets of 8 with cut lines, each QR decodes back to the person's join URL;
rendered by an export worker, off the live loop, like report.pdf."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from workshop.offload import ExportPool

from ..attendance_helpers import invite
from ..conftest import PUBLIC_URL
from .test_offload import worker_jobs

pytestmark = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg") and shutil.which("pdfinfo")),
                                reason="poppler-utils and zbar-tools are installed by scripts/test")

PEOPLE = [(f"Peserta {n:02d}", ("opd", "desa", "umkm")[n % 3], f"Instansi {n}") for n in range(1, 11)]


def pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[-1])


def decoded(pdf: bytes, tmp_path, page: int = 1) -> list[str]:
    """The QR codes on one page of the PDF, top to bottom, left to right (what a phone would read)."""
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", str(page), "-l", str(page), str(path),
                    str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    image.unlink()
    return found.stdout.split()


def text_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "badges.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_eight_badges_a_page_in_list_order_and_each_qr_joins_as_that_person(app, api, tmp_path):
    workshop = api.workshop()
    table = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja Ekonomi"}).get_json()
    people = invite(app, workshop["id"], [PEOPLE[0] + (table["id"], "Kepala Bidang")] + PEOPLE[1:])
    response = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'badge-{workshop["join_code"]}.pdf' in response.headers["Content-Disposition"]
    pdf = response.get_data()
    assert pages(pdf, tmp_path) == 2
    urls = {f"{PUBLIC_URL}/j/{workshop['join_code']}?t={p['ticket']}" for p in people}
    first = decoded(pdf, tmp_path)
    assert len(first) == 8 and set(first) <= urls
    second = decoded(pdf, tmp_path, 2)
    assert len(second) == 2 and set(first) | set(second) == urls
    text = text_of(pdf, tmp_path)
    assert text.index("Peserta 01") < text.index("Peserta 02") < text.index("Peserta 08")
    assert "Meja Ekonomi" in text and "Kepala Bidang" in text and "Instansi 1" in text and "UMKM" in text


def test_one_badge_reprinted_after_a_reissue(app, api, tmp_path):
    workshop = api.workshop()
    people = invite(app, workshop["id"], PEOPLE[:3])
    new_url = api.post(f"/api/v1/invitations/{people[1]['id']}/reissue").get_json()["join_url"]
    response = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids={people[1]['id']}")
    assert response.status_code == 200
    assert pages(response.get_data(), tmp_path) == 1
    assert decoded(response.get_data(), tmp_path) == [new_url]


def test_refusals(app, api):
    workshop = api.workshop()
    none = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf")
    assert none.status_code == 404 and none.get_json()["error"]["code"] == "no_invitations"
    invite(app, workshop["id"], PEOPLE[:1])
    bad = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids=1,x")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "ids"
    assert api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids=99999").status_code == 404
    other = api.workshop("Lain")
    # Another workshop's invitation is not printed from this one.
    assert api.get(f"/api/v1/workshops/{other['id']}/badges.pdf?ids=1").status_code == 404


def test_badges_are_rendered_by_an_export_worker_not_the_serving_process(app, api, tmp_path):
    workshop = api.workshop()
    people = invite(app, workshop["id"], PEOPLE[:2])
    pool = ExportPool(app, 1, 120)
    try:
        app.extensions["rembuk_exports"] = pool
        before = worker_jobs("badges")
        response = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert worker_jobs("badges") == before + 1
        (worker,) = pool._idle  # the one worker process that rendered it
        assert worker.process.poll() is None and worker.pid != __import__("os").getpid()
        assert set(decoded(response.get_data(), tmp_path)) == {
            f"{PUBLIC_URL}/j/{workshop['join_code']}?t={p['ticket']}" for p in people}
        # The query string reaches the worker (one badge), and its refusals come back as such.
        one = api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids={people[1]['id']}")
        assert one.status_code == 200 and decoded(one.get_data(), tmp_path) == [
            f"{PUBLIC_URL}/j/{workshop['join_code']}?t={people[1]['ticket']}"]
        assert api.get(f"/api/v1/workshops/{workshop['id']}/badges.pdf?ids=0").status_code == 404
        assert worker_jobs("badges") == before + 3 and len(pool._idle) == 1
    finally:
        pool.close()
