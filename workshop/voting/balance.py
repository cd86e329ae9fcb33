"""The stakeholder view: a group-balanced ranking and where groups disagree most.

Balanced ranking: each group's voters together weigh the same, whatever their number.
For the summing methods (dots, points, Borda points of `rank`), a group's figure for a
proposal is what the group gave it divided by the group's voters in the session (its
average per voter); for `score` it is the mean score of the group's scorers. The balanced
score is the plain mean of those figures over the groups that voted; for the summing methods
it is then multiplied by the session's voters, so it reads in the method's own unit: the dots
(points, Borda points) the proposal would get if every group had sent the same number of
people. See docs/voting.md.
"""
from __future__ import annotations

from .ranking import competition_ranks


def group_figures(result: dict, group_voters: dict[str, int], method: str) -> dict[str, float]:
    """A proposal's per-group figure for every group that voted in the session."""
    figures = {}
    for group, voters in group_voters.items():
        if not voters:
            continue
        value = result["by_group"].get(group)
        if method == "score":
            if value is not None:
                figures[group] = value
        else:
            figures[group] = (value or 0) / voters
    return figures


def all_group_figures(results: list[dict], group_voters: dict[str, int], method: str) -> list[dict[str, float]]:
    """`group_figures` of each result, in order: what `balanced_ranking` and `disagreements`
    both start from, computed once when a caller needs both."""
    return [group_figures(result, group_voters, method) for result in results]


def balanced_ranking(results: list[dict], group_voters: dict[str, int], method: str,
                     figures_of: list[dict[str, float]] | None = None) -> list[dict]:
    """Results re-ranked so that every group that voted weighs the same (`figures_of`: the
    results' `all_group_figures`, if already computed)."""
    rows = []
    scale = 1 if method == "score" else sum(group_voters.values())
    if figures_of is None:
        figures_of = all_group_figures(results, group_voters, method)
    for result, figures in zip(results, figures_of):
        score = scale * sum(figures.values()) / len(figures) if figures else 0.0
        rows.append({"proposal_id": result["proposal_id"], "score": round(score, 3),
                     "voters": result["voters"], "by_group": {g: round(v, 3) for g, v in figures.items()}})
    rows.sort(key=lambda r: (-r["score"], -r["voters"], r["proposal_id"]))
    for rank, row in zip(competition_ranks([r["score"] for r in rows]), rows):
        row["rank"] = rank
    return rows


def disagreements(results: list[dict], group_voters: dict[str, int], method: str, top: int = 3,
                  figures_of: list[dict[str, float]] | None = None) -> list[dict]:
    """The proposals whose per-group figures are furthest apart (max - min), widest first
    (`figures_of`: the results' `all_group_figures`, if already computed)."""
    rows = []
    if figures_of is None:
        figures_of = all_group_figures(results, group_voters, method)
    for result, figures in zip(results, figures_of):
        if len(figures) < 2:
            continue
        spread = max(figures.values()) - min(figures.values())
        if spread > 0:
            rows.append({"proposal_id": result["proposal_id"], "spread": round(spread, 3),
                         "by_group": {g: round(v, 3) for g, v in figures.items()}})
    rows.sort(key=lambda r: (-r["spread"], r["proposal_id"]))
    return rows[:top]
