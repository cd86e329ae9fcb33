"""Strict mode on a phone: the personal code from the attendance list joins once."""
import re

import pytest
from playwright.sync_api import expect

from ..servers import call

from .conftest import axe

pytestmark = pytest.mark.browser


def test_phone_joins_a_strict_workshop_with_its_personal_code(server, chromium):
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek ketat", "strict": True}, token)
    code = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/tickets", {"labels": ["Siti"]}, token)["tickets"][0]["code"]
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(workshop["join_url"])
    axe(phone, "the phone's join screen of a strict workshop (personal code field)")
    phone.fill("#join-name", "Siti")
    phone.check("input[name=group][value=umkm]", force=True)
    phone.fill("#join-ticket", "ZZZZ-ZZZZ")
    phone.click("#join-button")
    expect(phone.locator("#join-ticket-error")).to_be_visible()
    axe(phone, "the phone's join screen showing a wrong personal code")
    phone.fill("#join-ticket", code)
    phone.click("#join-button")
    expect(phone.locator("#live-screen")).to_be_visible()
    second = context.browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    second.goto(workshop["join_url"])
    second.fill("#join-name", "Penyusup")
    second.check("input[name=group][value=opd]", force=True)
    second.fill("#join-ticket", code)
    second.click("#join-button")
    expect(second.locator("#join-ticket-error")).to_have_text(re.compile(r"\S"))
    expect(second.locator("#live-screen")).to_be_hidden()
    second.context.close()
    context.close()
