"""Geometry of the report's bar charts, drawn by templates/report.html as inline SVG.

No JavaScript and no style attributes: the strict Content-Security-Policy blocks both, and the
server-side PDF renderer ignores CSS on SVG elements. Colours are SVG `fill` attributes, taken
from the one set of dimension colours in static/base.css.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

NEUTRAL = "#0b5d4b"
SECOND = "#9bb8ae"
FALLBACK = "#666666"
ROW_HEIGHT = 22
BAR_HEIGHT = 14
LABEL_CHARS = 44


@functools.lru_cache(maxsize=4)
def _colours_from(path: str) -> dict[str, str]:
    text = Path(path).read_text(encoding="utf-8")
    return dict(re.findall(r"\.dim-([a-z]+)\s*\{[^}]*--dim:\s*(#[0-9a-fA-F]{3,6})", text))


def dimension_colours(static_folder: str) -> dict[str, str]:
    """Dimension key -> its bar colour (`--dim` in base.css), so board, phone and report agree."""
    try:
        return _colours_from(str(Path(static_folder) / "base.css"))
    except OSError:
        return {}


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """A label cut to fit beside its bar (SVG text does not wrap)."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def bar_chart(items: list[dict], *, width: int = 680, label_width: int = 290, value_width: int = 70) -> dict:
    """Horizontal bars, one per item `{label, value, text, colour}`, scaled to the largest value."""
    top = max((item["value"] or 0 for item in items), default=0) or 1
    span = width - label_width - value_width
    rows = []
    for index, item in enumerate(items):
        y = index * ROW_HEIGHT
        length = round(span * max(item["value"] or 0, 0) / top, 1)
        rows.append({"label": shorten(item["label"]), "full_label": item["label"], "text": item["text"],
                     "colour": item.get("colour") or NEUTRAL, "label_x": label_width - 8,
                     "text_y": y + ROW_HEIGHT / 2 + 4, "bar_x": label_width, "bar_y": y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                     "bar_width": length, "bar_height": BAR_HEIGHT, "value_x": label_width + length + 6})
    return {"width": width, "height": max(len(items), 1) * ROW_HEIGHT, "rows": rows}


def paired_chart(items: list[dict], *, width: int = 680, label_width: int = 290, value_width: int = 70) -> dict:
    """Two bars per item: `first` and `second` values, each scaled to its own largest value.

    Used to set the overall score beside the group-balanced score: their units differ, so each
    is drawn as a share of the best proposal's.
    """
    first_top = max((item["first"] or 0 for item in items), default=0) or 1
    second_top = max((item["second"] or 0 for item in items), default=0) or 1
    span = width - label_width - value_width
    half = BAR_HEIGHT / 2 + 1
    rows = []
    for index, item in enumerate(items):
        y = index * (ROW_HEIGHT + 4)
        first = round(span * max(item["first"] or 0, 0) / first_top, 1)
        second = round(span * max(item["second"] or 0, 0) / second_top, 1)
        rows.append({"label": shorten(item["label"]), "full_label": item["label"], "label_x": label_width - 8,
                     "text_y": y + ROW_HEIGHT / 2 + 4, "bar_x": label_width,
                     "first_y": y + 3, "first_width": first, "first_text": item["first_text"],
                     "second_y": y + 3 + half, "second_width": second, "second_text": item["second_text"],
                     "bar_height": half - 1, "first_value_x": label_width + first + 6,
                     "second_value_x": label_width + second + 6, "first_colour": NEUTRAL, "second_colour": SECOND})
    return {"width": width, "height": max(len(items), 1) * (ROW_HEIGHT + 4), "rows": rows}
