"""Ranked CSV of one session, as organizers open it in Excel."""
import csv
import io

from flask_babel import gettext as _

from ..domain import DIMENSION_LABELS


def session_csv(results: dict, groups: list[dict]) -> str:
    """CSV text (UTF-8 BOM included, so Excel reads Indonesian text right) of ranked results."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Rank"), _("Title"), _("Description"), _("Dimension"), _("Proposer's group"),
                     _("Proposer's organization"), _("Total dots"), _("Voters")]
                    + [_("Dots from %(group)s", group=g["label"]) for g in groups])
    labels = {g["key"]: g["label"] for g in groups}
    for row in results["results"]:
        writer.writerow([row["rank"], _safe(row["title"]), _safe(row["description"]),
                         DIMENSION_LABELS[row["dimension"]][0], labels.get(row["group"], ""),
                         _safe(row["organization"]), row["score"], row["voters"]]
                        + [row["by_group"].get(g["key"], 0) for g in groups])
    return out.getvalue()


def _safe(text: str) -> str:
    """Defuse spreadsheet formulas in participants' text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
