"""The invitation list upload, from the attacker's side: the only route that takes a file. What is
not a spreadsheet, a zip bomb dressed as .xlsx, a body over the limit and a cross-site form post
are refused with a stable code, and the server keeps answering."""
import io
import zipfile

import openpyxl
import requests

from .conftest import browser, log_in


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Nama", "Unsur", "Instansi"])
    book.active.append(["Budi", "OPD", "Dinkominfo"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bomb() -> bytes:
    """A real workbook whose sheet is padded with 300 MB of spaces: well under 1 MB zipped."""
    real = zipfile.ZipFile(io.BytesIO(_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in real.infolist():
            data = real.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                with archive.open(info.filename, "w", force_zip64=True) as part:
                    part.write(data)
                    chunk = b" " * (1024 * 1024)
                    for _ in range(300):
                        part.write(chunk)
            else:
                archive.writestr(info.filename, data)
    return out.getvalue()


def _post(server, content: bytes, name="undangan.xlsx", **kwargs):
    return requests.post(f"{server.url}/api/v1/workshops/{server.workshop_id}/invitations",
                         headers={"Authorization": f"Bearer {server.token}"},
                         files={"file": (name, content)}, timeout=60, **kwargs)


def test_what_is_no_list_is_refused_with_a_code(server):
    server.workshop_id = server.workshop()["id"]
    bomb = _bomb()
    assert len(bomb) < 1024 * 1024
    for content, code in ((bomb, "spreadsheet_too_big"), (b"%PDF-1.4\n%\xe2\xe3", "not_a_spreadsheet"),
                          (b"MZ\x90\x00\x03\x00\x00\x00", "not_a_spreadsheet"),
                          (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old_excel"), (b"", "empty_file")):
        response = _post(server, content)
        assert response.status_code == 400, (code, response.text[:200])
        assert response.json()["error"]["code"] == code
    too_big = _post(server, b"a" * (5 * 1024 * 1024 + 1), name="x.csv")
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "too_large"
    assert _post(server, _xlsx()).status_code == 201  # still serving, and a real list goes in
    listed = server.api("GET", f"/api/v1/workshops/{server.workshop_id}/invitations")["invitations"]
    assert [i["name"] for i in listed] == ["Budi"]


def test_a_cross_site_form_cannot_import_with_the_console_cookie(server):
    workshop_id = server.workshop()["id"]
    client = browser()
    assert log_in(server, client).status_code in (302, 303)
    forged = client.post(f"{server.url}/api/v1/workshops/{workshop_id}/invitations",
                         files={"file": ("u.csv", b"Nama;Unsur;Instansi\r\nX;OPD;Y\r\n")},
                         headers={"Origin": "http://evil.example"}, timeout=30)
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "csrf_failed"
    assert server.api("GET", f"/api/v1/workshops/{workshop_id}/invitations")["invitations"] == []
