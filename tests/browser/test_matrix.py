"""The Quick Win matrix in Chromium: a score session's board toggles from the ranking to the 2x2 matrix
(key M), each scored proposal a dot labelled with its rank that moves as scores arrive."""
import re

import pytest
import socketio
from playwright.sync_api import expect

from ..servers import call
from .conftest import axe
from .test_live_loop import log_in, watch_errors

pytestmark = pytest.mark.browser
TITLES = [("Telemedisin puskesmas", "living"), ("Satu data kabupaten", "governance"),
          ("Pasar daring produk UMKM", "economy")]
EASY = {"dampak": 5, "urgensi": 4, "kelayakan": 5, "biaya": 4}
HARD = {"dampak": 5, "urgensi": 5, "kelayakan": 1, "biaya": 2}


def test_the_matrix_on_the_board_for_a_score_session(server, chromium):
    errors = []
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek Quick Win"}, token)
    session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions",
                   {"title": "Penilaian Quick Win", "method": "score"}, token)
    sid = session["id"]
    call(server, "POST", f"/api/v1/sessions/{sid}/phase", {"phase": "collect"}, token)
    phones = []
    for name, group in (("Agus", "opd"), ("Siti", "umkm")):
        joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": name,
                                                       "group": group})
        client = socketio.Client(reconnection=False)
        client.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"])
        phones.append(client)
    agus, siti = phones
    ids = [agus.call("proposal:submit", {"session_id": sid, "title": title, "dimension": dimension,
                                         "client_id": f"m-{n}"})["proposal"]["id"]
           for n, (title, dimension) in enumerate(TITLES)]
    call(server, "POST", f"/api/v1/sessions/{sid}/phase", {"phase": "vote"}, token)
    ack = agus.call("ballot:cast", {"session_id": sid, "ballot": {"scores": {str(ids[0]): EASY, str(ids[1]): HARD}}})
    assert ack["ok"], ack

    desk = chromium.new_context(viewport={"width": 1920, "height": 1080})
    desk.add_init_script("try { localStorage.clear(); } catch (e) {}")
    board = desk.new_page()
    log_in(board, server)
    watch_errors(board, errors)
    board.goto(f"{server.url}/board/{workshop['id']}")
    expect(board.locator(".board-row")).to_have_count(3)
    toggle = board.locator("#board-matrix-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    board.keyboard.press("m")
    matrix = board.locator("#matrix")
    expect(matrix).to_be_visible()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(board.locator("#ranking")).to_be_hidden()
    expect(board.locator("#view-label")).to_contain_text("Quick Win")
    expect(matrix.locator(".board-quadrant.q-quick_win")).to_contain_text("Quick Win")
    results = call(server, "GET", f"/api/v1/sessions/{sid}/results", token=token)
    placed = {p["proposal_id"]: p for p in results["matrix"]["points"] if p["quadrant"]}
    assert {placed[ids[0]]["quadrant"], placed[ids[1]]["quadrant"]} == {"quick_win", "major_project"}
    dots = matrix.locator(".board-dot")
    expect(dots).to_have_count(2)  # the unscored proposal is not placed
    easy = matrix.locator(f".board-dot[data-id='{ids[0]}']")
    expect(easy).to_have_text(str(placed[ids[0]]["rank"]))
    expect(easy).to_have_class(re.compile(r"\bq-quick_win\b"))
    expect(matrix.locator(f".board-dot[data-id='{ids[1]}']")).to_have_class(re.compile(r"\bq-major_project\b"))
    # The Quick Win dot sits right of and above the middle of the plot.
    plot = matrix.locator(".board-matrix-plot").bounding_box()
    box = easy.bounding_box()
    assert box["x"] + box["width"] / 2 > plot["x"] + plot["width"] / 2
    assert box["y"] + box["height"] / 2 < plot["y"] + plot["height"] / 2
    axe(board, "the board, score session, Quick Win matrix")

    # Scores arrive: Siti finds the easy one hard; its dot moves left (a transform) and changes quadrant.
    before = easy.evaluate("n => n.style.transform")
    ack = siti.call("ballot:cast", {"session_id": sid, "ballot": {"scores": {str(ids[0]): {"kelayakan": 1,
                                                                                           "biaya": 1},
                                                                           str(ids[2]): EASY}}})
    assert ack["ok"], ack
    expect(dots).to_have_count(3)
    expect(easy).to_have_class(re.compile(r"\bq-major_project\b"))
    assert easy.evaluate("n => n.style.transform") != before

    # Back to the ranking with the button.
    toggle.click()
    expect(matrix).to_be_hidden()
    expect(board.locator(".board-row")).to_have_count(3)

    # The console's results tool: the matrix, a dot's proposal flagged as a Quick Win from there.
    console = desk.new_page()
    watch_errors(console, errors)
    console.goto(f"{server.url}/console/workshops/{workshop['id']}")
    section = console.locator("section.session")
    section.locator(".tool-results summary").click()
    box = section.locator(".results-matrix")
    expect(box).to_be_visible()
    expect(box.locator(".mx-dot")).to_have_count(3)
    third = box.locator(f".mx-dot[data-pid='{ids[2]}']")
    third.click()
    expect(box.locator(".matrix-detail")).to_contain_text(TITLES[2][0])
    axe(console, "the console's results with the Quick Win matrix and a proposal picked")
    box.locator(".matrix-flag").click()
    expect(box.locator(f".mx-dot.is-flagged[data-pid='{ids[2]}']")).to_have_count(1)
    proposals = call(server, "GET", f"/api/v1/sessions/{sid}/proposals", token=token)["proposals"]
    assert [p["id"] for p in proposals if p["quick_win"]] == [ids[2]]
    # One group's scores only: Agus (opd) never scored the third proposal.
    box.locator(".matrix-group").select_option("opd")
    expect(box.locator(".mx-dot")).to_have_count(2)
    # Axes chosen from the criteria: value = dampak only, ease = biaya only.
    for axis, keep in (("y", "dampak"), ("x", "biaya")):
        for checkbox in box.locator(f".matrix-axis[data-axis='{axis}'] input").all():
            if (checkbox.get_attribute("value") == keep) != checkbox.is_checked():
                checkbox.click()
    box.locator(".matrix-apply").click()
    expect(box.locator(".mx-axis").first).to_contain_text("Efisiensi biaya")
    expect(box.locator(".mx-axis").first).not_to_contain_text("Kelayakan")
    session_view = call(server, "GET", f"/api/v1/sessions/{sid}", token=token)
    assert session_view["matrix_axes"] == {"x": ["biaya"], "y": ["dampak"]}
    for client in phones:
        client.disconnect()
    assert errors == []
