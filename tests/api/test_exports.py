"""Organizer outputs of the seeded demo workshop: workbook, CSV, JSON, report page and PDF.

Every figure in the exports must equal what the results API says for the same session.
"""
import csv
import io
import json
import re
import shutil
import subprocess

import openpyxl
import pytest
from flask_babel import force_locale, gettext

from workshop.models import DIMENSIONS

SHEETS = ["Program Prioritas", "Per Dimensi", "Per Unsur", "Daftar Hadir", "Log Moderasi", "Suara"]
GROUPS = ["OPD", "Kecamatan/Desa", "Relawan TIK", "UMKM", "Akademisi", "Lainnya"]
CRITERIA = ["Dampak", "Urgensi", "Kelayakan", "Efisiensi biaya"]
# (msgid, parameters) of the Program Prioritas columns, in order.
PROGRAM_COLUMNS = (
    [(h, {}) for h in ["Session no.", "Session", "Method", "Rank", "Proposal ID", "Title", "Description",
                       "Dimension", "Proposer's group", "Proposer's organization", "Score", "Dots", "Points",
                       "Borda points", "First choices"]]
    + [("Mean: %(criterion)s", {"criterion": c}) for c in CRITERIA]
    + [(h, {}) for h in ["Balanced rank", "Balanced score", "Voters"]]
    + [("From %(group)s", {"group": g}) for g in GROUPS]
    + [(h, {}) for h in ["Merged duplicates", "Goal", "Target", "Success indicator", "Responsible agency",
                         "Horizon (years)", "Quick Win", "Matrix quadrant"]])
PROGRAM_HEADERS = [msgid % params if params else msgid for msgid, params in PROGRAM_COLUMNS]
MASTERPLAN = ["goal", "target", "indicator", "responsible_agency", "horizon"]


@pytest.fixture
def demo(api, runner):
    """The seed-demo workshop, owned by the api fixture's facilitator."""
    result = runner.invoke(args=["seed-demo", "--email", api.email])
    assert result.exit_code == 0, result.output
    workshop_id = int(re.search(r"Workshop id: (\d+)", result.output).group(1))
    join_code = re.search(r"Join code: (\w+)", result.output).group(1)
    workshop = api.get(f"/api/v1/workshops/{workshop_id}").get_json()
    assert workshop["join_code"] == join_code
    results = {s["id"]: api.results(s["id"]) for s in workshop["sessions"]}
    return {"id": workshop_id, "workshop": workshop, "sessions": workshop["sessions"], "results": results}


def english(api):
    api.client.set_cookie("lang", "en")


def workbook(api, workshop_id):
    response = api.get(f"/api/v1/workshops/{workshop_id}/export.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def rows_of(sheet):
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[0]), [dict(zip(rows[0], row)) for row in rows[1:]]


def test_seed_demo_builds_a_realistic_workshop(api, demo):
    sessions = demo["sessions"]
    assert [s["method"] for s in sessions] == ["dots", "points", "score", "rank"]
    assert all(s["phase"] == "closed" for s in sessions)
    first = api.get(f"/api/v1/sessions/{sessions[0]['id']}/proposals").get_json()["proposals"]
    assert len(first) == 30 and {p["dimension"] for p in first} == set(DIMENSIONS)
    assert [p["status"] for p in first].count("merged") == 1 and [p["status"] for p in first].count("hidden") == 1
    assert any(p["quick_win"] for p in first) and any(p["goal"] and p["responsible_agency"] for p in first)
    people = api.get(f"/api/v1/workshops/{demo['id']}/participants").get_json()["participants"]
    phones = [p for p in people if p["kind"] == "phone"]
    assert len(phones) == 60 and {p["group"] for p in phones} == {g["key"] for g in demo["workshop"]["groups"]}
    assert [p["kind"] for p in people].count("paper") == 1
    for session in sessions:
        assert demo["results"][session["id"]]["voters"] > 40
    actions = [e["action"] for e in api.get(f"/api/v1/workshops/{demo['id']}/moderation-log").get_json()["entries"]]
    assert {"merge", "hide", "paper_ballot", "carry_over", "edit"} <= set(actions)


