"""Accessibility (axe-core, WCAG 2.1 A/AA) of the pages and states no other browser test reaches:
the phone's code page, the personal-codes page, rank and points ballots on the phone, and the
board's group-balanced view. The other tests call axe() where they already are."""
import re

import pytest
import socketio
from playwright.sync_api import expect

from ..servers import call
from .conftest import axe
from .test_live_loop import PHONE, join, log_in, watch_errors

pytestmark = pytest.mark.browser
TITLES = [("Telemedisin puskesmas", "living"), ("Satu data kabupaten", "governance"),
          ("Pasar daring produk UMKM", "economy")]


def test_code_page_personal_codes_rank_points_and_the_balanced_board(server, chromium):
    errors = []
    token = server.api_token(server.email)
    phone = chromium.new_context(**PHONE).new_page()
    phone.goto(server.url + "/j")
    expect(phone.locator("#code-input")).to_be_visible()
    axe(phone, "the phone's code page")
    phone.goto(server.url + "/j?code=ZZZZZZ")  # a 404, so this page's errors are not watched
    expect(phone.locator("#code-error")).to_be_visible()
    axe(phone, "the phone's code page with an unknown code")
    watch_errors(phone, errors)

    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    desk.on("page", lambda page: watch_errors(page, errors))
    console = desk.new_page()
    log_in(console, server)
    strict = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek ketat", "strict": True}, token)
    console.goto(f"{server.url}/console/workshops/{strict['id']}/tickets")
    axe(console, "the personal-codes page, none made")
    console.fill("#tickets-form textarea[name=names]", "Siti Aminah\nAgus Salim")
    console.click("#tickets-form button[type=submit]")
    expect(console.locator("#tickets-made .ticket-code")).to_have_count(2)
    axe(console, "the personal-codes page with fresh codes")

    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek metode"}, token)
    board = desk.new_page()
    board.set_viewport_size({"width": 1920, "height": 1080})
    board.goto(f"{server.url}/board/{workshop['id']}")
    author = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "Agus", "group": "opd"})
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"token": author["token"]}, transports=["websocket"])
    join(phone, workshop["join_url"], "Siti Aminah", "umkm", "Batik Purbalingga")
    expect(phone.locator("#live-screen")).to_be_visible()
    for method, ballot, tap in [("rank", lambda ids: {"ranking": ids[::-1]}, "button[data-rank-add]"),
                                ("points", lambda ids: {"points": {str(ids[0]): 60, str(ids[1]): 40}},
                                 "button.ph-step-plus")]:
        session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions",
                       {"title": f"Sesi {method}", "method": method}, token)
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        ids = [client.call("proposal:submit", {"session_id": session["id"], "title": title, "dimension": dimension,
                                               "client_id": f"{method}-{n}"})["proposal"]["id"]
               for n, (title, dimension) in enumerate(TITLES)]
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
        assert client.call("ballot:cast", {"session_id": session["id"], "ballot": ballot(ids)})["ok"]
        expect(phone.locator("#vote-list li[data-pid]")).to_have_count(3)
        axe(phone, f"the phone's {method} vote screen, empty ballot")
        phone.locator(f"#vote-list li[data-pid='{ids[0]}'] {tap}").click()
        phone.locator(f"#vote-list li[data-pid='{ids[1]}'] {tap}").click()
        expect(phone.locator("#conn")).not_to_contain_text(re.compile(r"\d"))  # nothing waiting to be sent
        axe(phone, f"the phone's {method} vote screen, partly used")

        expect(board.locator(".board-row")).to_have_count(3)
        axe(board, f"the board, voting by {method}, overall ranking")
        board.locator("#board-view-toggle").click()
        expect(board.locator("body")).to_have_class(re.compile(r"\bview-balanced\b"))
        axe(board, f"the board, voting by {method}, group-balanced ranking")
        board.locator("#board-view-toggle").click()
        expect(board.locator("body")).not_to_have_class(re.compile(r"\bview-balanced\b"))
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "closed"}, token)

    client.disconnect()
    desk.close()
    phone.context.close()
    assert errors == []
