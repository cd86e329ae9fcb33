"""The console's workshop page: new sessions of every voting method through the form (with CSRF),
and what the page hands to static/js/console/main.js."""
import json
import re

import pytest

from workshop.services.workshops import DEFAULT_CRITERIA

from .test_web import csrf_token, login


@pytest.fixture
def console(app, api):
    """A logged-in console browser on a fresh workshop's page: (browser, page url, workshop)."""
    browser = login(app, api)
    workshop = api.workshop()
    return browser, f"/console/workshops/{workshop['id']}", workshop


def post_session(browser, url, **fields):
    page = browser.get(url).get_data(as_text=True)
    return browser.post(url, data={"csrf_token": csrf_token(page), **fields})


def sessions(api, workshop):
    return api.get(f"/api/v1/workshops/{workshop['id']}").get_json()["sessions"]


def page_data(html: str) -> dict:
    return json.loads(re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S).group(1))


def test_dots_session_keeps_its_settings(console, api):
    browser, url, workshop = console
    response = post_session(browser, url, title="Sesi titik", method="dots", dots_per_participant=4,
                            max_dots_per_proposal=2)
    assert response.status_code == 302
    created = sessions(api, workshop)[0]
    assert response.headers["Location"].endswith(f"{url}#session-{created['id']}")
    assert created["method"] == "dots"
    assert (created["settings"]["dots_per_participant"], created["settings"]["max_dots_per_proposal"]) == (4, 2)


def test_points_session_takes_its_budget(console, api):
    browser, url, workshop = console
    assert post_session(browser, url, title="Sesi poin", method="points", points_budget=60).status_code == 302
    created = sessions(api, workshop)[0]
    assert created["method"] == "points" and created["settings"]["points_budget"] == 60


def test_rank_session_takes_its_size(console, api):
    browser, url, workshop = console
    assert post_session(browser, url, title="Final Quick Win", method="rank", rank_size=3).status_code == 302
    created = sessions(api, workshop)[0]
    assert created["method"] == "rank" and created["settings"]["rank_size"] == 3


def test_score_session_with_edited_criteria(console, api):
    browser, url, workshop = console
    response = post_session(browser, url, title="Sesi skor", method="score", **{
        "criteria-0-label": "Dampak", "criteria-0-key": "dampak", "criteria-0-weight": "2",
        # No key: it is made from the label.
        "criteria-1-label": "Efisiensi biaya", "criteria-1-key": "", "criteria-1-weight": "0.5",
        # Blank rows are dropped.
        "criteria-2-label": "", "criteria-2-key": "", "criteria-2-weight": "1",
        "criteria-3-label": "Kecepatan", "criteria-3-key": "kecepatan", "criteria-3-weight": ""})
    assert response.status_code == 302
    created = sessions(api, workshop)[0]
    assert created["method"] == "score"
    assert created["settings"]["criteria"] == [
        {"key": "dampak", "label": "Dampak", "weight": 2.0},
        {"key": "efisiensi_biaya", "label": "Efisiensi biaya", "weight": 0.5},
        {"key": "kecepatan", "label": "Kecepatan", "weight": 1.0},
    ]


def test_score_session_with_every_row_blank_gets_the_default_criteria(console, api):
    browser, url, workshop = console
    blank = {f"criteria-{i}-{part}": "" for i in range(6) for part in ("label", "key", "weight")}
    assert post_session(browser, url, title="Sesi skor", method="score", **blank).status_code == 302
    criteria = sessions(api, workshop)[0]["settings"]["criteria"]
    assert [(c["key"], c["label"], c["weight"]) for c in criteria] == [tuple(c) for c in DEFAULT_CRITERIA]


def test_the_form_offers_the_server_default_criteria_and_spare_rows(console):
    browser, url, _ = console
    html = browser.get(url).get_data(as_text=True)
    for i, (key, label, _weight) in enumerate(DEFAULT_CRITERIA):
        assert f'name="criteria-{i}-key" type="text" value="{key}"' in html
        assert f'value="{label}"' in html
    assert 'name="criteria-5-label"' in html and 'name="criteria-6-label"' not in html


