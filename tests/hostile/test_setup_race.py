"""Found: under REMBUK_ASYNC_MODE=threading the one-time setup link, raced, made 6 accounts."""
import re
import sqlite3
import threading

from ..servers import RembukServer
from .conftest import browser, csrf_token


def test_the_setup_link_makes_one_account_however_hard_it_is_raced(tmp_path):
    server = RembukServer(tmp_path, async_mode="threading")
    try:
        link = re.search(r"/setup/(\S+)", server.output()).group(0)
        racers = []
        for i in range(8):
            client = browser()
            racers.append((client, csrf_token(client.get(server.url + link, timeout=30).text), i))
        start, answers = threading.Barrier(len(racers)), []

        def race(client, token, i):
            start.wait()
            answers.append(client.post(server.url + link, timeout=60, allow_redirects=False, data={
                "csrf_token": token, "name": f"Penyerobot {i}", "email": f"p{i}@example.com",
                "password": "rahasia-bimtek"}).status_code)

        threads = [threading.Thread(target=race, args=racer) for racer in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        with sqlite3.connect(tmp_path / "rembuk.db") as db:
            accounts = db.execute("SELECT count(*) FROM facilitators").fetchone()[0]
        db.close()
        assert accounts == 1
        assert len(answers) == 8 and answers.count(302) >= 1
    finally:
        server.stop()
