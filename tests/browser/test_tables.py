"""Tables (meja) in Chromium: the phone's table picker and mode switch, the lead's console (tables,
mode, people, co-facilitators, the all-tables overview), a table co-facilitator's console and a
table's board."""
import re

import pytest
from playwright.sync_api import expect

from ..servers import call
from .conftest import PASSWORD, axe
from .test_live_loop import PHONE, join, log_in, watch_errors

pytestmark = pytest.mark.browser
API = "/api/v1"


def seed(server, token, mode="tables"):
    """A workshop with two tables (Smart Economy, Smart Living) and the given mode."""
    workshop = call(server, "POST", f"{API}/workshops", {"title": "Bimtek Smart City Bontang"}, token)
    economy = call(server, "POST", f"{API}/workshops/{workshop['id']}/tables",
                   {"name": "Meja 1", "dimension": "economy"}, token)
    living = call(server, "POST", f"{API}/workshops/{workshop['id']}/tables",
                  {"name": "Meja 2", "dimension": "living"}, token)
    call(server, "POST", f"{API}/workshops/{workshop['id']}/mode", {"mode": mode}, token)
    return workshop, economy, living


def session_at(server, token, workshop, table, title, phase="collect"):
    body = {"title": title, "method": "dots"}
    if table is not None:
        body["table_id"] = table["id"]
    session = call(server, "POST", f"{API}/workshops/{workshop['id']}/sessions", body, token)
    if phase != "draft":
        call(server, "POST", f"{API}/sessions/{session['id']}/phase", {"phase": phase}, token)
    return session


def test_phone_picks_a_table_follows_the_mode_and_moves(server, chromium):
    errors = []
    token = server.api_token(server.email)
    workshop, economy, living = seed(server, token)
    session_at(server, token, workshop, economy, "Program ekonomi")
    session_at(server, token, workshop, None, "Pleno pembukaan", phase="review")

    context = chromium.new_context(**PHONE)
    phone = context.new_page()
    watch_errors(phone, errors)
    phone.goto(workshop["join_url"])
    expect(phone.locator("#field-table_id input[name=table_id]")).to_have_count(2)
    axe(phone, "the join screen with the table choice")
    join(phone, workshop["join_url"], "Siti Aminah", "umkm", "Batik Purbalingga")
    # tables mode, no table chosen: the picker and nothing else
    expect(phone.locator("#view-tables")).to_be_visible()
    expect(phone.locator("#table-list button")).to_have_count(2)
    expect(phone.locator("#table-cancel")).to_be_hidden()
    axe(phone, "the phone's table picker")
    phone.locator(f"#table-list button[data-table-id='{economy['id']}']").click()
    expect(phone.locator("#view-collect")).to_be_visible()
    expect(phone.locator("#seat-name")).to_contain_text("Meja 1")
    expect(phone.locator("#session-title")).to_have_text("Program ekonomi")
    axe(phone, "the phone at its table, collecting")

    # the lead switches the mode: the phone follows without reload
    call(server, "POST", f"{API}/workshops/{workshop['id']}/mode", {"mode": "plenary"}, token)
    expect(phone.locator("#view-review")).to_be_visible()
    expect(phone.locator("#session-title")).to_have_text("Pleno pembukaan")
    call(server, "POST", f"{API}/workshops/{workshop['id']}/mode", {"mode": "tables"}, token)
    expect(phone.locator("#view-collect")).to_be_visible()

    # "Pindah meja": the picker with the way back, then another table
    phone.click("#seat-move")
    expect(phone.locator("#view-tables")).to_be_visible()
    expect(phone.locator("#table-cancel")).to_be_visible()
    axe(phone, "the phone's table picker when moving")
    phone.locator(f"#table-list button[data-table-id='{living['id']}']").click()
    expect(phone.locator("#seat-name")).to_contain_text("Meja 2")
    expect(phone.locator("#view-wait")).to_be_visible()   # Meja 2 has no session yet

    # a table board's QR link seats a new phone at that table from the join screen on
    second = chromium.new_context(**PHONE).new_page()
    watch_errors(second, errors)
    second.goto(workshop["join_url"] + f"?table={economy['id']}")
    expect(second.locator(f"#field-table_id input[value='{economy['id']}']")).to_be_checked()
    second.fill("#join-name", "Agus Salim")
    second.check("input[name=group][value=opd]", force=True)
    second.click("#join-button")
    expect(second.locator("#view-collect")).to_be_visible()
    expect(second.locator("#seat-name")).to_contain_text("Meja 1")
    people = call(server, "GET", f"{API}/workshops/{workshop['id']}/participants", token=token)["participants"]
    assert {p["name"]: p["table_id"] for p in people} == {"Siti Aminah": living["id"], "Agus Salim": economy["id"]}
    assert errors == []
    context.close()