def test_seed_demo_needs_a_password_for_a_new_facilitator(runner):
    result = runner.invoke(args=["seed-demo", "--email", "baru@kominfo.go.id"])
    assert result.exit_code != 0 and "--password" in result.output
    result = runner.invoke(args=["seed-demo", "--email", "baru@kominfo.go.id", "--password", "rahasia-baru"])
    assert result.exit_code == 0 and "Created facilitator baru@kominfo.go.id" in result.output


def test_workbook_sheets_headers_and_numbers_equal_the_results_api(api, demo):
    english(api)
    book = workbook(api, demo["id"])
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.column_dimensions["A"].width and sheet.column_dimensions["B"].width
    number_of = {s["id"]: s["position"] + 1 for s in demo["sessions"]}
    results = {number_of[sid]: r for sid, r in demo["results"].items()}

    # Program Prioritas: one row per proposal per session, in rank order, every figure as in the API.
    headers, rows = rows_of(book["Program Prioritas"])
    assert headers == PROGRAM_HEADERS
    assert len(rows) == sum(len(r["results"]) for r in results.values())
    for number, outcome in results.items():
        mine = [row for row in rows if row["Session no."] == number]
        assert [row["Proposal ID"] for row in mine] == [r["proposal_id"] for r in outcome["results"]]
        for row, result in zip(mine, outcome["results"]):
            assert_program_row(row, result, outcome["method"])

    # Per Dimensi: the same rows, grouped by dimension in the six's order, best first within a session.
    headers, rows = rows_of(book["Per Dimensi"])
    assert headers == ["Dimension", "Rank in dimension"] + [h for h in PROGRAM_HEADERS if h != "Dimension"]
    assert len(rows) == sum(len(r["results"]) for r in results.values())
    names = ["Smart " + d.capitalize() for d in DIMENSIONS]
    order = [names.index(row["Dimension"]) for row in rows]
    assert order == sorted(order)
    for number, outcome in results.items():
        for result in outcome["results"]:
            row = next(r for r in rows if r["Session no."] == number and r["Proposal ID"] == result["proposal_id"])
            assert_program_row(row, result, outcome["method"])
            assert row["Dimension"] == "Smart " + result["dimension"].capitalize()
            better = [r for r in outcome["results"] if r["dimension"] == result["dimension"]
                      and r["score"] > result["score"]]
            assert row["Rank in dimension"] == len(better) + 1

    # Per Unsur: each group's own top 10, the group's figure straight from by_group.
    headers, rows = rows_of(book["Per Unsur"])
    assert headers == ["Group", "Session no.", "Session", "Method", "Rank in group", "Proposal ID", "Title",
                       "Dimension", "Given by the group", "Per voter of the group", "Group's voters",
                       "Overall rank", "Balanced rank"]
    keys = {g["label"]: g["key"] for g in demo["workshop"]["groups"]}
    assert {row["Group"] for row in rows} == set(GROUPS)
    for row in rows:
        outcome = results[row["Session no."]]
        result = next(r for r in outcome["results"] if r["proposal_id"] == row["Proposal ID"])
        figure = result["by_group"][keys[row["Group"]]]
        assert row["Given by the group"] == pytest.approx(figure) and figure > 0
        assert row["Group's voters"] == outcome["group_voters"][keys[row["Group"]]]
        assert (row["Overall rank"], row["Balanced rank"]) == (result["rank"], result["balanced_rank"])
        assert 1 <= row["Rank in group"] <= 10
        if outcome["method"] != "score":
            assert row["Per voter of the group"] == pytest.approx(figure / row["Group's voters"], abs=1e-3)

    # Daftar Hadir: everyone who joined, and how many sessions each voted in.
    headers, rows = rows_of(book["Daftar Hadir"])
    assert headers[:4] == ["No.", "Name", "Group", "Organization"] and headers[4].startswith("Joined (")
    assert headers[5:] == ["Via", "Sessions voted in", "Sessions"]
    assert len(rows) == 61 and [row["Via"] for row in rows].count("Paper ballot") == 1
    assert sum(row["Sessions voted in"] for row in rows) == sum(r["voters"] for r in results.values())
    assert all(row[headers[4]].year >= 2024 for row in rows)

    # Log Moderasi: every entry of the log, in order.
    entries = api.get(f"/api/v1/workshops/{demo['id']}/moderation-log").get_json()["entries"]
    headers, rows = rows_of(book["Log Moderasi"])
    assert headers[0] == "No." and headers[1].startswith("Time (")
    assert headers[2:] == ["Facilitator", "Action", "Session no.", "Proposal ID", "Details"]
    assert len(rows) == len(entries)
    assert [row["Session no."] for row in rows] == [number_of.get(e["session_id"]) for e in entries]
    merge = next(row for row in rows if row["Action"] == "Duplicates merged")
    assert "merged into" in merge["Details"]

    # Suara: the raw ballots add up to the results; voters are numbers, never names.
    headers, rows = rows_of(book["Suara"])
    assert headers == ["Session no.", "Session", "Method", "Voter no.", "Voter's group", "Proposal ID", "Title",
                       "Dots", "Points", "Place in ranking", "Borda points"] + [f"Score: {c}" for c in CRITERIA]
    names = {row["Name"] for row in rows_of(book["Daftar Hadir"])[1]}
    assert not names & {value for row in rows for value in row.values() if isinstance(value, str)}
    for number, outcome in results.items():
        mine = [row for row in rows if row["Session no."] == number]
        assert len({row["Voter no."] for row in mine}) == outcome["voters"]
        assert all(10000 <= row["Voter no."] <= 99999 for row in mine)
        column = {"dots": "Dots", "points": "Points", "rank": "Borda points"}.get(outcome["method"])
        for result in outcome["results"]:
            lines = [row for row in mine if row["Proposal ID"] == result["proposal_id"]]
            if column:
                assert sum(row[column] for row in lines) == pytest.approx(result["score"])
            else:
                for criterion, mean in result["detail"]["criteria_means"].items():
                    given = [row[f"Score: {criterion_label(criterion)}"] for row in lines]
                    given = [g for g in given if g is not None]
                    assert (sum(given) / len(given) if given else None) == pytest.approx(mean, abs=1e-3)
    # The same person keeps one number across sessions.
    voters_by_session = {n: {row["Voter no."] for row in rows if row["Session no."] == n} for n in results}
    assert len(voters_by_session[1] & voters_by_session[4]) > 30


