"""Facilitation depth in Chromium: a score session with a merge and a reveal, from the console,
seen on two phones and the board."""
import re
import time

import pytest
from playwright.sync_api import expect

from .conftest import axe
from .test_live_loop import PHONE, join, log_in, propose, watch_errors

pytestmark = pytest.mark.browser
LAPTOP = {"width": 1366, "height": 768}

SITI_DUPLICATE = "Digitalisasi layanan perizinan"
AGUS_DUPLICATE = "Digitalisasi pelayanan perizinan online"
MARKET = "Pasar daring produk UMKM & desa"
# Each phone's scores (dampak, urgensi, kelayakan, biaya) per proposal: the survivor gets
# (4.5 + 4) / 2 = 4.25, the market (3 + 5) / 2 = 4, so the merged proposal ranks first.
SCORES = {
    "siti": {SITI_DUPLICATE: (5, 5, 4, 4), MARKET: (3, 3, 3, 3)},
    "agus": {SITI_DUPLICATE: (4, 4, 4, 4), MARKET: (5, 5, 5, 5)},
}
CRITERIA = ("dampak", "urgensi", "kelayakan", "biaya")


def api_json(page, server, path):
    response = page.request.get(server.url + path)
    assert response.ok, response.text()
    return response.json()


def wait_for(check, timeout=20.0):
    """Poll `check()` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def score(phone, pid, scores):
    card = phone.locator(f'#vote-list li[data-pid="{pid}"]')
    for key, n in zip(CRITERIA, scores):
        button = card.locator(f'button[data-criterion="{key}"][data-score="{n}"]')
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")


def test_score_session_with_merge_and_reveal(server, chromium):
    errors = []
    desk = chromium.new_context(viewport=LAPTOP)
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Purbalingga Tahap II")
    console.click("#new-workshop button[type=submit]")

    # A score session from the console's form, with the server's default criteria.
    console.fill("#new-session input[name=title]", "Program prioritas Smart Governance")
    console.select_option("#new-session select[name=method]", "score")
    expect(console.locator('#new-session fieldset[data-method="score"]')).to_be_visible()
    expect(console.locator('#new-session fieldset[data-method="dots"]')).to_be_hidden()
    axe(console, "the workshop console's new-session form, score method chosen")
    console.click("#new-session button[type=submit]")
    session = console.locator("section.session")
    expect(session).to_have_attribute("data-method", "score")
    session_id = int(session.get_attribute("data-session-id"))
    settings = api_json(console, server, f"/api/v1/sessions/{session_id}")["settings"]
    assert [c["key"] for c in settings["criteria"]] == list(CRITERIA)

    session.locator("button[data-phase=collect]").click()
    expect(session).to_have_class(re.compile(r"\bcurrent\b"))
    join_url = console.get_attribute("#join-url", "href")
    board = desk.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    board.goto(server.url + console.get_attribute("#open-board", "href"))

    phones = {}
    for key, name, group, org in [("siti", "Siti Aminah", "umkm", "Batik Purbalingga"),
                                  ("agus", "Agus Salim", "opd", "Dinkominfo")]:
        phone = chromium.new_context(**PHONE).new_page()
        watch_errors(phone, errors)
        join(phone, join_url, name, group, org)
        expect(phone.locator("#view-collect")).to_be_visible()
        phones[key] = phone
    propose(phones["siti"], SITI_DUPLICATE, "governance")
    propose(phones["agus"], AGUS_DUPLICATE, "governance")
    propose(phones["agus"], MARKET, "economy")

    # The console's live list and the board both get all three.
    rows = session.locator(".proposal-list .prop")
    expect(rows).to_have_count(3)
    expect(rows.first).to_be_visible()
    expect(board.locator(".board-card")).to_have_count(3)
    axe(console, "the workshop console, a score session collecting, with the live list")
    pid = {title: int(session.locator(".prop", has_text=title).get_attribute("data-pid"))
           for title in (SITI_DUPLICATE, AGUS_DUPLICATE, MARKET)}

    # Review: tick the two near-duplicates, keep Siti's, merge.
    session.locator("button[data-phase=review]").click()
    expect(session).to_have_attribute("data-phase", "review")
    session.locator(f'.prop[data-pid="{pid[SITI_DUPLICATE]}"] .merge-pick').check()
    session.locator(f'.prop[data-pid="{pid[AGUS_DUPLICATE]}"] .merge-pick').check()
    session.locator(".merge-survivor").select_option(str(pid[SITI_DUPLICATE]))
    session.locator(".merge-button").click()
    merged = session.locator(f'.prop[data-pid="{pid[AGUS_DUPLICATE]}"]')
    expect(merged).to_have_class(re.compile(r"\bis-merged\b"))
    expect(merged.locator(".prop-status")).to_contain_text(f"#{pid[SITI_DUPLICATE]}")
    expect(merged.locator(".prop-status")).to_contain_text(SITI_DUPLICATE)
    axe(console, "the workshop console, review, after a merge")

    # The board shows the merge: one card fewer, the survivor badged +1.
    expect(board.locator(".board-card")).to_have_count(2)
    survivor_card = board.locator(".board-card", has_text=SITI_DUPLICATE)
    expect(survivor_card.locator(".board-merged")).to_have_text("+1")
    axe(board, "the board, review, with a merged proposal")

    # Results stay hidden on the board too until the reveal.
    session.locator(".board-hidden").click()
    expect(session.locator(".board-hidden")).to_be_checked()
    expect(session.locator(".board-hidden")).to_be_enabled()
    assert api_json(console, server, f"/api/v1/sessions/{session_id}")["board_hides_results"] is True

    session.locator("button[data-phase=vote]").click()
    expect(session).to_have_attribute("data-phase", "vote")
    for key, phone in phones.items():
        expect(phone.locator("#view-vote")).to_be_visible()
        expect(phone.locator("#vote-list li[data-pid]")).to_have_count(2)
        for title, scores in SCORES[key].items():
            score(phone, pid[title], scores)
    axe(phones["agus"], "the phone's score vote screen, scored")

    def scored():
        results = api_json(console, server, f"/api/v1/sessions/{session_id}/results")
        figures = {r["proposal_id"]: (r["score"], r["voters"]) for r in results["results"]}
        return results if figures == {pid[SITI_DUPLICATE]: (4.25, 2), pid[MARKET]: (4, 2)} else None
    assert wait_for(scored), api_json(console, server, f"/api/v1/sessions/{session_id}/results")

    expect(board.locator("#board-hidden-note")).to_be_visible()
    expect(board.locator("#hidden-n")).to_have_text("2")
    expect(board.locator(".board-row")).to_have_count(0)
    axe(board, "the board, voting, results hidden")
    for phone in phones.values():
        expect(phone.locator("#results-hidden")).to_be_visible()
        expect(phone.locator("#results-list li")).to_have_count(0)
    axe(phones["siti"], "the phone's results screen, results hidden")

    # The reveal, from the console.
    session.locator(".reveal-toggle").click()
    expect(session.locator(".reveal-toggle")).to_have_attribute("aria-pressed", "true")
    results = api_json(console, server, f"/api/v1/sessions/{session_id}/results")["results"]
    ranking = [r["proposal_id"] for r in results]
    assert ranking == [pid[SITI_DUPLICATE], pid[MARKET]]
    assert [r["rank"] for r in results] == [1, 2]

    for phone in phones.values():
        expect(phone.locator("#results-hidden")).to_be_hidden()
        items = phone.locator("#results-list li")
        expect(items).to_have_count(2)
        assert [int(items.nth(i).get_attribute("data-pid")) for i in range(2)] == ranking
        expect(items.first).to_contain_text(SITI_DUPLICATE)
    axe(phones["siti"], "the phone's results screen, revealed")
    expect(board.locator("#board-hidden-note")).to_be_hidden()
    expect(board.locator(".board-row")).to_have_count(2)
    for r in results:
        row = board.locator(".board-row", has_text=r["title"])
        expect(row.locator(".board-rank")).to_have_text(str(r["rank"]))
    axe(board, "the board, score ranking revealed")

    # The console's own results table agrees, and the log tells the story.
    session.locator(".tool-results summary").click()
    table_rows = session.locator("table.results tbody tr")
    expect(table_rows).to_have_count(2)
    assert [int(table_rows.nth(i).get_attribute("data-pid")) for i in range(2)] == ranking
    console.locator("#moderation-log summary").click()
    for action in ("session_created", "merge", "reveal"):
        expect(console.locator(f'#moderation-log .log-list li[data-action="{action}"]').first).to_be_visible()
    axe(console, "the workshop console, results table and moderation log open")
    console.evaluate("document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; })")
    expect(session.locator(".paper-table table").first).to_be_visible()  # drawn on opening
    axe(console, "the workshop console with every tool and the workshop settings open")

    desk.close()
    for phone in phones.values():
        phone.context.close()
    assert errors == []
