"""The four voting methods: validating a ballot, tallying stored ballots, merging two proposals.

A participant's ballot is stored as entries `{(proposal_id, criterion): value}`:
- dots:   value = dots on the proposal (criterion '')
- points: value = points on the proposal (criterion '')
- score:  value = 1..5 on one criterion (criterion = its key); a merge may average to x.5
- rank:   value = position 1..K in the participant's ranking (criterion '')
On the wire a ballot is `{"dots": {pid: n}}`, `{"points": {pid: n}}`,
`{"scores": {pid: {criterion: 1..5}}}` or `{"ranking": [pid, ...]}`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..errors import RembukError
from .ranking import competition_ranks

WIRE_KEYS = {"dots": "dots", "points": "points", "score": "scores", "rank": "ranking"}
SCORE_MIN, SCORE_MAX = 1, 5
Entries = dict[tuple[int, str], float]


@dataclass(frozen=True)
class Rules:
    """A session's method and its settings."""

    method: str = "dots"
    dots_per_participant: int = 5
    max_dots_per_proposal: int = 3
    points_budget: int = 100
    # (key, weight) pairs of a score session.
    criteria: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    rank_size: int = 5


def _proposal_id(key) -> int:
    """Proposal ids arrive as JSON object keys, so as strings; accept ints too."""
    if isinstance(key, bool):
        raise RembukError("invalid_ballot")
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.isdecimal() and len(key) <= 18:
        return int(key)
    raise RembukError("invalid_ballot")


def _count(value) -> int:
    # bool is an int subclass; True must not count as one.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RembukError("invalid_ballot")
    return value


def normalize_ballot(raw, proposal_ids: Iterable[int], rules: Rules) -> Entries:
    """Validate a wire ballot for the session's method; return its entries (zeros dropped).

    Raises RembukError: wrong_method, invalid_ballot, unknown_proposal, over_cap, over_budget,
    unknown_criterion, score_out_of_range, duplicate_in_ranking, ranking_too_long.
    """
    expected = WIRE_KEYS[rules.method]
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise RembukError("invalid_ballot")
    (key, body), = raw.items()
    if key != expected:
        raise RembukError("wrong_method" if key in WIRE_KEYS.values() else "invalid_ballot",
                          method=rules.method)
    allowed = set(proposal_ids)
    return _NORMALIZERS[rules.method](body, allowed, rules)


def _known(pid: int, allowed: set[int], key) -> int:
    if pid not in allowed:
        raise RembukError("unknown_proposal", proposal_id=str(key)[:20])
    return pid


def _normalize_counts(body, allowed, rules: Rules, *, budget: int, cap: int | None) -> Entries:
    if not isinstance(body, Mapping):
        raise RembukError("invalid_ballot")
    totals: dict[int, int] = {}
    for key, value in body.items():
        pid = _known(_proposal_id(key), allowed, key)
        totals[pid] = totals.get(pid, 0) + _count(value)
        if cap is not None and totals[pid] > cap:
            raise RembukError("over_cap", cap=cap)
    if sum(totals.values()) > budget:
        raise RembukError("over_budget", budget=budget, unit=rules.method)
    return {(pid, ""): n for pid, n in totals.items() if n}


def _normalize_dots(body, allowed, rules: Rules) -> Entries:
    return _normalize_counts(body, allowed, rules, budget=rules.dots_per_participant,
                             cap=rules.max_dots_per_proposal)


def _normalize_points(body, allowed, rules: Rules) -> Entries:
    return _normalize_counts(body, allowed, rules, budget=rules.points_budget, cap=None)


def _normalize_scores(body, allowed, rules: Rules) -> Entries:
    if not isinstance(body, Mapping):
        raise RembukError("invalid_ballot")
    criteria = {key for key, _ in rules.criteria}
    entries: Entries = {}
    for key, scores in body.items():
        pid = _known(_proposal_id(key), allowed, key)
        if not isinstance(scores, Mapping):
            raise RembukError("invalid_ballot")
        for criterion, value in scores.items():
            if criterion not in criteria:
                raise RembukError("unknown_criterion", criterion=str(criterion)[:40])
            if value is None:
                continue  # partial ballots: an unscored criterion may be sent as null
            if isinstance(value, bool) or not isinstance(value, int):
                raise RembukError("invalid_ballot")
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise RembukError("score_out_of_range", min=SCORE_MIN, max=SCORE_MAX)
            entries[(pid, criterion)] = value
    return entries


def _normalize_ranking(body, allowed, rules: Rules) -> Entries:
    if not isinstance(body, list):
        raise RembukError("invalid_ballot")
    if len(body) > rules.rank_size:
        raise RembukError("ranking_too_long", size=rules.rank_size)
    entries: Entries = {}
    for position, key in enumerate(body, start=1):
        pid = _known(_proposal_id(key), allowed, key)
        if (pid, "") in entries:
            raise RembukError("duplicate_in_ranking")
        entries[(pid, "")] = position
    return entries


_NORMALIZERS = {"dots": _normalize_dots, "points": _normalize_points, "score": _normalize_scores,
                "rank": _normalize_ranking}


def _number(value: float):
    """Whole numbers as int on the wire, others rounded to 2 decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def ballot_view(entries: Entries, rules: Rules) -> dict:
    """Entries back in the wire shape of the session's method."""
    if rules.method == "rank":
        ordered = sorted(entries.items(), key=lambda item: item[1])
        return {"ranking": [pid for (pid, _), _ in ordered]}
    if rules.method == "score":
        scores: dict[str, dict[str, float]] = {}
        for (pid, criterion), value in sorted(entries.items()):
            scores.setdefault(str(pid), {})[criterion] = _number(value)
        return {"scores": scores}
    return {WIRE_KEYS[rules.method]: {str(pid): _number(v) for (pid, _), v in sorted(entries.items())}}


