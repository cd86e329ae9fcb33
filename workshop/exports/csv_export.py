"""Ranked CSV of one session, and of a whole workshop, as organizers open it in Excel."""
import csv
import io

from flask_babel import gettext as _

from .tables import Table, dimension_label


def _score_headers(method: str) -> tuple[str, str]:
    """The score column and the per-group column pattern, in the method's own words."""
    if method == "points":
        return _("Total points"), _("Points from %(group)s")
    if method == "score":
        return _("Mean score (1-5)"), _("Mean score of %(group)s")
    if method == "rank":
        return _("Borda points"), _("Borda points from %(group)s")
    if method == "poll":
        return _("Votes"), _("Votes from %(group)s")
    if method == "words":
        return _("People who sent it"), _("People from %(group)s")
    return _("Total dots"), _("Dots from %(group)s")


def session_csv(results: dict, groups: list[dict]) -> str:
    """CSV text (UTF-8 BOM included, so Excel reads Indonesian text right) of ranked results."""
    out, writer = _csv_writer()
    score_header, group_header = _score_headers(results["method"])
    writer.writerow([_("Rank"), _("Title"), _("Description"), _("Dimension"), _("Proposer's group"),
                     _("Proposer's organization"), score_header, _("Voters")]
                    + [_safe(group_header % {"group": g["label"]}) for g in groups])
    labels = {g["key"]: g["label"] for g in groups}
    for row in results["results"]:
        writer.writerow([row["rank"], _safe(row["title"]), _safe(row["description"]),
                         dimension_label(row["dimension"]), labels.get(row["group"], ""),
                         _safe(row["organization"]), row["score"], row["voters"]]
                        + [_csv_value(row["by_group"].get(g["key"])) for g in groups])
    return out.getvalue()


def table_csv(table: Table) -> str:
    """CSV text of an export table (the workshop's Program Prioritas), BOM included."""
    out, writer = _csv_writer()
    writer.writerow([_safe(column.header) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()


def _csv_writer():
    out = io.StringIO()
    out.write("\ufeff")
    # Every field quoted: a list separator inside a text (`,` or, in Indonesian Excel, `;`) never
    # starts a new cell where the quotes are honoured.
    return out, csv.writer(out, quoting=csv.QUOTE_ALL)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _safe(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    """Defuse spreadsheet formulas in participants' text (CSV injection).

    A `'` goes before the cell, and before each `;`-separated part of it, that starts like a
    formula: Excel set to Indonesian (or another locale whose list separator is `;`) may split
    a comma-separated file's text at `;`, and `Program;=cmd|...` must not give a cell `=cmd|...`.
    """
    return ";".join("'" + part if part[:1] in FORMULA_START else part for part in text.split(";"))
