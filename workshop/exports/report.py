"""The printable workshop report (berita acara): its page context, and its PDF.

The page is plain HTML with print CSS (A4): the browser prints it as it is, and WeasyPrint
renders the same template on the server for `report.pdf`.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app
from flask_babel import format_date, format_decimal, gettext as _

from ..errors import RembukError
from ..models import DIMENSIONS
from ..voting import PROPOSAL_SOURCES
from .charts import NEUTRAL, bar_chart, dimension_colours, paired_chart
from .matrix_chart import matrix_chart
from .tables import (dimension_label, local_time, lock_status, method_label, quadrant_label, question_table,
                     zone_name)

TOP = 10
TOP_WORDS = 40
TABLE_TOP = 5  # each table's top programs in the report, per table session
TABLE_TOP_WORDS = 10  # a table's word cloud in the report's tables part: its most sent words


def number(value) -> str:
    """A figure in the user's locale (3,75 in Indonesian), or a dash when there is none."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.##")


def report_context(data: dict) -> dict:
    """Everything templates/report.html shows, computed from a workshop dataset."""
    colours = dimension_colours(current_app.static_folder)
    workshop = data["workshop"]
    date = dt.date.fromisoformat(workshop["date"]) if workshop["date"] else None
    closed = local_time(workshop["closed_at"])
    tables = data.get("tables") or []
    # With tables, the report shows each table's top programs first, then the plenary's
    # sessions in full; a workshop without tables shows every session in full, as before.
    plenary = [s for s in data["sessions"] if not s.get("table_id")] if tables else data["sessions"]
    return {
        "workshop": workshop,
        "date": format_date(date, format="long") if date else "",
        "closed": closed is not None,
        "status": lock_status(data),
        "generated": local_time(data["generated_at"]).strftime("%Y-%m-%d %H:%M"),
        "zone": zone_name(),
        "attendance": _attendance(data),
        "invitations": _invitations(data),
        "sessions": [{**_session(data, session, colours), "representation": _representation(data, session)}
                     for session in plenary],
        "tables": _tables(data, colours),
        "quick_wins": _quick_wins(data),
        "questions": question_table(data).rows if data.get("questions") else [],
    }


def _tables(data: dict, colours: dict[str, str]) -> list[dict]:
    """Each table: its dimension, the people seated and its sessions' top programs, each marked
    when it was carried into a plenary session."""
    if not data.get("tables"):
        return []
    carried = {row["origin_proposal_id"] for session in data["sessions"] if not session.get("table_id")
               for row in session["results"] if row.get("origin_proposal_id")}
    out = []
    for table in data["tables"]:
        colour = colours.get(table["dimension"] or "") or NEUTRAL
        sessions = []
        for session in (s for s in data["sessions"] if s.get("table_id") == table["id"]):
            if PROPOSAL_SOURCES[session["method"]] != "participants":
                # A table's quick poll or word cloud: its answers or words, not programs.
                figures = (_poll(data, session) if session["method"] == "poll"
                           else _words(data, session, limit=TABLE_TOP_WORDS))
                sessions.append({**figures, "top": [], "representation": _representation(data, session)})
                continue
            top = [{**row, "dimension_label": dimension_label(row["dimension"]), "score_text": number(row["score"]),
                    "carried": row["proposal_id"] in carried} for row in session["results"][:TABLE_TOP]]
            sessions.append({
                "representation": _representation(data, session),
                "number": session["number"], "title": session["title"], "method": method_label(session["method"]),
                "kind": "participants", "voters": session["voters"], "proposals": len(session["results"]), "top": top,
                "chart": bar_chart([{"label": f"{row['rank']}. {row['title']}", "value": row["score"],
                                     "text": number(row["score"]),
                                     "colour": colours.get(row["dimension"]) or colour} for row in top]),
                # A table's score session shows its whole Quick Win matrix, like a plenary one.
                "matrix": (_matrix(session, {row["proposal_id"]: row["title"] for row in session["results"]})
                           if session.get("matrix") else None)})
        out.append({"id": table["id"], "name": table["name"], "people": table["people"],
                    "dimension_label": dimension_label(table["dimension"]) if table["dimension"] else "",
                    "sessions": sessions})
    return out


