"""The workshop dataset as the tables of the organizer's workbook.

Each table is a name, its columns (header in the user's language, width, kind) and rows of
plain values: numbers stay numbers, times are local datetimes, missing values are None. The
workbook writes the six, plus a sheet of quick polls and one of word clouds when the workshop
had them (their options and words are not programs, so the program sheets leave them out); the
workshop CSV writes the first.

Times are shown in the server's local time zone, named in the header (the laptop at the venue
runs on WIB, WITA or WIT); the JSON export keeps UTC.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field

from flask_babel import gettext as _, lazy_gettext as _l

from ..domain import DIMENSION_LABELS
from ..messages import phase_label
from ..models import DIMENSIONS
from ..voting import PROPOSAL_SOURCES, Rules, borda_points, competition_ranks

# The sheet names are fixed, in Indonesian, whatever the user's language: organizers' own
# templates and macros find the sheets by these names.
SHEETS = ("Program Prioritas", "Per Dimensi", "Per Unsur", "Daftar Hadir", "Log Moderasi", "Suara")
# Only in a workbook whose workshop had questions for the speakers (then the seventh sheet).
QUESTIONS_SHEET = "Tanya Jawab"
POLL_SHEET, WORDS_SHEET = "Jajak Pendapat", "Awan Kata"
# Only in a workbook whose workshop had an invitation list: each session's presence and votes per group.
REPRESENTATION_SHEET = "Keterwakilan"
GROUP_TOP = 10
QUESTION_STATUS_LABELS = {"open": _l("Open"), "hidden": _l("Hidden"), "answered": _l("Answered"),
                          "on_board": _l("On the board")}

METHOD_LABELS = {"dots": _l("Dots"), "points": _l("Points"), "score": _l("Criteria scores"), "rank": _l("Ranking"),
                 "poll": _l("Quick poll"), "words": _l("Word cloud")}
ACTION_LABELS = {
    "session_created": _l("Session created"), "session_updated": _l("Session settings changed"),
    "phase": _l("Phase changed"), "edit": _l("Proposal edited"), "hide": _l("Proposal hidden"),
    "unhide": _l("Proposal shown again"), "merge": _l("Duplicates merged"), "carry_over": _l("Winners carried over"),
    "paper_ballot": _l("Paper ballot entered"), "reveal": _l("Results shown or hidden"), "timer": _l("Timer"),
    "remove_participant": _l("Participant removed"),
    "workshop_closed": _l("Workshop closed: results locked"), "workshop_reopened": _l("Workshop reopened"),
    "table_created": _l("Table added"), "table_updated": _l("Table changed"), "mode": _l("Mode switched"),
    "seat": _l("Participant seated at a table"), "facilitator_added": _l("Co-facilitator added"),
    "facilitator_removed": _l("Co-facilitator removed"),
    "question_status": _l("Question status changed"), "questions_board": _l("Questions on the board changed"),
    "check_in": _l("Check-in recorded"), "check_in_undone": _l("Check-in taken back"), "badge_reissued": _l("New badge made"),
}
MODE_LABELS = {"plenary": _l("Plenary"), "tables": _l("Tables")}


@dataclass
class Column:
    """One column: header text, width in characters, and kind (text, int, number, time)."""

    header: str
    width: int = 12
    kind: str = "number"


@dataclass
class Table:
    """A named table of plain values, one list per row."""

    name: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)


def local_time(value: str | None) -> dt.datetime | None:
    """An API time (ISO 8601, UTC, `Z`) as a naive datetime in the server's local zone."""
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value.rstrip("Z")).replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().replace(tzinfo=None, microsecond=0)


def zone_name() -> str:
    """The server's local time zone as people write it (WIB, UTC, ...)."""
    return time.strftime("%Z") or "UTC"


def lock_status(data: dict) -> str:
    """Whether the results are final (with the lock time) or still provisional, in words."""
    closed = local_time(data["workshop"]["closed_at"])
    if closed:
        return _("Final: results locked at %(time)s", time=closed.strftime("%Y-%m-%d %H:%M"))
    generated = local_time(data["generated_at"]).strftime("%Y-%m-%d %H:%M")
    return _("Provisional: the workshop is not closed yet (exported at %(time)s)", time=generated)


