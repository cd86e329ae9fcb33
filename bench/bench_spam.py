"""The spam scenario of issue 15: what one phase change costs once a hall has been flooded.

1,000 phones join one workshop (from one address, as behind a venue's router) and hold a
WebSocket each; 40 of them send 20 long proposals each (800 proposals: 120-character titles,
1,000-character descriptions, within every limit). Then the facilitator moves the session to
`review`, to `vote`, and starts the timer, each over REST; each of these pushes `session:state`
to every phone. Reported: the time of each REST call (the push is done before it answers), when
the last phone had its snapshot, and the server's memory (VmRSS) before the flood, before the
phase change and after it, plus its peak (VmHWM).

    .venv/bin/python bench/bench_spam.py [--phones 1000] [--spammers 40] [--each 20] [--root DIR] [--shape old]

The phones opt in to the shared proposal list as the phone page does (`auth.shared_proposals: 1`,
protocol §7.2a): each push brings them a small `session:state`, and `session:proposals` when the
list changed. `--shape old` connects them without it (the old whole snapshots, as an old phone
page or a script gets them), and is what `--root` with a checkout older than the shared list
measures anyway.

`--root` runs another checkout's run.py (e.g. `git archive` of an older commit) with the same
driver, for a before/after comparison. The phones are a separate process speaking raw Engine.IO
over WebSocket (no JSON decoding), so the clients stay cheap next to the server.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GROUPS = ("opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya")
CONNECTING = 64


def http(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    """One JSON call."""
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def rss_mb(pid: int) -> dict:
    """VmRSS and VmHWM of a process, in MB."""
    found = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


# ---------------------------------------------------------------------------------------------
# The phones: one asyncio process, raw Engine.IO v4 over WebSocket.

async def phone(session, url: str, token: str, index: int, counts: dict, ready: asyncio.Event, total: int,
                gate: asyncio.Semaphore, shared: bool):
    try:
        await _phone(session, url, token, counts, ready, total, gate, shared)
    except Exception as error:  # counted, so that the driver does not wait for a phone that failed
        counts["failed"] += 1
        counts["error"] = repr(error)[:200]
        if counts["connected"] + counts["failed"] == total:
            ready.set()


async def _phone(session, url, token, counts, ready, total, gate, shared):
    ws_url = url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    await gate.acquire()  # at most CONNECTING handshakes in flight, as bench/phones.py does
    held = True
    try:
        ws = await asyncio.wait_for(session.ws_connect(ws_url, max_msg_size=0, heartbeat=None), 120)
    except BaseException:
        gate.release()
        raise
    try:
        async with ws:
            opened = await ws.receive()
            assert opened.data.startswith("0"), opened.data
            await ws.send_str("40" + json.dumps({"token": token, **({"shared_proposals": 1} if shared else {})}))
            async for message in ws:
                if held and isinstance(message.data, str) and message.data.startswith(("40", "44")):
                    gate.release()
                    held = False
                data = message.data
                if data == "2":
                    await ws.send_str("3")
                elif data.startswith("40"):
                    counts["connected"] += 1
                    if counts["connected"] + counts["failed"] == total:
                        ready.set()
                elif data.startswith('42["session:state"'):
                    counts["states"] += 1
                    counts["bytes"] += len(data)
                    counts["state_bytes"] += len(data)
                    counts["last"] = time.time()
                elif data.startswith('42["session:proposals"'):
                    counts["lists"] += 1
                    counts["bytes"] += len(data)
                    counts["list_bytes"] += len(data)
                    counts["last_list"] = time.time()
                elif data.startswith("44"):
                    counts["refused"] += 1
                    raise ConnectionError("refused: " + data[:100])
            raise ConnectionError(f"closed by the server ({ws.close_code})")
    finally:
        if held:
            gate.release()


async def phones_main(url: str, tokens: list[str], shared: bool) -> None:
    import aiohttp
    counts = {"connected": 0, "failed": 0, "error": None, "states": 0, "bytes": 0, "last": 0.0, "refused": 0,
              "lists": 0, "state_bytes": 0, "list_bytes": 0, "last_list": 0.0}
    ready = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def connect_all() -> list[asyncio.Task]:
            ready.clear()
            counts["connected"] = counts["failed"] = 0
            gate = asyncio.Semaphore(CONNECTING)
            started = time.time()
            tasks = [asyncio.create_task(phone(session, url, token, i, counts, ready, len(tokens), gate, shared))
                     for i, token in enumerate(tokens)]
            try:
                await asyncio.wait_for(ready.wait(), 300)
            except asyncio.TimeoutError:
                pass  # reported: connected + failed < phones
            print(json.dumps({"event": "ready", "seconds": time.time() - started, **counts}), flush=True)
            return tasks

        tasks = await connect_all()
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line or line.strip() == "quit":
                break
            if line.strip() == "reconnect":  # the venue's Wi-Fi dropped: every phone comes back
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                tasks = await connect_all()
                continue
            print(json.dumps({"event": "counts", **counts}), flush=True)
        for task in tasks:
            task.cancel()


# ---------------------------------------------------------------------------------------------
# The driver.

class Phones:
    """The phones' process, driven by lines."""

    def __init__(self, url: str, tokens: list[str], folder: Path, shape: str):
        path = folder / "tokens.json"
        path.write_text(json.dumps(tokens))
        self.process = subprocess.Popen([PYTHON, __file__, "phones", "--url", url, "--tokens", str(path),
                                         "--shape", shape],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.ready = json.loads(self.process.stdout.readline())

    def reconnect(self) -> dict:
        """Drop every connection and open them again; returns when all are in (or failed)."""
        self.process.stdin.write("reconnect\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def counts(self) -> dict:
        self.process.stdin.write("counts\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        try:
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(timeout=30)
        except Exception:
            self.process.kill()


def wait_states(phones: Phones, expected: int, stall: float = 60) -> dict:
    """Until the phones have `expected` snapshots in all, or none came for `stall` seconds."""
    seen, since = -1, time.time()
    while True:
        counts = phones.counts()
        if counts["states"] >= expected or time.time() - since > stall:
            return counts
        if counts["states"] != seen:
            seen, since = counts["states"], time.time()
        time.sleep(0.2)


def timed(method: str, url: str, body: dict, token: str) -> float:
    start = time.perf_counter()
    http(method, url, body, token)
    return (time.perf_counter() - start) * 1000


def loop_lag(url: str) -> dict:
    """The server's lag probe (its /metrics, from loopback): ticks in all, ticks over 50 ms, and
    the largest lag of the last 10 s."""
    sys.path.insert(0, str(ROOT))
    from bench.stall import scrape
    values = scrape(url)
    ticks = values["rembuk_loop_lag_seconds_count{}"]
    full = values.get("rembuk_gc_pause_seconds_count{generation=2}", 0)
    return {"ticks": ticks, "late": ticks - values["rembuk_loop_lag_seconds_bucket{le=0.05}"],
            "max_ms": round(values["rembuk_loop_lag_max_seconds{}"] * 1000), "full_gcs": full,
            "full_gc_seconds": values.get("rembuk_gc_pause_seconds_sum{generation=2}", 0.0)}


def lag_between(before: dict, after: dict) -> dict:
    return {"lag_ticks_over_50ms": int(after["late"] - before["late"]), "lag_ticks": int(after["ticks"] - before["ticks"]),
            "lag_max_ms_last_10s": after["max_ms"], "full_gcs": int(after["full_gcs"] - before["full_gcs"]),
            "full_gc_ms": round((after["full_gc_seconds"] - before["full_gc_seconds"]) * 1000)}


def commit(root: Path) -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                              text=True).stdout.strip() or "?"
    except OSError:
        return "?"


def run(root: Path, n_phones: int, spammers: int, each: int, shape: str = "shared", spy: str | None = None,
        with_board: bool = True, reconnect_times: int = 1) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="rembuk-spam-"))
    sys.path.insert(0, str(ROOT))
    from tests.servers import free_port
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "REMBUK_ASYNC_MODE": "eventlet", "PYTHONUNBUFFERED": "1", "REMBUK_PUBLIC_URL": url,
           "REMBUK_INSTANCE_PATH": str(folder / "instance"),
           "REMBUK_DATABASE_URL": f"sqlite:///{folder / 'rembuk.db'}",
           # INFO logs each push: how many payloads and bytes, and (shared list) how long building took.
           "REMBUK_LOG_LEVEL": "INFO"}
    log = open(folder / "server.log", "w")
    server = subprocess.Popen([PYTHON, "run.py", "--host", "127.0.0.1", "--port", str(port)], cwd=root, env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    phones = board = None
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        flask = [PYTHON, "-m", "flask", "--app", "workshop", "facilitator"]
        fenv = {**env, "REMBUK_ASYNC_MODE": "threading"}
        subprocess.run([*flask, "create", "bench@example.org", "--password", "bench-password-1"], cwd=root, env=fenv,
                       check=True, capture_output=True)
        token = subprocess.run([*flask, "token", "bench@example.org"], cwd=root, env=fenv, check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()[-1]
        idle = rss_mb(server.pid)
        workshop = http("POST", url + "/api/v1/workshops", {"title": "Bimtek spam"}, token)
        # The per-participant cap (default 10) is raised so that 40 phones can send 800.
        session = http("POST", f"{url}/api/v1/workshops/{workshop['id']}/sessions",
                       {"title": "Prioritas", "method": "dots", "max_proposals_per_participant": each}, token)
        http("POST", f"{url}/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)

        def join(i):
            return http("POST", url + "/api/v1/join", {"join_code": workshop["join_code"], "name": f"Peserta {i}",
                                                       "group": GROUPS[i % 6]})["token"]
        with ThreadPoolExecutor(16) as pool:
            tokens = list(pool.map(join, range(n_phones)))

        import socketio
        title = "Program " + "x" * 112
        description = "Uraian panjang. " * 62 + "12345678"

        def spam(i):
            client = socketio.Client(reconnection=False)
            for attempt in range(3):  # a busy shared machine may miss a handshake
                try:
                    client.connect(url, auth={"token": tokens[i]}, transports=["websocket"], wait_timeout=30)
                    break
                except socketio.exceptions.ConnectionError:
                    if attempt == 2:
                        raise
                    time.sleep(1)
            for k in range(each):
                ack = client.call("proposal:submit", {"session_id": session["id"], "client_id": f"s{i}-{k}",
                                                      "title": title, "description": description[:1000],
                                                      "dimension": "governance"}, timeout=60)
                assert ack["ok"], ack
            client.disconnect()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(spam, range(spammers)))

        board = None
        if with_board:  # the hall's projector: a board watching the workshop, as in every real hall
            board = socketio.Client(reconnection=False)
            board_updates = []
            board.on("board:update", lambda update: board_updates.append(time.time()))
            board.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=30)
            assert board.call("board:watch", {"workshop_id": workshop["id"]}, timeout=60)["ok"]
        lag0 = loop_lag(url)
        phones = Phones(url, tokens, folder, shape)
        connecting = {"seconds": round(phones.ready["seconds"], 2), "connected": phones.ready["connected"],
                      **lag_between(lag0, loop_lag(url))}
        time.sleep(2)
        load_before = os.getloadavg()
        before = rss_mb(server.pid)
        steps = []
        # With --py-spy: the server's stacks during the three steps only (collapsed, one line per stack).
        recorder = subprocess.Popen([str(Path(PYTHON).parent / "py-spy"), "record", "--pid", str(server.pid), "--rate", "1000", "--format", "raw",
                                     "--output", spy, "--nonblocking"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) if spy else None
        if recorder:
            time.sleep(1)
        expected = n_phones  # each phone got one snapshot on connect
        for name, path, body in (("phase review", f"/api/v1/sessions/{session['id']}/phase", {"phase": "review"}),
                                 ("phase vote", f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}),
                                 ("timer start", f"/api/v1/sessions/{session['id']}/timer",
                                  {"action": "start", "seconds": 300})):
            start = time.time()
            previous = phones.counts()
            lag0 = loop_lag(url)
            ms = timed("POST", url + path, body, token)
            expected += n_phones
            counts = wait_states(phones, expected)
            time.sleep(0.5)  # lists come before the states; anything else of this push has arrived too
            counts = phones.counts()
            steps.append({"step": name, "rest_ms": round(ms, 1),
                          "all_phones_s": round(counts["last"] - start, 2) if counts["states"] >= expected else None,
                          "phones_served": n_phones - (expected - counts["states"]),
                          "phones_connected": counts["connected"] - counts["failed"],
                          "lists_to_phones": counts["lists"] - previous["lists"],
                          "state_bytes": counts["state_bytes"] - previous["state_bytes"],
                          "list_bytes": counts["list_bytes"] - previous["list_bytes"],
                          "bytes_to_phones": counts["bytes"], "rss_mb": round(rss_mb(server.pid)["VmRSS"], 1),
                          **lag_between(lag0, loop_lag(url))})
        # Every phone drops and comes back at once (the venue's Wi-Fi), in `vote`: each needs its
        # state and the whole list again.
        reconnects = []
        for _ in range(reconnect_times):
            previous, lag0 = phones.counts(), loop_lag(url)
            again = phones.reconnect()
            expected += n_phones
            counts = wait_states(phones, expected)
            reconnects.append({"seconds": round(again["seconds"], 2), "connected": again["connected"],
                               "lists_to_phones": counts["lists"] - previous["lists"],
                               "list_bytes": counts["list_bytes"] - previous["list_bytes"],
                               "states": counts["states"] - previous["states"], **lag_between(lag0, loop_lag(url)),
                               "rss_mb": round(rss_mb(server.pid)["VmRSS"], 1)})
        reconnecting = reconnects[0] if reconnects else None
        if recorder:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(timeout=30)
        time.sleep(3)
        after = rss_mb(server.pid)
        load_after = os.getloadavg()
        log.flush()
        pushes = [line.split("push: ", 1)[1].strip() for line in (folder / "server.log").read_text().splitlines()
                  if "session:state push:" in line or "session:state shared push:" in line]
        return {"commit": commit(root), "root": str(root), "shape": shape, "phones": n_phones,
                "connected": phones.ready["connected"],
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in load_after],
                "proposals": spammers * each, "machine": f"{os.cpu_count()} cores, {platform.platform()}, "
                f"Python {platform.python_version()}",
                "rss_idle_mb": round(idle["VmRSS"], 1), "rss_before_mb": round(before["VmRSS"], 1),
                "rss_after_mb": round(after["VmRSS"], 1), "rss_peak_mb": round(after["VmHWM"], 1),
                "board": with_board, "board_updates": len(board_updates) if board else 0,
                "connecting": connecting, "steps": steps, "reconnecting": reconnecting,
                "reconnects": reconnects,
                "server_pushes": pushes[-3:]}
    finally:
        if phones is not None:
            phones.stop()
        if board is not None:
            board.disconnect()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("phones")
    p.add_argument("--url", required=True)
    p.add_argument("--tokens", required=True)
    p.add_argument("--shape", choices=("shared", "old"), default="shared")
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--spammers", type=int, default=40)
    parser.add_argument("--each", type=int, default=20)
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("--shape", choices=("shared", "old"), default="shared",
                        help="phones opt in to the shared proposal list (default), or not (old clients)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--reconnects", type=int, default=1,
                        help="how many times every phone drops and comes back, after the three steps")
    parser.add_argument("--no-board", dest="board", action="store_false",
                        help="no board watching (by default one watches the workshop, as in a hall)")
    parser.add_argument("--py-spy", dest="spy", help="record the server's stacks during the three steps here "
                        "(py-spy's collapsed format)")
    args = parser.parse_args()
    if args.command == "phones":
        asyncio.run(phones_main(args.url, json.loads(Path(args.tokens).read_text()), args.shape == "shared"))
        return
    figures = run(Path(args.root), args.phones, args.spammers, args.each, args.shape, args.spy, args.board, args.reconnects)
    print(json.dumps(figures, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
