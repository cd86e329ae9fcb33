"""A whole bimtek in parallel tables, in Chromium: a lead and two table co-facilitators on their own
laptops, six phones seated at two tables; each table collects, merges and votes; the lead carries
the top 2 of each table into the plenary; everyone votes; the workbook and the report show the tables.

Every step goes through the pages (console, boards, phones); the JSON API, with the acting
facilitator's own token, only checks what the pages did (marked `API:` where a step itself
goes through it).
"""
import io
import json
import re
import urllib.request

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, axe
from .test_live_loop import PHONE, add_dots, join, watch_errors

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 800}
TABLES = {
    "Meja 1": {"dimension": "economy", "email": "koordinator.ekonomi@purbalinggakab.go.id",
               "programs": ("Pasar daring produk UMKM desa", "Pasar online produk UMKM desa",
                            "Pembayaran QRIS retribusi pasar", "Pelatihan foto produk UMKM")},
    "Meja 2": {"dimension": "environment", "email": "koordinator.lingkungan@purbalinggakab.go.id",
               "programs": ("Bank sampah digital desa", "Bank sampah digital di desa",
                            "Sensor banjir Sungai Klawing", "Panel surya kantor OPD")},
}
PEOPLE = {"Meja 1": [("Siti Aminah", "umkm"), ("Agus Salim", "opd"), ("Dwi Lestari", "desa")],
          "Meja 2": [("Budi Santoso", "akademisi"), ("Rina Wahyuni", "relawan_tik"), ("Eko Prasetyo", "lainnya")]}


