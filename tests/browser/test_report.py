"""The printable report in Chromium under the strict CSP: charts drawn, prints to PDF, PDF download."""
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from .conftest import axe
from .test_live_loop import log_in, watch_errors

pytestmark = pytest.mark.browser


def test_report_page_prints_and_downloads_the_pdf(server, chromium, tmp_path):
    output = server.flask("seed-demo", "--email", server.email)
    workshop_id = re.search(r"Workshop id: (\d+)", output).group(1)
    errors = []
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.on("page", lambda page: watch_errors(page, errors))
    page = context.new_page()
    log_in(page, server)
    page.goto(f"{server.url}/api/v1/workshops/{workshop_id}/report.html")
    expect(page.locator("h1")).to_have_text(re.compile("Bimtek Smart City Kabupaten Purbalingga"))
    # Four sessions, each with a bar chart of its top programs and the balanced comparison.
    expect(page.locator("section.session")).to_have_count(4)
    expect(page.locator("section.session svg.chart")).to_have_count(8)
    bars = page.locator("#session-1 svg.chart").first.locator("rect")
    expect(bars).to_have_count(10)
    assert float(bars.first.get_attribute("width")) > float(bars.last.get_attribute("width")) > 0
    assert bars.first.evaluate("el => el.getBoundingClientRect().width") > 100
    expect(page.locator("#quick-wins tbody tr").first).to_be_visible()
    expect(page.locator("#signatures .sign")).to_have_count(3)
    axe(page, "the printable report")

    # Printing hides the toolbar; Chromium's own print to PDF works on the page as served.
    page.emulate_media(media="print")
    expect(page.locator("nav.toolbar")).to_be_hidden()
    printed = tmp_path / "printed.pdf"
    page.pdf(path=str(printed), format="A4")
    assert printed.read_bytes().startswith(b"%PDF")
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.click("#report-pdf")
    pdf = tmp_path / "server.pdf"
    download.value.save_as(str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert re.fullmatch(r"rembuk-\w{6}\.pdf", download.value.suggested_filename)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is not installed (scripts/test installs Debian's poppler-utils)")
    for source in (pdf, printed):
        done = subprocess.run([pdftoppm, "-png", "-r", "30", "-f", "1", "-l", "1", str(source),
                               str(tmp_path / source.stem)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stderr == "", done.stderr
    assert errors == [], errors
    context.close()
