"""Load worker for bench/loadtest.py: a crowd of phones, or one projector board.

Each worker is a separate process running python-socketio AsyncClients on one asyncio loop, so
the load never shares an interpreter with the server. It talks to loadtest.py by lines: JSON
events on stdout, commands on stdin (`phase {...}`, `go {...}`, `stop`, `quit`). Times are `time.time()`,
which every process of the machine shares, so loadtest.py can line up sends, acks and board
updates from different workers.

    python bench/phones.py phones --urls URL[,URL] --join-code C --first 0 --count 500 --session-id 1 --out F
    python bench/phones.py board --url URL --token T --workshop-id 1 --out F

With tables (bench/tables.py): `phones --table-ids 3,4 --session-ids 7,8` seats phone i at the
(i mod n)-th table, where it proposes and votes in that table's session; `board --table-ids 3,4`
watches each table's board on its own connection (`board:watch {table_id}`).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sys
import time
from collections import Counter

import aiohttp
import socketio

GROUPS = ("opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya")
DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
JOIN_CONCURRENCY = 32
CONNECT_CONCURRENCY = 64
CALL_TIMEOUT = 60


def say(event: str, **fields) -> None:
    """One JSON line to loadtest.py."""
    print(json.dumps({"event": event, **fields}), flush=True)


def raise_file_limit() -> None:
    """Every phone holds a socket."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def cpu_seconds() -> float:
    """CPU time used by this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def read_command() -> tuple[str, dict]:
    """Block (without blocking the loop) until loadtest.py sends a command line."""
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if not line:
        return "quit", {}
    name, _, rest = line.strip().partition(" ")
    return name, (json.loads(rest) if rest else {})


class Phone:
    """One participant: joined over REST, then one WebSocket connection."""

    def __init__(self, index: int, url: str, session_id: int | None = None, table_id: int | None = None):
        self.index = index
        self.url = url
        self.session_id = session_id
        self.table_id = table_id
        self.participant_id: int | None = None
        self.token: str | None = None
        self.sio = socketio.AsyncClient(reconnection=False)
        self.connect_ms: float | None = None
        self.error: str | None = None
        self.received: Counter = Counter()  # events (not acks) received since `go`
        self.counting = False
        self.casts: list[list] = []  # [due, sent, acked (or None), ok, error code]
        self.last_acked: dict[str, int] | None = None
        self.phase: str | None = None  # of the last session:state
        self.sio.on("*", self._any_event)

    async def _any_event(self, event, *args):
        if event == "session:state" and args and isinstance(args[0], dict):
            self.phase = args[0].get("phase")
        if self.counting:
            self.received[event] += 1

    async def join(self, http: aiohttp.ClientSession, join_code: str) -> None:
        """POST /api/v1/join."""
        body = {"join_code": join_code, "name": f"Peserta {self.index}", "group": GROUPS[self.index % len(GROUPS)],
                "organization": "Bench"}
        if self.table_id is not None:
            body["table_id"] = self.table_id
        async with http.post(self.url + "/api/v1/join", json=body) as response:
            data = await response.json()
            if response.status != 201:
                raise RuntimeError(f"join {response.status}: {data}")
        self.participant_id, self.token = data["participant_id"], data["token"]

    async def connect(self) -> None:
        """WebSocket only, authenticated by the participant token; session:state carries `phase`."""
        started = time.time()
        # Opted in to the shared proposal list, as the phone page is (protocol §7.2a).
        await self.sio.connect(self.url, auth={"token": self.token, "shared_proposals": 1}, transports=["websocket"],
                               wait_timeout=60)
        self.connect_ms = (time.time() - started) * 1000

    async def cast(self, session_id: int, dots: dict[str, int], ready: float) -> None:
        """Send the whole ballot and wait for its ack; `ready` is when it was due."""
        sent = time.time()
        record = [ready, sent, None, False, None]
        self.casts.append(record)
        try:
            ack = await self.sio.call("ballot:cast", {"session_id": session_id, "ballot": {"dots": dots}},
                                      timeout=CALL_TIMEOUT)
        except socketio.exceptions.TimeoutError:
            record[4] = "timeout"
            return
        record[2] = time.time()
        record[3] = bool(ack and ack.get("ok"))
        if record[3]:
            self.last_acked = ack["ballot"]["dots"]
        else:
            record[4] = (ack or {}).get("error", {}).get("code", "no_ack")


def random_ballot(rng: random.Random, proposal_ids: list[int], budget: int, cap: int) -> dict[str, int]:
    """Spend the whole budget at random, at most `cap` dots on one proposal."""
    dots: Counter = Counter()
    while sum(dots.values()) < budget:
        pid = rng.choice(proposal_ids)
        if dots[pid] < cap:
            dots[pid] += 1
    return {str(pid): n for pid, n in dots.items()}


async def run_phones(args) -> None:
    """Join, connect, (propose), wait for `go`, cast at the pace, report, wait for `quit`."""
    urls = args.urls.split(",")
    if args.session_ids:
        sessions = [int(v) for v in args.session_ids.split(",")]
        tables = [int(v) for v in args.table_ids.split(",")]
        phones = [Phone(i, urls[i % len(urls)], sessions[i % len(sessions)], tables[i % len(tables)])
                  for i in range(args.first, args.first + args.count)]
    else:
        phones = [Phone(i, urls[i % len(urls)], args.session_id) for i in range(args.first, args.first + args.count)]
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        limit = asyncio.Semaphore(JOIN_CONCURRENCY)

        async def join(phone):
            async with limit:
                try:
                    await phone.join(http, args.join_code)
                except Exception as error:  # reported, never fatal: the bench counts failures
                    phone.error = f"join: {error}"

        started = time.time()
        await asyncio.gather(*(join(p) for p in phones))
        say("joined", ok=sum(p.token is not None for p in phones), seconds=time.time() - started)

    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def connect(phone):
        if phone.token is None:
            return
        async with limit:
            try:
                await phone.connect()
            except Exception as error:
                phone.error = f"connect: {error!r}"

    started = time.time()
    await asyncio.gather(*(connect(p) for p in phones))
    connected = [p for p in phones if p.connect_ms is not None]
    say("connected", ok=len(connected), failed=len(phones) - len(connected), started=started, ended=time.time())

    if args.proposals:
        ids = []
        by_session: dict[int, list[int]] = {}
        for session_id in sorted({p.session_id for p in connected}):
            mine = [p for p in connected if p.session_id == session_id]
            for i in range(args.proposals):
                phone = mine[i % len(mine)]
                ack = await phone.sio.call("proposal:submit", {
                    "session_id": session_id, "client_id": f"bench-{i}", "title": f"Program prioritas nomor {i + 1}",
                    "dimension": DIMENSIONS[i % len(DIMENSIONS)]}, timeout=CALL_TIMEOUT)
                if not ack.get("ok"):
                    raise SystemExit(f"proposal refused: {ack}")
                ids.append(ack["proposal"]["id"])
                by_session.setdefault(session_id, []).append(ack["proposal"]["id"])
        say("proposed", ids=ids, by_session=by_session)

    # The phase change to `vote` pushes a snapshot to every phone. It is not per-ballot
    # traffic: wait until every phone has it before the vote (and the counting) starts.
    command, wanted = await read_command()
    if command != "phase":
        return
    deadline = time.time() + 120
    while any(p.phase != wanted["phase"] for p in connected) and time.time() < deadline:
        await asyncio.sleep(0.05)
    say("phase", seen=sum(p.phase == wanted["phase"] for p in connected), seconds=time.time() - wanted["since"])
    command, go = await read_command()
    if command != "go":
        return
    rng = random.Random(args.seed)
    t0 = go["t0"]
    # One list for the whole crowd, or one per session (phones at tables vote in their own).
    by_session = {int(k): v for k, v in go.get("by_session", {}).items()}
    for phone in connected:
        phone.counting = True
    cpu_before = cpu_seconds()

    async def vote(phone):
        # Pace: each cast at its own random moment in the window; burst: all at t0, re-casts
        # as soon as the previous ack is in. One cast in flight per phone, as on a real phone.
        times = sorted(t0 + rng.uniform(0, go["pace"]) for _ in range(go["casts"])) if go["pace"] else [t0] * go["casts"]
        for scheduled in times:
            # A re-cast may only go once the previous ack is in: lateness counts from then.
            ready = max(scheduled, time.time())
            await asyncio.sleep(max(0.0, scheduled - time.time()))
            proposal_ids = by_session.get(phone.session_id) or go.get("proposal_ids")
            await phone.cast(phone.session_id, random_ballot(rng, proposal_ids, go["budget"], go["cap"]), ready)

    await asyncio.gather(*(vote(p) for p in connected))
    ended = time.time()
    cpu_used = cpu_seconds() - cpu_before
    with open(args.out, "w") as fh:
        json.dump({"phones": [{"index": p.index, "participant_id": p.participant_id, "connect_ms": p.connect_ms,
                               "session_id": p.session_id, "table_id": p.table_id,
                               "error": p.error, "received": dict(p.received), "casts": p.casts,
                               "last_acked": p.last_acked} for p in phones],
                   "cpu_seconds": cpu_used, "wall_seconds": ended - t0}, fh)
    say("done")
    await read_command()  # quit: disconnect only when loadtest.py has read the server's state
    await asyncio.gather(*(p.sio.disconnect() for p in connected), return_exceptions=True)


async def run_table_boards(args) -> None:
    """One board per table, each on its own connection: record every board:update per table."""
    tables = [int(v) for v in args.table_ids.split(",")]
    updates: dict[int, list[list]] = {t: [] for t in tables}  # [received, seq, phase, voters, total]
    seen_phase: dict[int, str | None] = {t: None for t in tables}
    clients = []

    def recorder(table_id: int):
        def record(payload):
            if payload.get("table_id") not in (None, table_id):
                say("foreign_update", table_id=table_id, got=payload.get("table_id"))
                return
            updates[table_id].append([time.time(), payload["seq"], payload["phase"], payload["voters"],
                                      sum(r["score"] or 0 for r in payload["results"]), payload.get("session_id")])
            if payload["phase"] != seen_phase[table_id]:
                seen_phase[table_id] = payload["phase"]
                say("table_phase", table_id=table_id, phase=payload["phase"], seq=payload["seq"])
        return record

    for table_id in tables:
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("board:update", recorder(table_id))
        await sio.connect(args.url, auth={"token": args.token}, transports=["websocket"], wait_timeout=60)
        ack = await sio.call("board:watch", {"table_id": table_id}, timeout=CALL_TIMEOUT)
        if not ack.get("ok"):
            raise SystemExit(f"board:watch {table_id} refused: {ack}")
        if ack.get("update"):
            recorder(table_id)(ack["update"])
        clients.append(sio)
    say("watching")
    await read_command()  # stop
    with open(args.out, "w") as fh:
        json.dump({"tables": {str(t): u for t, u in updates.items()}}, fh)
    say("done")
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)


async def run_board(args) -> None:
    """Watch the workshop, record every board:update, report phase changes as they come."""
    sio = socketio.AsyncClient(reconnection=False)
    updates: list[list] = []  # [received, seq, phase, voters, total dots]
    seen_phase = None

    def record(payload):
        nonlocal seen_phase
        updates.append([time.time(), payload["seq"], payload["phase"], payload["voters"],
                        sum(r["score"] for r in payload["results"])])
        if payload["phase"] != seen_phase:
            seen_phase = payload["phase"]
            say("phase", phase=seen_phase, seq=payload["seq"])

    sio.on("board:update", record)
    await sio.connect(args.url, auth={"token": args.token}, transports=["websocket"], wait_timeout=60)
    ack = await sio.call("board:watch", {"workshop_id": args.workshop_id}, timeout=CALL_TIMEOUT)
    if not ack.get("ok"):
        raise SystemExit(f"board:watch refused: {ack}")
    record(ack["update"])
    say("watching", seq=ack["update"]["seq"])
    await read_command()  # stop
    with open(args.out, "w") as fh:
        json.dump({"updates": updates}, fh)
    say("done")
    await sio.disconnect()


def main() -> None:
    """Parse the role and run it."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="role", required=True)
    phones = sub.add_parser("phones")
    phones.add_argument("--urls", required=True)
    phones.add_argument("--join-code", required=True)
    phones.add_argument("--first", type=int, required=True)
    phones.add_argument("--count", type=int, required=True)
    phones.add_argument("--session-id", type=int)
    phones.add_argument("--session-ids", help="with --table-ids: phone i votes in the (i mod n)-th session")
    phones.add_argument("--table-ids", help="phone i joins seated at the (i mod n)-th table")
    phones.add_argument("--proposals", type=int, default=0)
    phones.add_argument("--seed", type=int, default=1)
    phones.add_argument("--out", required=True)
    board = sub.add_parser("board")
    board.add_argument("--url", required=True)
    board.add_argument("--token", required=True)
    board.add_argument("--workshop-id", type=int)
    board.add_argument("--table-ids", help="one board per table (board:watch {table_id})")
    board.add_argument("--out", required=True)
    args = parser.parse_args()
    raise_file_limit()
    if args.role == "phones":
        asyncio.run(run_phones(args))
    else:
        asyncio.run(run_table_boards(args) if args.table_ids else run_board(args))


if __name__ == "__main__":
    main()
