"""The voting methods: validating a ballot, tallying stored ballots, merging two proposals.

A participant's ballot is stored as entries `{(proposal_id, criterion): value}`:
- dots:   value = dots on the proposal (criterion '')
- points: value = points on the proposal (criterion '')
- score:  value = 1..5 on one criterion (criterion = its key); a merge may average to x.5
- rank:   value = position 1..K in the participant's ranking (criterion '')
- poll:   value = 1 on each chosen option (criterion ''); the options are the session's proposals,
          set by the facilitator, each with a key (`Rules.options`)
- words:  value = the word's position 1..max_words in the participant's ballot, criterion = the
          word as they wrote it; each distinct word key (voting/words.py) is one proposal of the
          session, made on the first ballot that sends it
On the wire a ballot is `{"dots": {pid: n}}`, `{"points": {pid: n}}`,
`{"scores": {pid: {criterion: 1..5}}}`, `{"ranking": [pid, ...]}`, `{"choices": [key, ...]}` or
`{"words": ["...", ...]}`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Mapping

from ..errors import RembukError
from .ranking import competition_ranks
from .words import WORD_MAX, display_text, word_key

WIRE_KEYS = {"dots": "dots", "points": "points", "score": "scores", "rank": "ranking", "poll": "choices",
             "words": "words"}
SCORE_MIN, SCORE_MAX = 1, 5
Entries = dict[tuple[int, str], float]
# A method's own settings (WorkshopSession columns and Rules fields; page data sends their defaults).
SETTINGS = {"dots": ("dots_per_participant", "max_dots_per_proposal"), "points": ("points_budget",),
            "score": (), "rank": ("rank_size",), "poll": ("max_choices",), "words": ("max_words",)}
# Where a method's proposals come from: what participants submit while collecting, the options the
# facilitator sets (poll), or the words the ballots send (words). Services branch on this, not on keys.
PROPOSAL_SOURCES = {"dots": "participants", "points": "participants", "score": "participants",
                    "rank": "participants", "poll": "options", "words": "ballots"}
# What one stored entry adds to its proposal's total: its value, the Borda points of its place, or
# one (a mention). services/results.py sums the same in SQL.
COUNTING = {"dots": "value", "points": "value", "score": "scores", "rank": "borda", "poll": "value",
            "words": "one"}
POLL_OPTIONS_MIN, POLL_OPTIONS_MAX, POLL_LABEL_MAX = 2, 20, 120
MAX_WORDS_LIMIT = 10
# Maps a word's key and its sender's spelling to the proposal it counts on (services make it).
WordResolver = Callable[[str, str], int]


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
    max_choices: int = 1
    # (key, proposal_id) of a poll's options that can be chosen, in display order.
    options: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    max_words: int = 3


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


def normalize_ballot(raw, proposal_ids: Iterable[int], rules: Rules, resolve: WordResolver | None = None) -> Entries:
    """Validate a wire ballot for the session's method; return its entries (zeros dropped).

    `resolve(key, spelling)` gives the proposal a word counts on (words only; it may create it).
    Raises RembukError: wrong_method, invalid_ballot, unknown_proposal, over_cap, over_budget,
    unknown_criterion, score_out_of_range, duplicate_in_ranking, ranking_too_long, unknown_option,
    duplicate_choice, too_many_choices, too_many_words, empty_word, word_too_long.
    """
    expected = WIRE_KEYS[rules.method]
    if not isinstance(raw, Mapping) or len(raw) != 1:
        raise RembukError("invalid_ballot")
    (key, body), = raw.items()
    if key != expected:
        raise RembukError("wrong_method" if key in WIRE_KEYS.values() else "invalid_ballot",
                          method=rules.method)
    allowed = set(proposal_ids)
    if rules.method == "words":
        return _normalize_words(body, rules, resolve or _unresolved)
    return _NORMALIZERS[rules.method](body, allowed, rules)


def _unresolved(key: str, spelling: str) -> int:
    raise RembukError("invalid_ballot")


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


def _normalize_choices(body, allowed, rules: Rules) -> Entries:
    if not isinstance(body, list):
        raise RembukError("invalid_ballot")
    if len(body) > rules.max_choices:
        raise RembukError("too_many_choices", max=rules.max_choices)
    options = {key: pid for key, pid in rules.options if pid in allowed}
    entries: Entries = {}
    for key in body:
        if not isinstance(key, str) or key not in options:
            raise RembukError("unknown_option", option=str(key)[:40])
        if (options[key], "") in entries:
            raise RembukError("duplicate_choice")
        entries[(options[key], "")] = 1
    return entries


def read_words(body, rules: Rules) -> list[tuple[str, str]]:
    """A words ballot's (key, spelling) pairs in order; a key once, stop-word-only words dropped."""
    if not isinstance(body, list):
        raise RembukError("invalid_ballot")
    if len(body) > rules.max_words:
        raise RembukError("too_many_words", max=rules.max_words)
    words, keys = [], set()
    for raw in body:
        if not isinstance(raw, str) or _UNSTORABLE.search(raw):
            raise RembukError("invalid_ballot")
        spelling = display_text(raw)
        if not spelling:
            raise RembukError("empty_word")
        if len(spelling) > WORD_MAX:
            raise RembukError("word_too_long", max=WORD_MAX)
        key = word_key(spelling)
        if key and key not in keys:
            keys.add(key)
            words.append((key, spelling))
    return words


