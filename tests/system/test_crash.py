"""Nothing acknowledged is lost: SIGKILL the real server right after a burst of acked ballots."""
import concurrent.futures

import socketio

from ..servers import RembukServer as Server
from ..servers import call

PHONES = 40


def test_acknowledged_ballots_survive_sigkill(tmp_path):
    server = Server(tmp_path)
    try:
        token = server.api_token("f@purbalinggakab.go.id", "rahasia-bimtek")
        workshop = call(server, "POST", "/api/v1/workshops", {"title": "Uji listrik padam"}, token)
        session = call(server, "POST", f"/api/v1/workshops/{workshop['id']}/sessions", {"title": "Sesi"}, token)
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        phones = []
        for i in range(PHONES):
            joined = call(server, "POST", "/api/v1/join", {"join_code": workshop["join_code"], "name": f"P{i}",
                                                          "group": ["opd", "desa", "umkm"][i % 3]})
            client = socketio.Client(reconnection=False)
            client.connect(server.url, auth={"token": joined["token"]}, transports=["websocket"])
            phones.append(client)
        proposals = [phones[0].call("proposal:submit", {"session_id": session["id"], "title": f"Program {n}",
                                                        "dimension": "economy", "client_id": str(n)})["proposal"]["id"]
                     for n in range(4)]
        call(server, "POST", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)

        def burst(i):
            last = None
            for round_ in range(3):  # re-cast: only the last acked ballot may count
                dots = {str(proposals[(i + round_) % 4]): 1 + (i + round_) % 3}
                ack = phones[i].call("ballot:cast", {"session_id": session["id"], "ballot": {"dots": dots}}, timeout=20)
                assert ack["ok"], ack
                last = ack["ballot"]["dots"]
            return last

        with concurrent.futures.ThreadPoolExecutor(max_workers=PHONES) as pool:
            acked = list(pool.map(burst, range(PHONES)))
        server.process.kill()  # SIGKILL: no shutdown hooks, no flush
        server.process.wait(timeout=10)
        for client in phones:
            client.disconnect()
    finally:
        server.stop()

    expected = {pid: 0 for pid in proposals}
    for ballot in acked:
        for pid, n in ballot.items():
            expected[int(pid)] += n

    restarted = Server(tmp_path)
    try:
        results = call(restarted, "GET", f"/api/v1/sessions/{session['id']}/results", token=token)
        assert {r["proposal_id"]: r["score"] for r in results["results"]} == expected
        assert results["voters"] == PHONES
        board = socketio.Client(reconnection=False)
        board.connect(restarted.url, auth={"token": token}, transports=["websocket"])
        update = board.call("board:watch", {"workshop_id": workshop["id"]})["update"]
        board.disconnect()
        assert {r["proposal_id"]: r["score"] for r in update["results"]} == expected
    finally:
        restarted.stop()
