"""Export benchmark: how long the organizer waits for each export of a large workshop.

Builds a workshop through the services (the same flow as `flask seed-demo`: dots, points, score
and rank sessions with ballots, a merge, a hidden proposal, masterplan fields, a paper ballot)
on a fresh SQLite database in a temporary folder, then requests every export through the real
endpoints (Flask test client, API token) and prints the time of each, best and median of N.

    .venv/bin/python bench/bench_exports.py                      # 500 participants, 200 proposals
    .venv/bin/python bench/bench_exports.py --participants 1000 --proposals 400 --repeat 5

The issue's budget is 5 s per export for 500 participants and 200 proposals; the verdict is
printed, not asserted (timings depend on the machine).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 5.0
EXPORTS = (("workbook (.xlsx)", "export.xlsx"), ("CSV, all sessions", "export.csv"), ("JSON", "export.json"),
           ("report page (HTML)", "report.html"), ("report PDF (WeasyPrint)", "report.pdf"))


def build(folder: Path, participants: int, proposals: int, seed: int):
    """A migrated app in `folder` with one big demo workshop; returns (app, workshop id, token)."""
    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.demo import build_demo
    from workshop.extensions import db
    from workshop.models import BallotEntry, Participant, Proposal
    from workshop.services import accounts

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "PUBLIC_URL": "http://127.0.0.1:5000",
                      "BOARD_FLUSH_SECONDS": 0, "TIMER_CHECK_SECONDS": 0}, instance_path=str(folder / "instance"))
    with app.app_context():
        upgrade()
        owner = accounts.create_facilitator("bench@kominfo.go.id", "bench-password")
        started = time.perf_counter()
        workshop = build_demo(owner, participants=participants, proposals=proposals, seed=seed,
                              title="Bimtek Smart City (benchmark)")
        built = time.perf_counter() - started
        counts = {"participants": db.session.query(Participant).count(),
                  "proposals": db.session.query(Proposal).count(),
                  "ballot entries": db.session.query(BallotEntry).count(),
                  "sessions": len(workshop.sessions)}
        token = accounts.issue_api_token("bench@kominfo.go.id")
        workshop_id = workshop.id
        db.session.remove()
    return app, workshop_id, token, built, counts


def measure(app, workshop_id: int, token: str, repeat: int) -> list[tuple[str, int, list[float]]]:
    """(label, bytes, seconds of each request) for every export endpoint."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    figures = []
    for label, path in EXPORTS:
        times, size = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(f"/api/v1/workshops/{workshop_id}/{path}", headers=headers)
            body = response.get_data()
            times.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}: {body[:300]!r}")
            size = len(body)
        figures.append((label, size, times))
    return figures


def main() -> None:
    """Build the workshop, time the exports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--proposals", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="requests per export (best and median shown)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rembuk-bench-exports-") as folder:
        app, workshop_id, token, built, counts = build(Path(folder), args.participants, args.proposals, args.seed)
        print(f"Workshop built through the services in {built:.1f} s: "
              + ", ".join(f"{n} {what}" for what, n in counts.items()))
        print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
        figures = measure(app, workshop_id, token, args.repeat)
    print()
    print(f"| export | size | best | median | within {BUDGET_SECONDS:g} s |")
    print("|---|---:|---:|---:|---|")
    for label, size, times in figures:
        verdict = "yes" if max(times) < BUDGET_SECONDS else "NO"
        print(f"| {label} | {size / 1024:,.0f} KiB | {min(times):.2f} s | {statistics.median(times):.2f} s | {verdict} |")


if __name__ == "__main__":
    main()
