"""Parallel tables under load: 600 phones over six tables, six boards, everyone voting at once.

The same harness as bench/loadtest.py (run.py on a fresh SQLite database in a temporary folder,
on 127.0.0.1; the load from separate bench/phones.py processes), shaped like a bimtek's group
work: the facilitator adds six tables (one per Smart City dimension) and switches the workshop
to `tables` mode; each table gets a dots session; the phones join seated at their table
(`POST /api/v1/join {table_id}`, phone i at table i mod 6); one board per table watches it
(`board:watch {table_id}`); every table collects 10 proposals; all six sessions move to `vote`
and every phone casts at the same moment (burst, re-casting as soon as its ack is in, 3 casts),
or spread over `--pace` seconds.

    python bench/tables.py --phones 600 --tables 6 --pace 0
    python bench/tables.py --phones 600 --tables 6 --pace 0 --write docs/performance.md

Measured, per table and in total:
* ballots acked per second (accepted acks / time from the start of the vote to the last ack);
* ack latency at the phone;
* board freshness per table: for each acked ballot, the arrival of the first update *of its
  table's board* that certainly includes it, minus the ack (upper bound, as in loadtest.py: the
  workshop revision `seq` counts every accepted cast of every table; lower bound in brackets);
* nothing lost: each phone's last acknowledged ballot is in `ballot_entries`, and each table
  session's REST results equal the sum of its phones' last ballots;
* a board never receives another table's update (`foreign` column, must be 0).
"""
from __future__ import annotations

import argparse
import bisect
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import (  # noqa: E402
    BUDGET, CAP, CASTS_PER_PHONE, FACILITATOR, PHONES_PER_WORKER, SETUP_DEADLINE, ServerProcess, Worker,
    _stored_ballots, http, machine, machine_busy_seconds, percentile, proc_cpu, proc_status, write_section)

DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
PROPOSALS_PER_TABLE = 10