def criterion_label(key):
    return dict(zip(["dampak", "urgensi", "kelayakan", "biaya"], CRITERIA))[key]


def assert_program_row(row, result, method):
    assert row["Rank"] == result["rank"] and row["Proposal ID"] == result["proposal_id"]
    assert row["Title"] == result["title"] and (row["Description"] or "") == result["description"]
    assert row["Score"] == pytest.approx(result["score"])
    assert isinstance(row["Score"], (int, float)) and isinstance(row["Rank"], int)
    assert row["Balanced rank"] == result["balanced_rank"]
    assert row["Balanced score"] == pytest.approx(result["balanced_score"])
    assert row["Voters"] == result["voters"] and row["Merged duplicates"] == result["merged_count"]
    for label, key in zip(GROUPS, ["opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya"]):
        assert row[f"From {label}"] == (pytest.approx(result["by_group"][key])
                                        if result["by_group"][key] is not None else None)
    detail = result["detail"]
    if method == "dots":
        assert row["Dots"] == detail["dots"] and row["Points"] is None
    elif method == "points":
        assert row["Points"] == detail["points"] and row["Dots"] is None
    elif method == "rank":
        assert (row["Borda points"], row["First choices"]) == (detail["borda"], detail["first_choices"])
    else:
        for key, mean in detail["criteria_means"].items():
            assert row[f"Mean: {criterion_label(key)}"] == (pytest.approx(mean) if mean is not None else None)
    for field in MASTERPLAN:
        assert (row[{"goal": "Goal", "target": "Target", "indicator": "Success indicator",
                     "responsible_agency": "Responsible agency", "horizon": "Horizon (years)"}[field]]
                or None) == (result[field] or None)
    assert row["Quick Win"] == ("Yes" if result["quick_win"] else "No")


