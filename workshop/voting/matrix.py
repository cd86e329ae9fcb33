"""The Quick Win matrix of a `score` session: each proposal placed by value against ease.

- **y, value**: by default the criteria `dampak` and `urgensi`;
- **x, ease**: by default `kelayakan` and `biaya` (scored as *Efisiensi biaya*: 5 = cheap).

When a session's criteria lack the default keys of an axis, the first half of its criteria is
the value and the second half the ease (one criterion: both). The facilitator may choose the
axes among the session's criteria (`matrix_axes`).

A proposal's coordinate on an axis is the weighted mean, over the axis's criteria that received
scores, of each criterion's mean score (criterion weights as in the ranking). The split is the
scale's midpoint (3 on 1..5), fixed rather than the median: a median moves as scores arrive and
would always put half of the proposals on each side, even when all are easy. On the midpoint
counts as high value / easy. Quadrants:

| quadrant | value | ease |
|---|---|---|
| `quick_win` | high | easy |
| `major_project` | high | hard |
| `fill_in` | low | easy |
| `low_priority` | low | hard |

A proposal without scores on an axis has `x`/`y` null and quadrant null (not drawn).
No Flask, no database.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from ..errors import RembukError
from .methods import SCORE_MAX, SCORE_MIN

DEFAULT_VALUE = ("dampak", "urgensi")
DEFAULT_EASE = ("kelayakan", "biaya")
MIDPOINT = (SCORE_MIN + SCORE_MAX) / 2
QUADRANTS = ("quick_win", "major_project", "fill_in", "low_priority")
MAX_AXIS_KEYS = 10


def default_axes(criteria_keys: Iterable[str]) -> dict[str, list[str]]:
    """`{x: ease keys, y: value keys}` for a session whose criteria are `criteria_keys` (in order)."""
    keys = list(criteria_keys)
    value = [k for k in DEFAULT_VALUE if k in keys]
    ease = [k for k in DEFAULT_EASE if k in keys]
    if value and ease:
        return {"x": ease, "y": value}
    if not keys:
        return {"x": [], "y": []}
    half = (len(keys) + 1) // 2
    return {"x": keys[half:] or keys, "y": keys[:half]}


def resolve_axes(criteria_keys: Iterable[str], stored: Mapping | None) -> dict[str, list[str]]:
    """The axes in force: the stored choice while all its keys are still criteria, else the defaults."""
    keys = list(criteria_keys)
    if stored and all(isinstance(stored.get(a), list) and stored[a] and set(stored[a]) <= set(keys)
                      for a in ("x", "y")):
        return {"x": list(stored["x"]), "y": list(stored["y"])}
    return default_axes(keys)


def validate_axes(raw, criteria_keys: Iterable[str]) -> dict[str, list[str]] | None:
    """A facilitator's `matrix_axes` checked against the session's criteria; None resets to the defaults.

    Raises RembukError("invalid_matrix_axes", field="matrix_axes"): not `{x: [...], y: [...]}`, an
    empty axis, a key that is not a criterion of the session, a key twice or on both axes.
    """
    if raw is None:
        return None
    keys = set(criteria_keys)
    if not isinstance(raw, Mapping) or set(raw) != {"x", "y"}:
        raise RembukError("invalid_matrix_axes", field="matrix_axes")
    seen: set[str] = set()
    axes = {}
    for axis in ("x", "y"):
        chosen = raw[axis]
        if not isinstance(chosen, list) or not 1 <= len(chosen) <= MAX_AXIS_KEYS:
            raise RembukError("invalid_matrix_axes", field="matrix_axes")
        for key in chosen:
            if not isinstance(key, str) or key not in keys or key in seen:
                raise RembukError("invalid_matrix_axes", field="matrix_axes")
            seen.add(key)
        axes[axis] = list(chosen)
    return axes


def axis_value(means: Mapping[str, float | None], keys: Iterable[str], weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the criterion means on an axis (criteria without scores left out)."""
    total = weight = 0.0
    for key in keys:
        mean = means.get(key)
        w = weights.get(key, 1.0)
        if mean is not None and w > 0:
            total += w * mean
            weight += w
    return round(total / weight, 2) if weight else None


def quadrant(x: float | None, y: float | None, midpoint: float = MIDPOINT) -> str | None:
    """The quadrant of a point (on the midpoint counts as high value / easy)."""
    if x is None or y is None:
        return None
    if y >= midpoint:
        return "quick_win" if x >= midpoint else "major_project"
    return "fill_in" if x >= midpoint else "low_priority"


def matrix_points(proposal_ids: Iterable[int], sums: Mapping[tuple[int, str], tuple[float, int]],
                  axes: Mapping[str, list[str]], weights: Mapping[str, float]) -> list[dict]:
    """One point per proposal from its `(sum, count)` of scores per `(proposal, criterion)`."""
    by_proposal: dict[int, dict[str, float | None]] = {}
    for (pid, key), (total, count) in sums.items():
        by_proposal.setdefault(pid, {})[key] = total / count if count else None
    points = []
    for pid in proposal_ids:
        means = by_proposal.get(pid, {})
        x = axis_value(means, axes["x"], weights)
        y = axis_value(means, axes["y"], weights)
        points.append({"proposal_id": pid, "x": x, "y": y, "quadrant": quadrant(x, y)})
    return points


def overall_matrix(proposal_ids: Iterable[int], sums: Mapping[tuple[int, str], tuple[float, int]],
                   axes: Mapping[str, list[str]], weights: Mapping[str, float]) -> dict:
    """The matrix without the groups' points, from `(sum, count)` per `(proposal, criterion)`:
    `session_matrix` without its `groups`."""
    return {"x": list(axes["x"]), "y": list(axes["y"]), "midpoint": MIDPOINT, "min": SCORE_MIN, "max": SCORE_MAX,
            "points": matrix_points(list(proposal_ids), sums, axes, weights)}


def session_matrix(proposal_ids: Iterable[int], sums_by_group: Mapping[tuple[int, str, str], tuple[float, int]],
                   group_keys: Iterable[str], axes: Mapping[str, list[str]],
                   weights: Mapping[str, float]) -> dict:
    """The whole matrix: overall points and each group's, from `(sum, count)` per `(proposal, group, criterion)`.

    Returns `{x, y, midpoint, min, max, points, groups: {group_key: points}}` (every group present).
    """
    ids = list(proposal_ids)
    overall: dict[tuple[int, str], tuple[float, int]] = {}
    per_group: dict[str, dict[tuple[int, str], tuple[float, int]]] = {g: {} for g in group_keys}
    for (pid, group, key), (total, count) in sums_by_group.items():
        acc = overall.get((pid, key), (0.0, 0))
        overall[(pid, key)] = (acc[0] + total, acc[1] + count)
        per_group.setdefault(group, {})[(pid, key)] = (total, count)
    return {"x": list(axes["x"]), "y": list(axes["y"]), "midpoint": MIDPOINT, "min": SCORE_MIN, "max": SCORE_MAX,
            "points": matrix_points(ids, overall, axes, weights),
            "groups": {g: matrix_points(ids, sums, axes, weights) for g, sums in per_group.items()}}
