"""Badges and check-in in Chromium (issue 14): the facilitator imports a small list in the console,
prints the badges, the first page's QR codes are read back from an image of the PDF, a phone opens
one and is in without typing, and the board and the console show the person present at once; a
tick in the console checks in the other."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from ..servers import call
from .conftest import axe
from .test_invitations import csv_file, log_in

pytestmark = pytest.mark.browser

LIST = "Nama;Unsur;Instansi;Jabatan\r\nAni Rahayu;OPD;Dinkominfo;Sekretaris\r\nCitra Dewi;UMKM;Batik Citra;\r\n"


def qr_codes(pdf_path, folder) -> list[str]:
    """The QR codes on the PDF's first page, read from a PNG of it (poppler's pdftoppm, zbarimg)."""
    subprocess.run(["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", str(pdf_path), str(folder / "page")],
                   check=True)
    image = next(folder.glob("page*.png"))
    found = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    return found.stdout.split()


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="poppler-utils and zbar-tools are installed by scripts/test")
def test_badge_to_board_import_print_scan_and_present(server, chromium, tmp_path):
    token = server.api_token(server.email)
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek badge"}, token)
    wid = workshop["id"]
    desk = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    console = log_in(desk, server)
    console.goto(f"{server.url}/console/workshops/{wid}")
    expect(console.locator("#attendance-empty")).to_be_visible()

    # Import the list in the console (the Undangan panel).
    console.click("#invitations-panel summary")
    console.set_input_files("#invitations-file", csv_file(LIST))
    expect(console.locator("#invitations-import")).to_be_enabled()
    console.click("#invitations-import")
    expect(console.locator("#invitations-rows tr")).to_have_count(2)
    # The attendance panel follows: nobody present yet.
    expect(console.locator("#attendance-total")).to_contain_text("Hadir: 0 dari 2 undangan")
    expect(console.locator("#attendance-rows tr")).to_have_count(2)
    expect(console.locator("#attendance-groups tbody tr")).to_have_count(2)
    axe(console, "the console's attendance panel")

    board = desk.new_page()
    board.goto(f"{server.url}/board/{wid}")
    expect(board.locator("#attendance")).to_be_visible()
    expect(board.locator("#attendance")).to_have_text("Hadir: OPD 0/1 · UMKM 0/1")

    # Print the badges; read the QR codes of the first page back from an image of it.
    with console.expect_download() as download:
        console.click("#print-badges")
    pdf = tmp_path / "badges.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    codes = qr_codes(pdf, tmp_path)
    assert len(codes) == 2 and all(code.startswith(f"{server.url}/j/{workshop['join_code']}?t=") for code in codes)

    # The first badge (the list's order: Ani) scanned by a phone: in, without typing.
    phone_context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = phone_context.new_page()
    phone.goto(codes[0])
    expect(phone.locator("#live-screen")).to_be_visible()
    expect(phone.locator("#welcome")).to_have_text("Selamat datang, Ani Rahayu")

    # Present on the board and in the console, live.
    expect(board.locator("#attendance")).to_have_text("Hadir: OPD 1/1 · UMKM 0/1")
    axe(board, "the board with the attendance line")
    ani = console.locator("#attendance-rows tr").nth(0)
    expect(ani).to_contain_text("Ani Rahayu")
    expect(ani.locator("input[type=checkbox]")).to_be_checked()
    expect(console.locator("#attendance-total")).to_contain_text("Hadir: 1 dari 2 undangan")

    # Citra has no phone: the facilitator ticks her name.
    console.locator("#attendance-rows tr").nth(1).locator("input[type=checkbox]").check()
    expect(console.locator("#attendance-message")).to_contain_text("Kehadiran Citra Dewi dicatat.")
    expect(board.locator("#attendance")).to_have_text("Hadir: OPD 1/1 · UMKM 1/1")
    expect(console.locator("#attendance-total")).to_contain_text("Hadir: 2 dari 2 undangan")
    axe(console, "the console's attendance panel after check-ins")
    people = call(server, "GET", f"/api/v1/workshops/{wid}/attendance", token=token)["invitations"]
    assert [(p["name"], p["present"], p["participant_id"] is not None) for p in people] == [
        ("Ani Rahayu", True, True), ("Citra Dewi", True, False)]
    phone_context.close()
    desk.close()