def _normalize_words(body, rules: Rules, resolve: WordResolver) -> Entries:
    # Checked whole before any word is resolved: a refused ballot makes no proposal.
    entries: Entries = {}
    for key, spelling in read_words(body, rules):
        pid = resolve(key, spelling)
        if all(known != pid for known, _ in entries):  # two keys merged into one word count once
            entries[(pid, spelling)] = len(entries) + 1
    return entries


# NUL and lone surrogates cannot be stored (as validation.py refuses them in text fields).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

_NORMALIZERS = {"dots": _normalize_dots, "points": _normalize_points, "score": _normalize_scores,
                "rank": _normalize_ranking, "poll": _normalize_choices}


def _number(value: float):
    """Whole numbers as int on the wire, others rounded to 2 decimals."""
    return int(value) if float(value).is_integer() else round(value, 2)


def ballot_view(entries: Entries, rules: Rules) -> dict:
    """Entries back in the wire shape of the session's method."""
    if rules.method == "rank":
        ordered = sorted(entries.items(), key=lambda item: item[1])
        return {"ranking": [pid for (pid, _), _ in ordered]}
    if rules.method == "words":
        ordered = sorted(entries.items(), key=lambda item: item[1])
        return {"words": [spelling for (_, spelling), _ in ordered]}
    if rules.method == "poll":
        chosen = {pid for pid, _ in entries}
        return {"choices": [key for key, pid in rules.options if pid in chosen]}
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
    if rules.method == "poll":
        return rules.max_choices - len(entries)
    if rules.method == "words":
        return rules.max_words - len(entries)
    return None


def borda_points(position: float, rules: Rules) -> float:
    """First place of K earns K points, K-th place earns 1."""
    return max(rules.rank_size - position + 1, 0)


def entry_points(value: float, rules: Rules) -> float:
    """What one stored entry adds to its proposal's total (COUNTING)."""
    counting = COUNTING[rules.method]
    if counting == "borda":
        return borda_points(value, rules)
    return 1 if counting == "one" else value


@dataclass
class Cell:
    """What one group gave one proposal."""

    total: float = 0.0  # dots, points or Borda points; for `score`, the sum of its scorers' weighted means
    voters: int = 0  # distinct voters; for `score`, scorers with a weighted mean
    firsts: int = 0  # `rank`: first places


@dataclass
class Aggregates:
    """A session's stored ballots summed up: all that ranking them needs.

    The database computes these with one GROUP BY per field (services/results.py), so the
    board's cost grows with proposals x groups, not with ballots; `aggregate` computes the
    same from rows, for tests and the pure tally.
    """

    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)  # (proposal, group)
    group_voters: dict[str, int] = field(default_factory=dict)  # distinct voters per group
    # `score`: (sum, count) of the values per (proposal, criterion).
    criteria: dict[tuple[int, str], tuple[float, int]] = field(default_factory=dict)


def aggregate(rows: Iterable[tuple[int, int, str, str, float]], rules: Rules) -> Aggregates:
    """Sum stored entries `(proposal_id, participant_id, group_key, criterion, value)`; values <= 0 count as absent."""
    rows = [row for row in rows if row[4] > 0]
    found = Aggregates()
    voters: dict[str, set[int]] = {}
    per_cell: dict[tuple[int, str], list[tuple[int, str, float]]] = {}
    for pid, participant, group, criterion, value in rows:
        voters.setdefault(group, set()).add(participant)
        per_cell.setdefault((pid, group), []).append((participant, criterion, value))
    found.group_voters = {group: len(people) for group, people in voters.items()}
    for key, entries in per_cell.items():
        if rules.method == "score":
            people = person_scores(entries, rules)
            if people:
                found.cells[key] = Cell(total=sum(people.values()), voters=len(people))
            for _participant, criterion, value in entries:
                total, count = found.criteria.get((key[0], criterion), (0.0, 0))
                found.criteria[(key[0], criterion)] = (total + value, count + 1)
        else:
            found.cells[key] = Cell(
                total=sum(entry_points(v, rules) for _p, _c, v in entries),
                voters=len({participant for participant, _c, _v in entries}),
                firsts=sum(1 for _p, _c, v in entries if rules.method == "rank" and v == 1))
    return found


