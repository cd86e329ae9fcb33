"""The exports of a workshop with an invitation list (issue 14): each session's people per group
(invited, present, voted), the Keterwakilan sheet, and the daftar hadir as the invitation list in
its order, with walk-ins after it and an empty signature column to print."""
from __future__ import annotations

import io

import openpyxl
import pytest

from workshop.extensions import db
from workshop.models import Invitation

from ..attendance_helpers import invite
from ..contract.contract import problems


@pytest.fixture
def held(app, api, connect):
    """Invited: Bayu (OPD), Ani (OPD), Citra (UMKM), in this order. Ani joins with her badge (the
    badge join links her phone) and votes; Citra is ticked present and does not vote; a walk-in
    (UMKM) joins with the code and votes; Bayu stays away."""
    workshop = api.workshop()
    wid = workshop["id"]
    session = api.session(wid, "Prioritas")
    api.phase(session["id"], "collect")
    bayu, ani, citra = invite(app, wid, [("Bayu Aji", "opd", "Bappeda", None, "Kepala Bidang"),
                                         ("Ani Rahayu", "opd", "Dinkominfo", None, "Sekretaris"),
                                         ("Citra Dewi", "umkm", "Batik Citra")])
    phone = api.join(workshop["join_code"], name="Ani Rahayu", group="opd", organization="Dinkominfo")
    with app.app_context():  # what the badge join does: the invitation names the phone
        row = db.session.get(Invitation, ani["id"])
        row.participant_id = phone["participant_id"]
        db.session.commit()
    assert api.post(f"/api/v1/invitations/{ani['id']}/check-in").status_code == 200
    assert api.post(f"/api/v1/invitations/{citra['id']}/check-in").status_code == 200
    guest = api.join(workshop["join_code"], name="Tamu Pasar", group="umkm", organization="Pasar Bobotsari")
    ani_sio, guest_sio = connect(phone["token"]), connect(guest["token"])
    proposal = ani_sio.emit("proposal:submit", {"session_id": session["id"], "title": "Pasar daring desa",
                                                "dimension": "economy", "client_id": "1"}, callback=True)["proposal"]
    api.phase(session["id"], "vote")
    for sio in (ani_sio, guest_sio):
        ack = sio.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(proposal["id"]): 2}}},
                       callback=True)
        assert ack["ok"], ack
    return workshop


def test_the_dataset_says_who_was_present_and_who_voted_per_group(api, held):
    data = api.get(f"/api/v1/workshops/{held['id']}/export.json").get_json()
    assert problems("Dataset", data, "openapi") == []
    assert [(p["name"], p["present"], p["sessions_voted"]) for p in data["invitations"]] == [
        ("Bayu Aji", False, []), ("Ani Rahayu", True, [1]), ("Citra Dewi", True, [])]
    assert data["invitations"][0]["job_title"] == "Kepala Bidang" and data["invitations"][0]["checked_in_at"] is None
    assert data["sessions"][0]["representation"] == [
        {"group": "opd", "invited": 2, "present": 1, "voted": 1},
        {"group": "umkm", "invited": 1, "present": 2, "voted": 1}]
    assert {p["name"]: p["invited"] for p in data["attendance"]} == {"Ani Rahayu": True, "Tamu Pasar": False}


def test_a_workshop_without_a_list_exports_as_before(api):
    workshop = api.workshop()
    api.session(workshop["id"])
    data = api.get(f"/api/v1/workshops/{workshop['id']}/export.json").get_json()
    assert "invitations" not in data and "representation" not in data["sessions"][0]
    book = openpyxl.load_workbook(io.BytesIO(api.get(f"/api/v1/workshops/{workshop['id']}/export.xlsx").get_data()))
    assert "Keterwakilan" not in book.sheetnames


def test_the_workbook_lists_the_invited_in_order_with_a_signature_column(api, held):
    response = api.get(f"/api/v1/workshops/{held['id']}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    rows = list(book["Daftar Hadir"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["No.", "Nama", "Jabatan", "Instansi", "Unsur"]
    assert header[5:8] == ["Diundang", "Hadir", header[7]] and header[7].startswith("Jam hadir (")
    assert header[-1] == "Tanda tangan"
    people = [dict(zip(header, row)) for row in rows[1:]]
    assert [(p["No."], p["Nama"], p["Diundang"], p["Hadir"]) for p in people] == [
        (1, "Bayu Aji", "Ya", "Tidak"), (2, "Ani Rahayu", "Ya", "Ya"), (3, "Citra Dewi", "Ya", "Ya"),
        (4, "Tamu Pasar", "Tidak: bergabung dengan kode", "Ya")]
    assert people[0]["Jabatan"] == "Kepala Bidang" and people[0][header[7]] is None
    assert people[1][header[7]] is not None and people[1][header[8]] == 1  # checked in; voted in 1 session
    assert people[3][header[8]] == 1 and people[2][header[8]] == 0
    assert all(p["Tanda tangan"] is None for p in people)
    shares = list(book["Keterwakilan"].iter_rows(values_only=True))
    assert shares[0][:7] == ("No. sesi", "Sesi", "Meja", "Unsur", "Diundang", "Hadir", "Memilih")
    assert [row[3:8] for row in shares[1:]] == [("OPD", 2, 1, 1, 100), ("UMKM", 1, 2, 1, 50)]


def test_the_report_shows_presence_and_votes_per_group(api, held):
    html = api.get(f"/api/v1/workshops/{held['id']}/report.html").get_data(as_text=True)
    assert "Diundang dan hadir" in html and "Bergabung tanpa undangan" in html
    assert "Yang hadir dan yang memilih, per unsur" in html
    part = html.split("Yang hadir dan yang memilih, per unsur")[1].split("</table>")[0]
    cells = [c.split("<")[0] for c in part.split('<td class="num">')[1:]]
    assert cells == ["2", "1", "1", "1", "2", "1"]


def test_invited_names_stay_text_in_the_workbook(app, api):
    workshop = api.workshop()
    invite(app, workshop["id"], [('=HYPERLINK("http://evil.example","x")', "opd", "+SUM(1,2)", None, "-1+1")])
    book = openpyxl.load_workbook(io.BytesIO(api.get(f"/api/v1/workshops/{workshop['id']}/export.xlsx").get_data()))
    row = list(book["Daftar Hadir"].iter_rows(min_row=2, max_row=2))[0]
    assert [c.data_type for c in row[1:4]] == ["s", "s", "s"]
    assert row[1].value.startswith("=HYPERLINK")
