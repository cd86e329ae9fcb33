"""The HTML side: setup link, log-in, console forms with CSRF, phone pages, QR, language."""
import re

from workshop.services.accounts import setup_token


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_first_start_setup_link_creates_the_first_account_once(app, client):
    with app.app_context():
        token = setup_token(app.instance_path)
    assert client.get("/setup/wrong").status_code == 404
    page = client.get(f"/setup/{token}").get_data(as_text=True)
    response = client.post(f"/setup/{token}", data={"csrf_token": csrf_token(page), "name": "Budi",
                                                    "email": "budi@kominfo.go.id", "password": "rahasia123"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/console")
    assert client.get("/console").status_code == 200
    # The link is spent.
    assert app.test_client().get(f"/setup/{token}").status_code == 302
    with app.app_context():
        assert setup_token(app.instance_path) is None


def test_forms_need_csrf(app, api):
    browser = app.test_client()
    response = browser.post("/login", data={"email": api.email, "password": "rahasia123"})
    assert response.status_code == 400 and browser.get("/console").status_code == 302


def login(app, api):
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    response = browser.post("/login", data={"csrf_token": csrf_token(page), "email": api.email,
                                            "password": "rahasia123"})
    assert response.status_code == 302
    return browser


def test_wrong_password_is_refused(app, api):
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    response = browser.post("/login", data={"csrf_token": csrf_token(page), "email": api.email, "password": "salah"})
    assert response.status_code == 200 and browser.get("/console").status_code == 302


def test_console_creates_workshop_session_and_changes_phase(app, api):
    browser = login(app, api)
    page = browser.get("/console").get_data(as_text=True)
    response = browser.post("/console", data={"csrf_token": csrf_token(page), "title": "Bimtek Tahap II",
                                              "venue": "Aula Bappeda", "date": "2024-07-01"})
    assert response.status_code == 302
    workshop_url = response.headers["Location"]
    page = browser.get(workshop_url).get_data(as_text=True)
    assert "Bimtek Tahap II" in page and "/board/" in page
    browser.post(workshop_url, data={"csrf_token": csrf_token(page), "title": "Sesi Governance",
                                     "dots_per_participant": 4, "max_dots_per_proposal": 2})
    workshop = api.get("/api/v1/workshops").get_json()["workshops"][0]
    session = workshop["sessions"][0]
    assert {k: session["settings"][k] for k in ("dots_per_participant", "max_dots_per_proposal")} == {"dots_per_participant": 4, "max_dots_per_proposal": 2}
    page = browser.get(workshop_url).get_data(as_text=True)
    no_csrf = browser.post(f"/console/sessions/{session['id']}/phase", data={"phase": "collect"})
    assert no_csrf.status_code == 400
    browser.post(f"/console/sessions/{session['id']}/phase", data={"csrf_token": csrf_token(page), "phase": "collect"})
    assert api.get(f"/api/v1/sessions/{session['id']}").get_json()["phase"] == "collect"
    assert browser.get(f"/board/{workshop['id']}").status_code == 200
    # The cookie session may call the API too, with the CSRF header.
    response = browser.post(f"/api/v1/sessions/{session['id']}/phase", json={"phase": "vote"})
    assert response.status_code == 403
    response = browser.post(f"/api/v1/sessions/{session['id']}/phase", json={"phase": "vote"},
                            headers={"X-CSRFToken": csrf_token(page)})
    assert response.status_code == 200


def test_console_pages_are_the_owners_only(app, api):
    workshop = api.workshop()
    from ..conftest import Api
    Api(app, app.test_client(), email="lain@kominfo.go.id")
    other = app.test_client()
    page = other.get("/login").get_data(as_text=True)
    other.post("/login", data={"csrf_token": csrf_token(page), "email": "lain@kominfo.go.id", "password": "rahasia123"})
    assert other.get(f"/board/{workshop['id']}").status_code == 403
    assert other.get(f"/console/workshops/{workshop['id']}").status_code == 403
    assert app.test_client().get(f"/board/{workshop['id']}").status_code == 302  # to the log-in


def test_phone_pages(app, api):
    workshop = api.workshop()
    phone = app.test_client()
    page = phone.get(f"/j/{workshop['join_code']}")
    assert page.status_code == 200 and workshop["join_code"] in page.get_data(as_text=True)
    assert phone.get(f"/j/{workshop['join_code'].lower()}").status_code == 302
    assert phone.get("/j/QQQQQQ").status_code == 404
    assert phone.get(f"/j?code={workshop['join_code'].lower()}").headers["Location"].endswith(
        f"/j/{workshop['join_code']}")
    assert phone.get("/j?code=nope").status_code == 404
    assert phone.get("/j").status_code == 200


def test_phone_page_remembers_the_participant_by_cookie(app, api):
    workshop = api.workshop()
    phone = app.test_client()
    phone.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Rina", "group": "desa"})
    html = phone.get(f"/j/{workshop['join_code']}").get_data(as_text=True)
    data = re.search(r'<script id="page-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    assert '"name": "Rina"' in data and '"group": "desa"' in data


def test_qr_code_is_svg(app, api):
    workshop = api.workshop()
    response = app.test_client().get(f"/j/{workshop['join_code']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith(("<?xml", "<svg"))


def test_language_switch_persists(app):
    browser = app.test_client()
    assert '<html lang="id">' in browser.get("/login").get_data(as_text=True)
    response = browser.get("/lang/en?next=/login")
    assert response.headers["Location"] == "/login"
    assert '<html lang="en">' in browser.get("/login").get_data(as_text=True)
    assert browser.get("/lang/en?next=//evil.example").headers["Location"] == "/"
    assert browser.get("/lang/fr").status_code == 404


def test_pages_carry_a_strict_content_security_policy(app, api):
    workshop = api.workshop()
    response = app.test_client().get(f"/j/{workshop['join_code']}")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_form_errors_speak_the_pages_language(app, client):
    """WTForms' own messages (it has no Indonesian catalogue) come from ours: Indonesian first."""
    with app.app_context():
        token = setup_token(app.instance_path)
    bad = {"name": "Budi", "email": "bukan-email", "password": "pendek"}
    page = client.get(f"/setup/{token}").get_data(as_text=True)
    html = client.post(f"/setup/{token}", data={"csrf_token": csrf_token(page), **bad}).get_data(as_text=True)
    assert "Alamat e-mail tidak valid." in html and "Isian harus 8 sampai 200 karakter." in html
    assert "Invalid email address." not in html
    english = app.test_client()
    english.set_cookie("lang", "en")
    page = english.get(f"/setup/{token}").get_data(as_text=True)
    html = english.post(f"/setup/{token}", data={"csrf_token": csrf_token(page), **bad}).get_data(as_text=True)
    assert "Invalid email address." in html and "Field must be between 8 and 200 characters long." in html