def tally(
    proposal_ids: Iterable[int],
    rows: Iterable[tuple[int, int, str, str, float]],
    group_keys: Iterable[str],
    rules: Rules,
) -> dict:
    """Rank proposals from stored entries `(proposal_id, participant_id, group_key, criterion, value)`."""
    return rank_aggregates(proposal_ids, aggregate(rows, rules), group_keys, rules)


def rank_aggregates(proposal_ids: Iterable[int], found: Aggregates, group_keys: Iterable[str], rules: Rules) -> dict:
    """Rank proposals from their aggregates.

    Returns `{"results": [...], "voters": n, "group_voters": {group: n}}`. Each result has rank,
    proposal_id, score, voters, by_group (group's total, or mean for `score`; every group
    present) and detail (the method's own figures). Equal scores share a rank; among them,
    more voters first, then the earlier proposal.
    """
    keys = list(group_keys)
    group_voters = {**dict.fromkeys(keys, 0), **found.group_voters}
    groups = list(group_voters)
    figure = _FIGURES[rules.method]
    # A proposal nobody voted for has the same figures as any other (but its id): computed once
    # and copied, as most of a flooded session's proposals are (800 of them before the first ballot).
    voted = {pid for pid, _group in found.cells} | {pid for pid, _criterion in found.criteria}
    blank = None
    figures = []
    for pid in proposal_ids:
        if pid in voted:
            figures.append(figure(pid, found, groups, rules))
            continue
        if blank is None:
            blank = figure(pid, found, groups, rules)
        figures.append({**_copied(blank), "proposal_id": pid})
    figures.sort(key=lambda r: (-r["score"], -r["voters"], r["proposal_id"]))
    for rank, row in zip(competition_ranks([r["score"] for r in figures]), figures):
        row["rank"] = rank
    return {"results": figures, "voters": sum(group_voters.values()), "group_voters": group_voters}


def _copied(row: dict) -> dict:
    """A copy of a figures row: its dicts (`by_group`, `detail` and the dicts in it) copied,
    numbers and None shared."""
    return {**row, "by_group": dict(row["by_group"]),
            "detail": {k: dict(v) if isinstance(v, dict) else v for k, v in row["detail"].items()}}


def _sum_figures(pid, found: Aggregates, groups, rules: Rules) -> dict:
    cells = {g: found.cells.get((pid, g), Cell()) for g in groups}
    total = sum(cell.total for cell in cells.values())
    firsts = sum(cell.firsts for cell in cells.values())
    detail = ({"borda": _number(total), "first_choices": firsts} if rules.method == "rank"
              else {rules.method: _number(total)})
    return {"proposal_id": pid, "score": _number(total), "voters": sum(cell.voters for cell in cells.values()),
            "by_group": {g: _number(cell.total) for g, cell in cells.items()}, "detail": detail}


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


def _mean(total: float, count: int) -> float | None:
    return round(total / count, 3) if count else None


def _score_figures(pid, found: Aggregates, groups, rules: Rules) -> dict:
    cells = {g: found.cells.get((pid, g), Cell()) for g in groups}
    scorers = sum(cell.voters for cell in cells.values())
    return {
        "proposal_id": pid, "score": _mean(sum(cell.total for cell in cells.values()), scorers) or 0.0,
        "voters": scorers,
        "by_group": {g: _mean(cell.total, cell.voters) for g, cell in cells.items()},
        "detail": {"criteria_means": {key: _mean(*found.criteria.get((pid, key), (0.0, 0)))
                                      for key, _ in rules.criteria}},
    }


_FIGURES = {"dots": _sum_figures, "points": _sum_figures, "rank": _sum_figures, "score": _score_figures,
            "poll": _sum_figures, "words": _sum_figures}


def merge_entries(entries: Entries, source: int, target: int, rules: Rules) -> Entries:
    """One participant's entries after proposal `source` is merged into `target`.

    Dots add up within the per-proposal cap (the excess goes back to the participant), points
    add up, scores on both are averaged per criterion, and in a ranking the target keeps the
    better of the two places. A poll choice stays one choice; a word keeps the better place and
    the spelling already on the target (or its own). A person is never counted twice on the survivor.
    """
    moved = {crit: v for (pid, crit), v in entries.items() if pid == source}
    merged = {key: v for key, v in entries.items() if key[0] != source}
    if not moved:
        return merged
    if rules.method in ("rank", "words"):
        (spelling, position), = moved.items()
        kept = next(((key, v) for key, v in merged.items() if key[0] == target), None)
        if kept is not None:
            del merged[kept[0]]
            spelling, position = kept[0][1], min(position, kept[1])
        merged[(target, spelling)] = position
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
        elif rules.method == "poll":
            merged[(target, criterion)] = 1
        else:
            merged[(target, criterion)] = current + value
    return merged