def remaining(entries: Entries, rules: Rules) -> int | None:
    """What the participant can still spend: dots, points or ranking places (None for score)."""
    if rules.method == "dots":
        return rules.dots_per_participant - int(sum(entries.values()))
    if rules.method == "points":
        return rules.points_budget - int(sum(entries.values()))
    if rules.method == "rank":
        return rules.rank_size - len(entries)
    return None


def borda_points(position: float, rules: Rules) -> float:
    """First place of K earns K points, K-th place earns 1."""
    return max(rules.rank_size - position + 1, 0)


def tally(
    proposal_ids: Iterable[int],
    rows: Iterable[tuple[int, int, str, str, float]],
    group_keys: Iterable[str],
    rules: Rules,
) -> dict:
    """Rank proposals from stored entries `(proposal_id, participant_id, group_key, criterion, value)`.

    Returns `{"results": [...], "voters": n, "group_voters": {group: n}}`. Each result has rank,
    proposal_id, score, voters, by_group (group's total, or mean for `score`; every group
    present) and detail (the method's own figures). Equal scores share a rank; among them,
    more voters first, then the earlier proposal.
    """
    keys = list(group_keys)
    ids = list(proposal_ids)
    rows = [row for row in rows if row[4] > 0]
    group_of: dict[int, str] = {}
    per_proposal: dict[int, list[tuple[int, str, float]]] = {pid: [] for pid in ids}
    for pid, participant, group, criterion, value in rows:
        group_of[participant] = group
        if pid in per_proposal:
            per_proposal[pid].append((participant, criterion, value))
    group_voters = dict.fromkeys(keys, 0)
    for participant, group in group_of.items():
        group_voters[group] = group_voters.get(group, 0) + 1
    figures = [_FIGURES[rules.method](pid, per_proposal[pid], group_of, keys, rules) for pid in ids]
    figures.sort(key=lambda r: (-r["score"], -r["voters"], r["proposal_id"]))
    for rank, row in zip(competition_ranks([r["score"] for r in figures]), figures):
        row["rank"] = rank
    return {"results": figures, "voters": len(group_of), "group_voters": group_voters}


def _sum_figures(pid, entries, group_of, keys, rules: Rules) -> dict:
    by_group = dict.fromkeys(keys, 0)
    total, voters, firsts = 0.0, set(), 0
    for participant, _criterion, value in entries:
        points = borda_points(value, rules) if rules.method == "rank" else value
        firsts += rules.method == "rank" and value == 1
        total += points
        voters.add(participant)
        group = group_of[participant]
        by_group[group] = by_group.get(group, 0) + points
    detail = ({"borda": _number(total), "first_choices": firsts} if rules.method == "rank"
              else {rules.method: _number(total)})
    return {"proposal_id": pid, "score": _number(total), "voters": len(voters),
            "by_group": {g: _number(v) for g, v in by_group.items()}, "detail": detail}


def person_scores(entries, rules: Rules) -> dict[int, float]:
    """Each scorer's weighted mean over the criteria they scored (partial ballots allowed)."""
    weights = dict(rules.criteria)
    sums: dict[int, list[float]] = {}
    for participant, criterion, value in entries:
        weight = weights.get(criterion, 0.0)
        acc = sums.setdefault(participant, [0.0, 0.0])
        acc[0] += weight * value
        acc[1] += weight
    return {p: total / weight for p, (total, weight) in sums.items() if weight > 0}


def _score_figures(pid, entries, group_of, keys, rules: Rules) -> dict:
    people = person_scores(entries, rules)
    per_criterion: dict[str, list[float]] = {}
    for _participant, criterion, value in entries:
        per_criterion.setdefault(criterion, []).append(value)
    by_group_values: dict[str, list[float]] = {}
    for participant, value in people.items():
        by_group_values.setdefault(group_of[participant], []).append(value)
    score = sum(people.values()) / len(people) if people else 0.0
    return {
        "proposal_id": pid, "score": round(score, 3), "voters": len(people),
        "by_group": {g: (round(sum(v) / len(v), 3) if (v := by_group_values.get(g)) else None) for g in keys},
        "detail": {"criteria_means": {key: (round(sum(v) / len(v), 3) if (v := per_criterion.get(key)) else None)
                                      for key, _ in rules.criteria}},
    }


_FIGURES = {"dots": _sum_figures, "points": _sum_figures, "rank": _sum_figures, "score": _score_figures}


def merge_entries(entries: Entries, source: int, target: int, rules: Rules) -> Entries:
    """One participant's entries after proposal `source` is merged into `target`.

    Dots add up within the per-proposal cap (the excess goes back to the participant), points
    add up, scores on both are averaged per criterion, and in a ranking the target keeps the
    better of the two places. A person is never counted twice on the survivor.
    """
    moved = {crit: v for (pid, crit), v in entries.items() if pid == source}
    merged = {key: v for key, v in entries.items() if key[0] != source}
    if not moved:
        return merged
    if rules.method == "rank":
        position = min([moved[""]] + ([merged[(target, "")]] if (target, "") in merged else []))
        merged[(target, "")] = position
        ordered = sorted(merged.items(), key=lambda item: item[1])
        return {key: float(place) for place, (key, _) in enumerate(ordered, start=1)}
    for criterion, value in moved.items():
        current = merged.get((target, criterion))
        if current is None:
            merged[(target, criterion)] = value
        elif rules.method == "score":
            merged[(target, criterion)] = (current + value) / 2
        elif rules.method == "dots":
            merged[(target, criterion)] = min(current + value, rules.max_dots_per_proposal)
        else:
            merged[(target, criterion)] = current + value
    return merged