def commit() -> str:
    """The commit the figures come from (with `+` when the worktree has changes)."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return head + ("+" if dirty else "")


def run(phones: int, table_count: int, pace: float, mode: str, keep: bool = False) -> dict:
    """One bounded run; returns per-table and total measurements."""
    folder = Path(tempfile.mkdtemp(prefix="rembuk-bench-tables-"))
    started = time.time()
    server, workers = None, []
    try:
        server = ServerProcess("app", folder, mode)
        server.flask("facilitator", "create", FACILITATOR, "--password", "bench-password")
        token = server.flask("facilitator", "token", FACILITATOR).strip().splitlines()[-1]
        url = server.url
        workshop = http("POST", url + "/api/v1/workshops", {"title": "Bimtek benchmark: meja paralel"}, token)
        tables, sessions = [], []
        for i in range(table_count):
            dimension = DIMENSIONS[i % len(DIMENSIONS)]
            table = http("POST", url + f"/api/v1/workshops/{workshop['id']}/tables",
                         {"name": f"Meja {i + 1}", "dimension": dimension}, token)
            tables.append(table)
            session = http("POST", url + f"/api/v1/workshops/{workshop['id']}/sessions",
                           {"title": f"Meja {i + 1}: usulan", "table_id": table["id"],
                            "dots_per_participant": BUDGET, "max_dots_per_proposal": CAP}, token)
            sessions.append(session)
            http("POST", url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "collect"}, token)
        http("POST", url + f"/api/v1/workshops/{workshop['id']}/mode", {"mode": "tables"}, token)
        table_ids = ",".join(str(t["id"]) for t in tables)
        session_ids = ",".join(str(s["id"]) for s in sessions)
        session_of_table = {t["id"]: s["id"] for t, s in zip(tables, sessions)}

        deadline = time.time() + SETUP_DEADLINE
        boards = Worker(["board", "--url", url, "--token", token, "--table-ids", table_ids,
                         "--out", str(folder / "boards.json")], folder / "boards.log")
        workers.append(boards)
        boards.wait("watching", deadline)
        count = math.ceil(phones / PHONES_PER_WORKER)
        phone_workers = []
        for w in range(count):
            first_index = w * phones // count
            size = (w + 1) * phones // count - first_index
            phone_workers.append(Worker(
                ["phones", "--urls", url, "--join-code", workshop["join_code"], "--first", str(first_index),
                 "--count", str(size), "--table-ids", table_ids, "--session-ids", session_ids,
                 "--seed", str(w + 1), "--proposals", str(PROPOSALS_PER_TABLE if w == 0 else 0),
                 "--out", str(folder / f"phones{w}.json")], folder / f"phones{w}.log"))
        workers.extend(phone_workers)
        joined = [w.wait("joined", deadline) for w in phone_workers]
        connected = [w.wait("connected", deadline) for w in phone_workers]
        by_session = phone_workers[0].wait("proposed", deadline)["by_session"]

        since = time.time()
        for session in sessions:
            http("POST", url + f"/api/v1/sessions/{session['id']}/phase", {"phase": "vote"}, token)
        print(f"set up in {time.time() - started:.0f} s", file=sys.stderr, flush=True)
        seq0 = _wait_tables_phase(boards, [t["id"] for t in tables], "vote", time.time() + 60)
        for w in phone_workers:
            w.send("phase", {"phase": "vote", "since": since})
        phase_seen = [w.wait("phase", time.time() + 120) for w in phone_workers]
        cpu0 = proc_cpu(server.process.pid)
        busy0, busy_at0 = machine_busy_seconds(), time.time()
        t0 = time.time() + 1.0
        go = {"t0": t0, "proposal_ids": [], "by_session": by_session, "pace": pace, "casts": CASTS_PER_PHONE,
              "budget": BUDGET, "cap": CAP}
        for w in phone_workers:
            w.send("go", go)
        for w in phone_workers:
            w.wait("done", t0 + pace + 180)
        votes_done = time.time()
        time.sleep(2.0)  # the last coalesced board updates are at most one flush interval away
        boards.send("stop")
        boards.wait("done", time.time() + 30)
        cpu1 = proc_cpu(server.process.pid)
        busy1, busy_at1 = machine_busy_seconds(), time.time()
        memory = proc_status(server.process.pid)
        results = {s["id"]: http("GET", url + f"/api/v1/sessions/{s['id']}/results", token=token) for s in sessions}
        stored = {s["id"]: _stored_ballots(f"sqlite:///{folder / 'rembuk.db'}", s["id"]) for s in sessions}
        for w in phone_workers:
            w.stop()
        phone_data = [json.loads((folder / f"phones{w}.json").read_text()) for w in range(count)]
        board_data = json.loads((folder / "boards.json").read_text())
        foreign = sum(1 for e in boards.events if e["event"] == "foreign_update")
        measured = measure(phone_data, board_data, results, stored, seq0, t0, votes_done, tables,
                           session_of_table)
        ours = (cpu1 - cpu0) + sum(d["cpu_seconds"] for d in phone_data)
        measured.update(
            phones=phones, tables=table_count, pace=pace, mode=mode, foreign_updates=foreign,
            join_seconds=max(j["seconds"] for j in joined),
            connected=sum(c["ok"] for c in connected), refused=sum(c["failed"] for c in connected),
            phase_push_seconds=max(s["seconds"] for s in phase_seen),
            phase_push_reached=sum(s["seen"] for s in phase_seen),
            server_cpu_pct=round(100 * (cpu1 - cpu0) / max(votes_done - t0, 1e-9), 1),
            client_cpu_pct=[round(100 * d["cpu_seconds"] / d["wall_seconds"], 1) for d in phone_data],
            other_cpu_pct=round(max(0.0, 100 * (busy1 - busy0 - ours) / (busy_at1 - busy_at0)), 1),
            server_rss_mb=memory["VmHWM"] / 1024, wall_seconds=round(time.time() - started, 1))
        return measured
    finally:
        for w in workers:
            w.stop()
        if server:
            server.stop()
        if keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _wait_tables_phase(boards: Worker, table_ids: list[int], phase: str, deadline: float) -> int:
    """Wait until every table's board shows `phase`; the highest seq among those updates."""
    while True:
        seen = {e["table_id"]: e["seq"] for e in list(boards.events)
                if e["event"] == "table_phase" and e["phase"] == phase}
        if all(t in seen for t in table_ids):
            return max(seen.values())
        if time.time() > deadline:
            raise TimeoutError(f"boards never all showed {phase}: {seen}")
        time.sleep(0.1)


