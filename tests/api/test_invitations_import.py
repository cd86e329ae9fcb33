"""Importing the organizer's invitation list (Excel or CSV): real-looking files, all or nothing."""
import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest

from workshop.extensions import db
from workshop.models import Invitation, JoinTicket

GROUPS = "OPD, Kecamatan/Desa, Relawan TIK, UMKM, Akademisi, Lainnya"


def xlsx(rows, title=None) -> bytes:
    """An Excel workbook whose first sheet holds `rows` (None leaves a row empty)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title or "Undangan"
    for row in rows:
        sheet.append(list(row) if row is not None else [])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(api, workshop_id, content: bytes, name="undangan.xlsx", mapping=None, dry_run=False, lang=None):
    data = {"file": (io.BytesIO(content), name)}
    if mapping is not None:
        data["mapping"] = json.dumps(mapping)
    url = f"/api/v1/workshops/{workshop_id}/invitations" + ("?dry_run=1" if dry_run else "")
    headers = dict(api.headers)
    if lang:
        api.client.set_cookie("lang", lang)
    return api.client.post(url, data=data, headers=headers, content_type="multipart/form-data")


def listing(api, workshop_id):
    response = api.get(f"/api/v1/workshops/{workshop_id}/invitations")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["invitations"]


def count(app, model=Invitation):
    with app.app_context():
        return db.session.query(model).count()


HEADER = ["Nama", "Unsur", "Instansi", "Jabatan", "No HP"]


def test_an_excel_list_in_another_order_with_a_title_extra_columns_empty_rows_dates_and_numbers(app, api):
    workshop = api.workshop()
    content = xlsx([
        ["DAFTAR UNDANGAN BIMTEK SMART CITY TAHAP I"],
        ["Kabupaten Purbalingga, 12 Juni 2024"],
        None,
        ["No", "INSTANSI", "nama lengkap", "Keterangan", "UNSUR", "Jabatan", "WhatsApp", "Tanggal Lahir"],
        [1, "Dinkominfo", "Budi Santoso", "hadir", "OPD", "Kepala Bidang", 81234567890.0, dt.datetime(1980, 5, 17)],
        [None, None, None, None, None, None, None, None],
        [2, "Kecamatan Bojongsari", "Siti Aminah", None, "kecamatan/desa", dt.datetime(2024, 6, 12), "0812-555-777", None],
        [3, "Universitas Jenderal Soedirman", "Dr. Agus", None, "Perguruan Tinggi", None, None, None],
    ])
    response = upload(api, workshop["id"], content)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["created"], body["updated"], body["errors"]) == (3, 0, [])
    assert body["header_row"] == 4
    assert body["mapping"] == {"name": "nama lengkap", "group": "UNSUR", "organization": "INSTANSI",
                               "job_title": "Jabatan", "table": None, "phone": "WhatsApp"}
    people = listing(api, workshop["id"])
    assert [(p["name"], p["group"], p["organization"], p["job_title"], p["phone"]) for p in people] == [
        ("Budi Santoso", "opd", "Dinkominfo", "Kepala Bidang", "081234567890"),
        ("Siti Aminah", "desa", "Kecamatan Bojongsari", "2024-06-12", "0812-555-777"),
        ("Dr. Agus", "akademisi", "Universitas Jenderal Soedirman", "", ""),
    ]
    assert all(p["present"] is False and p["checked_in_at"] is None and p["table_id"] is None for p in people)
    assert [p["position"] for p in people] == [0, 1, 2]
    assert count(app, JoinTicket) == 3  # every invitation has its badge's ticket


def test_csv_with_bom_semicolons_and_windows_1252(app, api):
    workshop = api.workshop()
    bom = "\ufeffNama;Unsur;Instansi\r\nRina;UMKM;Batik Purbalingga\r\n".encode("utf-8")
    response = upload(api, workshop["id"], bom, name="undangan.csv")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["mapping"]["name"] == "Nama"  # the BOM is not part of the header
    cp1252 = ("Nama Lengkap;Kelompok;Lembaga;Jabatan\r\n"
              "José Rizal;Kecamatan;Kecamatan Bojongsari — Camat;Camat ‘Bojongsari’\r\n"
              "Ani;Relawan TIK;Relawan TIK Purbalingga;Ketua\r\n").encode("cp1252")
    response = upload(api, workshop["id"], cp1252, name="undangan.csv")
    assert response.status_code == 201, response.get_json()
    people = listing(api, workshop["id"])
    assert [(p["name"], p["group"], p["organization"], p["job_title"]) for p in people[:2]] == [
        ("José Rizal", "desa", "Kecamatan Bojongsari — Camat", "Camat ‘Bojongsari’"),
        ("Ani", "relawan_tik", "Relawan TIK Purbalingga", "Ketua"),
    ]
    # Rina was not in the second file: she stays invited, after its rows.
    assert [p["name"] for p in people] == ["José Rizal", "Ani", "Rina"]


def test_the_sheet_excel_opens_on_is_read(api):
    workshop = api.workshop()
    book = openpyxl.Workbook()
    book.active.title = "Sampul"
    book.active.append(["Bimtek Smart City Kabupaten Purbalingga"])
    sheet = book.create_sheet("Daftar")
    for row in (["Nama", "Unsur", "Instansi"], ["Budi", "OPD", "Dinkominfo"]):
        sheet.append(row)
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    assert upload(api, workshop["id"], out.getvalue()).status_code == 201
    assert [p["name"] for p in listing(api, workshop["id"])] == ["Budi"]


def test_tab_and_comma_csv(api):
    workshop = api.workshop()
    tab = "Name\tGroup\tOrganization\nA. Rahman\tumkm\tKopi Serayu\n".encode()
    assert upload(api, workshop["id"], tab, name="list.tsv").status_code == 201
    comma = 'Nama,Unsur,Instansi\n"Santoso, S.Kom",OPD,"Dinas Kominfo, Purbalingga"\n'.encode()
    assert upload(api, workshop["id"], comma, name="list.csv").status_code == 201
    assert [p["name"] for p in listing(api, workshop["id"])] == ["Santoso, S.Kom", "A. Rahman"]


def test_an_unknown_unsur_is_refused_in_indonesian_and_nothing_is_written(app, api):
    workshop = api.workshop()
    rows = [["Nama", "Unsur", "Instansi"]] + [[f"Peserta {i}", "OPD", f"Dinas {i}"] for i in range(2, 14)]
    rows.append(["Joko", "Dinas", "Dinas Perhubungan"])  # row 14 of the sheet
    before = (count(app), count(app, JoinTicket))
    response = upload(api, workshop["id"], xlsx(rows))
    assert response.status_code == 409
    body = response.get_json()
    assert body["created"] == 0 and body["updated"] == 0
    assert body["errors"] == [{"row": 14, "field": "group", "code": "unknown_group",
                               "message": f"baris 14: unsur 'Dinas' tidak dikenal — pilih salah satu: {GROUPS}"}]
    assert body["error"]["code"] == "import_refused"
    assert (count(app), count(app, JoinTicket)) == before == (0, 0)
    english = upload(api, workshop["id"], xlsx(rows), lang="en").get_json()["errors"][0]["message"]
    assert english == f"row 14: group 'Dinas' is unknown — choose one of: {GROUPS}"


def test_every_row_problem_is_listed(api):
    workshop = api.workshop()
    api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 1", "dimension": "economy"})
    rows = [["Nama", "Unsur", "Instansi", "Meja"],
            ["Budi", "OPD", "Dinkominfo", "Meja 1"],
            ["", "OPD", "Bappeda", ""],
            ["Siti", "UMKM", "", "Meja 7"],
            ["budi ", "opd", " DINKOMINFO", ""],
            ["Ctrl\x7f", "OPD", "Dinkes", ""],
            ["x" * 121, "OPD", "Dinkes", ""]]
    body = upload(api, workshop["id"], xlsx(rows)).get_json()
    assert [(e["row"], e["field"], e["code"]) for e in body["errors"]] == [
        (3, "name", "required"), (4, "organization", "required"), (4, "table", "unknown_table"),
        (5, "name", "duplicate_row"), (6, "name", "bad_character"), (7, "name", "too_long")]
    messages = [e["message"] for e in body["errors"]]
    assert messages[0] == "baris 3: nama kosong"
    assert messages[2] == "baris 4: meja 'Meja 7' tidak dikenal — pilih salah satu: Meja 1"
    assert messages[3] == "baris 5: nama dan instansi sama dengan baris 2"


def test_tables_by_name_number_or_dimension(api):
    workshop = api.workshop()
    one = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 1", "dimension": "economy"}).get_json()
    two = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 2", "dimension": "living"}).get_json()
    rows = [["Nama", "Unsur", "Instansi", "Kelompok Diskusi"],
            ["A", "OPD", "Dinkes", "meja 1"], ["B", "OPD", "Dishub", 2], ["C", "OPD", "Disperindag", "Smart Economy"],
            ["D", "OPD", "Bappeda", None]]
    assert upload(api, workshop["id"], xlsx(rows)).status_code == 201
    assert [p["table_id"] for p in listing(api, workshop["id"])] == [one["id"], two["id"], one["id"], None]


def test_a_thousand_rows(app, api):
    workshop = api.workshop()
    groups = ["OPD", "UMKM", "Akademisi", "Relawan TIK", "Kecamatan/Desa"]
    rows = [["Nama", "Unsur", "Instansi", "No HP"]] + [
        [f"Peserta {i:04d}", groups[i % 5], f"Instansi {i}", 81200000000 + i] for i in range(1000)]
    response = upload(api, workshop["id"], xlsx(rows))
    assert response.status_code == 201, response.get_json()["errors"][:3]
    assert response.get_json()["created"] == 1000
    people = listing(api, workshop["id"])
    assert len(people) == 1000 and people[999]["name"] == "Peserta 0999" and people[0]["phone"] == "081200000000"
    assert count(app, JoinTicket) == 1000


def test_too_many_rows_is_refused(api):
    workshop = api.workshop()
    text = "Nama;Unsur;Instansi\n" + "".join(f"P{i};OPD;X{i}\n" for i in range(2001))
    response = upload(api, workshop["id"], text.encode(), name="big.csv")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "too_many_rows"


def test_a_mapping_names_the_columns_when_the_headers_differ(api):
    workshop = api.workshop()
    rows = [["Peserta Rapat", "Asal", "Kantor"], ["Budi", "OPD", "Dinkominfo"]]
    missing = upload(api, workshop["id"], xlsx(rows))
    assert missing.status_code == 409
    body = missing.get_json()
    assert body["error"]["code"] == "missing_column"
    assert body["columns"] == ["Peserta Rapat", "Asal", "Kantor"]
    assert [(e["code"], e["field"]) for e in body["errors"]] == [("missing_column", "name"),
                                                                 ("missing_column", "group"),
                                                                 ("missing_column", "organization")]
    assert body["errors"][1]["message"] == ("Kolom unsur tidak ditemukan di berkas: pilih dari kolom-kolom "
                                            "berkas.")
    preview = upload(api, workshop["id"], xlsx(rows), dry_run=True)
    assert preview.status_code == 200 and preview.get_json()["errors"][0]["code"] == "missing_column"
    mapping = {"name": "peserta rapat", "group": "Asal", "organization": "Kantor"}
    done = upload(api, workshop["id"], xlsx(rows), mapping=mapping)
    assert done.status_code == 201, done.get_json()
    assert [(p["name"], p["group"]) for p in listing(api, workshop["id"])] == [("Budi", "opd")]
    wrong = upload(api, workshop["id"], xlsx(rows), mapping={**mapping, "phone": "Telepon"}).get_json()
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("phone", "missing_column")]
    assert wrong["errors"][0]["message"] == "Kolom 'Telepon' (untuk nomor HP) tidak ada di berkas."
    bad = upload(api, workshop["id"], xlsx(rows), mapping=["Nama"])
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "mapping"


def test_reimport_updates_instead_of_duplicating(app, api):
    workshop = api.workshop()
    first = [["Nama", "Unsur", "Instansi", "Jabatan"], ["Budi", "OPD", "Dinkominfo", "Staf"],
             ["Siti", "UMKM", "Batik", "Pemilik"]]
    assert upload(api, workshop["id"], xlsx(first)).status_code == 201
    before = {p["name"]: p["id"] for p in listing(api, workshop["id"])}
    tickets = count(app, JoinTicket)
    second = [["Nama", "Unsur", "Instansi", "Jabatan"], ["Ani", "Akademisi", "Unsoed", "Dosen"],
              ["SITI", "UMKM", "batik", "Pemilik"], ["budi", "Relawan TIK", "DINKOMINFO", "Kepala Seksi"]]
    preview = upload(api, workshop["id"], xlsx(second), dry_run=True)
    assert preview.status_code == 200
    assert {k: preview.get_json()[k] for k in ("created", "updated", "unchanged")} == {
        "created": 1, "updated": 2, "unchanged": 0}
    assert [r["action"] for r in preview.get_json()["preview"]] == ["create", "update", "update"]
    assert count(app) == 2  # the dry run wrote nothing
    response = upload(api, workshop["id"], xlsx(second))
    assert response.status_code == 201 and response.get_json()["created"] == 1
    people = listing(api, workshop["id"])
    assert [(p["name"], p["group"], p["job_title"]) for p in people] == [
        ("Ani", "akademisi", "Dosen"), ("SITI", "umkm", "Pemilik"), ("budi", "relawan_tik", "Kepala Seksi")]
    assert people[1]["id"] == before["Siti"] and people[2]["id"] == before["Budi"]
    assert count(app, JoinTicket) == tickets + 1
    labels = [t["label"] for t in api.get(f"/api/v1/workshops/{workshop['id']}/tickets").get_json()["tickets"]]
    assert sorted(labels) == ["Ani", "SITI", "budi"]  # the badges' tickets follow the names' spelling
    # A refused re-import changes nothing, not even the rows before its bad one.
    third = [["Nama", "Unsur", "Instansi", "Jabatan"], ["Ani", "Akademisi", "Unsoed", "Rektor"],
             ["Baru", "Dinas", "Dishub", "Staf"]]
    assert upload(api, workshop["id"], xlsx(third)).status_code == 409
    assert listing(api, workshop["id"]) == people and count(app, JoinTicket) == tickets + 1
    again = upload(api, workshop["id"], xlsx(second))
    assert again.status_code == 200
    assert {k: again.get_json()[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0, "updated": 0, "unchanged": 3}


def test_dry_run_writes_nothing(app, api):
    workshop = api.workshop()
    rows = [["Nama", "Unsur", "Instansi"], ["Budi", "OPD", "Dinkominfo"], ["Siti", "UMKM", "Batik"]]
    response = upload(api, workshop["id"], xlsx(rows), dry_run=True)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["created"], body["errors"], body["dry_run"]) == (2, [], True)
    assert body["preview"][0] == {"row": 2, "name": "Budi", "group": "opd", "organization": "Dinkominfo",
                                  "job_title": "", "phone": "", "table_id": None, "action": "create"}
    assert (count(app), count(app, JoinTicket)) == (0, 0)


def test_refusals_of_what_is_no_list(api):
    workshop = api.workshop()
    url = f"/api/v1/workshops/{workshop['id']}/invitations"
    cases = {
        "not_a_spreadsheet": [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", b"\x00\x01\x02binary\x00",
                              _zip({"word/document.xml": b"<w/>"})],
        "old_excel": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100],
        "empty_file": [b""],
    }
    for code, contents in cases.items():
        for content in contents:
            response = upload(api, workshop["id"], content, name="undangan.xlsx")
            assert response.status_code == 400, (code, content[:10])
            assert response.get_json()["error"]["code"] == code
    broken = upload(api, workshop["id"], b"PK\x03\x04 not really a zip")
    assert broken.get_json()["error"]["code"] == "not_a_spreadsheet"
    no_file = api.client.post(url, data={}, headers=api.headers, content_type="multipart/form-data")
    assert no_file.status_code == 400 and no_file.get_json()["error"]["field"] == "file"
    as_json = api.post(url, {"file": "x"})
    assert as_json.status_code == 400
    # Built by hand: the test client would spool a large form to a temporary file it never closes.
    huge = b'--X\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n' + (
        b"a" * (5 * 1024 * 1024)) + b"\r\n--X--\r\n"
    huge = api.client.post(url, data=huge, headers=api.headers, content_type="multipart/form-data; boundary=X")
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "too_large"


def _zip(parts: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_opened(api):
    workshop = api.workshop()
    real = zipfile.ZipFile(io.BytesIO(xlsx([["Nama", "Unsur", "Instansi"], ["A", "OPD", "B"]])))
    parts = {info.filename: real.read(info.filename) for info in real.infolist()}
    # 200 MB of spaces in the sheet: a few hundred kilobytes once zipped.
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"] + b" " * (200 * 1024 * 1024)
    bomb = _zip(parts)
    assert len(bomb) < 1024 * 1024
    response = upload(api, workshop["id"], bomb)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "spreadsheet_too_big"


def test_who_may_import_and_read(app, api):
    from ..conftest import Api
    workshop = api.workshop()
    rows = [["Nama", "Unsur", "Instansi"], ["Budi", "OPD", "Dinkominfo"]]
    assert upload(api, workshop["id"], xlsx(rows)).status_code == 201
    table = api.post(f"/api/v1/workshops/{workshop['id']}/tables", {"name": "Meja 1"}).get_json()
    helper = Api(app, app.test_client(), email="meja@kominfo.go.id")
    stranger = Api(app, app.test_client(), email="lain@kominfo.go.id")
    assert upload(stranger, workshop["id"], xlsx(rows)).status_code == 403
    assert stranger.get(f"/api/v1/workshops/{workshop['id']}/invitations").status_code == 403
    api.post(f"/api/v1/workshops/{workshop['id']}/facilitators", {"email": helper.email, "table_id": table["id"]})
    assert upload(helper, workshop["id"], xlsx(rows)).status_code == 403
    assert listing(helper, workshop["id"]) == []  # nobody is invited to their table yet
    seated = [["Nama", "Unsur", "Instansi", "Meja", "No HP"], ["Budi", "OPD", "Dinkominfo", "", "0811"],
              ["Siti", "UMKM", "Batik", "Meja 1", "0812"]]
    assert upload(api, workshop["id"], xlsx(seated)).status_code == 201
    assert [(p["name"], p["phone"]) for p in listing(helper, workshop["id"])] == [("Siti", "")]
    assert [p["phone"] for p in listing(api, workshop["id"])] == ["0811", "0812"]
    assert api.get("/api/v1/workshops/999/invitations").status_code == 404
    anonymous = app.test_client().get(f"/api/v1/workshops/{workshop['id']}/invitations")
    assert anonymous.status_code == 401


def test_a_closed_workshop_takes_no_list(api):
    workshop = api.workshop()
    api.post(f"/api/v1/workshops/{workshop['id']}/close")
    response = upload(api, workshop["id"], xlsx([["Nama", "Unsur", "Instansi"], ["A", "OPD", "B"]]))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "workshop_closed"


def test_the_import_is_in_the_moderation_log(api):
    workshop = api.workshop()
    upload(api, workshop["id"], xlsx([["Nama", "Unsur", "Instansi"], ["A", "OPD", "B"]]))
    entries = api.get(f"/api/v1/workshops/{workshop['id']}/moderation-log").get_json()["entries"]
    assert entries[-1]["action"] == "invitations_imported" and entries[-1]["detail"]["created"] == 1


@pytest.mark.parametrize("value, field, text", [
    (81234567890.0, "phone", "081234567890"), (6281234567890, "phone", "6281234567890"),
    (12.5, "job_title", "12.5"), (dt.datetime(2024, 6, 12, 8, 30), "name", "2024-06-12 08:30"),
    (dt.date(2024, 6, 12), "name", "2024-06-12"), (True, "name", "1"), (None, "name", "")])
def test_cells_become_sensible_text(value, field, text):
    from workshop.services.invitations import _cell_text
    assert _cell_text(value, field) == text


def test_an_entity_bomb_in_a_sheet_is_refused(api):
    """A "billion laughs" sheet: the XML parser's amplification limit stops it; a plain refusal."""
    workshop = api.workshop()
    real = zipfile.ZipFile(io.BytesIO(xlsx([["Nama", "Unsur", "Instansi"], ["A", "OPD", "B"]])))
    parts = {info.filename: real.read(info.filename) for info in real.infolist()}
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1)
    sheet = sheet.replace("<t>A</t>", "<t>&a9;</t>", 1)  # 10^9 times "ha" once expanded
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    response = upload(api, workshop["id"], _zip(parts))
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "not_a_spreadsheet"
