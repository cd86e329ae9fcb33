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


def test_several_limits_are_counted_at_once_as_one_by_one_would(monkeypatch):
    """A ballot checks three limits under one lock; the first refused stops the count there,
    as a loop of hit() does: the limits after it are not charged."""
    clock = {"now": 500.0}
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: clock["now"])
    together, apart = ratelimit.LocalMovingWindows(), ratelimit.LocalMovingWindows()
    checks = [(parse("5/minute"), ("ballot", "token", "p1")), (parse("2/second"), ("ballot", "token", "p1")),
              (parse("100/minute"), ("ballot", "address", "10.0.0.1"))]
    results = [together.hit_all(checks) for _ in range(6)]
    assert results == [all(apart.hit(item, *ids) for item, ids in checks) for _ in range(6)]
    assert results == [True, True, False, False, False, False]
    assert {k: list(v) for k, v in together._counts.items()} == {k: list(v) for k, v in apart._counts.items()}
    assert len(together._counts[(100, 60, "ballot", "address", "10.0.0.1")]) == 2  # only what passed both