def freshness(acked: list[list], sends: list[float], ack_times: list[float], updates: list[list],
              seq0: int) -> tuple[list[float], list[float], int]:
    """Upper and lower bounds of board freshness (ms) of `acked` casts on one board's `updates`.

    `sends` and `ack_times` are of every accepted cast of the workshop: the revision counts
    them all, whichever table they were cast at.
    """
    updates = sorted(updates, key=lambda u: u[0])
    arrivals, running, best = [], [], -1
    for u in updates:
        best = max(best, u[1])
        arrivals.append(u[0])
        running.append(best)
    upper, lower, never = [], [], 0
    for c in acked:
        for bound, into in ((seq0 + bisect.bisect_right(sends, c[2]), upper),
                            (seq0 + bisect.bisect_right(ack_times, c[2]), lower)):
            i = bisect.bisect_left(running, bound)
            if i == len(running):
                never += into is upper
            else:
                into.append(max(0.0, arrivals[i] - c[2]) * 1000)
    return upper, lower, never


def measure(phone_data, board_data, results, stored, seq0, t0, votes_done, tables, session_of_table) -> dict:
    """Per table and total: acks, latency, freshness on the table's own board, durability."""
    phones = [p for d in phone_data for p in d["phones"]]
    all_acked = [c for p in phones for c in p["casts"] if c[3]]
    sends = sorted(c[1] for c in all_acked)
    ack_times = sorted(c[2] for c in all_acked)
    window = max(votes_done - t0, 1e-9)
    rows, all_upper, all_lower = [], [], []
    for table in tables:
        mine = [p for p in phones if p["table_id"] == table["id"]]
        casts = [c for p in mine for c in p["casts"]]
        acked = [c for c in casts if c[3]]
        updates = board_data["tables"].get(str(table["id"]), [])
        upper, lower, never = freshness(acked, sends, ack_times, updates, seq0)
        all_upper += upper
        all_lower += lower
        session_id = session_of_table[table["id"]]
        last = {p["participant_id"]: p["last_acked"] for p in mine if p["last_acked"] is not None}
        expected: dict[str, int] = {}
        for dots in last.values():
            for pid, n in dots.items():
                expected[pid] = expected.get(pid, 0) + n
        got = {str(r["proposal_id"]): r["score"] for r in results[session_id]["results"]}
        mismatched = sum(1 for pid in set(expected) | set(got) if expected.get(pid, 0) != got.get(pid, 0))
        missing = sum(1 for pid, dots in last.items() if stored[session_id].get(pid, {}) != dots)
        vote_updates = [u for u in updates if t0 <= u[0] <= votes_done + 2.0]
        rows.append({
            "table": table["name"], "phones": len(mine), "casts": len(casts), "acked": len(acked),
            "refused": sum(1 for c in casts if c[4] and c[4] != "timeout"),
            "timeouts": sum(1 for c in casts if c[4] == "timeout"),
            "acked_per_second": len(acked) / max(max((c[2] for c in acked), default=t0) - t0, 1e-9),
            "ack_ms": [percentile([(c[2] - c[1]) * 1000 for c in acked], q) for q in (50, 95, 99)],
            "fresh_ms": [percentile(upper, q) for q in (50, 95, 99)],
            "fresh_low_ms": [percentile(lower, q) for q in (50, 95, 99)], "fresh_never": never,
            "board_updates": len(vote_updates), "board_updates_per_second": len(vote_updates) / window,
            "last_ballots": len(last), "missing_in_database": missing, "results_mismatched_proposals": mismatched,
            "results_voters": results[session_id]["voters"],
            "expected_voters": sum(1 for d in last.values() if d)})
    last_ack = max((c[2] for c in all_acked), default=t0)
    total = {
        "table": "all", "phones": len(phones), "casts": sum(r["casts"] for r in rows),
        "acked": len(all_acked), "refused": sum(r["refused"] for r in rows), "timeouts": sum(r["timeouts"] for r in rows),
        "acked_per_second": len(all_acked) / max(last_ack - t0, 1e-9),
        "ack_ms": [percentile([(c[2] - c[1]) * 1000 for c in all_acked], q) for q in (50, 95, 99)],
        "fresh_ms": [percentile(all_upper, q) for q in (50, 95, 99)],
        "fresh_low_ms": [percentile(all_lower, q) for q in (50, 95, 99)],
        "fresh_never": sum(r["fresh_never"] for r in rows),
        "board_updates": sum(r["board_updates"] for r in rows),
        "board_updates_per_second": sum(r["board_updates_per_second"] for r in rows),
        "last_ballots": sum(r["last_ballots"] for r in rows),
        "missing_in_database": sum(r["missing_in_database"] for r in rows),
        "results_mismatched_proposals": sum(r["results_mismatched_proposals"] for r in rows),
        "results_voters": sum(r["results_voters"] for r in rows),
        "expected_voters": sum(r["expected_voters"] for r in rows),
        "phone_messages_per_ballot": sum(sum(p["received"].values()) for p in phones) / max(len(all_acked), 1)}
    return {"rows": rows, "total": total}