def test_lead_console_tables_people_cofacilitators_and_overview(server, chromium):
    errors = []
    token = server.api_token(server.email)
    server.flask("facilitator", "create", "koordinator@bontangkota.go.id", "--password", PASSWORD)
    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Penajam Paser Utara")
    console.click("#new-workshop button[type=submit]")
    expect(console.locator("#tables-panel")).to_be_visible()
    expect(console.locator("#overview")).to_have_count(0)     # no tables yet: nothing changes for the sessions
    console.wait_for_load_state()
    axe(console, "the console of a workshop without tables")
    for name, dimension in [("Meja Ekonomi", "economy"), ("Meja Lingkungan", "environment")]:
        console.locator("#tables-edit").evaluate("details => { details.open = true; }")
        console.fill("#new-table input[name=name]", name)
        console.select_option("#new-table select[name=dimension]", dimension)
        console.click("#new-table button[type=submit]")
        expect(console.locator("#overview .overview-card", has_text=name)).to_be_visible()
        console.wait_for_load_state()   # the page's modules have run (they wire the forms)
    workshop_id = int(re.search(r"/workshops/(\d+)", console.url).group(1))
    tables = call(server, "GET", f"{API}/workshops/{workshop_id}/tables", token=token)["tables"]
    economy, environment = tables

    # rename a table
    row = console.locator(f"form.table-row[data-table-id='{environment['id']}']")
    console.locator("#tables-edit").evaluate("details => { details.open = true; }")
    row.locator("input[name=name]").fill("Meja Smart Environment")
    row.locator("button[type=submit]").click()
    expect(row.locator(".form-message")).to_be_visible()

    # the mode switch
    console.click(".mode-button[data-mode=tables]")
    expect(console.locator(".mode-button[data-mode=tables]")).to_have_attribute("aria-pressed", "true")
    assert call(server, "GET", f"{API}/workshops/{workshop_id}", token=token)["mode"] == "tables"

    # a session for a table, from the session form's table choice
    console.fill("#new-session input[name=title]", "Program ekonomi")
    console.select_option("#new-session-table", str(economy["id"]))
    console.click("#new-session button[type=submit]")
    expect(console).to_have_url(re.compile(rf"\?table={economy['id']}"))
    expect(console.locator("section.session")).to_have_count(1)
    console.click("section.session button[data-phase=collect]")
    expect(console.locator("section.session")).to_have_attribute("data-phase", "collect")
    axe(console, "a table's part of the lead's console")

    # people: one seated by joining, moved in the console
    joined = call(server, "POST", f"{API}/join", {"join_code": call(server, "GET", f"{API}/workshops/{workshop_id}",
                                                                      token=token)["join_code"],
                                                    "name": "Rina", "group": "opd", "table_id": economy["id"]})
    console.click("#tab-plenary")
    card = console.locator(f".overview-card[data-table-id='{economy['id']}']")
    expect(card).to_have_attribute("data-phase", "collect")
    expect(card.locator(".overview-session-title")).to_have_text("Program ekonomi")
    expect(card.locator(".overview-seated")).to_have_text("1")
    console.click("#people-panel summary")
    select = console.locator("#people-rows select")
    expect(select).to_have_value(str(economy["id"]))
    select.select_option(str(environment["id"]))
    expect(console.locator("#people-message")).to_contain_text("Rina")
    expect(card.locator(".overview-seated")).to_have_text("0")
    seated = call(server, "GET", f"{API}/workshops/{workshop_id}/participants", token=token)["participants"]
    assert [(p["id"], p["table_id"]) for p in seated] == [(joined["participant_id"], environment["id"])]

    # co-facilitators: add one for a table, then remove them
    console.click("#cofacilitators summary")
    expect(console.locator("#cofac-empty")).to_be_visible()
    console.fill("#new-cofac input[name=email]", "koordinator@bontangkota.go.id")
    console.select_option("#new-cofac select[name=table_id]", str(economy["id"]))
    console.click("#new-cofac button[type=submit]")
    expect(console.locator("#cofac-list li")).to_have_count(1)
    expect(console.locator("#cofac-list li")).to_contain_text("Meja Ekonomi")
    console.fill("#new-cofac input[name=email]", "belum-terdaftar@example.go.id")
    console.click("#new-cofac button[type=submit]")
    expect(console.locator("#new-cofac .form-message")).to_have_class(re.compile("is-error"))
    axe(console, "the lead's console: overview, people and co-facilitators open")
    console.locator("#cofac-list li button").click()
    expect(console.locator("#cofac-list li")).to_have_count(0)

    # a live change reaches the overview without reload
    session_id = call(server, "GET", f"{API}/workshops/{workshop_id}", token=token)["sessions"][0]["id"]
    call(server, "POST", f"{API}/sessions/{session_id}/phase", {"phase": "vote"}, token)
    expect(card).to_have_attribute("data-phase", "vote")
    # the unknown account's 404 is the browser's own log line of the refused call
    assert [e for e in errors if "status of 404" not in e] == []
    desk.close()


