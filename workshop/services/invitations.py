"""The invitation list (daftar undangan): who was invited, their badges' tickets, who came.

A badge's QR carries a strict-mode ticket. The ticket is not stored: it is derived from the app's
secret key, the invitation and its `ticket_issue`, so badges can be printed again at any time,
while the database keeps only its hash (a `JoinTicket`, as for tickets printed by hand). A reissue
bumps `ticket_issue` and replaces the JoinTicket, which voids the old QR.

The organizer's own list comes in as an Excel or CSV file (`import_list`): the sheet is read
into rows by `workshop.spreadsheet`, its columns are recognised by their headers (Indonesian or
English, any order or case) or named by a mapping, every row is checked, and the whole list is
written in one transaction, or nothing when any row has a problem. Row problems are plain data
(`{row, field, code, params}`); their words are chosen at the edge, in the user's language
(`workshop.messages.import_error_body`).
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import operator
import re

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from .. import lag, offload, spreadsheet
from ..changes import changed
from ..domain import DIMENSION_LABELS
from ..errors import RembukError
from ..extensions import db
from ..models import Facilitator, Invitation, JoinTicket, Table, utcnow
from ..validation import _CONTROL, _UNSTORABLE
from .access import RUN, VIEW, owned_workshop, workshop_access
from .log import record
from .tickets import TICKET_LENGTH, _ticket_hash
from .workshops import JOIN_CODE_ALPHABET, ensure_open

# The list's columns: what each is called in the API, whether a file must have it, and its longest text.
FIELDS = ("name", "group", "organization", "job_title", "table", "phone")
# Organization is required: the minutes must say who spoke for whom.
REQUIRED = ("name", "group", "organization")
MAX_LENGTH = {"name": 120, "group": 80, "organization": 160, "job_title": 160, "table": 80, "phone": 40}
MAX_ROWS = 2000
# What can be wrong with a row (or, missing_column, with the header); messages.IMPORT_MESSAGES words them.
PROBLEM_CODES = ("missing_column", "required", "too_long", "bad_character", "unknown_group", "unknown_table",
                 "no_tables", "duplicate_row")
PREVIEW_ROWS = 50
MAX_ERRORS = 1000  # listed; `error_count` has them all

# Header texts recognised for each field, once normalised (`_normal`: lower case, letters and
# digits, single spaces). Exact matches only: "Kelompok" is the unsur, "Kelompok Diskusi" the table.
HEADER_ALIASES = {
    "name": ("nama", "nama lengkap", "nama peserta", "nama undangan", "nama lengkap dan gelar", "peserta", "name",
             "full name", "participant", "nama dan gelar"),
    "group": ("unsur", "kelompok", "unsur peserta", "kelompok unsur", "asal unsur", "kategori unsur", "group",
              "stakeholder group", "stakeholder"),
    "organization": ("instansi", "organisasi", "lembaga", "instansi lembaga", "asal instansi", "nama instansi",
                     "instansi organisasi", "organisasi lembaga", "unit kerja", "asal lembaga", "opd instansi",
                     "organization", "organisation", "agency", "institution"),
    "job_title": ("jabatan", "nama jabatan", "pangkat jabatan", "jabatan pangkat", "job title", "position", "title",
                  "role"),
    "table": ("meja", "kelompok diskusi", "meja diskusi", "no meja", "nomor meja", "table", "discussion group"),
    "phone": ("no hp", "nomor hp", "no handphone", "nomor handphone", "hp", "handphone", "no telp", "no telepon",
              "nomor telepon", "telepon", "telp", "no tlp", "whatsapp", "wa", "no wa", "nomor wa", "no hp wa",
              "nomor hp wa", "no whatsapp", "nomor whatsapp", "kontak", "phone", "phone number", "mobile"),
}
_HEADER_FIELD = {alias: field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
HEADER_SCAN_ROWS = 10  # a title row or two may stand above the header

# Common spellings of the default unsur, by group key: used only when the workshop has that group
# and no group is named so by key or label (so "Perangkat Daerah" is OPD). "Dinas" is not here:
# an agency's name is its organization, not its unsur.
GROUP_ALIASES = {
    "opd": ("perangkat daerah", "organisasi perangkat daerah", "skpd"),
    "desa": ("kecamatan", "desa", "kelurahan", "kecamatan desa", "pemerintah desa", "pemdes", "camat",
             "kepala desa"),
    "relawan_tik": ("rtik", "relawan", "relawan teknologi informasi dan komunikasi"),
    "umkm": ("ukm", "pelaku usaha", "usaha mikro kecil dan menengah"),
    "akademisi": ("perguruan tinggi", "universitas", "kampus", "akademik", "academia", "academic"),
    "lainnya": ("lain lain", "lain", "others", "other"),
}


def badge_ticket(invitation: Invitation) -> str:
    """The ticket code (8 letters, unformatted) the invitation's current badge carries."""
    return _badge_code(invitation.workshop_id, invitation.id, invitation.ticket_issue)


