"""Board flushes shared through Redis: one process per workshop per interval."""
import time

from workshop.live.broadcast import BoardBroadcaster, FlushClaims


def test_a_second_process_defers_its_flush_until_the_claim_expires(app, redis, monkeypatch):
    sent = []
    first, second = BoardBroadcaster(), BoardBroadcaster()
    for name, broadcaster in (("first", first), ("second", second)):
        broadcaster.init_app(app)
        broadcaster._claims = FlushClaims(redis.url, 0.3)
        monkeypatch.setattr(broadcaster, "_flush_workshop",
                            lambda workshop_id, sessions, name=name: sent.append((name, workshop_id)) or 1)
    first.mark(7, 3)
    second.mark(7, 4)
    assert first.flush() == 1
    assert second.flush() == 0  # the first process just flushed workshop 7 for everyone
    assert sent == [("first", 7)]
    assert second._dirty == {7: {4}}  # kept, so its change is sent once the claim expires
    time.sleep(0.3)
    assert second.flush() == 1
    assert sent[-1] == ("second", 7) and second._dirty == {}


def test_a_redis_failure_flushes_anyway():
    claims = FlushClaims("redis://127.0.0.1:1/0", 0.1)  # nothing listens on port 1
    assert claims.claim(7) is True
