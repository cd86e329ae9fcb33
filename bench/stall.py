"""The stall scenario: do the organizer's exports and a backup freeze the hall?

300 phones vote at a 30 s pace (bench/loadtest.py's driver, one Rembuk process on SQLite)
in a workshop beside a big one (500 participants, 200 proposals: `flask seed-demo`). In the
middle of the vote the organizer downloads report.pdf, export.xlsx and export.json of the big
workshop while `flask backup` copies the database. The same run without the downloads and
the backup is the baseline. Reported: ack p50/p95/p99/max and board freshness of the casts
*sent during the exports* (the same stretch of the vote in the baseline), over the whole vote,
and the server's own loop lag from its /metrics.

    .venv/bin/python bench/stall.py                      # both runs, eventlet: about 5-10 minutes
    .venv/bin/python bench/stall.py --mode gevent --json bench/results/stall-gevent.json

Targets (issue 12): ack p99 during the exports at most 1.5 x the baseline's; loop lag max under
50 ms. The verdict is printed, not asserted. Run it on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import bisect
import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadtest import FACILITATOR, machine, percentile, run  # noqa: E402
from workshop.metrics import LAG_BUCKETS  # noqa: E402

EXPORTS = ("report.pdf", "export.xlsx", "export.json")
SETTLE = 11.0  # seconds between the phones' arrival and the phase change: longer than the 10 s gauge


def scrape(url: str) -> dict[str, float]:
    """The server's /metrics as {sample name{labels}: value} (loopback: no token needed)."""
    from prometheus_client.parser import text_string_to_metric_families
    with urllib.request.urlopen(url + "/metrics", timeout=30) as response:
        text = response.read().decode()
    values = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
            values[f"{s.name}{{{labels}}}"] = s.value
    return values


