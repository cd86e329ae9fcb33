"""A guest's text in the organizer's exports: no formula in Excel, whatever its list separator,
and no character that breaks the workbook (issue 15). Against a real server."""
from __future__ import annotations

import csv
import io
import sqlite3
import urllib.request

import openpyxl
import pytest
import socketio

from tests.servers import RembukServer, call

PAYLOAD = "Program;=cmd|' /C calc'!A0"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    running = RembukServer(folder)
    running.token = running.api_token("fasilitator@kominfo.go.id", "rahasia-panjang-1")
    yield running
    running.stop()


def download(server, path: str) -> bytes:
    request = urllib.request.Request(server.url + path, headers={"Authorization": f"Bearer {server.token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read()


@pytest.fixture(scope="module")
def flooded(server):
    workshop = call(server, "POST", "/api/v1/workshops", {"title": "Bimtek ekspor"}, server.token)
    session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions",
                   {"title": "Sesi", "method": "score"}, server.token)
    call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, server.token)
    joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": "+62 Tamu;@SUM(A1)",
                                                   "group": "umkm", "organization": "Dinas;-1+1"})
    phone = socketio.Client(reconnection=False)
    phone.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"], wait_timeout=20)
    for k, title in enumerate((PAYLOAD, "=HYPERLINK(\"http://x\")", "Aman; tanpa rumus ; -- catatan")):
        assert phone.call("proposal:submit", {"session_id": session["id"], "client_id": f"c{k}", "title": title,
                                              "description": "a;\tb;\r=c", "dimension": "society"}, timeout=20)["ok"]
    phone.disconnect()
    return workshop, session


def cells_excel_could_read(text: str, separator: str) -> list[str]:
    """Every cell of a CSV as Excel splits it with this list separator (quotes honoured)."""
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=separator) for cell in row]


@pytest.mark.parametrize("path", ["/api/v1/workshops/{w}/export.csv", "/api/v1/sessions/{s}/export.csv"])
def test_no_csv_cell_starts_a_formula_with_either_list_separator(server, flooded, path):
    workshop, session = flooded
    text = download(server, path.format(w=workshop["id"], s=session["id"])).decode("utf-8")
    for separator in (",", ";"):
        for cell in cells_excel_could_read(text, separator):
            assert cell[:1] not in FORMULA, (separator, cell)
            # Where a `;` file is read with the `,`-file's quotes taken as text, a part may begin with one.
            assert cell.lstrip('"')[:1] not in FORMULA, (separator, cell)
    # Read as it was written (","), the text is all there, with the defusing quote only.
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert any("Program;'=cmd|' /C calc'!A0" in row for row in rows)
    # Every field is quoted.
    for line in text.lstrip("\ufeff").splitlines()[1:]:
        assert line.startswith('"') and line.endswith('"')


def test_a_workbook_holds_no_character_xml_cannot(server, flooded, tmp_path):
    workshop, session = flooded
    # Older data may hold what input checks now refuse: put it there as a database would have it.
    database = sqlite3.connect(server.folder / "rembuk.db")
    database.execute("UPDATE workshops SET title = ? WHERE id = ?", ("Bimtek\x01\x02 ekspor\x1f", workshop["id"]))
    database.execute("UPDATE criteria SET label = ? WHERE session_id = ? AND key = 'dampak'",
                     ("Dampak\x0b\x00", session["id"]))
    database.commit()
    database.close()
    data = download(server, f"/api/v1/workshops/{workshop['id']}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.title == "Bimtek ekspor"
    headers = [cell.value for cell in book["Program Prioritas"][1]]
    assert any(h and "Dampak" in h for h in headers) and not any(h and "\x0b" in h for h in headers)
    titles = [row[5].value for row in book["Program Prioritas"].iter_rows(min_row=2)]
    assert PAYLOAD in titles  # text stays text in a workbook (a string cell, never a formula)
