"""First start: run.py prints the URLs and a one-time setup link that works in the browser."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import Server, axe

pytestmark = pytest.mark.browser


def test_setup_link_creates_the_first_facilitator(tmp_path, chromium):
    server = Server(tmp_path)
    try:
        output = server.output()
        assert f"Facilitator console: {server.url}/console" in output
        assert f"Phones open:         {server.url}/j" in output
        link = re.search(r"(http://\S+/setup/\S+)", output).group(1)
        page = chromium.new_page()
        page.goto(link)
        axe(page, "the setup page")
        page.fill("input[name=name]", "Rina")
        page.fill("input[name=email]", "rina@purbalinggakab.go.id")
        page.fill("input[name=password]", "kata-sandi-panjang")
        page.click("button[type=submit]")
        expect(page).to_have_url(re.compile(r"/console$"))
        expect(page.locator("#new-workshop")).to_be_visible()
        axe(page, "the console's workshop list, empty")
        page.goto(link)  # spent: back to the log-in
        expect(page).to_have_url(re.compile(r"/login"))
        axe(page, "the log-in page")
        page.close()
    finally:
        server.stop()
