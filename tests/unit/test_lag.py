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


def test_the_probe_starts_once(monkeypatch):
    from workshop import lag
    monkeypatch.setattr(lag, "_running", None)
    started = []
    probe = LagProbe(lambda lag: None, sleep=lambda s: None)
    assert probe.start(started.append) is True
    assert probe.start(started.append) is False
    assert started == [probe.run]
    assert lag._running is probe  # take_turn asks it


class BusyLoop:
    """A loop whose probe is overdue: each sleep of a task lets the probe run first."""

    def __init__(self):
        self.now = 100.0
        self.probe = LagProbe(lambda lag: None, interval=0.01, sleep=self.sleep, clock=lambda: self.now)
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds
        if seconds < self.probe.interval:  # a task's short wait: the overdue probe ran before it
            self.probe.woke = self.now


def test_work_takes_its_turn_once_the_loop_has_run_others_long_enough(monkeypatch):
    from workshop import lag
    loop = BusyLoop()
    monkeypatch.setattr(lag, "_running", loop.probe)
    loop.now += 0.005  # the probe ran 5 ms ago: this pass is young, go on
    assert lag.take_turn() == 0 and loop.slept == []
    loop.now += lag.TURN_SECONDS  # others have run for 25 ms since: wait for the next pass
    assert lag.take_turn() == 1 and loop.probe.busy_for() <= lag.TURN_SECONDS


def test_a_long_step_can_let_the_pass_end_first(monkeypatch):
    from workshop import lag
    loop = BusyLoop()
    monkeypatch.setattr(lag, "_running", loop.probe)
    loop.now += 0.005  # young enough for take_turn(), but a ~50 ms write follows (invitations)
    assert lag.take_turn(0) == 1 and loop.probe.busy_for() == 0


def test_taking_turns_never_waits_forever(monkeypatch):
    from workshop import lag
    loop = BusyLoop()
    loop.probe.woke = float("-inf")  # the probe never comes round (a loop that is never idle)
    loop.sleep = lambda seconds: loop.slept.append(seconds)
    loop.probe._sleep = loop.sleep
    monkeypatch.setattr(lag, "_running", loop.probe)
    assert lag.take_turn() == lag.MAX_WAITS


def test_without_a_probe_nothing_waits(monkeypatch):
    from workshop import lag
    monkeypatch.setattr(lag, "_running", None)
    assert lag.take_turn() == 0


def test_the_metric_keeps_the_recent_maximum():
    from workshop import metrics
    before = metrics.registry.get_sample_value("rembuk_loop_lag_seconds_count") or 0
    metrics.record_lag(0.002)
    metrics.record_lag(0.3)
    assert metrics.registry.get_sample_value("rembuk_loop_lag_seconds_count") == before + 2
    assert metrics.registry.get_sample_value("rembuk_loop_lag_max_seconds") >= 0.3
