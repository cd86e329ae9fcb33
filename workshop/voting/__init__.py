"""Pure voting rules: plain data in, plain data out. No Flask, no database."""
from .dots import DotRules, dots_remaining, normalize_dots_ballot, tally_dots
from .ranking import competition_ranks

__all__ = ["DotRules", "dots_remaining", "normalize_dots_ballot", "tally_dots", "competition_ranks"]
