"""The board flush's pacing: after a slow flush the next one waits, so that flushing a big board
takes at most FLUSH_SHARE of the loop; a quick flush keeps the configured interval."""
from workshop.live.broadcast import FLUSH_SHARE, gap_after


def test_a_quick_flush_keeps_the_interval():
    assert gap_after(0.004, 0.1) == 0.1


def test_a_slow_flush_spaces_the_next_one_out():
    gap = gap_after(0.06, 0.1)
    assert gap == 0.06 / FLUSH_SHARE
    assert 0.06 / gap <= FLUSH_SHARE  # the flush's share of the time between two flushes


def test_no_interval_means_no_pacing_beyond_the_flush_share():
    assert gap_after(0.0, 0.0) == 0.0
