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
                    + [group_header % {"group": g["label"]} for g in groups])
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
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()


def _csv_writer():
    out = io.StringIO()
    out.write("\ufeff")
    return out, csv.writer(out)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _safe(value)
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def _safe(text: str) -> str:
    """Defuse spreadsheet formulas in participants' text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
