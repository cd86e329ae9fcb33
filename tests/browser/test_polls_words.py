"""Quick polls and word clouds in Chromium: the console's form, two phones, the board."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe
from .test_live_loop import PHONE, click_phase, join, log_in, watch_errors

pytestmark = pytest.mark.browser


def open_board(desk, console, server):
    board = desk.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    href = console.get_attribute("#open-board", "href")
    board.goto(href if href.startswith("http") else server.url + href)
    return board


def new_session(console, title, method, **fields):
    console.fill("#new-session input[name=title]", title)
    console.select_option("#new-session select[name=method]", method)
    for name, value in fields.items():
        console.fill(f"#new-session [name={name}]", value)
    console.click("#new-session button[type=submit]")
    expect(console.locator("section.session h3", has_text=title)).to_be_visible()


def test_word_cloud_and_poll_from_two_phones(server, chromium):
    errors = []
    desk = chromium.new_context(viewport={"width": 1280, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Tahap II")
    console.click("#new-workshop button[type=submit]")
    console.select_option("#new-session select[name=method]", "poll")
    expect(console.locator("#new-session fieldset[data-method=poll]")).to_be_visible()
    axe(console, "the new-session form with a quick poll's options")
    new_session(console, "Kata untuk kota kita", "words", max_words="3")
    click_phase(console, "vote")
    join_url = console.get_attribute("#join-url", "href")
    board = open_board(desk, console, server)

    phones = []
    for name, group in [("Siti Aminah", "umkm"), ("Agus Salim", "opd")]:
        phone = chromium.new_context(**PHONE).new_page()
        watch_errors(phone, errors)
        join(phone, join_url, name, group, "")
        expect(phone.locator("#vote-sheet input[data-sheet-input]")).to_have_count(3)
        phones.append(phone)
    siti, agus = phones
    expect(siti.locator("#vote-empty")).to_be_hidden()
    axe(siti, "the phone's word cloud inputs")
    siti.locator("[data-sheet-input='0']").fill("Pelayanan")
    siti.locator("[data-sheet-input='1']").fill("banjir")
    agus.locator("[data-sheet-input='0']").fill("layanan")
    agus.locator("[data-sheet-input='1']").fill("<b>Macet</b>")
    expect(siti.locator("#dots-left")).to_have_text(re.compile(r"1\s*$"))

    cloud = board.locator("#cloud")
    expect(cloud.locator("li")).to_have_count(3)   # layan (twice), banjir, "<b>Macet</b>" (one phrase)
    expect(cloud).to_contain_text("banjir")
    # The same word with another affix is one word, drawn bigger; markup is shown as text.
    layan = cloud.locator("li", has_text=re.compile(r"^(Pelayanan|layanan)"))
    expect(layan).to_have_count(1)
    expect(layan).to_have_class(re.compile(r"cloud-s6"))
    expect(cloud.locator("li", has_text="banjir")).not_to_have_class(re.compile(r"cloud-s6"))
    assert board.locator("#cloud b").count() == 0
    axe(board, "the board's word cloud")

    # A poll: options from the console's form, results as bars on the board.
    console.goto(console.url.split("#")[0])
    new_session(console, "Kapan rapat berikutnya?", "poll", options="Pagi\nSiang\nSore")
    console.locator("section.session", has_text="Kapan rapat").locator("button[data-phase=vote]").click()
    for phone in phones:
        expect(phone.locator("#vote-list li")).to_have_count(3)
    siti.locator("#vote-list li", has_text="Sore").locator("button[data-poll-toggle]").click()
    agus.locator("#vote-list li", has_text="Sore").locator("button[data-poll-toggle]").click()
    agus.locator("#vote-list li", has_text="Pagi").locator("button[data-poll-toggle]").click()  # one answer: replaces
    expect(agus.locator("#vote-list li", has_text="Pagi").locator("button[aria-pressed=true]")).to_have_count(1)
    expect(agus.locator("button[data-poll-toggle][aria-pressed=true]")).to_have_count(1)
    axe(agus, "the phone's quick poll")
    sore = board.locator(".board-row", has_text="Sore")
    pagi = board.locator(".board-row", has_text="Pagi")
    expect(sore.locator(".board-row-score")).to_have_text("1")
    expect(pagi.locator(".board-row-score")).to_have_text("1")
    expect(board.locator("#bigline")).to_contain_text(re.compile(r"(one answer|satu jawaban)", re.I))
    axe(board, "the board, a quick poll's results")
    assert errors == []