def _badge_code(workshop_id: int, invitation_id: int, issue: int) -> str:
    key = current_app.config["SECRET_KEY"]
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.digest(key, f"badge:{workshop_id}:{invitation_id}:{issue}".encode(), "sha256")
    base = len(JOIN_CODE_ALPHABET)
    number = int.from_bytes(digest, "big")
    letters = []
    for _ in range(TICKET_LENGTH):
        number, digit = divmod(number, base)
        letters.append(JOIN_CODE_ALPHABET[digit])
    return "".join(letters)


def issue_ticket(invitation: Invitation) -> None:
    """Give the invitation (already flushed, so it has an id) a JoinTicket for its current badge,
    replacing any earlier one; in the caller's transaction."""
    if invitation.ticket_id is not None:
        old = db.session.get(JoinTicket, invitation.ticket_id)
        invitation.ticket_id = None
        if old is not None:
            db.session.delete(old)
        db.session.flush()
    ticket = _badge_join_ticket(invitation)
    db.session.add(ticket)
    db.session.flush()
    invitation.ticket_id = ticket.id


def _badge_join_ticket(invitation: Invitation) -> JoinTicket:
    """The JoinTicket (its hash only) of the invitation's current badge."""
    return JoinTicket(workshop_id=invitation.workshop_id, label=invitation.name,
                      code_hash=_ticket_hash(invitation.workshop_id, badge_ticket(invitation)))


def invitation_for_ticket(ticket: JoinTicket) -> Invitation | None:
    """The invitation whose badge carries this ticket, if it is a badge's."""
    return db.session.scalar(select(Invitation).where(Invitation.ticket_id == ticket.id))


def check_in_badge(invitation: Invitation, participant_id: int) -> None:
    """The badge's phone joined: it is this person's, and they are present (since their first
    check-in, when a facilitator ticked them earlier); in the caller's transaction."""
    invitation.participant_id = participant_id
    if invitation.checked_in_at is None:
        invitation.checked_in_at = utcnow()
    invitation.updated_at = utcnow()


def invitation_for_walk_in(workshop_id: int, group_id: int, name: str, organization: str) -> Invitation | None:
    """The one invitation, not yet linked to a phone, whose person a phone typed: the same name,
    organization (as `match_key` compares them: case and spacing aside) and unsur. None when no
    invitation or more than one matches: a guess would count someone else present."""
    if not name or not organization:
        return None
    found = db.session.scalars(select(Invitation).where(
        Invitation.workshop_id == workshop_id, Invitation.match_key == match_key(name, organization),
        Invitation.group_id == group_id, Invitation.participant_id.is_(None)).limit(2)).all()
    return found[0] if len(found) == 1 else None


# -- reading the list ----------------------------------------------------------------------

def match_key(name: str, organization: str) -> str:
    """What makes two rows the same person: name and organization, case and spacing aside."""
    return " ".join(name.casefold().split()) + "|" + " ".join(organization.casefold().split())