def test_workbook_headers_follow_the_users_language(app, api, demo):
    book = workbook(api, demo["id"])  # no lang cookie: Indonesian
    headers = [cell.value for cell in book["Program Prioritas"][1]]
    assert (headers[3], headers[5]) == ("Peringkat", "Judul")
    with app.test_request_context(), force_locale("id"):
        assert headers == [gettext(msgid, **params) for msgid, params in PROGRAM_COLUMNS]
    english(api)
    book = workbook(api, demo["id"])
    assert book.sheetnames == SHEETS  # sheet names stay fixed for organizers' own macros
    assert [cell.value for cell in book["Program Prioritas"][1]][:4] == ["Session no.", "Session", "Method", "Rank"]


def test_workbook_keeps_participants_text_as_text(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = api.join(workshop["join_code"], name="=cmd|' /C calc'!A0", organization="@SUM(1+1)")
    connect(phone["token"]).emit("proposal:submit", {"session_id": session["id"], "title": "=HYPERLINK(\"x\")",
                                                     "dimension": "society"}, callback=True)
    # Control characters are refused on input now (tests/api/test_input_limits.py); one stored
    # before that rule must still not break the workbook.
    from workshop.extensions import db
    from workshop.models import Proposal
    with api.app.app_context():
        db.session.execute(db.update(Proposal).values(description="a\x01b"))
        db.session.commit()
    book = workbook(api, workshop["id"])
    cell = book["Program Prioritas"]["F2"]
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"
    assert book["Program Prioritas"]["G2"].value == "ab"
    assert book["Daftar Hadir"]["B2"].data_type == "s"
    text = api.get(f"/api/v1/workshops/{workshop['id']}/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text and "'@SUM" in text


def test_workshop_csv_and_json_carry_the_same_results(api, demo):
    english(api)
    response = api.get(f"/api/v1/workshops/{demo['id']}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == PROGRAM_HEADERS
    assert len(rows) - 1 == sum(len(r["results"]) for r in demo["results"].values())
    first = dict(zip(rows[0], rows[1]))
    top = demo["results"][demo["sessions"][0]["id"]]["results"][0]
    assert (first["Rank"], first["Title"], first["Score"]) == ("1", top["title"], str(top["score"]))

    response = api.get(f"/api/v1/workshops/{demo['id']}/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = json.loads(response.get_data())
    assert data["workshop"]["closed_at"] is None and data["workshop"]["join_code"] == demo["workshop"]["join_code"]
    for session in data["sessions"]:
        api_results = demo["results"][session["id"]]
        assert [{k: v for k, v in r.items() if k != "origin_proposal_id"} for r in session["results"]] \
            == api_results["results"]
        assert session["voters"] == api_results["voters"]
    assert len(data["attendance"]) == 61 and all("name" in p for p in data["attendance"])
    assert all(set(b) == {"session_id", "session", "voter", "group", "proposal_id", "value", "scores"}
               for b in data["ballots"])


def test_report_page_is_printable_under_the_strict_policy(api, demo):
    response = api.get(f"/api/v1/workshops/{demo['id']}/report.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "style-src 'self'" in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert "<script" not in html and not re.search(r"\sstyle=", html) and "<style" not in html
    # Two charts per session, and the Quick Win matrix of each score session.
    assert html.count("<svg") == 1 + 2 * len(demo["sessions"]) + sum(s["method"] == "score" for s in demo["sessions"])
    assert "/static/report.css" in html and "Bimtek Smart City Kabupaten Purbalingga" in html
    assert 'lang="id"' in html and "Peringkat" in html
    for session in demo["sessions"]:
        assert demo["results"][session["id"]]["results"][0]["title"] in html


def test_report_pdf_renders_to_png_pages(api, demo, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is not installed (scripts/test installs Debian's poppler-utils)")
    response = api.get(f"/api/v1/workshops/{demo['id']}/report.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf" and response.get_data().startswith(b"%PDF")
    assert re.search(r'filename="rembuk-\w+\.pdf"', response.headers["Content-Disposition"])
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.get_data())
    done = subprocess.run([pdftoppm, "-png", "-r", "40", str(pdf), str(tmp_path / "page")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 1 + len(demo["sessions"])
    assert all(page.read_bytes().startswith(b"\x89PNG") for page in pages)