def _attendance(data: dict) -> dict:
    counts = {g["key"]: {"label": g["label"], "phone": 0, "paper": 0} for g in data["groups"]}
    for person in data["attendance"]:
        row = counts.setdefault(person["group"], {"label": person["group"], "phone": 0, "paper": 0})
        row["paper" if person["kind"] == "paper" else "phone"] += 1
    rows = [{**row, "total": row["phone"] + row["paper"]} for row in counts.values()]
    chart = bar_chart([{"label": row["label"], "value": row["total"], "text": str(row["total"]), "colour": NEUTRAL}
                       for row in rows], width=340, label_width=120, value_width=40)
    return {"rows": rows, "chart": chart, "phone": sum(r["phone"] for r in rows),
            "paper": sum(r["paper"] for r in rows), "total": sum(r["total"] for r in rows)}


def _invitations(data: dict) -> dict | None:
    """With an invitation list: invited / present / absent per group, and who came uninvited."""
    if not data.get("invitations"):
        return None
    rows = {g["key"]: {"label": g["label"], "invited": 0, "present": 0, "walk_ins": 0} for g in data["groups"]}
    for person in data["invitations"]:
        row = rows.get(person["group"])
        if row is not None:
            row["invited"] += 1
            row["present"] += person["present"]
    for person in data["attendance"]:
        if not person.get("invited") and person["kind"] == "phone" and person["group"] in rows:
            rows[person["group"]]["walk_ins"] += 1
    listed = [{**row, "absent": row["invited"] - row["present"]} for row in rows.values()
              if row["invited"] or row["walk_ins"]]
    return {"rows": listed, **{key: sum(r[key] for r in listed) for key in ("invited", "present", "absent", "walk_ins")}}


def _representation(data: dict, session: dict) -> list[dict]:
    """A session's people per group with an invitation list: invited, present, voted."""
    labels = {g["key"]: g["label"] for g in data["groups"]}
    return [{**row, "label": labels.get(row["group"], row["group"])} for row in session.get("representation", [])]


def _detail(session: dict, row: dict) -> str:
    if session["method"] == "score":
        labels = {c["key"]: c["label"] for c in session["settings"]["criteria"]}
        means = row["detail"].get("criteria_means", {})
        return " · ".join(f"{labels.get(key, key)} {number(value)}" for key, value in means.items() if value is not None)
    if session["method"] == "rank":
        return str(row["detail"].get("first_choices", 0))
    return ""


def _share(session: dict, row: dict) -> str:
    """Votes as a share of the session's voters ("40%")."""
    return f"{number(round(100 * row['score'] / session['voters']))}%" if session["voters"] else "–"


def _figures(data: dict, session: dict, rows: list[dict]) -> dict:
    """A poll's options or a cloud's words: a bar per row and its figures per group."""
    labels = {g["key"]: g["label"] for g in data["groups"]}
    voted = [key for key, n in session["group_voters"].items() if n]
    items = [{"label": row["label"], "value": row["score"], "text": f"{number(row['score'])} ({_share(session, row)})",
              "colour": NEUTRAL} for row in rows]
    return {
        "number": session["number"], "title": session["title"], "method": method_label(session["method"]),
        "method_key": session["method"], "kind": PROPOSAL_SOURCES[session["method"]], "voters": session["voters"],
        "proposals": len(session["results"]),
        "group_voters": [{"label": labels.get(key, key), "voters": n} for key, n in session["group_voters"].items()],
        "chart": bar_chart(items), "groups": [labels.get(key, key) for key in voted],
        "rows": [{"label": row["label"], "score": number(row["score"]), "share": _share(session, row),
                  "balanced_rank": row["balanced_rank"],
                  "by_group": [number(row["by_group"].get(key)) for key in voted]} for row in rows],
    }


def _poll(data: dict, session: dict) -> dict:
    """A quick poll: every option in the poll's order."""
    by_id = {row["proposal_id"]: row for row in session["results"]}
    rows = [{**by_id[o["proposal_id"]], "label": o["label"]} for o in session["settings"]["options"]
            if o["proposal_id"] in by_id]
    return _figures(data, session, rows)


def _words(data: dict, session: dict, limit: int = TOP_WORDS) -> dict:
    """A word cloud: its most sent words."""
    return _figures(data, session, [{**row, "label": row["title"]} for row in session["results"][:limit]])


