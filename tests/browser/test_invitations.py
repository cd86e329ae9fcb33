"""The invitation list in Chromium: the console's import (preview, a row problem in words, all or
nothing), and a phone that opens a badge's QR link and is in without typing."""
import re
from types import SimpleNamespace

import pytest
from flask import Flask
from playwright.sync_api import expect

from workshop.services.invitations import badge_ticket

from ..servers import call
from .conftest import PASSWORD, axe

pytestmark = pytest.mark.browser

BAD = "Nama;Unsur;Instansi\r\nBudi Santoso;OPD;Dinkominfo\r\nJoko;Dinas;Dinas Perhubungan\r\n"
GOOD = "Nama;Unsur;Instansi\r\nBudi Santoso;OPD;Dinkominfo\r\nSiti Aminah;UMKM;Batik Purbalingga\r\n"


def log_in(context, server):
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=email]", server.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def csv_file(text: str) -> dict:
    return {"name": "undangan.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8")}


def test_console_imports_the_list_after_a_preview_that_names_the_bad_row(server, chromium):
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek undangan"}, token)
    desk = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = log_in(desk, server)
    page.goto(f"{server.url}/console/workshops/{workshop['id']}")
    page.click("#invitations-panel summary")
    expect(page.locator("#invitations-empty")).to_be_visible()
    page.set_input_files("#invitations-file", csv_file(BAD))
    expect(page.locator("#invitations-errors li")).to_have_text(
        ["baris 3: unsur 'Dinas' tidak dikenal — pilih salah satu: OPD, Kecamatan/Desa, Relawan TIK, UMKM, "
         "Akademisi, Lainnya"])
    expect(page.locator("#invitations-import")).to_be_disabled()
    axe(page, "the console's invitation panel showing a row problem")
    assert call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", token=token)["invitations"] == []

    page.set_input_files("#invitations-file", csv_file(GOOD))
    expect(page.locator("#invitations-message")).to_contain_text("Siap diimpor: 2 baru")
    expect(page.locator("#invitations-preview-rows tr")).to_have_count(2)
    expect(page.locator("#invitations-import")).to_be_enabled()
    axe(page, "the console's invitation panel with the import preview")
    page.click("#invitations-import")
    expect(page.locator("#invitations-message")).to_contain_text("Diimpor: 2 baru")
    expect(page.locator("#invitations-rows tr")).to_have_count(2)
    expect(page.locator("#invitations-rows tr").first).to_contain_text("Budi Santoso")
    expect(page.locator("#invitations-rows tr").first).to_contain_text("belum")
    axe(page, "the console's invitation list")

    # Headers it does not know: the columns are chosen by hand.
    page.set_input_files("#invitations-file", csv_file("Peserta;Asal;Kantor\r\nAni;Akademisi;Unsoed\r\n"))
    expect(page.locator("#invitations-mapping")).to_be_visible()
    page.select_option("#invitations-map-name", "Peserta")
    page.select_option("#invitations-map-group", "Asal")
    page.select_option("#invitations-map-organization", "Kantor")
    axe(page, "the console's column mapping")
    page.click("#invitations-recheck")
    expect(page.locator("#invitations-import")).to_be_enabled()
    page.click("#invitations-import")
    expect(page.locator("#invitations-rows tr")).to_have_count(3)
    desk.close()


def test_a_phone_opens_a_badge_link_and_is_in_without_typing(server, chromium, tmp_path):
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek undangan"}, token)
    desk = chromium.new_context()
    page = log_in(desk, server)
    response = page.request.post(f"{server.url}/api/v1/workshops/{workshop['id']}/invitations",
                                 headers={"Authorization": f"Bearer {token}"},
                                 multipart={"file": csv_file(GOOD)})
    assert response.status == 201
    desk.close()
    invited = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", token=token)["invitations"]
    with Flask(__name__).app_context() as context:
        context.app.config["SECRET_KEY"] = (server.folder / "instance" / "secret_key").read_text().strip()
        ticket = badge_ticket(SimpleNamespace(workshop_id=workshop["id"], id=invited[0]["id"], ticket_issue=1))
    link = f"{workshop['join_url']}?t={ticket}"

    phone_context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.locator("#live-screen")).to_be_visible()
    expect(phone.locator("#welcome")).to_have_text("Selamat datang, Budi Santoso")
    expect(phone.locator("#join-screen")).to_be_hidden()
    assert "t=" not in phone.url  # the ticket left the address bar
    axe(phone, "the phone after joining with a badge")
    people = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/participants", token=token)["participants"]
    assert [(p["name"], p["group"], p["organization"]) for p in people] == [("Budi Santoso", "opd", "Dinkominfo")]
    invited = call(server, "GET", f"/api/v1/workshops/{workshop['id']}/invitations", token=token)["invitations"]
    assert [i["present"] for i in invited] == [True, False]

    # The same phone scanning again resumes; another phone with the same badge gets the form and why.
    phone.goto(link)
    expect(phone.locator("#live-screen")).to_be_visible()
    other = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    other.goto(link)
    expect(other.locator("#join-screen")).to_be_visible()
    expect(other.locator("#join-error")).to_have_text(re.compile("sudah dipakai"))
    axe(other, "the phone's join screen after a used badge")
    assert len(call(server, "GET", f"/api/v1/workshops/{workshop['id']}/participants",
                    token=token)["participants"]) == 1
    other.context.close()
    phone_context.close()
