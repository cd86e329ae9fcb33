"""Found: join codes could be probed through `/j/<code>/qr.svg` at ~470 a second, never a 429."""
import itertools

from .conftest import browser

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def guesses(known: str):
    for letters in itertools.product(ALPHABET, repeat=6):
        code = "".join(letters)
        if code != known:
            yield code


def test_guessing_join_codes_is_refused_whatever_the_page(own_server):
    workshop = own_server.workshop()
    prober, codes = browser("127.0.0.1"), guesses(workshop["join_code"])
    pages = ["/j/{}/qr.svg", "/j/{}", "/j?code={}"]
    answers = [prober.get(own_server.url + pages[i % 3].format(next(codes)), timeout=30).status_code
               for i in range(125)]
    assert set(answers[:120]) == {404}
    assert answers[120:] == [429] * 5
    # Over the limit, a right guess looks like a wrong one: nothing tells them apart.
    assert prober.get(f"{own_server.url}/j/{workshop['join_code']}/qr.svg", timeout=30).status_code == 429
    joined = prober.post(own_server.url + "/api/v1/join", json={"join_code": workshop["join_code"], "name": "A",
                                                                "group": "opd"}, timeout=30)
    assert joined.status_code == 429
    # Another address (the rest of the hall, were it on its own router) is not held up.
    assert browser("127.0.0.2").get(f"{own_server.url}/j/{workshop['join_code']}/qr.svg",
                                    timeout=30).status_code == 200
