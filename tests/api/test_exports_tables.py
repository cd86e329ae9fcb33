"""Exports of a workshop with tables: two tables collect and vote, the plenary votes on what
the lead carried over, and every export says which table each program and each person came from.
"""
import csv
import io
import json
import re

import openpyxl
import pytest

from .test_exports import PROGRAM_HEADERS, english, rows_of, workbook

TABLES = (("Meja 1", "economy"), ("Meja 2", "environment"))
PROGRAMS = {
    "Meja 1": [("Pasar daring UMKM", "economy"), ("QRIS retribusi pasar", "economy"),
               ("Pelatihan pemasaran digital", "economy")],
    "Meja 2": [("Bank sampah digital", "environment"), ("Sensor banjir Klawing", "environment"),
               ("PLTS atap kantor", "environment")],
}


def post_ok(api, url, body, status=201):
    response = api.post(url, body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def join_at(api, join_code, table_id, name, group):
    response = api.app.test_client().post("/api/v1/join", json={
        "join_code": join_code, "name": name, "group": group, "organization": "Dinkominfo", "table_id": table_id})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def bimtek(api, connect):
    """Two tables with three people each; each collects three programs and votes; the lead
    carries the top 2 of each into a plenary, where everyone votes. Plus one latecomer, unseated."""
    workshop = api.workshop(title="Bimtek Smart City Bontang")
    wid = workshop["id"]
    tables = [post_ok(api, f"/api/v1/workshops/{wid}/tables", {"name": name, "dimension": dimension})
              for name, dimension in TABLES]
    post_ok(api, f"/api/v1/workshops/{wid}/mode", {"mode": "tables"}, status=200)
    people, table_sessions = {}, {}
    for table, (name, _dimension) in zip(tables, TABLES):
        session = api.session(wid, title=f"{name}: usulan", table_id=table["id"])
        assert session["table_id"] == table["id"]
        table_sessions[name] = session
        api.phase(session["id"], "collect")
        people[name] = [join_at(api, workshop["join_code"], table["id"], f"{name} peserta {i}",
                                ("opd", "umkm", "desa")[i]) for i in range(3)]
        phones = [connect(p["token"]) for p in people[name]]
        ids = []
        for i, (title, dimension) in enumerate(PROGRAMS[name]):
            ack = phones[i].emit("proposal:submit", {"session_id": session["id"], "title": title,
                                                     "dimension": dimension, "client_id": str(i)}, callback=True)
            assert ack["ok"], ack
            ids.append(ack["proposal"]["id"])
        api.phase(session["id"], "vote")
        # Everyone at the table likes the first program best, then the second.
        for phone in phones:
            ack = phone.emit("ballot:cast", {"session_id": session["id"],
                                             "ballot": {"dots": {str(ids[0]): 3, str(ids[1]): 2}}}, callback=True)
            assert ack["ok"], ack
        api.phase(session["id"], "closed")
    latecomer = api.join(workshop["join_code"], name="Peserta terlambat", group="lainnya")
    plenary = api.session(wid, title="Pleno: Quick Win")
    assert plenary["table_id"] is None
    post_ok(api, f"/api/v1/sessions/{plenary['id']}/carry",
            {"top_n": 2, "from_session_ids": [s["id"] for s in table_sessions.values()]})
    post_ok(api, f"/api/v1/workshops/{wid}/mode", {"mode": "plenary"}, status=200)
    api.phase(plenary["id"], "vote")
    carried = api.get(f"/api/v1/sessions/{plenary['id']}/proposals").get_json()["proposals"]
    assert sorted(p["title"] for p in carried) == sorted(t for programs in PROGRAMS.values() for t, _d in programs[:2])
    favourite = next(p["id"] for p in carried if p["title"] == "Bank sampah digital")
    for person in [*people["Meja 1"], *people["Meja 2"], latecomer]:
        ack = connect(person["token"]).emit("ballot:cast", {"session_id": plenary["id"],
                                                            "ballot": {"dots": {str(favourite): 2}}}, callback=True)
        assert ack["ok"], ack
    api.phase(plenary["id"], "closed")
    return {"id": wid, "tables": tables, "table_sessions": table_sessions, "plenary": plenary,
            "carried": carried}


def table_of(title):
    return next(name for name, programs in PROGRAMS.items() if title in [t for t, _d in programs])


def test_workbook_says_which_table_each_program_and_person_came_from(api, bimtek):
    english(api)
    book = workbook(api, bimtek["id"])

    headers, rows = rows_of(book["Program Prioritas"])
    # The demo's headers without its score criteria (these sessions use dots), plus Table.
    plain = [h for h in PROGRAM_HEADERS if not h.startswith("Mean: ")]
    assert headers == plain[:7] + ["Table"] + plain[7:]
    assert len(rows) == 6 + 4
    for row in rows:
        assert row["Table"] == table_of(row["Title"]), row
    plenary = [row for row in rows if row["Session"] == "Pleno: Quick Win"]
    assert [(row["Rank"], row["Title"], row["Table"]) for row in plenary][0] == (1, "Bank sampah digital", "Meja 2")
    assert {row["Table"] for row in plenary} == {"Meja 1", "Meja 2"}

    headers, rows = rows_of(book["Per Dimensi"])
    assert headers[:2] == ["Dimension", "Rank in dimension"] and "Table" in headers
    assert all(row["Table"] == table_of(row["Title"]) for row in rows) and len(rows) == 10
    assert {row["Dimension"] for row in rows if row["Table"] == "Meja 1"} == {"Smart Economy"}

    headers, rows = rows_of(book["Daftar Hadir"])
    assert headers[:5] == ["No.", "Name", "Group", "Organization", "Table"] and headers[5].startswith("Joined (")
    seats = {row["Name"]: row["Table"] for row in rows}
    assert seats["Meja 1 peserta 0"] == "Meja 1" and seats["Meja 2 peserta 2"] == "Meja 2"
    assert seats["Peserta terlambat"] is None
    assert len(rows) == 7


def test_workbook_headers_in_indonesian(api, bimtek):
    book = workbook(api, bimtek["id"])
    assert "Meja" in [cell.value for cell in book["Program Prioritas"][1]]
    assert [cell.value for cell in book["Daftar Hadir"][1]][4] == "Meja"


def test_csv_and_json_carry_the_tables(api, bimtek):
    english(api)
    text = api.get(f"/api/v1/workshops/{bimtek['id']}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][7] == "Table"
    assert all(row[7] == table_of(row[5]) for row in rows[1:])

    data = json.loads(api.get(f"/api/v1/workshops/{bimtek['id']}/export.json").get_data())
    ids = {t["name"]: t["id"] for t in bimtek["tables"]}
    assert [(t["id"], t["name"], t["dimension"], t["people"]) for t in data["tables"]] == [
        (ids["Meja 1"], "Meja 1", "economy", 3), (ids["Meja 2"], "Meja 2", "environment", 3)]
    assert [t["session_ids"] for t in data["tables"]] == [[bimtek["table_sessions"][n]["id"]] for n in ids]
    for session in data["sessions"]:
        expected = None if session["id"] == bimtek["plenary"]["id"] else \
            next(t["id"] for t in data["tables"] if session["id"] in t["session_ids"])
        assert session["table_id"] == expected
        for row in session["results"]:
            assert row["table"] == {"id": ids[table_of(row["title"])], "name": table_of(row["title"])}
        # The exported figures are the results API's, whatever it adds about tables.
        api_rows = api.results(session["id"])["results"]
        assert [{k: v for k, v in r.items() if k in a} for r, a in zip(session["results"], api_rows)] == api_rows
    seats = {p["name"]: p["table"] for p in data["attendance"]}
    assert seats["Meja 1 peserta 1"] == {"id": ids["Meja 1"], "name": "Meja 1"}
    assert seats["Peserta terlambat"] is None


def test_report_shows_each_tables_top_programs_before_the_plenary(api, bimtek):
    english(api)
    response = api.get(f"/api/v1/workshops/{bimtek['id']}/report.html")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script" not in html and not re.search(r"\sstyle=", html) and "<style" not in html
    tables_at = html.index('id="tables"')
    plenary_at = html.index(f'id="session-{bimtek["plenary"]["position"] + 1}"')
    assert tables_at < plenary_at
    for table in bimtek["tables"]:
        start = html.index(f'id="table-{table["id"]}"')
        ends = [html.find(mark, start + 1) for mark in ('class="table-result"', "</section>")]
        block = html[start:min(end for end in ends if end > 0)]
        assert table["name"] in block and "People seated: 3" in block
        assert block.count("<svg") == 1
        top = [t for t, _d in PROGRAMS[table["name"]]]
        assert block.index(top[0]) < block.index(top[1])
        assert block.count("to the plenary") == 2  # the two carried, the third not
    # Table sessions are shown in the tables' part only; the plenary in full, with each program's table.
    assert html.count('class="block session"') == 1
    plenary = html[plenary_at:]
    assert "<th>Table</th>" in plenary and "Meja 2" in plenary
    assert html.count("<svg") == 1 + 2 + 2  # attendance, one per table, the plenary's two


def test_report_pdf_with_tables(api, bimtek):
    response = api.get(f"/api/v1/workshops/{bimtek['id']}/report.pdf")
    assert response.status_code == 200 and response.get_data().startswith(b"%PDF")


def test_workbook_opens_with_openpyxl_from_bytes(api, bimtek):
    response = api.get(f"/api/v1/workshops/{bimtek['id']}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    assert book.sheetnames[:4] == ["Program Prioritas", "Per Dimensi", "Per Unsur", "Daftar Hadir"]


def test_seed_demo_with_tables(api, runner):
    result = runner.invoke(args=["seed-demo", "--email", api.email, "--tables", "3", "--password", "rahasia-meja"])
    assert result.exit_code == 0, result.output
    workshop_id = int(re.search(r"Workshop id: (\d+)", result.output).group(1))
    workshop = api.get(f"/api/v1/workshops/{workshop_id}").get_json()
    assert workshop["mode"] == "plenary" and len(workshop["tables"]) == 3
    listed = api.get(f"/api/v1/workshops/{workshop_id}/facilitators").get_json()
    listed = listed.get("facilitators", listed) if isinstance(listed, dict) else listed
    assert sorted(f["table_id"] for f in listed) == sorted(t["id"] for t in workshop["tables"])
    by_table = {t["id"]: [s for s in workshop["sessions"] if s["table_id"] == t["id"]] for t in workshop["tables"]}
    assert all(len(sessions) == 1 and sessions[0]["phase"] == "closed" for sessions in by_table.values())
    plenary = [s for s in workshop["sessions"] if s["table_id"] is None]
    assert len(plenary) == 1 and plenary[0]["method"] == "score" and plenary[0]["phase"] == "closed"
    carried = api.get(f"/api/v1/sessions/{plenary[0]['id']}/proposals").get_json()["proposals"]
    assert len(carried) == 2 * 3
    # Each table collected the programs of its two dimensions and ran its own session.
    people = api.get(f"/api/v1/workshops/{workshop_id}/participants").get_json()["participants"]
    assert sum(p["table_id"] is None for p in people) == 2
    log = api.get(f"/api/v1/workshops/{workshop_id}/moderation-log").get_json()["entries"]
    runners = {e["by"] for e in log if e["action"] == "merge" or e["action"] == "phase"
               and e["session_id"] != plenary[0]["id"]}
    assert runners and all(by.startswith("meja") for by in runners), runners
    data = json.loads(api.get(f"/api/v1/workshops/{workshop_id}/export.json").get_data())
    assert [t["people"] for t in data["tables"]] and sum(t["people"] for t in data["tables"]) == len(people) - 2
    names = {t["id"]: t["name"] for t in workshop["tables"]}
    for session in data["sessions"]:
        assert all(row["table"]["name"] in names.values() for row in session["results"])
    final = next(s for s in data["sessions"] if s["id"] == plenary[0]["id"])
    assert {row["table"]["id"] for row in final["results"]} == set(names)
    # The co-facilitators log in with the given password.
    from workshop.services.accounts import authenticate
    with api.app.app_context():
        assert authenticate(listed[0]["email"], "rahasia-meja").email == listed[0]["email"]