@pytest.mark.parametrize("fields, field", [
    ({"method": "rank", "rank_size": ""}, "rank_size"),
    ({"method": "points", "points_budget": "0"}, "points_budget"),
    ({"method": "dots", "dots_per_participant": "3", "max_dots_per_proposal": "4"}, "max_dots_per_proposal"),
    ({"method": "score", "criteria-0-label": "Dampak", "criteria-0-key": "dampak",
      "criteria-1-label": "Dampak lagi", "criteria-1-key": "dampak"}, "criteria-1-key"),
    ({"method": "score", "criteria-0-label": "", "criteria-0-key": "dampak"}, "criteria-0-label"),
    ({"method": "score", "criteria-0-label": "Dampak", "criteria-0-weight": "0"}, "criteria-0-weight"),
    ({"method": "vote-by-shouting"}, "method"),
])
def test_a_refused_form_creates_nothing_and_says_where(console, api, fields, field):
    browser, url, workshop = console
    response = post_session(browser, url, title="Sesi", **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The error sits after its own field, before the next one.
    at = html.index(f'name="{field}"')
    error, following = html.find('class="field-error"', at), html.find(' name="', at + 1)
    assert error != -1 and (following == -1 or error < following), html[at:at + 600]
    assert sessions(api, workshop) == []


def test_the_form_needs_csrf(console, api):
    browser, url, workshop = console
    assert browser.post(url, data={"title": "Sesi", "method": "score"}).status_code == 400
    assert sessions(api, workshop) == []


def test_page_hands_the_script_its_data_and_a_csrf_token_for_the_api(console, api):
    browser, url, workshop = console
    created = api.session(workshop["id"], title="Sesi skor", method="score")
    api.post(f"/api/v1/sessions/{created['id']}/timer", {"action": "start", "seconds": 120})
    html = browser.get(url).get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', html).group(1)
    data = page_data(html)
    assert data["workshop_id"] == workshop["id"] and data["current_session_id"] is None
    (session,) = data["sessions"]
    assert session["id"] == created["id"] and session["method"] == "score"
    assert [c["key"] for c in session["settings"]["criteria"]] == [c[0] for c in DEFAULT_CRITERIA]
    assert session["timer"]["running"] is True and 0 < session["timer"]["remaining"] <= 120
    assert [g["key"] for g in data["groups"]] == [g["key"] for g in workshop["groups"]]
    assert set(data["phases"]) == {"draft", "collect", "review", "vote", "closed"}
    assert set(data["methods"]) == {"dots", "points", "score", "rank", "poll", "words"}
    # The meta token works for the API calls the console script makes with the cookie.
    response = browser.patch(f"/api/v1/sessions/{created['id']}", headers={"X-CSRFToken": token},
                             json={"criteria": [{"key": "dampak", "label": "Dampak", "weight": 3}]})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["settings"]["criteria"] == [{"key": "dampak", "label": "Dampak", "weight": 3.0}]


def test_page_has_only_external_scripts(console, api):
    browser, url, workshop = console
    api.session(workshop["id"])
    html = browser.get(url).get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert any('src="/static/js/console/main.js"' in attrs and 'type="module"' in attrs for attrs in scripts)
    for attrs in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs
    assert not re.search(r"\son[a-z]+=", html) and "style=" not in html


def test_each_session_gets_the_tools_of_its_method_and_place(console, api):
    browser, url, workshop = console
    first = api.session(workshop["id"], title="Sesi titik")
    second = api.session(workshop["id"], title="Sesi skor", method="score")
    html = browser.get(url).get_data(as_text=True)
    sections = {int(m.group(1)): m.group(0) for m in
                re.finditer(r'<section class="card session[^"]*" id="session-(\d+)".*?</section>', html, re.S)}
    assert "tool-criteria" not in sections[first["id"]] and "tool-criteria" in sections[second["id"]]
    # Only a later session can carry proposals from earlier ones.
    assert "carry-form" not in sections[first["id"]]
    assert f'name="from_session_ids" value="{first["id"]}"' in sections[second["id"]]
    for section in sections.values():
        for tool in ("reveal-toggle", "board-hidden", 'data-timer="start"', "timer-auto", "proposal-list",
                     "paper-form", "tool-results"):
            assert tool in section


def test_exports_and_the_results_lock_are_one_click_from_the_page(console, api):
    browser, url, workshop = console
    html = browser.get(url).get_data(as_text=True)
    assert 'id="exports"' in html and f'/api/v1/workshops/{workshop["id"]}/export.xlsx' in html
    assert 'id="close-workshop"' in html
