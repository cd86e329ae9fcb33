"""Bad Wi-Fi and hostile text: offline replay, long-polling, and titles that try to run script."""
import csv as csv_module
import io
import re

import pytest
import socketio
from playwright.sync_api import expect

from ..servers import call

from .conftest import axe
from .test_live_loop import PHONE, join, log_in

pytestmark = pytest.mark.browser
XSS_TITLE = '<img src=x onerror="window.__xss=1">Pasar <b>daring</b>'
XSS_NAME = '<script>window.__xss=2</script>Budi'


def setup(server, method="dots"):
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek sinyal lemah"}, token)
    session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Sesi", "method": method}, token)
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
    return token, workshop, session


def offline_voter(server, chromium, title, dimension):
    """A vote session with one proposal and a phone on its vote screen that has just lost the network."""
    token, workshop, session = setup(server)
    author = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "A", "group": "opd"})
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"token": author["token"]}, transports=["websocket"])
    pid = client.call("proposal:submit", {"session_id": session["id"], "title": title,
                                          "dimension": dimension, "client_id": "1"})["proposal"]["id"]
    client.disconnect()
    context = chromium.new_context(**PHONE)
    phone = context.new_page()
    join(phone, workshop["join_url"], "Rina", "desa", "Desa Kutasari")
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
    expect(phone.locator("#view-vote")).to_be_visible()
    context.set_offline(True)
    expect(phone.locator("#conn")).to_contain_text(re.compile("offline|menyambung|Reconnect|Offline", re.I), timeout=20_000)
    return token, workshop, session, pid, context, phone


def results_once_counted(server, session, token, page):
    """The session's results as soon as a voter shows up (polled for up to 10 s)."""
    for _ in range(50):
        results = call(server, "GET", f"/api/v1/sessions/{session['id']}/results", token=token)
        if results["voters"]:
            break
        page.wait_for_timeout(200)
    return results


def test_a_phone_votes_offline_and_the_vote_counts_once(server, chromium):
    token, workshop, session, pid, context, phone = offline_voter(server, chromium, "Telemedisin puskesmas", "living")
    card = phone.locator("#vote-list li", has_text="Telemedisin")
    card.locator("button[data-delta='1']").click()
    card.locator("button[data-delta='1']").click()
    expect(phone.locator("#conn")).to_contain_text(re.compile(r"1"))  # one action waiting
    axe(phone, "the phone's dots vote screen, offline with an action waiting")
    results = call(server, "GET", f"/api/v1/sessions/{session['id']}/results", token=token)
    assert results["voters"] == 0  # nothing reached the server while offline
    context.set_offline(False)
    expect(phone.locator("#conn")).not_to_contain_text(re.compile("offline", re.I), timeout=30_000)
    results = results_once_counted(server, session, token, phone)
    assert [(r["proposal_id"], r["score"], r["voters"]) for r in results["results"]] == [(pid, 2, 1)]
    phone.reload()  # and a reload shows the same ballot
    expect(phone.locator("#dots-left")).to_have_text(re.compile(r"\D3\s*$"))
    context.close()


def test_long_polling_fallback_works(server):
    token, workshop, session = setup(server)
    joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "B", "group": "umkm"})
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"token": joined["token"]}, transports=["polling"])
    assert client.transport() == "polling"
    ack = client.call("proposal:submit", {"session_id": session["id"], "title": "Wifi balai desa",
                                          "dimension": "society", "client_id": "p"})
    assert ack["ok"]
    client.disconnect()


def test_html_in_titles_and_names_is_shown_as_text_everywhere(server, chromium):
    token, workshop, session = setup(server)
    joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": XSS_NAME,
                                                   "group": "umkm", "organization": XSS_TITLE})
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"])
    assert client.call("proposal:submit", {"session_id": session["id"], "title": XSS_TITLE, "description": XSS_NAME,
                                           "dimension": "economy", "client_id": "x"})["ok"]
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
    desk = chromium.new_context(viewport={"width": 1366, "height": 900})
    console = desk.new_page()
    log_in(console, server)
    axe(console, "the console's workshop list with a workshop")
    pages = {"console": f"/console/workshops/{workshop['id']}", "board": f"/board/{workshop['id']}",
             "report": f"/api/v1/workshops/{workshop['id']}/report.html"}
    for name, path in pages.items():
        page = desk.new_page()
        page.goto(server.url + path)
        expect(page.locator("body")).to_contain_text("Pasar <b>daring</b>")
        assert page.evaluate("window.__xss") is None, name
        assert page.locator("img[src='x']").count() == 0, name
        axe(page, f"the {name} page with HTML in titles and names")
    phone = chromium.new_context(**PHONE).new_page()
    phone.goto(workshop["join_url"])
    phone.context.add_cookies([{"name": "rembuk_participant", "value": joined["token"], "url": server.url}])
    phone.goto(workshop["join_url"])
    expect(phone.locator("#vote-list")).to_contain_text("<b>daring</b>")
    axe(phone, "the phone's vote screen with HTML in titles")
    assert phone.evaluate("window.__xss") is None
    csv = console.request.get(server.url + f"/api/v1/sessions/{session['id']}/export.csv").text()
    rows = list(csv_module.reader(io.StringIO(csv.lstrip("\ufeff"))))
    assert rows[1][1] == XSS_TITLE and rows[1][5] == XSS_TITLE  # exports carry the text as text
    client.disconnect()
    desk.close()
    phone.context.close()


def test_taps_kept_in_local_storage_reach_the_server_after_the_tab_was_closed(server, chromium):
    token, workshop, session, pid, context, phone = offline_voter(server, chromium, "Bank sampah digital", "environment")
    phone.locator("#vote-list li", has_text="Bank sampah").locator("button[data-delta='1']").click()
    phone.wait_for_timeout(600)  # past the debounce: the cast could not leave
    phone.close()  # the tab is gone with its unsent ballot in memory
    context.set_offline(False)
    again = context.new_page()
    again.goto(workshop["join_url"])
    expect(again.locator("#view-vote")).to_be_visible()
    results = results_once_counted(server, session, token, again)
    assert [(r["proposal_id"], r["score"]) for r in results["results"]] == [(pid, 1)]
    context.close()
