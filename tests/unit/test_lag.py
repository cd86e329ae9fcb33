"""The loop lag probe records how late each of its wake-ups is, never less than nothing."""
from workshop.lag import LagProbe


class FakeLoop:
    """A clock and a sleep that oversleeps by the lags given."""

    def __init__(self, lags):
        self.now = 100.0
        self.lags = list(lags)

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds + self.lags.pop(0)


def test_each_tick_records_the_delay_beyond_the_interval():
    loop, recorded = FakeLoop([0.0, 0.004, 0.130, -0.001]), []
    probe = LagProbe(recorded.append, interval=0.01, sleep=loop.sleep, clock=loop.clock)
    ticks = [probe.tick() for _ in range(4)]
    assert ticks == recorded
    assert [round(t, 6) for t in recorded] == [0.0, 0.004, 0.13, 0.0]


def test_the_probe_starts_once():
    started = []
    probe = LagProbe(lambda lag: None, sleep=lambda s: None)
    assert probe.start(started.append) is True
    assert probe.start(started.append) is False
    assert started == [probe.run]


def test_the_metric_keeps_the_recent_maximum():
    from workshop import metrics
    before = metrics.registry.get_sample_value("rembuk_loop_lag_seconds_count") or 0
    metrics.record_lag(0.002)
    metrics.record_lag(0.3)
    assert metrics.registry.get_sample_value("rembuk_loop_lag_seconds_count") == before + 2
    assert metrics.registry.get_sample_value("rembuk_loop_lag_max_seconds") >= 0.3
