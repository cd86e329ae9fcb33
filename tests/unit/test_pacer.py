"""The push pacer (workshop/live/sender.py): a token bucket of bytes, so that writing a big push
to a thousand phones takes about half the loop instead of all of it."""
from workshop.live.sender import Pacer, chunked


class Clock:
    def __init__(self):
        self.now = 100.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def pacer(budget=1000):
    clock = Clock()
    return Pacer(budget, clock.sleep, clock, slice_seconds=0.01), clock


def test_what_fits_the_bucket_goes_at_once():
    p, clock = pacer()
    assert p.take(400) == 0 and p.take(600) == 0 and clock.slept == []


def test_more_waits_for_the_bucket_to_fill_at_its_rate():
    p, clock = pacer()
    p.take(1000)
    waited = p.take(500)  # 500 bytes at 1000 bytes per 10 ms
    assert abs(waited - 0.005) < 1e-9 and abs(sum(clock.slept) - 0.005) < 1e-9


def test_a_parcel_bigger_than_the_bucket_waits_for_a_full_one_and_the_next_waits_longer():
    p, clock = pacer()
    p.take(700)
    assert abs(p.take(3000) - 0.007) < 1e-9  # the bucket refills (700 bytes), then it goes
    assert abs(p.take(1) - 0.020) < 1e-4  # 2,000 bytes over: paid back before anything else
    assert abs(p.waited - 0.027) < 1e-4


def test_time_passing_refills_up_to_one_bucket():
    p, clock = pacer()
    p.take(1000)
    clock.now += 60
    assert p.take(1000) == 0 and p.take(500) > 0


def test_phones_are_sent_in_runs_that_fit_the_bucket():
    assert list(chunked(list(range(10)), 300, 1000)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert list(chunked([1, 2], 5000, 1000)) == [[1], [2]]  # one phone at a time, at least


def test_with_a_message_queue_a_push_is_one_parcel_sent_whole():
    """Several processes: a push is one publish to Redis; cut in runs it would publish the list
    once per run."""
    from flask import Flask

    from workshop.live.sender import PushSender

    app = Flask(__name__)
    app.config.update(MESSAGE_QUEUE="redis://127.0.0.1:6379/0", PUSH_BYTES_PER_SLICE=8 << 20)
    sender = PushSender(app)
    assert not sender.paced
    assert list(chunked(list(range(1000)), 1_300_000, sender.run_budget)) == [list(range(1000))]
    app.config["MESSAGE_QUEUE"] = None
    assert len(list(chunked(list(range(1000)), 1_300_000, PushSender(app).run_budget))) == 167  # runs of 6