def export_panel(workshop) -> dict:
    """What templates/console/_exports.html shows of a workshop's lock: closed, and when (local time)."""
    closed = local_time(workshop.closed_at.isoformat() + "Z") if workshop.closed_at else None
    return {"closed": closed is not None, "closed_at": closed.strftime("%Y-%m-%d %H:%M") if closed else None,
            "zone": zone_name()}


def dimension_label(key: str) -> str:
    """A dimension's name (the same in both languages)."""
    return DIMENSION_LABELS[key][0] if key in DIMENSION_LABELS else key


def table_name(table: dict | None) -> str | None:
    """A table's name in an export cell; None (an empty cell) for no table."""
    return table["name"] if table else None


def method_label(method: str) -> str:
    """A voting method's name in the user's language."""
    return str(METHOD_LABELS.get(method, method))


def criteria_union(data: dict) -> list[tuple[str, str]]:
    """(key, label) of every scoring criterion used by a score session, first label wins."""
    seen: dict[str, str] = {}
    for session in data["sessions"]:
        if session["method"] == "score":
            for criterion in session["settings"]["criteria"]:
                seen.setdefault(criterion["key"], criterion["label"])
    return list(seen.items())


def build_tables(data: dict) -> list[Table]:
    """The six tables, in sheet order, then the polls' and the word clouds' when there were any,
    and Tanya Jawab when the workshop had questions."""
    tables = [program_table(data), dimension_table(data), group_table(data), attendance_table(data),
              log_table(data), ballot_table(data)]
    tables += [table for table in (poll_table(data), words_table(data)) if table.rows]
    if data.get("questions"):
        tables.append(question_table(data))
    if data.get("invitations"):
        tables.append(representation_table(data))
    return tables


def representation_table(data: dict) -> Table:
    """Keterwakilan: for each session and group, the people invited, present and voting."""
    labels = {g["key"]: g["label"] for g in data["groups"]}
    table = Table(REPRESENTATION_SHEET, [
        Column(_("Session no."), 8, "int"), Column(_("Session"), 28, "text"), Column(_("Table"), 16, "text"),
        Column(_("Group"), 16, "text"), Column(_("Invited"), 9, "int"), Column(_("Present"), 9, "int"),
        Column(_("Voted"), 9, "int"), Column(_("Voted, of those present (%)"), 12)])
    names = {t["id"]: t["name"] for t in data.get("tables") or []}
    for session in data["sessions"]:
        where = names.get(session.get("table_id"), _("Plenary"))
        for row in session.get("representation", []):
            share = round(100 * row["voted"] / row["present"]) if row["present"] else None
            table.rows.append([session["number"], session["title"], where, labels.get(row["group"], row["group"]),
                               row["invited"], row["present"], row["voted"], share])
    return table


def question_table(data: dict) -> Table:
    """Tanya Jawab: the questions for the speakers, most upvoted first; anonymous ones unnamed."""
    labels = {g["key"]: g["label"] for g in data["groups"]}
    table = Table(QUESTIONS_SHEET, [
        Column(_("No."), 6, "int"), Column(_("Question"), 70, "text"), Column(_("Asked by"), 26, "text"),
        Column(_("Group"), 16, "text"), Column(_("Votes"), 8, "int"), Column(_("Status"), 14, "text"),
        Column(_("Asked at (%(zone)s)", zone=zone_name()), 18, "time")])
    for number, question in enumerate(data["questions"], start=1):
        table.rows.append([number, question["text"], question["author"] or _("Anonymous"),
                           labels.get(question["group"], question["group"] or ""), question["votes"],
                           str(QUESTION_STATUS_LABELS.get(question["status"], question["status"])),
                           local_time(question["created_at"])])
    return table


def program_sessions(data: dict) -> list[dict]:
    """The sessions whose proposals are programs (not a poll's options or a word cloud's words)."""
    return [s for s in data["sessions"] if PROPOSAL_SOURCES.get(s["method"]) == "participants"]