class StallHook:
    """Seeds the big workshop; during the vote, polls the loop lag and (optionally) exports."""

    def __init__(self, exports: bool, participants: int, proposals: int, at: float, window: tuple | None = None):
        self.exports = exports
        self.participants, self.proposals, self.at = participants, proposals, at
        self.window = window  # (start, end) seconds after t0: the baseline uses the export run's
        self.lag_max = 0.0
        self.export_seconds: dict[str, float] = {}
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def ready(self, server, token: str, folder: Path) -> None:
        started = time.time()
        out = server.flask("seed-demo", "--email", FACILITATOR, "--participants", str(self.participants),
                           "--proposals", str(self.proposals))
        self.demo = int(out.split("Workshop id:")[1].split()[0])
        self.seed_seconds = time.time() - started
        self.server, self.token, self.folder = server, token, folder

    def _poll(self) -> None:
        while not self._stop.wait(2.0):
            try:
                self.lag_max = max(self.lag_max, scrape(self.server.url)["rembuk_loop_lag_max_seconds{}"])
            except OSError as error:
                self.errors.append(f"metrics: {error}")

    def _download(self, path: str) -> None:
        started = time.time()
        request = urllib.request.Request(f"{self.server.url}/api/v1/workshops/{self.demo}/{path}",
                                         headers={"Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                size = len(response.read())
            self.export_seconds[path] = time.time() - started
            self.export_sizes = getattr(self, "export_sizes", {}) | {path: size}
        except OSError as error:
            self.errors.append(f"{path}: {error}")

    def _organizer(self, t0: float) -> None:
        time.sleep(max(0.0, t0 + self.at - time.time()))
        self.started = time.time()
        backup = threading.Thread(target=self._backup)
        backup.start()
        for path in EXPORTS:
            self._download(path)
        backup.join()
        self.ended = time.time()

    def _backup(self) -> None:
        started = time.time()
        try:
            self.server.flask("backup", str(self.folder / "backup.db"))
            self.export_seconds["backup"] = time.time() - started
        except RuntimeError as error:
            self.errors.append(f"backup: {error}")

    def connected(self) -> None:
        """Every phone has joined and connected (300 in a few seconds: the loop is saturated, see
        lag_figures). Then nothing happens for SETTLE seconds, so that the largest lag of the 10 s
        before the vote covers the phase change to `vote` and not the setup."""
        self.setup = scrape(self.server.url)
        time.sleep(SETTLE)

    def vote(self, t0: float) -> None:
        self.t0 = t0
        self.before = scrape(self.server.url)
        self._threads = [threading.Thread(target=self._poll, daemon=True)]
        if self.exports:
            self._threads.append(threading.Thread(target=self._organizer, args=(t0,)))
        for thread in self._threads:
            thread.start()

    def done(self) -> None:
        if self.exports:
            self._threads[1].join(timeout=900)
            self.window = (self.started - self.t0, self.ended - self.t0)
        self._stop.set()
        self._threads[0].join(timeout=30)
        self.after = scrape(self.server.url)
        self.lag_max = max(self.lag_max, self.after["rembuk_loop_lag_max_seconds{}"])


def per_cast(raw: dict) -> list[tuple[float, float, float | None]]:
    """(sent, ack ms, board freshness ms or None) for every accepted cast (freshness: the upper
    bound of bench/loadtest.py's `measure`)."""
    casts = [c for d in raw["phones"] for p in d["phones"] for c in p["casts"] if c[3]]
    sends = sorted(c[1] for c in casts)
    running, arrivals, best = [], [], -1
    for received, seq, *_ in sorted(raw["board"]["updates"], key=lambda u: u[0]):
        best = max(best, seq)
        running.append(best)
        arrivals.append(received)
    out = []
    for _due, sent, acked, _ok, _err in casts:
        bound = raw["seq0"] + bisect.bisect_right(sends, acked)
        i = bisect.bisect_left(running, bound)
        fresh = None if i == len(running) else max(0.0, arrivals[i] - acked) * 1000
        out.append((sent, (acked - sent) * 1000, fresh))
    return out


def figures(rows) -> dict:
    acks = [r[1] for r in rows]
    fresh = [r[2] for r in rows if r[2] is not None]
    return {"casts": len(rows), "ack_ms": [percentile(acks, q) for q in (50, 95, 99, 100)],
            "fresh_ms": [percentile(fresh, q) for q in (50, 95, 99, 100)]}


def ticks_between(before: dict, after: dict) -> tuple[int, int, float | None]:
    """Between two scrapes: the lag probe's ticks, how many were late by more than 50 ms, and the
    histogram bucket (seconds) every one of them stayed within (None: beyond the last)."""
    def diff(key: str) -> float:
        return after[key] - before.get(key, 0)
    count = diff("rembuk_loop_lag_seconds_count{}")
    within = diff("rembuk_loop_lag_seconds_bucket{le=0.05}")
    bound = next((le for le in LAG_BUCKETS if diff(f"rembuk_loop_lag_seconds_bucket{{le={le}}}") >= count), None)
    return int(count), int(count - within), bound


def lag_figures(hook: StallHook) -> dict:
    """Ticks of the lag probe during the vote, how many were late by more than 50 ms, the bucket
    every tick of the vote stayed within, and the largest lag of the 10 s before the vote (the
    gauge at its start: the phase change to `vote` falls there)."""
    count, late, bound = ticks_between(hook.before, hook.after)
    # Garbage collections over the whole run (since the server started), by generation: how many,
    # and how many took more than 50 ms.
    gc = {g: [int(hook.after.get(f"rembuk_gc_pause_seconds_count{{generation={g}}}", 0)),
              int(hook.after.get(f"rembuk_gc_pause_seconds_count{{generation={g}}}", 0)
                  - hook.after.get(f"rembuk_gc_pause_seconds_bucket{{generation={g},le=0.05}}", 0))]
          for g in ("0", "1", "2")}
    # The setup (server start, 300 joins and connections in a few seconds): its largest lag (the
    # gauge when the last phone is in) and how many ticks were over 50 ms since the start.
    setup_ticks = hook.setup["rembuk_loop_lag_seconds_count{}"]
    setup_late = setup_ticks - hook.setup["rembuk_loop_lag_seconds_bucket{le=0.05}"]
    return {"ticks": count, "ticks_over_50ms": late, "max_ms": hook.lag_max * 1000, "gc": gc,
            "vote_bound_ms": None if bound is None else bound * 1000,
            "before_vote_max_ms": hook.before["rembuk_loop_lag_max_seconds{}"] * 1000,
            "setup_max_ms": hook.setup["rembuk_loop_lag_max_seconds{}"] * 1000,
            "setup_ticks_over_50ms": [int(setup_late), int(setup_ticks)]}


def one(mode: str, phones: int, pace: float, exports: bool, args, window=None) -> dict:
    hook = StallHook(exports, args.participants, args.proposals, args.at, window)
    m = run("app", phones, pace, mode, hook=hook)
    raw = m.pop("raw")
    rows = per_cast(raw)
    start, end = hook.window
    during = [r for r in rows if raw["t0"] + start <= r[0] <= raw["t0"] + end]
    return {"exports": exports, "mode": mode, "phones": phones, "pace": pace, "window_s": [start, end],
            "during": figures(during), "whole": figures(rows), "lag": lag_figures(hook),
            "export_seconds": hook.export_seconds, "export_sizes": getattr(hook, "export_sizes", {}),
            "seed_seconds": hook.seed_seconds, "errors": hook.errors, "other_cpu_pct": m["other_cpu_pct"],
            "acked": m["acked"], "sent": m["casts"], "missing_in_database": m["missing_in_database"]}


def fmt(values) -> str:
    return " / ".join("–" if v is None else f"{v:.0f}" for v in values)


def table(runs: list[dict]) -> str:
    rows = ["| run | casts in window (window, s after start) | ack p50 / p95 / p99 / max ms: in window | "
            "board freshness p50 / p95 / p99 / max ms: in window | ack p50 / p95 / p99 / max ms: whole vote | "
            "loop lag during the vote: every tick within, ms (ticks > 50 ms) | loop lag max ms, 10 s before the vote (phase change) | "
            "setup: loop lag max ms (ticks > 50 ms of all) | exports and backup, s | acked / sent | other programs' CPU % |",
            "|" + "---|" * 11]
    for r in runs:
        took = ", ".join(f"{k} {v:.1f}" for k, v in r["export_seconds"].items()) or "–"
        rows.append(f"| {'with exports + backup' if r['exports'] else 'without (baseline)'} ({r['mode']}) "
                    f"| {r['during']['casts']} ({r['window_s'][0]:.1f}–{r['window_s'][1]:.1f}) "
                    f"| {fmt(r['during']['ack_ms'])} | {fmt(r['during']['fresh_ms'])} | {fmt(r['whole']['ack_ms'])} "
                    f"| {fmt([r['lag']['vote_bound_ms']])} ({r['lag']['ticks_over_50ms']} of {r['lag']['ticks']}) "
                    f"| {r['lag']['before_vote_max_ms']:.0f} "
                    f"| {r['lag']['setup_max_ms']:.0f} ({' of '.join(map(str, r['lag']['setup_ticks_over_50ms']))}) "
                    f"| {took} | {r['acked']} / {r['sent']} | {r['other_cpu_pct']} |")
    return "\n".join(rows)


def verdict(runs: list[dict]) -> str:
    with_, without = runs
    p99, base = with_["during"]["ack_ms"][2], without["during"]["ack_ms"][2]
    ratio = p99 / base if base else float("inf")
    late = sum(r["lag"]["ticks_over_50ms"] for r in runs)
    before = max(r["lag"]["before_vote_max_ms"] for r in runs)
    return (f"ack p99 during exports {p99:.0f} ms vs {base:.0f} ms without = {ratio:.2f} x "
            f"(target <= 1.5 x: {'met' if ratio <= 1.5 else 'MISSED'}); loop lag during the vote: {late} probe "
            f"ticks over 50 ms (target: none; {'met' if late == 0 else 'MISSED'}); loop lag max in the 10 s before "
            f"the vote (the phase change): {before:.0f} ms (target < 50 ms: {'met' if before < 50 else 'MISSED'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--pace", type=float, default=30)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--proposals", type=int, default=200)
    parser.add_argument("--at", type=float, default=10, help="seconds into the vote when the exports start")
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    with_exports = one(args.mode, args.phones, args.pace, True, args)
    print(json.dumps(with_exports), file=sys.stderr, flush=True)
    baseline = one(args.mode, args.phones, args.pace, False, args, window=tuple(with_exports["window_s"]))
    print(json.dumps(baseline), file=sys.stderr, flush=True)
    runs = [with_exports, baseline]
    print(f"Machine: {machine()}; commit {commit}")
    print(table(runs))
    print(verdict(runs))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "commit": commit, "runs": runs}, indent=1))


if __name__ == "__main__":
    main()