def _session(data: dict, session: dict, colours: dict[str, str]) -> dict:
    if session["method"] == "poll":
        return _poll(data, session)
    if session["method"] == "words":
        return _words(data, session)
    results = session["results"]
    top = [{**row, "dimension_label": dimension_label(row["dimension"]), "score_text": number(row["score"]),
            "balanced_text": number(row["balanced_score"]), "detail_text": _detail(session, row),
            "table_name": (row.get("table") or {}).get("name", "")}
           for row in results[:TOP]]
    balanced = sorted(results, key=lambda r: (r["balanced_rank"], r["rank"], r["proposal_id"]))[:TOP]
    comparison = [{"title": row["title"], "balanced_rank": row["balanced_rank"], "rank": row["rank"],
                   "shift": row["rank"] - row["balanced_rank"], "score_text": number(row["score"]),
                   "balanced_text": number(row["balanced_score"])} for row in balanced]
    labels = {g["key"]: g["label"] for g in data["groups"]}
    titles = {row["proposal_id"]: row["title"] for row in results}
    return {
        "number": session["number"], "title": session["title"], "method": method_label(session["method"]),
        "method_key": session["method"], "kind": "participants", "phase": session["phase"],
        "voters": session["voters"],
        "proposals": len(results),
        "group_voters": [{"label": labels.get(key, key), "voters": n} for key, n in session["group_voters"].items()],
        "top": top,
        "chart": bar_chart([{"label": f"{row['rank']}. {row['title']}", "value": row["score"],
                             "text": number(row["score"]), "colour": colours.get(row["dimension"])}
                            for row in top]),
        "comparison": comparison,
        "comparison_chart": paired_chart([{"label": f"{row['balanced_rank']}. {row['title']}",
                                           "first": row["score"], "first_text": number(row["score"]),
                                           "second": row["balanced_score"],
                                           "second_text": number(row["balanced_score"])} for row in balanced]),
        "disagreements": [{"title": titles.get(d["proposal_id"], ""), "spread": number(d["spread"]),
                           "figures": ", ".join(f"{labels.get(k, k)} {number(v)}" for k, v in d["by_group"].items())}
                          for d in session["disagreements"]],
        "detail_header": {"score": "criteria", "rank": "first_choices"}.get(session["method"]),
        "matrix": _matrix(session, titles) if session.get("matrix") else None,
        "with_tables": bool(data.get("tables")),
    }


def _matrix(session: dict, titles: dict[int, str]) -> dict:
    """The session's Quick Win matrix as a chart (score sessions)."""
    matrix = session["matrix"]
    labels = {c["key"]: c["label"] for c in session["settings"]["criteria"]}
    names = {key: quadrant_label(key) for key in ("quick_win", "major_project", "fill_in", "low_priority")}
    value = _("Value: %(criteria)s", criteria=", ".join(labels.get(k, k) for k in matrix["y"]))
    ease = _("Ease: %(criteria)s", criteria=", ".join(labels.get(k, k) for k in matrix["x"]))
    return matrix_chart(matrix, titles, names, (value, ease))


def _quick_wins(data: dict) -> list[dict]:
    """Quick Win programs, each once: a program carried from session to session is listed with
    its latest session's result, which is the workshop's last word on it."""
    origin_of: dict[int, int] = {}
    for session in data["sessions"]:
        for row in session["results"]:
            if row.get("origin_proposal_id"):
                origin_of[row["proposal_id"]] = row["origin_proposal_id"]

    def root(proposal_id: int) -> int:
        seen = set()
        while proposal_id in origin_of and proposal_id not in seen:
            seen.add(proposal_id)
            proposal_id = origin_of[proposal_id]
        return proposal_id

    latest: dict[int, dict] = {}
    for session in data["sessions"]:
        for row in session["results"]:
            if row["quick_win"]:
                latest[root(row["proposal_id"])] = {**row, "session_number": session["number"],
                                                    "session_title": session["title"],
                                                    "dimension_label": dimension_label(row["dimension"]),
                                                    "table_name": (row.get("table") or {}).get("name", "")}
    return sorted(latest.values(), key=lambda r: (DIMENSIONS.index(r["dimension"]), r["session_number"], r["rank"]))


def report_pdf(html: str) -> bytes:
    """The report page rendered to PDF by WeasyPrint, with no network access.

    The page links no resources when rendered for PDF; its stylesheet is read from disk.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango is not installed
        raise RembukError("pdf_unavailable", status=503) from error
    stylesheet = weasyprint.CSS(filename=str(Path(current_app.static_folder) / "report.css"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