def _figure_columns(data: dict, figure: str) -> list[Column]:
    return ([Column(_("Session no."), 8, "int"), Column(_("Session"), 28, "text"), Column(_("Rank"), 8, "int"),
             Column(_("Proposal ID"), 10, "int")]
            + [Column(figure, 10, "int"), Column(_("Share of voters (%)"), 10), Column(_("Balanced rank"), 10, "int"),
               Column(_("Balanced score"), 10)]
            + [Column(_("From %(group)s", group=g["label"]), 12) for g in data["groups"]])


def _figure_row(data: dict, session: dict, row: dict, label: str) -> list:
    share = round(100 * row["score"] / session["voters"], 1) if session["voters"] else None
    return ([session["number"], session["title"], row["rank"], row["proposal_id"], label, row["score"], share,
             row["balanced_rank"], row["balanced_score"]]
            + [row["by_group"].get(g["key"]) for g in data["groups"]])


def poll_table(data: dict) -> Table:
    """Jajak Pendapat: each quick poll's options in the poll's order, votes overall and per group."""
    columns = _figure_columns(data, _("Votes"))
    columns.insert(4, Column(_("Option"), 40, "text"))
    table = Table(POLL_SHEET, columns)
    for session in data["sessions"]:
        if session["method"] != "poll":
            continue
        by_id = {row["proposal_id"]: row for row in session["results"]}
        for option in session["settings"]["options"]:
            row = by_id.get(option["proposal_id"])
            if row is not None:
                table.rows.append(_figure_row(data, session, row, option["label"]))
    return table


def words_table(data: dict) -> Table:
    """Awan Kata: each word cloud's words, most sent first, people overall and per group."""
    columns = _figure_columns(data, _("People"))
    columns.insert(4, Column(_("Word"), 30, "text"))
    table = Table(WORDS_SHEET, columns)
    for session in data["sessions"]:
        if session["method"] == "words":
            for row in session["results"]:
                table.rows.append(_figure_row(data, session, row, row["title"]))
    return table


def _program_columns(data: dict, criteria, *, with_dimension: bool = True) -> list[Column]:
    columns = [Column(_("Session no."), 8, "int"), Column(_("Session"), 28, "text"), Column(_("Method"), 14, "text"),
               Column(_("Rank"), 8, "int"), Column(_("Proposal ID"), 10, "int"), Column(_("Title"), 45, "text"),
               Column(_("Description"), 50, "text")]
    if data.get("tables"):
        columns.append(Column(_("Table"), 20, "text"))
    if with_dimension:
        columns.append(Column(_("Dimension"), 20, "text"))
    columns += [Column(_("Proposer's group"), 16, "text"), Column(_("Proposer's organization"), 26, "text"),
                Column(_("Score"), 9), Column(_("Dots"), 8), Column(_("Points"), 8), Column(_("Borda points"), 9),
                Column(_("First choices"), 9)]
    columns += [Column(_("Mean: %(criterion)s", criterion=label), 12) for _key, label in criteria]
    columns += [Column(_("Balanced rank"), 10, "int"), Column(_("Balanced score"), 10),
                Column(_("Voters"), 8, "int")]
    columns += [Column(_("From %(group)s", group=g["label"]), 12) for g in data["groups"]]
    columns += [Column(_("Merged duplicates"), 10, "int"), Column(_("Goal"), 40, "text"),
                Column(_("Target"), 40, "text"), Column(_("Success indicator"), 40, "text"),
                Column(_("Responsible agency"), 26, "text"), Column(_("Horizon (years)"), 9, "int"),
                Column(_("Quick Win"), 10, "text"), Column(_("Matrix quadrant"), 16, "text")]
    return columns


def quadrant_label(key: str | None) -> str | None:
    """A Quick Win matrix quadrant's name (docs/voting.md), or None when the proposal is not placed."""
    return {"quick_win": _("Quick Win"), "major_project": _("Major project"), "fill_in": _("Fill-in"),
            "low_priority": _("Low priority")}.get(key) if key else None


def _quadrants(session: dict) -> dict[int, str | None]:
    """proposal id -> its quadrant in a score session's matrix (empty for the other methods)."""
    return {p["proposal_id"]: p["quadrant"] for p in (session.get("matrix") or {}).get("points", [])}


