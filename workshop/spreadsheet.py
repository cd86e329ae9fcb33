"""Reading an uploaded spreadsheet (.xlsx or .csv) into rows, defensively.

The organizer's file is untrusted: its kind is told by its bytes, not its name; an .xlsx is a zip
whose parts are checked before openpyxl opens it (a few kilobytes can unzip to gigabytes); a CSV
is decoded as UTF-8 (with or without BOM), else as Windows-1252 (what Excel saves on Indonesian
Windows), and its delimiter is sniffed among comma, semicolon (Indonesian Excel's list separator)
and tab. Every refusal is a RembukError with a stable code. No Flask, no database.
"""
from __future__ import annotations

import csv
import io
import zipfile

from .errors import RembukError

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # all of an .xlsx's parts, unzipped
MAX_RATIO = 200                      # unzipped / zipped, per part larger than 1 MB unzipped
MAX_PARTS = 2000
MAX_EMPTY_RUN = 10000                # this many empty rows in a row end the sheet (formatted but unused rows)
MAX_COLUMNS = 100                    # cells further right are not read

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc)
OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"<?xml", b"{\\rtf")


def read_rows(content: bytes, filename: str = "", *, max_rows: int) -> list[tuple[int, list]]:
    """The non-empty rows of the file's active sheet as (row number, cell values), the sheet's own
    numbers (1 is the first line). More than `max_rows` non-empty rows is `too_many_rows`."""
    if not content:
        raise RembukError("empty_file", field="file")
    if content.startswith(ZIP_MAGIC):
        return _xlsx_rows(content, max_rows)
    if content.startswith(OLE_MAGIC):
        raise RembukError("old_excel", field="file")
    if content.startswith(OTHER_MAGIC):
        raise RembukError("not_a_spreadsheet", field="file")
    return _csv_rows(content, max_rows)


def _check_zip(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        # A zip, but no Excel workbook (an .ods, a .docx, a zip of anything).
        raise RembukError("not_a_spreadsheet", field="file")
    if len(infos) > MAX_PARTS:
        raise RembukError("spreadsheet_too_big", field="file")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise RembukError("spreadsheet_too_big", field="file")
    if total > MAX_UNCOMPRESSED:
        raise RembukError("spreadsheet_too_big", field="file")


def _xlsx_rows(content: bytes, max_rows: int) -> list[tuple[int, list]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise RembukError("not_a_spreadsheet", field="file") from None
    with archive:
        _check_zip(archive)
    import openpyxl  # heavy: only when an .xlsx arrives
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to XML errors on a broken file
        raise RembukError("not_a_spreadsheet", field="file") from None
    try:
        # The sheet Excel opens on (the one the organizer last looked at), else the first.
        sheet = workbook.active if hasattr(workbook.active, "iter_rows") else None
        sheet = sheet or (workbook.worksheets[0] if workbook.worksheets else None)
        if sheet is None:
            raise RembukError("empty_file", field="file")
        rows = []
        empty_run = 0
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
                values = list(values)
                if not any(_filled(v) for v in values):
                    empty_run += 1
                    if empty_run >= MAX_EMPTY_RUN:
                        break
                    continue
                empty_run = 0
                rows.append((number, values))
                if len(rows) > max_rows:
                    raise RembukError("too_many_rows", field="file", max=max_rows)
        except RembukError:
            raise
        except Exception:
            raise RembukError("not_a_spreadsheet", field="file") from None
        return rows
    finally:
        workbook.close()


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def decode_text(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else Windows-1252; a file with NUL bytes or many other control
    bytes (an image, a PDF, a program) is no text file."""
    head = content[:65536]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    if b"\x00" in head or controls > len(head) // 100:
        raise RembukError("not_a_spreadsheet", field="file")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Windows-1252 leaves five bytes undefined: they become U+FFFD rather than a refusal.
    return content.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first lines most consistently."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in (",", ";", "\t"):
        counts = [len(next(csv.reader([line], delimiter=delimiter))) for line in lines]
        if not counts:
            continue
        # Lines that split at all, then how often the most common width occurs.
        split = sum(1 for c in counts if c > 1)
        common = max(counts.count(c) for c in set(counts)) if split else 0
        score = (split, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(content: bytes, max_rows: int) -> list[tuple[int, list]]:
    text = decode_text(content)
    delimiter = sniff_delimiter(text)
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Excel shows one record per row, even when a quoted cell holds a line break.
        for number, values in enumerate(reader, start=1):
            if len(values) > MAX_COLUMNS:
                values = values[:MAX_COLUMNS]
            if any(v.strip() for v in values):
                rows.append((number, values))
                if len(rows) > max_rows:
                    raise RembukError("too_many_rows", field="file", max=max_rows)
    except csv.Error:
        raise RembukError("not_a_spreadsheet", field="file") from None
    return rows
