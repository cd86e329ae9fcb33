"""The venue may have no internet: every asset comes from our server, and the phone page is light."""
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, axe

pytestmark = pytest.mark.browser
PHONE_BUDGET_BYTES = 60 * 1024


def offline_context(chromium, server, blocked, **options):
    """A browser context that refuses every request not addressed to our server."""
    context = chromium.new_context(**options)
    ours = urlsplit(server.url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return context


def test_board_console_and_phone_render_with_everything_outside_blocked(server, chromium):
    blocked, failed = [], []
    desk = offline_context(chromium, server, blocked, viewport={"width": 1280, "height": 800})
    desk.on("requestfailed", lambda request: failed.append(request.url))
    page = desk.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=email]", server.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.fill("#new-workshop input[name=title]", "Bimtek tanpa internet")
    page.click("#new-workshop button[type=submit]")
    expect(page.locator("#join-code")).to_be_visible()
    join_url = page.get_attribute("#join-url", "href")
    board = desk.new_page()
    board.goto(server.url + page.get_attribute("#open-board", "href"))
    expect(board.locator("#people-total")).to_have_text("0")
    qr = board.locator("img[src$='qr.svg']")
    expect(qr).to_be_visible()
    assert board.evaluate("img => img.naturalWidth > 0", qr.element_handle())
    axe(board, "the board before any session (join code and QR)")
    axe(page, "the workshop console, new workshop without sessions")

    phone_context = offline_context(chromium, server, blocked, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(join_url)
    expect(phone.locator("#join-button")).to_be_visible()
    axe(phone, "the phone's join screen")
    assert blocked == [] and failed == []
    desk.close()
    phone_context.close()


def test_phone_first_load_is_small_and_usable_on_slow_3g(server, chromium):
    blocked = []
    desk = chromium.new_context()
    page = desk.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=email]", server.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.fill("#new-workshop input[name=title]", "Bimtek di aula")
    page.click("#new-workshop button[type=submit]")
    join_url = page.get_attribute("#join-url", "href")
    desk.close()

    context = offline_context(chromium, server, blocked, viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    cdp = context.new_cdp_session(phone)
    cdp.send("Network.enable")
    # Chrome DevTools' "Slow 3G" preset.
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 2000,
                                                  "downloadThroughput": 500 * 1024 / 8 * 0.8,
                                                  "uploadThroughput": 500 * 1024 / 8 * 0.8})
    sizes = []
    phone.on("requestfinished", lambda request: sizes.append(request.sizes()))
    phone.goto(join_url, wait_until="load", timeout=120_000)
    expect(phone.locator("#join-button")).to_be_visible(timeout=60_000)
    transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    assert 0 < transferred <= PHONE_BUDGET_BYTES, f"phone page transferred {transferred} bytes"
    print(f"phone first load: {transferred} bytes transferred")
    phone.fill("#join-name", "Wati")
    phone.check("input[name=group][value=desa]", force=True)
    phone.click("#join-button")
    expect(phone.locator("#live-screen")).to_be_visible(timeout=60_000)
    axe(phone, "the phone's live screen with no session open")
    assert blocked == []
    context.close()