def _program_row(data: dict, session: dict, row: dict, criteria, *, with_dimension: bool = True,
                 quadrants: dict[int, str | None] | None = None) -> list:
    labels = {g["key"]: g["label"] for g in data["groups"]}
    detail = row["detail"]
    method = session["method"]
    means = detail.get("criteria_means", {})
    values = [session["number"], session["title"], method_label(method), row["rank"], row["proposal_id"],
              row["title"], row["description"]]
    if data.get("tables"):
        values.append(table_name(row.get("table")))
    if with_dimension:
        values.append(dimension_label(row["dimension"]))
    values += [labels.get(row["group"], ""), row["organization"], row["score"],
               detail.get("dots"), detail.get("points"), detail.get("borda"), detail.get("first_choices")]
    values += [means.get(key) for key, _label in criteria]
    values += [row["balanced_rank"], row["balanced_score"], row["voters"]]
    values += [row["by_group"].get(g["key"]) for g in data["groups"]]
    values += [row["merged_count"], row["goal"], row["target"], row["indicator"], row["responsible_agency"],
               row["horizon"], _("Yes") if row["quick_win"] else _("No"),
               quadrant_label((quadrants or {}).get(row["proposal_id"]))]
    return values


def program_table(data: dict) -> Table:
    """Program Prioritas: every session's ranked proposals with method detail and masterplan fields."""
    criteria = criteria_union(data)
    table = Table(SHEETS[0], _program_columns(data, criteria))
    for session in program_sessions(data):
        quadrants = _quadrants(session)
        for row in session["results"]:
            table.rows.append(_program_row(data, session, row, criteria, quadrants=quadrants))
    return table


def dimension_table(data: dict) -> Table:
    """Per Dimensi: the same rows grouped by the six dimensions, each session's best first."""
    criteria = criteria_union(data)
    columns = [Column(_("Dimension"), 20, "text"), Column(_("Rank in dimension"), 10, "int")]
    table = Table(SHEETS[1], columns + _program_columns(data, criteria, with_dimension=False))
    for dimension in DIMENSIONS:
        for session in program_sessions(data):
            rows = [r for r in session["results"] if r["dimension"] == dimension]
            quadrants = _quadrants(session)
            for rank, row in zip(competition_ranks([r["score"] for r in rows]), rows):
                table.rows.append([dimension_label(dimension), rank]
                                  + _program_row(data, session, row, criteria, with_dimension=False,
                                                 quadrants=quadrants))
    return table


def group_top(session: dict, group: str, limit: int = GROUP_TOP) -> list[dict]:
    """A group's own ranking in a session: what the group gave each proposal, best first.

    `figure` is the group's total (dots, points, Borda points) or mean score; `per_voter` is that
    total over the group's voters in the session (for `score`, the mean itself). Proposals the
    group gave nothing are left out; ties share a rank and are kept together at the cut.
    """
    voters = session["group_voters"].get(group, 0)
    scored = [(row, row["by_group"].get(group)) for row in session["results"]]
    scored = [(row, figure) for row, figure in scored if figure]
    scored.sort(key=lambda item: (-item[1], item[0]["rank"], item[0]["proposal_id"]))
    ranks = competition_ranks([figure for _row, figure in scored])
    top = []
    for rank, (row, figure) in zip(ranks, scored):
        if rank > limit:
            break
        per_voter = figure if session["method"] == "score" else round(figure / voters, 3) if voters else None
        top.append({"rank": rank, "row": row, "figure": figure, "per_voter": per_voter, "voters": voters})
    return top


