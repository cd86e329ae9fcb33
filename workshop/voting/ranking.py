"""Turning scores into ranks."""
from typing import Sequence


def competition_ranks(scores: Sequence[float]) -> list[int]:
    """Standard competition ranks ("1224") for scores already sorted best first."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        if i and score == scores[i - 1]:
            ranks.append(ranks[-1])
        else:
            ranks.append(i + 1)
    return ranks