def api(server, token, method, path, body=None):
    """A JSON API call on 127.0.0.1 with a facilitator's bearer token."""
    request = urllib.request.Request(server.url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def log_in_as(page, server, email):
    page.goto(server.url + "/console")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/console"))


def ready(console):
    """Wait until the console's modules are loaded and wired (no request left in flight)."""
    console.wait_for_load_state("networkidle")


def propose(phone, title, dimension):
    phone.fill("#propose-title", title)
    phone.check(f"input[name=dimension][value={dimension}]", force=True)
    phone.click("#propose-button")
    expect(phone.locator("#my-list li", has_text=title)).to_be_visible()


def phase(console, session_id, name):
    section = console.locator(f"#session-{session_id}")
    section.locator(f"button[data-phase={name}]").click()
    expect(console.locator(f"#session-{session_id}")).to_have_attribute("data-phase", name)


def test_whole_bimtek_in_two_tables(server, chromium):
    errors = []
    lead_token = server.flask("facilitator", "token", server.email).strip().splitlines()[-1]
    tokens = {}
    for name, table in TABLES.items():
        server.flask("facilitator", "create", table["email"], "--password", PASSWORD, "--name", f"Koordinator {name}")
        tokens[name] = server.flask("facilitator", "token", table["email"]).strip().splitlines()[-1]

    # The lead creates the workshop in the console.
    lead_desk = chromium.new_context(viewport=LAPTOP)
    lead_desk.on("page", lambda page: watch_errors(page, errors))
    lead = lead_desk.new_page()
    log_in_as(lead, server, server.email)
    lead.fill("#new-workshop input[name=title]", "Bimtek Smart City Purbalingga: kelompok diskusi")
    lead.click("#new-workshop button[type=submit]")
    expect(lead).to_have_url(re.compile(r"/console/workshops/\d+"))
    workshop_id = int(re.search(r"/console/workshops/(\d+)", lead.url).group(1))
    join_code = api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}")["join_code"]

    # The lead adds the two tables, then their co-facilitators, and sends every phone to its table.
    for name, table in TABLES.items():
        ready(lead)  # adding a table reloads the page
        lead.locator("#tables-edit").evaluate("d => { d.open = true; }")
        lead.fill("#new-table input[name=name]", name)
        lead.select_option("#new-table select[name=dimension]", table["dimension"])
        lead.click("#new-table button[type=submit]")
        expect(lead.locator(f"#overview .overview-card", has_text=name)).to_be_visible()
    tables = {t["name"]: t for t in api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}/tables")["tables"]}
    assert [(tables[n]["name"], tables[n]["dimension"]) for n in TABLES] == [(n, t["dimension"]) for n, t in TABLES.items()]
    ready(lead)
    lead.locator("#cofacilitators summary").click()
    for name, table in TABLES.items():
        lead.fill("#new-cofac input[name=email]", table["email"])
        lead.select_option("#new-cofac select[name=table_id]", str(tables[name]["id"]))
        lead.click("#new-cofac button[type=submit]")
        expect(lead.locator("#cofac-list li", has_text=table["email"])).to_be_visible()
    listed = api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}/facilitators")
    listed = listed.get("facilitators", listed) if isinstance(listed, dict) else listed
    assert {(f["email"], f["table_id"]) for f in listed} == {(t["email"], tables[n]["id"]) for n, t in TABLES.items()}
    lead.click(".mode-button[data-mode=tables]")
    expect(lead.locator(".mode-button[data-mode=tables]")).to_have_attribute("aria-pressed", "true")
    assert api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}")["mode"] == "tables"
    axe(lead, "the lead's console: two tables, the overview, co-facilitators added")

    # Each co-facilitator on their own laptop lands on their table: its session, collecting; its board.
    desks, consoles, boards, sessions = {}, {}, {}, {}
    for name, table in TABLES.items():
        desk = chromium.new_context(viewport=LAPTOP)
        desk.on("page", lambda page: watch_errors(page, errors))
        desks[name] = desk
        console = desk.new_page()
        log_in_as(console, server, table["email"])
        console.goto(f"{server.url}/console/workshops/{workshop_id}")
        expect(console).to_have_url(re.compile(rf"table={tables[name]['id']}"))
        ready(console)
        console.fill("#new-session input[name=title]", f"{name}: usulan program")
        console.click("#new-session button[type=submit]")
        sessions[name] = next(s for s in api(server, tokens[name], "GET", f"/api/v1/workshops/{workshop_id}")["sessions"]
                              if s["title"] == f"{name}: usulan program")
        assert sessions[name]["table_id"] == tables[name]["id"]
        expect(console.locator(f"#session-{sessions[name]['id']}")).to_be_visible()
        ready(console)
        phase(console, sessions[name]["id"], "collect")
        consoles[name] = console
        board = desk.new_page()
        board.set_viewport_size({"width": 1920, "height": 1080})
        board.goto(f"{server.url}/board/{workshop_id}?table={tables[name]['id']}")
        expect(board.locator("#board-table")).to_contain_text(name)
        boards[name] = board
    axe(consoles["Meja 1"], "a table co-facilitator's console, collecting")
    axe(boards["Meja 1"], "a table's board, collecting")

    # Six phones, each joining through its table's QR link (the table is preselected).
    phones = {name: [] for name in TABLES}
    for name, people in PEOPLE.items():
        for person, group in people:
            phone = chromium.new_context(**PHONE).new_page()
            watch_errors(phone, errors)
            phone.goto(f"{server.url}/j/{join_code}?table={tables[name]['id']}")
            expect(phone.locator(f"input[name=table_id][value='{tables[name]['id']}']")).to_be_checked()
            if not phones[name] and name == "Meja 1":
                axe(phone, "the phone's join screen with the table choice")
            phone.fill("#join-name", person)
            phone.check(f"input[name=group][value={group}]", force=True)
            phone.fill("#join-organization", "Pemkab Purbalingga")
            phone.click("#join-button")
            expect(phone.locator("#view-collect")).to_be_visible()
            phones[name].append(phone)
    axe(phones["Meja 2"][0], "the phone's collect screen at a table")
    people = api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}/participants")["participants"]
    assert sorted((p["name"], p["table_id"]) for p in people) == sorted(
        (person, tables[name]["id"]) for name, group in PEOPLE.items() for person, _g in group)

    # Each table collects four programs (one a near-duplicate), merges, and votes with dots.
    for name, table in TABLES.items():
        first, duplicate, second, third = table["programs"]
        crowd = phones[name]
        propose(crowd[0], first, table["dimension"])
        propose(crowd[1], duplicate, table["dimension"])
        propose(crowd[2], second, table["dimension"])
        propose(crowd[0], third, table["dimension"])
        expect(boards[name].locator(".board-card")).to_have_count(4)
        console, sid = consoles[name], sessions[name]["id"]
        section = console.locator(f"#session-{sid}")
        expect(section.locator(".proposal-list .prop")).to_have_count(4)
        pid = {title: int(section.locator(".prop", has_text=title).first.get_attribute("data-pid"))
               for title in (first, duplicate)}
        phase(console, sid, "review")
        section.locator(".tool-proposals").evaluate("d => { d.open = true; }")
        section.locator(f'.prop[data-pid="{pid[first]}"] .merge-pick').check()
        section.locator(f'.prop[data-pid="{pid[duplicate]}"] .merge-pick').check()
        section.locator(".merge-survivor").select_option(str(pid[first]))
        section.locator(".merge-button").click()
        expect(section.locator(f'.prop[data-pid="{pid[duplicate]}"]')).to_have_class(re.compile(r"\bis-merged\b"))
        expect(boards[name].locator(".board-card")).to_have_count(3)
        phase(console, sid, "vote")
        for phone in crowd:
            expect(phone.locator("#view-vote")).to_be_visible()
            expect(phone.locator("#vote-list li[data-pid]")).to_have_count(3)
            add_dots(phone, first, 3)
            add_dots(phone, second, 2)
        top = boards[name].locator(".board-row", has_text=first)
        expect(top.locator(".board-rank")).to_have_text("1")
        expect(top.locator(".board-row-score")).to_have_text("9")
        # The other table's board never shows this table's programs.
        other = next(n for n in TABLES if n != name)
        expect(boards[other].locator(".board-row", has_text=first)).to_have_count(0)
        phase(console, sid, "closed")
    axe(consoles["Meja 2"], "a table co-facilitator's console, the table's session closed")
    axe(boards["Meja 2"], "a table's board, closed, final ranking")

    # The plenary: the lead creates it and carries the top 2 of each table into it.
    lead.goto(f"{server.url}/console/workshops/{workshop_id}")
    ready(lead)
    lead.fill("#new-session input[name=title]", "Pleno: Quick Win")
    lead.click("#new-session button[type=submit]")
    plenary = next(s for s in api(server, lead_token, "GET", f"/api/v1/workshops/{workshop_id}")["sessions"]
                   if s["title"] == "Pleno: Quick Win")
    assert plenary["table_id"] is None
    section = lead.locator(f"#session-{plenary['id']}")
    ready(lead)
    section.locator(".tool-carry summary").click()
    for name in TABLES:
        section.locator(f".carry-form input[name=from_session_ids][value='{sessions[name]['id']}']").check()
    section.locator(".carry-form input[name=top_n]").fill("2")
    section.locator(".carry-form button[type=submit]").click()
    expect(section.locator(".carry-form .form-message")).to_be_visible()
    expect(section.locator(".proposal-list .prop")).to_have_count(4)
    axe(lead, "the lead's console, the plenary with the tables' carried programs")
    carried = api(server, lead_token, "GET", f"/api/v1/sessions/{plenary['id']}/proposals")["proposals"]
    expected = {t["programs"][0] for t in TABLES.values()} | {t["programs"][2] for t in TABLES.values()}
    assert {p["title"] for p in carried} == expected

    # Back to the plenary: every phone follows it, and everyone votes there.
    lead.click(".mode-button[data-mode=plenary]")
    expect(lead.locator(".mode-button[data-mode=plenary]")).to_have_attribute("aria-pressed", "true")
    board = lead_desk.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    board.goto(f"{server.url}/board/{workshop_id}")
    phase(lead, plenary["id"], "vote")
    for name, crowd in phones.items():
        for phone in crowd:
            expect(phone.locator("#view-vote")).to_be_visible()
            expect(phone.locator("#vote-list li[data-pid]")).to_have_count(4)
            add_dots(phone, TABLES["Meja 2"]["programs"][0], 3)
            add_dots(phone, TABLES["Meja 1"]["programs"][0], 2)
    axe(phones["Meja 1"][0], "the phone's plenary vote with programs from both tables")
    winner = board.locator(".board-row", has_text=TABLES["Meja 2"]["programs"][0])
    expect(winner.locator(".board-rank")).to_have_text("1")
    expect(winner.locator(".board-row-score")).to_have_text("18")
    axe(board, "the plenary's board, voting, programs from the tables")
    phase(lead, plenary["id"], "closed")

    # The workbook says which table each program and each person came from.
    response = lead.request.get(f"{server.url}/api/v1/workshops/{workshop_id}/export.xlsx")
    assert response.ok
    book = openpyxl.load_workbook(io.BytesIO(response.body()))
    rows = list(book["Program Prioritas"].iter_rows(values_only=True))
    header = list(rows[0])
    column = {h: header.index(h) for h in ("Sesi", "Judul", "Meja", "Peringkat")}
    plenary_rows = [r for r in rows[1:] if r[column["Sesi"]] == "Pleno: Quick Win"]
    assert [(r[column["Peringkat"]], r[column["Judul"]], r[column["Meja"]]) for r in plenary_rows][:2] == [
        (1, TABLES["Meja 2"]["programs"][0], "Meja 2"), (2, TABLES["Meja 1"]["programs"][0], "Meja 1")]
    assert all(r[column["Meja"]] in TABLES for r in rows[1:])
    attendance = list(book["Daftar Hadir"].iter_rows(values_only=True))
    seat = attendance[0].index("Meja")
    assert {(r[1], r[seat]) for r in attendance[1:]} == {
        (person, name) for name, group in PEOPLE.items() for person, _g in group}

    # The report shows each table's top programs before the plenary's result.
    lead.goto(f"{server.url}/api/v1/workshops/{workshop_id}/report.html")
    expect(lead.locator("#tables .table-result")).to_have_count(2)
    for name, table in TABLES.items():
        block = lead.locator(f"#table-{tables[name]['id']}")
        expect(block.locator("h3")).to_contain_text(name)
        expect(block.locator("svg.chart rect")).to_have_count(3)
        expect(block.locator(".tag.carried")).to_have_count(2)
    expect(lead.locator("section.session")).to_have_count(1)
    assert lead.locator("#tables").evaluate(
        "el => !!(el.compareDocumentPosition(document.querySelector('section.session')) & 4)")
    axe(lead, "the printable report of a workshop with tables")

    for context in [lead_desk, *desks.values(), *(p.context for crowd in phones.values() for p in crowd)]:
        context.close()
    assert errors == []
