"""The organizer's Excel workbook: six sheets, header row frozen, widths set, numbers as numbers."""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .tables import Table, build_tables, lock_status

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E3EEE9")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TIME_FORMAT = "yyyy-mm-dd hh:mm"
# What XML 1.0 cannot hold: openpyxl's control characters, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile(ILLEGAL_CHARACTERS_RE.pattern + "|[\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """A string a workbook can store: every character XML cannot hold is dropped."""
    return NOT_XML.sub("", text)


def workshop_xlsx(data: dict) -> bytes:
    """The workbook of a workshop dataset (see dataset.workshop_dataset), as .xlsx bytes."""
    # Write-only mode streams rows out: a 500-person workshop stays fast and small in memory.
    book = Workbook(write_only=True)
    book.properties.title = _xml_text(data["workshop"]["title"])
    book.properties.creator = "Rembuk"
    status = lock_status(data)
    book.properties.description = _xml_text(status)
    for table in build_tables(data):
        _write_sheet(book, table, _xml_text(f"{data['workshop']['title']} · {status}"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(book: Workbook, table: Table, page_header: str) -> None:
    sheet = book.create_sheet(table.name)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    # Printed pages repeat the header row and say whether the results are final.
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.oddHeader.center.text = page_header.replace("&", "&&")
    sheet.oddFooter.center.text = "&P / &N"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=_xml_text(column.header))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        header.append(cell)
    sheet.append(header)
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        sheet.append([_cell(sheet, kind, value) for kind, value in zip(kinds, row)])


def _cell(sheet, kind: str, value):
    if value is None or value == "":
        return None
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=_xml_text(value))
        # Participants' text is text: "=..." must never become a formula.
        cell.data_type = "s"
        return cell
    if kind == "time":
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = TIME_FORMAT
        return cell
    return value
