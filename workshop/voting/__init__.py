"""Pure voting rules: plain data in, plain data out. No Flask, no database."""
from .balance import all_group_figures, balanced_ranking, disagreements, group_figures
from .methods import (COUNTING, PROPOSAL_SOURCES, SETTINGS, WIRE_KEYS, Aggregates, Cell, Rules, aggregate, ballot_view,
                      borda_points, merge_entries, normalize_ballot, person_scores, rank_aggregates, read_words,
                      remaining, tally)
from .words import WORD_MAX, word_key
from .ranking import competition_ranks

__all__ = ["COUNTING", "PROPOSAL_SOURCES", "SETTINGS", "WORD_MAX", "read_words", "word_key", "WIRE_KEYS", "Aggregates", "Cell", "Rules", "aggregate", "ballot_view", "borda_points",
           "merge_entries", "normalize_ballot", "person_scores", "rank_aggregates", "remaining", "tally",
           "all_group_figures", "balanced_ranking", "disagreements", "group_figures", "competition_ranks"]