def fmt(value, digits=0) -> str:
    """A number for a table cell; – for none."""
    return "–" if value is None else f"{value:.{digits}f}"


def table(m: dict) -> str:
    """The markdown table: one row per table and the total."""
    lines = ["| table | phones | casts acked / sent | ballots acked/s | ack p50 / p95 / p99 ms "
             "| board freshness p50 / p95 / p99 ms (lower bound) | board updates/s during the vote "
             "| last ballots in DB | results = sum of last ballots |", "|" + "---|" * 9]
    for r in [*m["rows"], m["total"]]:
        name = "**all**" if r["table"] == "all" else r["table"]
        lines.append(
            f"| {name} | {r['phones']} | {r['acked']} / {r['casts']} | {r['acked_per_second']:.0f} "
            f"| {' / '.join(fmt(v) for v in r['ack_ms'])} "
            f"| {' / '.join(fmt(v) for v in r['fresh_ms'])} ({' / '.join(fmt(v) for v in r['fresh_low_ms'])}) "
            f"| {r['board_updates_per_second']:.1f} "
            f"| {r['last_ballots'] - r['missing_in_database']}/{r['last_ballots']} "
            f"| {'yes' if not r['results_mismatched_proposals'] and r['results_voters'] == r['expected_voters'] else 'NO'} |")
    return "\n".join(lines)


def summary(m: dict) -> str:
    """What else the run saw, in one paragraph."""
    t = m["total"]
    pace = "burst" if not m["pace"] else f"pace {m['pace']:.0f} s"
    return (f"{m['phones']} phones at {m['tables']} tables, {pace}, "
            f"{m['mode']}: connected {m['connected']} (refused {m['refused']}), refused casts {t['refused']}, "
            f"timeouts {t['timeouts']}, freshness never reached {t['fresh_never']}, updates of another table on a "
            f"board {m['foreign_updates']}, phone messages per ballot {t['phone_messages_per_ballot']:.2f}, phase "
            f"change reached {m['phase_push_reached']} phones in {m['phase_push_seconds']:.2f} s, server CPU "
            f"{m['server_cpu_pct']} %, client workers CPU {m['client_cpu_pct']} %, other programs' CPU "
            f"{m['other_cpu_pct']} % of a core, server peak RSS {m['server_rss_mb']:.0f} MB, wall {m['wall_seconds']} s.")


def main() -> None:
    """Command line."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=600)
    parser.add_argument("--tables", type=int, default=6)
    parser.add_argument("--pace", type=float, default=0, help="seconds over which casts are spread; 0 = burst")
    parser.add_argument("--mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--json", help="also write the measurements here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    parser.add_argument("--write", help="markdown file with <!-- bench:tables --> markers")
    args = parser.parse_args()
    measured = run(args.phones, args.tables, args.pace, args.mode, args.keep)
    measured["commit"] = commit()
    measured["command"] = "python " + " ".join(["bench/tables.py", *sys.argv[1:]])
    print(table(measured))
    print()
    print(summary(measured))
    if args.json:
        Path(args.json).write_text(json.dumps(measured, indent=1))
    if args.write:
        body = (f"Commit `{measured['commit']}`, `{measured['command']}`, on: {machine()}.\n\n"
                f"{table(measured)}\n\n{summary(measured)}")
        write_section(Path(args.write), "bench:tables", body)


if __name__ == "__main__":
    main()
