"""The in-process fixed-window counters behind the rate limits."""
from limits import parse

from workshop import ratelimit


def test_counts_per_key_and_resets_with_the_window(monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock["now"])
    windows = ratelimit.LocalFixedWindows()
    item = parse("3/minute")
    assert [windows.hit(item, "ballot", "token", "p1") for _ in range(4)] == [True, True, True, False]
    assert windows.hit(item, "ballot", "token", "p2") is True  # another phone has its own count
    clock["now"] += 60
    assert windows.hit(item, "ballot", "token", "p1") is True  # a new minute


def test_old_windows_are_dropped_when_the_table_is_full(monkeypatch):
    clock = {"now": 0.0}
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(ratelimit.LocalFixedWindows, "MAX_KEYS", 10)
    windows = ratelimit.LocalFixedWindows()
    item = parse("5/second")
    for i in range(11):
        windows.hit(item, "join", "address", f"10.0.0.{i}")
    clock["now"] += 2
    windows.hit(item, "join", "address", "10.0.1.1")
    assert len(windows._counts) == 1
