"""Inputs Schemathesis found that the server did not survive, and what they answer now.

Ids beyond SQLite's 64-bit integers in a URL or a carry-over list raised OverflowError (500);
lone UTF-16 surrogates in text fields raised UnicodeEncodeError on commit (500) and NUL bytes
would be refused by PostgreSQL; JSON nested deeper than the parser goes raised RecursionError
(500). Each is now a 4xx with the usual error body.
"""
import re

import pytest

BIG_IDS = (0, 2**63, 10**30)


@pytest.fixture
def english(api):
    """The facilitator's client with `lang=en`."""
    api.client.set_cookie("lang", "en")
    return api


def id_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and "<int:" in rule.rule:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule.rule


@pytest.mark.parametrize("number", BIG_IDS + (2**63 - 1,))
def test_ids_outside_the_database_range_are_not_found_on_every_route(app, api, number):
    routes = list(id_routes(app))
    assert len(routes) >= 25
    for method, rule in routes:
        url = re.sub(r"<int:\w+>", str(number), rule)
        response = getattr(api.client, method.lower())(url, json={} if method != "GET" else None,
                                                       headers=api.headers)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.get_json()["error"]["code"] == "not_found", (method, url)


def test_an_impossible_id_is_not_found_even_where_the_path_has_other_methods(api):
    # werkzeug answers 405 when a converter refuses a value on a path that also has another method
    response = api.get("/api/v1/workshops/0/tickets")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_html_pages_refuse_impossible_ids_too(client):
    assert client.get(f"/board/{2**64}").status_code == 404


def test_carry_over_from_an_impossible_session_is_not_found(api):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    response = api.post(f"/api/v1/sessions/{session['id']}/carry", {"from_session_ids": [2**64]})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("raw", ['"Bimtek \\ud800 Smart City"', '"Bimtek \\u0000 Smart City"'])
def test_text_that_cannot_be_stored_is_refused(english, raw):
    api = english
    response = api.client.post("/api/v1/workshops", data='{"title": ' + raw + '}',
                               headers={**api.headers, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "invalid_input", "field": "title",
        "message": "Check the field title: contains a character that cannot be stored "
                   "(NUL or a lone UTF-16 surrogate)"}
    assert api.get("/api/v1/workshops").get_json()["workshops"] == []


def test_the_refusal_is_in_indonesian_by_default(api):
    response = api.client.post("/api/v1/workshops", data='{"title": "a\\udc00bc"}',
                               headers={**api.headers, "Content-Type": "application/json"})
    assert response.get_json()["error"]["message"] == (
        "Periksa kolom judul: berisi karakter yang tidak dapat disimpan (NUL atau surrogate UTF-16 tunggal)")


def test_a_proper_surrogate_pair_is_ordinary_text(api):
    response = api.client.post("/api/v1/workshops", data='{"title": "Bimtek \\ud83c\\udf3e"}',
                               headers={**api.headers, "Content-Type": "application/json"})
    assert response.status_code == 201
    assert response.get_json()["title"] == "Bimtek \U0001f33e"


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deeply_nested_bodies_are_refused(english, depth):
    api = english
    body = '{"title": "Bimtek", "venue": ' + "[" * depth + "]" * depth + "}"
    response = api.client.post("/api/v1/workshops", data=body,
                               headers={**api.headers, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == {"code": "invalid_input", "field": "body",
                                            "message": "Check the field request body: nested too deeply "
                                                       "(at most 32 levels)"}


def test_nesting_up_to_the_limit_is_read_as_usual(api):
    workshop = api.workshop()
    response = api.client.patch(f"/api/v1/workshops/{workshop['id']}", json={"extra": [[[]]], "venue": "Pendopo"},
                                headers=api.headers)
    assert response.status_code == 200


def test_phones_get_the_same_refusals(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    phone = connect(api.join(workshop["join_code"])["token"])
    ack = phone.emit("proposal:submit", {"session_id": session["id"], "title": "Wifi \ud800 desa",
                                         "dimension": "living"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "title"
    nested = {"session_id": session["id"], "title": "Wifi desa", "dimension": "living", "goal": []}
    for _ in range(40):
        nested = {"x": nested}
    ack = phone.emit("proposal:submit", nested, callback=True)
    assert ack["error"]["field"] == "body"
    assert phone.is_connected()
