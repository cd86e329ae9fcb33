"""Dot voting: each participant spends up to N dots, at most M on one proposal."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from ..errors import RembukError
from .ranking import competition_ranks


@dataclass(frozen=True)
class DotRules:
    """A session's dot budget and per-proposal cap."""

    dots_per_participant: int = 5
    max_dots_per_proposal: int = 3


def normalize_dots_ballot(raw, proposal_ids: Iterable[int], rules: DotRules) -> dict[int, int]:
    """Validate a raw `{proposal_id: dots}` mapping and return it with int keys, zeros dropped.

    Raises RembukError `invalid_ballot`, `unknown_proposal`, `over_cap` or `over_budget`.
    """
    if not isinstance(raw, Mapping):
        raise RembukError("invalid_ballot")
    allowed = set(proposal_ids)
    ballot: dict[int, int] = {}
    for key, dots in raw.items():
        pid = _proposal_id(key)
        # bool is an int subclass; True must not count as one dot.
        if isinstance(dots, bool) or not isinstance(dots, int) or dots < 0:
            raise RembukError("invalid_ballot")
        if pid not in allowed:
            raise RembukError("unknown_proposal", proposal_id=key)
        if dots:
            ballot[pid] = ballot.get(pid, 0) + dots
        if ballot.get(pid, 0) > rules.max_dots_per_proposal:
            raise RembukError("over_cap", cap=rules.max_dots_per_proposal)
    if sum(ballot.values()) > rules.dots_per_participant:
        raise RembukError("over_budget", budget=rules.dots_per_participant)
    return ballot


def _proposal_id(key) -> int:
    """Proposal ids arrive as JSON object keys, so as strings; accept ints too."""
    if isinstance(key, bool):
        raise RembukError("invalid_ballot")
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.isdecimal() and len(key) <= 18:
        return int(key)
    raise RembukError("invalid_ballot")


def tally_dots(
    proposal_ids: Iterable[int],
    entries: Iterable[tuple[int, int, str, int]],
    group_keys: Iterable[str],
) -> list[dict]:
    """Rank proposals by dots received.

    `entries` are `(proposal_id, participant_id, group_key, dots)` rows of stored ballots.
    Returns one dict per proposal, best first: rank, proposal_id, score (total dots),
    voters (people who gave it at least one dot) and by_group (dots per group key, every
    group present). Equal scores share a rank; among them, more voters first, then the
    earlier proposal.
    """
    keys = list(group_keys)
    rows = {pid: {"proposal_id": pid, "score": 0, "voters": set(), "by_group": dict.fromkeys(keys, 0)}
            for pid in proposal_ids}
    for pid, participant_id, group_key, dots in entries:
        row = rows.get(pid)
        if row is None or dots <= 0:
            continue
        row["score"] += dots
        row["voters"].add(participant_id)
        row["by_group"][group_key] = row["by_group"].get(group_key, 0) + dots
    ordered = sorted(rows.values(), key=lambda r: (-r["score"], -len(r["voters"]), r["proposal_id"]))
    ranks = competition_ranks([r["score"] for r in ordered])
    return [
        {"rank": rank, "proposal_id": r["proposal_id"], "score": r["score"],
         "voters": len(r["voters"]), "by_group": r["by_group"]}
        for rank, r in zip(ranks, ordered)
    ]


def dots_remaining(ballot: Mapping[int, int], rules: DotRules) -> int:
    """Dots the participant can still place."""
    return rules.dots_per_participant - sum(ballot.values())