def group_table(data: dict) -> Table:
    """Per Unsur: each stakeholder group's own top 10 in every session."""
    table = Table(SHEETS[2], [
        Column(_("Group"), 16, "text"), Column(_("Session no."), 8, "int"), Column(_("Session"), 28, "text"),
        Column(_("Method"), 14, "text"), Column(_("Rank in group"), 9, "int"), Column(_("Proposal ID"), 10, "int"),
        Column(_("Title"), 45, "text"), Column(_("Dimension"), 20, "text"), Column(_("Given by the group"), 12),
        Column(_("Per voter of the group"), 12), Column(_("Group's voters"), 9, "int"),
        Column(_("Overall rank"), 9, "int"), Column(_("Balanced rank"), 10, "int")])
    for group in data["groups"]:
        for session in program_sessions(data):
            for item in group_top(session, group["key"]):
                row = item["row"]
                table.rows.append([group["label"], session["number"], session["title"], method_label(session["method"]),
                                   item["rank"], row["proposal_id"], row["title"], dimension_label(row["dimension"]),
                                   item["figure"], item["per_voter"], item["voters"], row["rank"], row["balanced_rank"]])
    return table


def attendance_table(data: dict) -> Table:
    """Daftar Hadir: everyone who joined, by group and name, with the sessions they voted in; with
    an invitation list, the list itself (see invited_attendance_table)."""
    if data.get("invitations"):
        return invited_attendance_table(data)
    labels = {g["key"]: g["label"] for g in data["groups"]}
    table = Table(SHEETS[3], [
        Column(_("No."), 6, "int"), Column(_("Name"), 30, "text"), Column(_("Group"), 16, "text"),
        Column(_("Organization"), 30, "text")]
        + ([Column(_("Table"), 20, "text")] if data.get("tables") else [])
        + [Column(_("Joined (%(zone)s)", zone=zone_name()), 18, "time"),
           Column(_("Via"), 10, "text"), Column(_("Sessions voted in"), 10, "int"), Column(_("Sessions"), 14, "text")])
    for number, person in enumerate(data["attendance"], start=1):
        via = _("Paper ballot") if person["kind"] == "paper" else _("Phone")
        seat = [table_name(person.get("table"))] if data.get("tables") else []
        table.rows.append([number, person["name"], labels.get(person["group"], person["group"]), person["organization"]]
                          + seat + [local_time(person["joined_at"]), via, len(person["sessions_voted"]),
                                    ", ".join(str(n) for n in person["sessions_voted"])])
    return table


def invited_attendance_table(data: dict) -> Table:
    """Daftar Hadir of a workshop with an invitation list: everyone invited in the list's order
    (present or not, with the check-in time), then those who joined without an invitation, marked
    so, and an empty signature column to print and sign."""
    labels = {g["key"]: g["label"] for g in data["groups"]}
    with_tables = bool(data.get("tables"))
    table = Table(SHEETS[3], [
        Column(_("No."), 6, "int"), Column(_("Name"), 30, "text"), Column(_("Job title"), 22, "text"),
        Column(_("Organization"), 30, "text"), Column(_("Group"), 16, "text")]
        + ([Column(_("Table"), 16, "text")] if with_tables else [])
        + [Column(_("Invited"), 16, "text"), Column(_("Present"), 8, "text"),
           Column(_("Checked in (%(zone)s)", zone=zone_name()), 18, "time"),
           Column(_("Sessions voted in"), 10, "int"), Column(_("Signature"), 24, "text")])
    yes, no = _("Yes"), _("No")
    number = 0
    for person in data["invitations"]:
        number += 1
        seat = [table_name(person.get("table"))] if with_tables else []
        table.rows.append([number, person["name"], person["job_title"], person["organization"],
                           labels.get(person["group"], person["group"])] + seat
                          + [yes, yes if person["present"] else no, local_time(person["checked_in_at"]),
                             len(person["sessions_voted"]), ""])
    for person in data["attendance"]:
        if person.get("invited"):
            continue
        number += 1
        seat = [table_name(person.get("table"))] if with_tables else []
        via = _("No: paper ballot") if person["kind"] == "paper" else _("No: joined with the code")
        table.rows.append([number, person["name"], "", person["organization"],
                           labels.get(person["group"], person["group"])] + seat
                          + [via, yes, local_time(person["joined_at"]), len(person["sessions_voted"]), ""])
    return table


