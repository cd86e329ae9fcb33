"""Geometry of the report's Quick Win matrix, drawn by templates/report.html as inline SVG.

Like charts.py: presentation attributes only (no style attributes, no script), so the browser
and WeasyPrint draw it the same. Value goes up, ease across; the split is the matrix's midpoint.
"""
from __future__ import annotations

from .charts import shorten

SIZE = 300       # the plot's side
LEFT = 40        # room for the value axis name
BOTTOM = 34      # room for the ease axis name
LIST_X = LEFT + SIZE + 20
LIST_WIDTH = 330
DOT = 9
INSET = 12       # free room inside the frame on each side
QUADRANT_FILL = {"quick_win": "#fff4c2", "major_project": "#f1f2f0", "fill_in": "#f1f2f0", "low_priority": "#f1f2f0"}


def matrix_chart(matrix: dict, titles: dict[int, str], names: dict[str, str], axis_names: tuple[str, str],
                 *, limit: int = 20) -> dict:
    """The plot of `matrix` (the results' `matrix`): quadrants, dots labelled with their rank and,
    beside the plot, the placed proposals by rank (up to `limit`).

    `names` maps quadrant keys to their names, `axis_names` is (value, ease) with their criteria.
    """
    lo, hi = matrix["min"], matrix["max"]
    span = (hi - lo) or 1

    def at(v: float) -> float:  # an inset keeps dots on the scale's ends inside the frame
        return INSET + (v - lo) / span * (SIZE - 2 * INSET)

    mid = at(matrix["midpoint"])

    def px(v: float) -> float:
        return round(LEFT + at(v), 1)

    def py(v: float) -> float:
        return round(SIZE - at(v), 1)

    quadrants = []
    for key, col, row in (("major_project", 0, 0), ("quick_win", 1, 0), ("low_priority", 0, 1), ("fill_in", 1, 1)):
        x = LEFT + (mid if col else 0)
        y = (SIZE - mid) if row else 0
        w = (SIZE - mid) if col else mid
        h = mid if row else SIZE - mid
        quadrants.append({"key": key, "name": names[key], "x": round(x, 1), "y": round(y, 1), "width": round(w, 1),
                          "height": round(h, 1), "fill": QUADRANT_FILL[key],
                          "label_x": round(x + w - 6, 1) if col else round(x + 6, 1),
                          "label_y": round(y + h - 8, 1) if row else round(y + 16, 1),
                          "anchor": "end" if col else "start", "strong": key == "quick_win"})
    placed = sorted((p for p in matrix["points"] if p["quadrant"]), key=lambda p: (p["rank"], p["proposal_id"]))
    dots = [{"cx": px(p["x"]), "cy": py(p["y"]), "r": DOT, "rank": p["rank"], "quadrant": p["quadrant"],
             "title": titles.get(p["proposal_id"], ""), "quick_win": p["quadrant"] == "quick_win"}
            for p in reversed(placed)]  # the best drawn last, on top
    listed = [{"y": 14 + i * 15, "text": shorten(f"{p['rank']}. {titles.get(p['proposal_id'], '')}", 48),
               "quadrant": names[p["quadrant"]], "quick_win": p["quadrant"] == "quick_win"}
              for i, p in enumerate(placed[:limit])]
    height = max(SIZE + BOTTOM, 14 + len(listed) * 15)
    return {"width": LIST_X + LIST_WIDTH, "height": height, "size": SIZE, "left": LEFT, "quadrants": quadrants,
            "dots": dots, "listed": listed, "list_x": LIST_X, "more": max(len(placed) - limit, 0),
            "value_name": axis_names[0], "ease_name": axis_names[1],
            "value_x": 14, "value_y": SIZE / 2, "ease_x": LEFT + SIZE / 2, "ease_y": SIZE + 24,
            "placed": len(placed), "unplaced": len(matrix["points"]) - len(placed)}