def _normal(text: str) -> str:
    """A header, an unsur or a table as compared: lower case, letters and digits, single spaces
    ("No. HP*" is "no hp", "Kecamatan/Desa" is "kecamatan desa")."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).replace("_", " ").split())


def _recognise(cells: list[str]) -> dict[str, int]:
    """The fields a row's cells name as headers: {field: column index}, leftmost first."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = _normal(cell)
        field = _HEADER_FIELD.get(key)
        if field is None:  # "Nama (sesuai KTP)": the words before the brackets
            key = _normal(re.sub(r"\(.*?\)|\[.*?\]", " ", cell))
            field = _HEADER_FIELD.get(key)
        if field is not None and field not in found:
            found[field] = index
    return found


def parse_mapping(raw) -> dict[str, str | None]:
    """The `mapping` form field: a JSON object {field: header text or null}; null or "" leaves an
    optional field out even when a header would name it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}
    try:
        mapping = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        raise RembukError("invalid_input", field="mapping", reason="not_mapping") from None
    if not isinstance(mapping, dict) or any(key not in FIELDS for key in mapping) or any(
            value is not None and (not isinstance(value, str) or len(value) > 200) for value in mapping.values()):
        raise RembukError("invalid_input", field="mapping", reason="not_mapping")
    return {key: (value.strip() or None) if isinstance(value, str) else None for key, value in mapping.items()}


def _locate_columns(rows: list[tuple[int, list[str]]], mapping: dict[str, str | None]):
    """Find the header row among the first rows and each field's column.

    Returns (header row number, the header's cells, {field: column index}, [missing required fields]).
    """
    candidates = rows[:HEADER_SCAN_ROWS]
    wanted = {field: _normal(header) for field, header in mapping.items() if header}

    def score(cells):
        keys = [_normal(c) for c in cells]
        named = sum(1 for key in wanted.values() if key in keys)
        return (named, len(_recognise(cells)))

    best = max(candidates, key=lambda row: score(row[1]))  # max keeps the first of equals
    if score(best[1]) == (0, 0):
        best = candidates[0]
    number, cells = best
    columns = _recognise(cells)
    keys = [_normal(c) for c in cells]
    for field, header in mapping.items():
        if header is None:
            columns.pop(field, None)
        elif wanted[field] in keys:
            columns[field] = keys.index(wanted[field])
        else:
            columns.pop(field, None)
    missing = [f for f in FIELDS if f not in columns and (f in REQUIRED or mapping.get(f))]
    return number, cells, columns, missing


def _cell_text(value, field: str) -> str:
    """A cell as text: Excel's numbers and dates become what a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        # Excel drops a mobile number's leading 0 (0812... typed as a number is 812...).
        if field == "phone" and text.startswith("8") and 8 <= len(text) <= 13:
            text = "0" + text
        return text
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class _Lookup:
    """The workshop's groups and tables, as a file may name them."""

    def __init__(self, workshop):
        self.groups = list(workshop.groups)
        self.group_by = {}
        for group in self.groups:
            for name in (group.key, group.label):
                self.group_by.setdefault(_normal(name), group)
        present = {g.key: g for g in self.groups}
        for key, aliases in GROUP_ALIASES.items():
            if key in present:
                for alias in aliases:
                    self.group_by.setdefault(_normal(alias), present[key])
        self.tables = list(db.session.scalars(select(Table).where(Table.workshop_id == workshop.id)
                                              .order_by(Table.position, Table.id)))
        self.table_by = {}
        for table in self.tables:
            self.table_by.setdefault(_normal(table.name), table)
        for dimension in {t.dimension for t in self.tables if t.dimension}:
            holders = [t for t in self.tables if t.dimension == dimension]
            if len(holders) == 1:  # a dimension names a table only when one table has it
                for name in (dimension, DIMENSION_LABELS[dimension][0], "smart " + dimension):
                    self.table_by.setdefault(_normal(name), holders[0])

    def group(self, text: str):
        return self.group_by.get(_normal(text))

    def table(self, text: str):
        key = _normal(text)
        return self.table_by.get(key) or self.table_by.get("meja " + key)

    def group_choices(self) -> str:
        return ", ".join(g.label for g in self.groups)

    def table_choices(self) -> str:
        return ", ".join(t.name for t in self.tables)


def _checked_text(raw: str, field: str, row: int, errors: list) -> str:
    if _UNSTORABLE.search(raw) or _CONTROL.search(raw):
        errors.append({"row": row, "field": field, "code": "bad_character", "params": {}})
        return ""
    text = " ".join(raw.split())
    if len(text) > MAX_LENGTH[field]:
        errors.append({"row": row, "field": field, "code": "too_long", "params": {"max": MAX_LENGTH[field]}})
        return ""
    return text


def parse_list(content: bytes, filename: str, mapping: dict[str, str | None]) -> dict:
    """Read the file and check what needs no database: the header, the columns, every cell's text.

    Plain data in and out, no Flask, no database: it runs in an export worker (`offload.compute`),
    off the live loop. Returns {header_row, columns, mapping, rows, errors}: `errors` holds the
    missing columns (then `rows` is empty); each row is {row, field texts..., problems: [its own]}.
    """
    raw_rows = spreadsheet.read_rows(content, filename, max_rows=MAX_ROWS + HEADER_SCAN_ROWS)
    if not raw_rows:
        raise RembukError("empty_file", field="file")
    texts = [(number, [_cell_text(v, "") for v in values]) for number, values in raw_rows]
    header_row, header_cells, columns, missing = _locate_columns(texts, mapping)
    headers = [c.strip() for c in header_cells]
    parsed = {"header_row": header_row, "columns": [h for h in headers if h],
              "mapping": {f: (headers[columns[f]] if f in columns else None) for f in FIELDS},
              "fields": [f for f in FIELDS if f in columns], "rows": [], "errors": []}
    if missing:
        parsed["errors"] = [{"row": header_row, "field": f, "code": "missing_column",
                             "params": {"header": mapping.get(f) or ""}} for f in missing]
        return parsed
    data_rows = [(n, values) for n, values in raw_rows if n > header_row]
    if len(data_rows) > MAX_ROWS:
        raise RembukError("too_many_rows", field="file", max=MAX_ROWS)
    for number, values in data_rows:
        cells = {f: _cell_text(values[i] if i < len(values) else None, f) for f, i in columns.items()}
        if not any(cell.strip() for cell in cells.values()):
            continue  # an empty row, or one with only cells of columns we do not read
        problems: list = []
        entry = {"row": number}
        for field in FIELDS:
            if field not in columns:
                continue
            text = _checked_text(cells[field], field, number, problems)
            if not text and field in REQUIRED and not any(e["field"] == field for e in problems):
                problems.append({"row": number, "field": field, "code": "required", "params": {}})
            entry[field] = text
        entry["problems"] = problems
        parsed["rows"].append(entry)
    return parsed


def check_list(workshop, parsed: dict) -> dict:
    """The parsed file (`parse_list`) checked against the workshop: its unsur and tables, and
    rows that name the same person twice. Nothing is written.

    Returns {header_row, columns, mapping, rows: [checked rows], errors}.
    """
    report = {key: parsed[key] for key in ("header_row", "columns", "mapping")}
    report["rows"], report["errors"] = [], list(parsed["errors"])
    if report["errors"]:
        return report
    has_table = "table" in parsed["fields"]
    lookup = _Lookup(workshop)
    errors, rows, seen = report["errors"], report["rows"], {}
    for entry in parsed["rows"]:
        row_errors = entry.pop("problems")
        number = entry["row"]
        group_text = entry.get("group", "")
        if group_text:
            group = lookup.group(group_text)
            if group is None:
                row_errors.append({"row": number, "field": "group", "code": "unknown_group",
                                   "params": {"value": group_text, "choices": lookup.group_choices()}})
            entry["group_key"] = group.key if group else None
            entry["group_id"] = group.id if group else None
        if has_table:
            table = None
            if entry.get("table"):
                table = lookup.table(entry["table"])
                if table is None:
                    row_errors.append({"row": number, "field": "table",
                                       "code": "unknown_table" if lookup.tables else "no_tables",
                                       "params": {"value": entry["table"], "choices": lookup.table_choices()}})
            entry["table_id"] = table.id if table else None
        if entry.get("name") and "organization" in entry and not row_errors:
            key = match_key(entry["name"], entry["organization"])
            if key in seen:
                row_errors.append({"row": number, "field": "name", "code": "duplicate_row",
                                   "params": {"first": seen[key]}})
            else:
                seen[key] = number
            entry["match_key"] = key
        errors.extend(row_errors)
        rows.append(entry)
    return report


def read_list(workshop, content: bytes, filename: str, mapping: dict[str, str | None]) -> dict:
    """Read and check the file's rows against the workshop; nothing is written. The file is read
    by an export worker when the app has them (a 2,000-row workbook is a fifth of a second of CPU)."""
    return check_list(workshop, offload.compute("invitations", content, filename, mapping))


def _invitation_values(entry: dict, columns: dict) -> dict:
    """The invitation's columns from a checked row; columns the file lacks are left as they are."""
    values = {"name": entry["name"], "group_id": entry["group_id"], "organization": entry["organization"]}
    if columns.get("job_title"):
        values["job_title"] = entry.get("job_title", "")
    if columns.get("phone"):
        values["phone"] = entry.get("phone", "")
    if columns.get("table"):
        values["table_id"] = entry.get("table_id")
    return values


def import_list(facilitator: Facilitator, workshop_id: int, content: bytes, filename: str, mapping,
                *, dry_run: bool = False) -> tuple[dict, bool]:
    """Import the organizer's list, all or nothing; returns (report, stored).

    The report: {created, updated, unchanged, rows, errors, error_count, columns, header_row,
    mapping, preview}. Rows whose match key (name + organization) is already invited update that
    invitation; invitations the file no longer lists are kept, after the file's rows. A dry run,
    or a file with any problem, writes nothing (`stored` is False).
    """
    workshop = owned_workshop(facilitator, workshop_id, RUN)
    if workshop.closed_at is not None:
        raise RembukError("workshop_closed", status=409)
    mapping = parse_mapping(mapping)
    # Read before anything is written: on SQLite the first write holds the database's write lock
    # (every ballot waits) until the commit, and reading a workbook takes a moment.
    report = read_list(workshop, content, filename, mapping)
    if not dry_run and not report["errors"]:
        # The write of a 2,000-person list holds the loop ~50 ms; the check just ran before it.
        lag.take_turn(0)
        ensure_open(workshop.id)
    existing = {inv.match_key: inv for inv in db.session.scalars(
        select(Invitation).where(Invitation.workshop_id == workshop.id).order_by(Invitation.position, Invitation.id))}
    columns = report["mapping"]
    created = updated = unchanged = 0
    preview = []
    for entry in report["rows"]:
        invitation = existing.get(entry.get("match_key"))
        action = "create"
        if invitation is not None and "group_id" in entry:
            values = _invitation_values(entry, columns)
            action = "update" if any(getattr(invitation, k) != v for k, v in values.items()) else "unchanged"
        created += action == "create"
        updated += action == "update"
        unchanged += action == "unchanged"
        entry["action"] = action
        if len(preview) < PREVIEW_ROWS:
            preview.append({"row": entry["row"], "name": entry.get("name", ""), "group": entry.get("group_key"),
                            "organization": entry.get("organization", ""), "job_title": entry.get("job_title", ""),
                            "phone": entry.get("phone", ""), "table_id": entry.get("table_id"), "action": action})
    errors = report["errors"]
    answer = {"created": created, "updated": updated, "unchanged": unchanged, "rows": len(report["rows"]),
              "errors": errors[:MAX_ERRORS], "error_count": len(errors), "columns": report["columns"],
              "header_row": report["header_row"], "mapping": columns, "preview": preview, "dry_run": dry_run}
    if errors or dry_run:
        db.session.rollback()
        if errors:
            answer.update(created=0, updated=0, unchanged=0)
        return answer, False
    try:
        # The bulk statements meet a unique key at once (the ORM's met it at its flush, or at the commit).
        _store(workshop.id, report["rows"], existing, columns)
        record(workshop.id, facilitator, "invitations_imported", created=created, updated=updated,
               rows=len(report["rows"]))
        changed(workshop.id)
        db.session.commit()
    except IntegrityError:  # another import of the same list committed first
        db.session.rollback()
        raise RembukError("import_conflict", status=409) from None
    return answer, True


def _store(workshop_id: int, rows: list[dict], existing: dict[str, Invitation], columns: dict) -> None:
    """Write the checked list: new rows inserted, changed ones updated, moved ones renumbered, in
    a handful of executemany statements (the caller's transaction) instead of one ORM object
    each. The loaded `existing` objects are not changed: the commit expires them."""
    now = utcnow()
    listed = set()
    fresh, updates, moves, labels = [], [], [], []
    for position, entry in enumerate(rows):
        values = _invitation_values(entry, columns)
        invitation = existing.get(entry["match_key"])
        listed.add(entry["match_key"])
        if invitation is None:
            fresh.append({"workshop_id": workshop_id, "match_key": entry["match_key"], "position": position,
                          "created_at": now, "updated_at": now, "ticket_issue": 1, **values})
        elif entry["action"] == "update":
            updates.append({"invitation_id": invitation.id, "position": position, "updated_at": now, **values})
            if invitation.ticket_id is not None and values["name"] != invitation.name:
                # The ticket list names the badge's holder.
                labels.append({"ticket_id": invitation.ticket_id, "label": values["name"]})
        elif invitation.position != position:
            moves.append({"invitation_id": invitation.id, "position": position})
    # Those the file no longer lists stay invited, after it, in their earlier order.
    position = len(rows)
    for key, invitation in existing.items():
        if key not in listed:
            if invitation.position != position:
                moves.append({"invitation_id": invitation.id, "position": position})
            position += 1
    db.session.flush()
    invitations, join_tickets = Invitation.__table__, JoinTicket.__table__
    for changes in (updates, moves):
        if changes:
            names = [key for key in changes[0] if key != "invitation_id"]
            _driver_many(db.session.connection(),
                         invitations.update().where(invitations.c.id == bindparam("invitation_id"))
                         .values({name: bindparam("new_" + name) for name in names}),
                         [{"invitation_id": c["invitation_id"], **{"new_" + n: c[n] for n in names}}
                          for c in changes])
    if labels:
        _driver_many(db.session.connection(),
                     join_tickets.update().where(join_tickets.c.id == bindparam("ticket_id"))
                     .values(label=bindparam("new_label")),
                     [{"ticket_id": x["ticket_id"], "new_label": x["label"]} for x in labels])
    if fresh:
        _insert_new(workshop_id, fresh, now)


def _insert_new(workshop_id: int, fresh: list[dict], now) -> None:
    """New invitations and their badges' JoinTickets, in three executemany statements however long
    the list (two INSERTs and one UPDATE linking them), plus two SELECTs for the new ids.

    The ORM's unit of work (an object, its events and its bookkeeping per row and per ticket) took
    ~0.35 s for 2,000 rows. SQLAlchemy's Core executemany still spent twice the database's time
    on its own per-row work (RETURNING, parameter and datetime processing): the rows go to the
    driver as they are (`_driver_many`). The ids are read back by a unique column (the match key,
    the ticket's hash), so no order is assumed.
    """
    invitations, join_tickets = Invitation.__table__, JoinTicket.__table__
    connection = db.session.connection()
    _driver_many(connection, invitations.insert(), fresh)
    keys = {values["match_key"] for values in fresh}
    by_key = {key: invitation_id for key, invitation_id in connection.execute(
        select(invitations.c.match_key, invitations.c.id).where(invitations.c.workshop_id == workshop_id))
        if key in keys}
    tickets = {}
    for values in fresh:
        invitation_id = by_key[values["match_key"]]
        code_hash = _ticket_hash(workshop_id, _badge_code(workshop_id, invitation_id, values["ticket_issue"]))
        tickets[code_hash] = (invitation_id, values["name"])
    _driver_many(connection, join_tickets.insert(),
                 [{"workshop_id": workshop_id, "label": name, "created_at": now, "code_hash": code_hash}
                  for code_hash, (_id, name) in tickets.items()])
    ticket_ids = {code_hash: ticket_id for code_hash, ticket_id in connection.execute(
        select(join_tickets.c.code_hash, join_tickets.c.id).where(join_tickets.c.workshop_id == workshop_id))
        if code_hash in tickets}
    _driver_many(connection, invitations.update().where(invitations.c.id == bindparam("invitation_id"))
                 .values(ticket_id=bindparam("ticket_id")),
                 [{"invitation_id": invitation_id, "ticket_id": ticket_ids[code_hash]}
                  for code_hash, (invitation_id, _name) in tickets.items()])


def _driver_many(connection, statement, rows: list[dict]) -> None:
    """Run `statement` once per row with the driver's own executemany: compiled once for the
    connection's database, each value converted by its column type once per distinct value (a
    timestamp shared by every row is formatted once), no per-row work of SQLAlchemy's."""
    if not rows:
        return
    if statement.is_insert:  # what Core would fill in for a column the rows leave out
        given = set(rows[0])
        left = [c for c in statement.table.columns if c.key not in given and c.default is not None]
        if any(not c.default.is_scalar for c in left):
            raise ValueError(f"{statement.table.name}: give {[c.key for c in left if not c.default.is_scalar]}")
        rows = [{**row, **{c.key: c.default.arg for c in left}} for row in rows] if left else rows
    names = list(rows[0])
    compiled = statement.compile(dialect=connection.dialect, column_keys=names)
    order = compiled.positiontup if compiled.positional else list(compiled.binds)
    dialect = connection.dialect
    processors = {name: compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order}
    converted: dict = {}

    def convert(name, raw):
        if raw is None:
            return None
        key = (name, raw)
        try:
            if key not in converted:
                converted[key] = processors[name](raw)
            return converted[key]
        except TypeError:  # a value that cannot be a key (a JSON document): converted each time
            return processors[name](raw)
    if compiled.positional:
        take = operator.itemgetter(*order)
        params = [take(row) for row in rows] if len(order) > 1 else [(row[order[0]],) for row in rows]
        converting = [(i, name) for i, name in enumerate(order) if processors[name] is not None]
        if converting:
            changed_params = []
            for values in params:
                values = list(values)
                for i, name in converting:
                    values[i] = convert(name, values[i])
                changed_params.append(tuple(values))  # the driver call takes tuples or dicts
            params = changed_params
    else:
        params = [{name: row[name] if processors[name] is None else convert(name, row[name]) for name in order}
                  for row in rows]
    connection.exec_driver_sql(compiled.string, params)


def invitation_dict(invitation: Invitation) -> dict:
    """An invitation as the API shows it."""
    return {"id": invitation.id, "name": invitation.name, "group": invitation.group.key,
            "organization": invitation.organization, "job_title": invitation.job_title, "phone": invitation.phone,
            "table_id": invitation.table_id, "position": invitation.position,
            "present": invitation.checked_in_at is not None,
            "checked_in_at": invitation.checked_in_at.isoformat() + "Z" if invitation.checked_in_at else None,
            "participant_id": invitation.participant_id}


def invitation_list(facilitator: Facilitator, workshop_id: int) -> list[dict]:
    """The workshop's invitations in the list's order. Any facilitator of the workshop may read it;
    a table co-facilitator sees the people invited to their table only, without phone numbers."""
    access = workshop_access(facilitator, workshop_id).require(VIEW)
    query = select(Invitation).where(Invitation.workshop_id == access.workshop.id)
    if not access.allows(RUN):
        query = query.where(Invitation.table_id == access.table_id)
    listed = [invitation_dict(inv) for inv in db.session.scalars(query.order_by(Invitation.position, Invitation.id))]
    if not access.allows(RUN):
        for entry in listed:
            entry["phone"] = ""
    return listed
