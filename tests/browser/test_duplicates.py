"""Duplicate hints in Chromium: a phone sees "Usulan serupa sudah ada" while typing (and still
sends), and the console's hint merges the group into its best-written proposal in one click."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import axe
from .test_live_loop import PHONE, join, log_in, propose, watch_errors

pytestmark = pytest.mark.browser

FIRST = "Pelayanan terpadu satu pintu"
FIRST_DESCRIPTION = "Warga mengurus izin usaha dan dokumen kependudukan di satu tempat, juga dari rumah"
SECOND = "Layanan online terpadu satu pintu"
OTHER = "Bank sampah digital"


def test_duplicate_hints_on_the_phone_and_a_one_click_merge_in_the_console(server, chromium):
    errors = []
    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    console.fill("#new-workshop input[name=title]", "Bimtek Smart City Tahap I")
    console.click("#new-workshop button[type=submit]")
    console.fill("#new-session input[name=title]", "Usulan program Smart Governance")
    console.click("#new-session button[type=submit]")
    session = console.locator("section.session")
    session.locator("button[data-phase=collect]").click()
    expect(session).to_have_class(re.compile(r"\bcurrent\b"))
    join_url = console.get_attribute("#join-url", "href")

    siti = chromium.new_context(**PHONE).new_page()
    agus = chromium.new_context(**PHONE).new_page()
    for phone, name, group in ((siti, "Siti", "umkm"), (agus, "Agus", "opd")):
        watch_errors(phone, errors)
        join(phone, join_url, name, group, "Purbalingga")
        expect(phone.locator("#view-collect")).to_be_visible()

    siti.fill("#propose-description", FIRST_DESCRIPTION)
    propose(siti, FIRST, "governance")
    propose(siti, OTHER, "environment")

    # Agus types a title like Siti's: the hint shows hers; he may still send his.
    agus.fill("#propose-title", SECOND)
    hint = agus.locator("#propose-similar")
    expect(hint).to_be_visible()
    expect(hint.locator(".ph-similar-item")).to_have_text([FIRST])
    axe(agus, "the phone's proposal form with similar proposals shown")
    agus.fill("#propose-title", "Festival budaya tahunan")
    expect(hint).to_be_hidden()
    agus.fill("#propose-title", SECOND)
    expect(hint).to_be_visible()
    propose(agus, SECOND, "governance")
    expect(hint).to_be_hidden()

    # The console groups the two, Siti's (with a description) first, and merges in one click.
    group = session.locator(".dup-box .dup-group")
    expect(group).to_have_count(1, timeout=15_000)
    expect(group.locator(".dup-line")).to_contain_text(FIRST)
    expect(group.locator(".dup-members li")).to_have_count(2)
    axe(console, "the console's review list with a duplicate hint")
    group.locator(".dup-merge").click()
    expect(session.locator(".dup-box")).to_be_hidden()
    merged = session.locator(".prop", has_text=SECOND)
    expect(merged).to_have_class(re.compile(r"\bis-merged\b"))
    expect(merged.locator(".prop-status")).to_contain_text(FIRST)
    expect(session.locator(".prop", has_text=OTHER)).not_to_have_class(re.compile(r"\bis-merged\b"))
    axe(console, "the console after merging a duplicate hint")
    assert errors == []