def log_table(data: dict) -> Table:
    """Log Moderasi: every facilitator action, oldest first."""
    number_of = {s["id"]: s["number"] for s in data["sessions"]}
    names = {t["id"]: t["name"] for t in data.get("tables", [])}
    table = Table(SHEETS[4], [
        Column(_("No."), 6, "int"), Column(_("Time (%(zone)s)", zone=zone_name()), 18, "time"),
        Column(_("Facilitator"), 26, "text"), Column(_("Action"), 26, "text"), Column(_("Session no."), 8, "int"),
        Column(_("Proposal ID"), 10, "int"), Column(_("Details"), 70, "text")])
    for number, entry in enumerate(data["moderation_log"], start=1):
        table.rows.append([number, local_time(entry["at"]), entry["by"] or _("(automatic)"),
                           str(ACTION_LABELS.get(entry["action"], entry["action"])),
                           number_of.get(entry["session_id"]), entry["proposal_id"], describe(entry, names)])
    return table


def describe(entry: dict, tables: dict[int, str] | None = None) -> str:
    """A log entry's details in words where a reader needs them, as compact JSON otherwise."""
    detail = entry["detail"]
    action = entry["action"]
    names = tables or {}
    if action == "mode":
        return " → ".join(str(MODE_LABELS.get(detail.get(k), detail.get(k, ""))) for k in ("before", "after"))
    if action == "seat":
        return _("%(name)s: %(before)s → %(after)s", name=detail.get("name", ""),
                 before=names.get(detail.get("before"), "–"), after=names.get(detail.get("after"), "–"))
    if action == "phase":
        return f"{phase_label(detail.get('before', ''))} → {phase_label(detail.get('after', ''))}"
    if action == "merge":
        return _("“%(source)s” merged into “%(into)s” (%(moved)s ballots moved)",
                 source=detail.get("source", {}).get("title", ""), into=detail.get("into", {}).get("title", ""),
                 moved=detail.get("ballots_moved", 0))
    if action == "hide":
        reason = detail.get("changes", {}).get("hidden_reason", {}).get("after", "")
        return _("Reason: %(reason)s", reason=reason) if reason else ""
    if action in ("check_in", "check_in_undone", "badge_reissued"):
        return (detail.get("invitation") or {}).get("name", "")
    if action == "workshop_reopened" and detail.get("closed_at"):
        return _("Locked since %(time)s", time=local_time(detail["closed_at"]).strftime("%Y-%m-%d %H:%M"))
    if not detail:
        return ""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True)


def ballot_table(data: dict) -> Table:
    """Suara: the raw ballots, one row per voter per proposal; voters by number, never by name."""
    criteria = criteria_union(data)
    labels = {g["key"]: g["label"] for g in data["groups"]}
    sessions = {s["id"]: s for s in data["sessions"]}
    titles = {(s["id"], r["proposal_id"]): r["title"] for s in data["sessions"] for r in s["results"]}
    with_words = any(s["method"] == "words" for s in data["sessions"])  # the column only when needed
    table = Table(SHEETS[5], [
        Column(_("Session no."), 8, "int"), Column(_("Session"), 28, "text"), Column(_("Method"), 14, "text"),
        Column(_("Voter no."), 9, "int"), Column(_("Voter's group"), 16, "text"), Column(_("Proposal ID"), 10, "int"),
        Column(_("Title"), 45, "text"), Column(_("Dots"), 8), Column(_("Points"), 8),
        Column(_("Place in ranking"), 9, "int"), Column(_("Borda points"), 9)]
        + [Column(_("Score: %(criterion)s", criterion=label), 12) for _key, label in criteria]
        + ([Column(_("Word as written"), 30, "text")] if with_words else []))
    for ballot in data["ballots"]:
        session = sessions[ballot["session_id"]]
        method, value = session["method"], ballot["value"]
        place = value if method == "rank" else None
        borda = (borda_points(place, Rules(rank_size=session["settings"]["rank_size"]))
                 if place is not None else None)
        table.rows.append([session["number"], session["title"], method_label(method), ballot["voter"],
                           labels.get(ballot["group"], ballot["group"]), ballot["proposal_id"],
                           titles.get((session["id"], ballot["proposal_id"]), ""),
                           value if method == "dots" else None, value if method == "points" else None, place, borda]
                          + [ballot["scores"].get(key) for key, _label in criteria]
                          + ([ballot.get("word")] if with_words else []))
    return table
