"""The whole live loop in Chromium: console, board, two phones, dots, ranking, CSV."""
import csv
import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, axe

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def log_in(page, server):
    page.goto(server.url + "/console")
    page.fill("input[name=email]", server.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/console$"))


def join(phone, join_url, name, group, organization):
    phone.goto(join_url)
    phone.fill("#join-name", name)
    phone.check(f"input[name=group][value={group}]", force=True)
    phone.fill("#join-organization", organization)
    phone.click("#join-button")


def propose(phone, title, dimension):
    phone.fill("#propose-title", title)
    phone.check(f"input[name=dimension][value={dimension}]", force=True)
    phone.click("#propose-button")
    expect(phone.locator("#my-list li", has_text=title)).to_be_visible()


def add_dots(phone, title, n):
    card = phone.locator("#vote-list li", has_text=title)
    for _ in range(n):
        card.locator("button[data-delta='1']").click()


def click_phase(console, phase):
    console.click(f"section.session.current button[data-phase={phase}], section.session button[data-phase={phase}]")


def watch_errors(page, errors):
    """Collect script errors and CSP violations: pages must run under the strict policy."""
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{page.url}: {msg.text}"))


def test_facilitator_two_phones_board_and_csv(server, chromium):
    errors = []
    desk = chromium.new_context(viewport={"width": 1280, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Purbalingga Tahap I")
    console.fill("#new-workshop input[name=venue]", "Pendopo Dipokusumo")
    console.click("#new-workshop button[type=submit]")
    console.fill("#new-session input[name=title]", "Program prioritas 2025")
    console.click("#new-session button[type=submit]")
    click_phase(console, "collect")
    expect(console.locator("section.session.current")).to_be_visible()
    join_url = console.get_attribute("#join-url", "href")
    assert join_url.startswith(server.url + "/j/")
    axe(console, "the workshop console, a dots session collecting")

    board = desk.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    board.goto(console.get_attribute("#open-board", "href") if console.get_attribute("#open-board", "href").startswith("http")
               else server.url + console.get_attribute("#open-board", "href"))
    code = join_url.rsplit("/", 1)[-1]
    expect(board.locator("body")).to_contain_text(code)
    axe(board, "the board, collecting, no proposals yet")

    phones = []
    frames = []  # what Siti's phone receives over WebSocket: it speaks the shared list (protocol §7.2a)
    for name, group, org in [("Siti Aminah", "umkm", "Batik Purbalingga"), ("Agus Salim", "opd", "Dinkominfo")]:
        phone = chromium.new_context(**PHONE).new_page()
        watch_errors(phone, errors)
        if not phones:
            phone.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
        join(phone, join_url, name, group, org)
        expect(phone.locator("#view-collect")).to_be_visible()
        phones.append(phone)
    siti, agus = phones
    expect(board.locator("#people-total")).to_have_text("2")

    propose(siti, "Pasar daring produk UMKM desa", "economy")
    propose(agus, "Satu data kabupaten <b>terpadu</b>", "governance")
    expect(board.locator(".board-card")).to_have_count(2)
    expect(board.locator(".board-card", has_text="Satu data kabupaten <b>terpadu</b>")).to_be_visible()
    axe(board, "the board, collecting, with proposals")
    axe(agus, "the phone's collect screen with the participant's proposals")

    click_phase(console, "vote")
    for phone in phones:
        expect(phone.locator("#view-vote")).to_be_visible()
        expect(phone.locator("#vote-list li")).to_have_count(2)
    # Siti's list came as one session:proposals, her state with only her own proposal; she sees both,
    # hers marked as hers.
    expect(siti.locator("#vote-list li.is-mine")).to_have_count(1)
    expect(siti.locator("#vote-list li.is-mine")).to_contain_text("Pasar daring")
    texts = [f if isinstance(f, str) else f.decode() for f in frames]
    lists = [t for t in texts if t.startswith('42["session:proposals"')]
    states = [t for t in texts if t.startswith('42["session:state"') and '"phase":"vote"' in t]
    assert lists and "Satu data kabupaten" in lists[-1] and "Pasar daring" in lists[-1]
    assert states and all('"proposals_version":"' in t and "Satu data" not in t for t in states)
    add_dots(siti, "Pasar daring", 3)
    add_dots(siti, "Satu data", 1)
    add_dots(agus, "Satu data", 3)
    expect(siti.locator("#dots-left")).to_have_text(re.compile(r"\D1\s*$"))
    expect(agus.locator("#dots-left")).to_have_text(re.compile(r"\D2\s*$"))
    axe(siti, "the phone's dots vote screen")

    # Rows keep their DOM nodes and move by transform, so check each row's own rank and score.
    top = board.locator(".board-row", has_text="Satu data kabupaten")
    second = board.locator(".board-row", has_text="Pasar daring")
    expect(top.locator(".board-rank")).to_have_text("1")
    expect(top.locator(".board-row-score")).to_have_text("4")
    expect(second.locator(".board-rank")).to_have_text("2")
    expect(second.locator(".board-row-score")).to_have_text("3")
    axe(board, "the board, voting by dots, with the ranking")

    # A reload brings the same person back to the same screen with their ballot.
    siti.reload()
    expect(siti.locator("#view-vote")).to_be_visible()
    expect(siti.locator("#dots-left")).to_have_text(re.compile(r"\D1\s*$"))

    # The organizer's CSV matches the ballots: Satu data 1 (UMKM) + 3 (OPD), Pasar daring 3 (UMKM).
    workshop_page = console.url.split("#")[0]
    console.goto(workshop_page)
    axe(console, "the workshop console, a dots session voting, reloaded")
    href = console.get_attribute("a.export-csv", "href")
    response = console.request.get(server.url + href)
    assert response.ok
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    body = [(r[0], r[1], r[4], r[5], r[6], r[7], r[8:]) for r in rows[1:]]
    assert body == [
        ("1", "Satu data kabupaten <b>terpadu</b>", "OPD", "Dinkominfo", "4", "2", ["3", "0", "0", "1", "0", "0"]),
        ("2", "Pasar daring produk UMKM desa", "UMKM", "Batik Purbalingga", "3", "1", ["0", "0", "0", "3", "0", "0"]),
    ]

    click_phase(console, "closed")
    expect(siti.locator("#view-closed")).to_be_visible()
    expect(siti.locator("#results-list li").first).to_contain_text("Satu data kabupaten")
    axe(siti, "the phone's results screen (closed)")
    expect(board.locator("body")).to_have_class(re.compile(r"\bphase-closed\b"))
    axe(board, "the board, closed, final ranking")
    desk.close()
    for phone in phones:
        phone.context.close()
    assert errors == []