def test_table_cofacilitator_console_and_the_table_board(server, chromium):
    errors = []
    token = server.api_token(server.email)
    workshop, economy, living = seed(server, token)
    coordinator = "koordinator@bontangkota.go.id"
    server.flask("facilitator", "create", coordinator, "--password", PASSWORD)
    call(server, "POST", f"{API}/workshops/{workshop['id']}/facilitators",
         {"email": coordinator, "table_id": economy["id"]}, token)
    session_at(server, token, workshop, living, "Program Meja 2")

    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    console.goto(server.url + "/login")
    console.fill("input[name=email]", coordinator)
    console.fill("input[name=password]", PASSWORD)
    console.click("button[type=submit]")
    console.click(f"a[href$='/console/workshops/{workshop['id']}']")
    # straight on their table, with only what they may do
    expect(console).to_have_url(re.compile(rf"\?table={economy['id']}$"))
    expect(console.locator("#table-role")).to_contain_text("Meja 1")
    for absent in ["#tables-panel", "#workshop-settings", "#exports", "#moderation-log", ".table-tabs"]:
        expect(console.locator(absent)).to_have_count(0)
    expect(console.locator("#new-session-table option")).to_have_count(1)
    axe(console, "a table co-facilitator's console")
    console.fill("#new-session input[name=title]", "Program ekonomi")
    console.click("#new-session button[type=submit]")
    expect(console.locator("section.session")).to_have_count(1)
    console.click("section.session button[data-phase=collect]")
    expect(console.locator("section.session")).to_have_attribute("data-phase", "collect")

    # their table's board: the name large, the table's session, a QR link that seats at the table
    with desk.expect_page() as opened:
        console.click("#open-board")
    board = opened.value
    board.set_viewport_size({"width": 1920, "height": 1080})
    expect(board).to_have_url(re.compile(rf"/board/{workshop['id']}\?table={economy['id']}$"))
    expect(board.locator("#board-table")).to_contain_text("Meja 1")
    expect(board.locator("#session-title")).to_have_text("Program ekonomi")
    assert f"table={economy['id']}" in board.get_attribute("img.board-qr", "src")
    phone = chromium.new_context(**PHONE).new_page()
    watch_errors(phone, errors)
    join(phone, workshop["join_url"] + f"?table={economy['id']}", "Siti Aminah", "umkm", "Batik Purbalingga")
    phone.fill("#propose-title", "Pasar daring produk UMKM")
    phone.check("input[name=dimension][value=economy]", force=True)
    phone.click("#propose-button")
    expect(board.locator(".board-card", has_text="Pasar daring produk UMKM")).to_be_visible()
    expect(board.locator("#people-total")).to_have_text("1")
    axe(board, "a table's board, collecting")

    # another table's console and board are not theirs
    other = desk.new_page()
    assert other.goto(f"{server.url}/board/{workshop['id']}?table={living['id']}").status == 403
    other.goto(f"{server.url}/console/workshops/{workshop['id']}?table={living['id']}")
    expect(other).to_have_url(re.compile(rf"\?table={economy['id']}$"))
    assert [e for e in errors if "403" not in e] == []
    desk.close()
