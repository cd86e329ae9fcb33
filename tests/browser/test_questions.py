"""Questions for the speakers in Chromium: two phones ask and upvote (no session needed), the
console sees it live and puts it on the board, and the board shows it with its votes."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe
from .test_live_loop import PHONE, join, log_in, watch_errors

pytestmark = pytest.mark.browser

QUESTION = "Kapan aplikasi SPBE daerah bisa dipakai pemerintah desa?"


def test_a_question_upvoted_from_two_phones_reaches_the_board(server, chromium):
    errors = []
    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Tahap I")
    console.click("#new-workshop button[type=submit]")
    expect(console.locator("#questions")).to_be_visible()
    expect(console.locator("#questions-empty")).to_be_visible()
    join_url = console.get_attribute("#join-url", "href")
    board = desk.new_page()
    board.goto(server.url + console.get_attribute("#open-board", "href"))
    expect(board.locator("#board-questions")).to_be_hidden()

    siti = chromium.new_context(**PHONE).new_page()
    agus = chromium.new_context(**PHONE).new_page()
    for phone, name, group in ((siti, "Siti", "umkm"), (agus, "Agus", "opd")):
        watch_errors(phone, errors)
        join(phone, join_url, name, group, "Purbalingga")
        expect(phone.locator("#view-wait")).to_be_visible()
        phone.click("#questions-toggle")
        expect(phone.locator("#questions-box")).to_be_visible()

    siti.fill("#ask-text", QUESTION)
    siti.check("#ask-anonymous", force=True)
    siti.click("#ask-send")
    item = siti.locator(".ph-qitem", has_text=QUESTION)
    expect(item).to_be_visible()
    expect(item.locator(".ph-qmeta")).to_contain_text("Anonim")

    # Agus sees it pushed, and both upvote it.
    pushed = agus.locator(".ph-qitem", has_text=QUESTION)
    expect(pushed).to_be_visible()
    axe(agus, "the phone's questions panel")
    pushed.locator(".ph-upvote").click()
    expect(pushed.locator(".ph-upvote")).to_have_attribute("aria-pressed", "true")
    item.locator(".ph-upvote").click()
    expect(item.locator(".ph-upvote-count")).to_have_text("2")
    expect(pushed.locator(".ph-upvote-count")).to_have_text("2")

    # The console lists it live with its votes and puts it on the board.
    row = console.locator("#questions-list .q-item", has_text=QUESTION)
    expect(row.locator(".q-votes")).to_contain_text("2", timeout=15_000)
    expect(row.locator(".q-meta")).to_contain_text("Anonim")
    axe(console, "the console's questions panel")
    row.locator(".q-on_board").click()
    expect(row).to_have_class(re.compile(r"\bq-on_board\b"))

    shown = board.locator("#board-questions .board-qitem", has_text=QUESTION)
    expect(shown).to_be_visible(timeout=15_000)
    expect(shown.locator(".board-qvotes")).to_contain_text("2")
    expect(shown.locator(".board-qwho")).to_have_text("Anonim")
    axe(board, "the board with questions beside the session")

    # Instead of the session: the live view goes, the questions stay.
    console.select_option("#questions-board", "instead")
    expect(board.locator(".board-live")).to_be_hidden(timeout=15_000)
    expect(shown).to_be_visible()
    axe(board, "the board with questions instead of the session")
    assert errors == []
