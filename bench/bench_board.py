"""Board benchmark: what one board update of a flooded session costs, in process.

Seeds the spam scenario of `bench/bench_spam.py` through the services on a fresh SQLite database
in a temporary folder: 1,000 participants, 40 of whom send 20 proposals each (800 proposals,
120-character titles, 1,000-character descriptions) in each of five sessions (dots, points,
score with four criteria, rank, each with a ballot from about 90 % of the participants, and a
dots session with no ballot yet: what `bench_spam.py`'s `vote` change redraws). It then times,
per session, `session_results` and `board_payload` (what a board flush computes) and prints the
median and best of N, and with `--profile` the top of a cProfile of one `board_payload` each.

    .venv/bin/python bench/bench_board.py                     # 1,000 participants, 800 proposals
    .venv/bin/python bench/bench_board.py --profile --repeat 9
    .venv/bin/python bench/bench_board.py --json /tmp/board.json
    .venv/bin/python bench/bench_board.py --keep /tmp/board     # seed once, reuse on later runs

Timings depend on the machine and its load (printed with the figures); nothing is asserted.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = ("opd", "desa", "relawan_tik", "umkm", "akademisi", "lainnya")


def seed(folder: Path, participants: int, flooders: int, each: int, voters: float, rng: random.Random):
    """A migrated app in `folder` with one flooded workshop; returns (app, workshop id, {method: session id})."""
    from flask_migrate import upgrade

    from workshop import create_app
    from workshop.extensions import db
    from workshop.models import Participant
    from workshop.services import accounts, participation
    from workshop.services import workshops as workshop_service

    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "PUBLIC_URL": "http://127.0.0.1:5000",
                      "BOARD_FLUSH_SECONDS": 0, "TIMER_CHECK_SECONDS": 0}, instance_path=str(folder / "instance"))
    with app.app_context():
        upgrade()
        owner = accounts.create_facilitator("bench@kominfo.go.id", "bench-password")
        workshop = workshop_service.create_workshop(owner, {"title": "Bimtek (board benchmark)",
                                                            "venue": "Pendopo", "date": "2026-11-30"})
        common = {"max_proposals_per_participant": each}
        specs = {
            "dots": {"method": "dots", "dots_per_participant": 5, "max_dots_per_proposal": 3},
            "points": {"method": "points", "points_budget": 100},
            "score": {"method": "score", "criteria": [
                {"key": "dampak", "label": "Dampak", "weight": 2}, {"key": "urgensi", "label": "Urgensi", "weight": 1},
                {"key": "kelayakan", "label": "Kelayakan", "weight": 2},
                {"key": "biaya", "label": "Efisiensi biaya", "weight": 1}]},
            "rank": {"method": "rank", "rank_size": 5},
            # bench_spam.py's `vote` change: 800 proposals, no ballot yet.
            "dots, no ballots": {"method": "dots", "dots_per_participant": 5, "max_dots_per_proposal": 3},
        }
        sessions = {}
        for method, spec in specs.items():
            session = workshop_service.create_session(owner, workshop.id,
                                                      {"title": f"Sesi {method}", **spec, **common})
            sessions[method] = session.id
        people = []
        for i in range(participants):
            person, _token = participation.join({"join_code": workshop.join_code, "name": f"Peserta {i:04d}",
                                                 "group": GROUPS[i % len(GROUPS)],
                                                 "organization": f"Organisasi {i % 37}"})
            people.append(person.id)
        words = ("jalan desa lampu taman sekolah klinik pasar irigasi data terbuka layanan digital warga "
                 "aplikasi pengaduan sampah air bersih").split()
        for method, session_id in sessions.items():
            workshop_service.change_phase(owner, session_id, {"phase": "collect"})
            for f in range(flooders):
                author = db.session.get(Participant, people[f])
                for k in range(each):
                    title = f"{method.split(',')[0]} {f}-{k} " + " ".join(rng.choice(words) for _ in range(40))
                    participation.submit_proposal(author, {
                        "session_id": session_id, "title": title[:120],
                        "description": (" ".join(rng.choice(words) for _ in range(200)))[:1000],
                        "dimension": rng.choice(("governance", "branding", "economy", "living", "society",
                                                 "environment"))})
            workshop_service.change_phase(owner, session_id, {"phase": "vote"})
            ids = participation.active_proposal_ids(session_id)
            for pid in people:
                if rng.random() >= voters or method.endswith("no ballots"):
                    continue
                picks = rng.sample(ids, 5)
                if method.startswith("dots"):
                    ballot = {"dots": {str(p): 1 for p in picks}}
                elif method == "points":
                    ballot = {"points": {str(p): 20 for p in picks}}
                elif method == "score":
                    ballot = {"scores": {str(p): {c: rng.randint(1, 5) for c in ("dampak", "urgensi", "kelayakan",
                                                                                 "biaya")} for p in picks}}
                else:
                    ballot = {"ranking": picks}
                participation.cast_ballot(pid, workshop.id, {"session_id": session_id, "ballot": ballot})
        workshop_id = workshop.id
        db.session.remove()
    return app, workshop_id, sessions


def reuse(folder: Path, seeded: dict):
    """The app on a database seeded by an earlier run with `--keep`."""
    from flask_migrate import upgrade

    from workshop import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "PUBLIC_URL": "http://127.0.0.1:5000",
                      "BOARD_FLUSH_SECONDS": 0, "TIMER_CHECK_SECONDS": 0}, instance_path=str(folder / "instance"))
    with app.app_context():
        upgrade()  # a new index of this branch applies to the kept database too
    return app, seeded["workshop_id"], seeded["sessions"]


def measure(app, workshop_id: int, sessions: dict[str, int], repeat: int, profile: bool, top: int) -> dict:
    from workshop.extensions import db
    from workshop.models import Workshop, WorkshopSession
    from workshop.services.results import board_payload, session_results

    figures = {}
    with app.app_context():
        for method, session_id in sessions.items():
            row = {}
            for label, call in (("session_results", lambda w, s: session_results(s)),
                                ("board_payload", lambda w, s: board_payload(w, s))):
                times = []
                for _ in range(repeat):
                    db.session.expunge_all()  # each flush starts from a fresh session, as a request does
                    workshop, session = db.session.get(Workshop, workshop_id), db.session.get(WorkshopSession,
                                                                                              session_id)
                    started = time.perf_counter()
                    call(workshop, session)
                    times.append(time.perf_counter() - started)
                    db.session.rollback()
                row[label] = {"median_ms": statistics.median(times) * 1000, "best_ms": min(times) * 1000}
            db.session.expunge_all()
            workshop, session = db.session.get(Workshop, workshop_id), db.session.get(WorkshopSession, session_id)
            row["payload_bytes"] = len(json.dumps(board_payload(workshop, session)))
            figures[method] = row
            if profile:
                db.session.expunge_all()
                workshop, session = db.session.get(Workshop, workshop_id), db.session.get(WorkshopSession,
                                                                                          session_id)
                profiler = cProfile.Profile()
                profiler.enable()
                board_payload(workshop, session)
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
                row["profile"] = out.getvalue()
            db.session.rollback()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--flooders", type=int, default=40)
    parser.add_argument("--each", type=int, default=20, help="proposals per flooder")
    parser.add_argument("--voters", type=float, default=0.9, help="share of participants who vote")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one board_payload per method")
    parser.add_argument("--top", type=int, default=30, help="profile lines")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--keep", help="seed into this folder once and reuse it on later runs (else a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rembuk-board-") as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        seeded = folder / "seeded.json"
        started = time.perf_counter()
        if args.keep and seeded.exists():
            app, workshop_id, sessions = reuse(folder, json.loads(seeded.read_text()))
            print(f"reusing the workshop seeded in {folder}")
        else:
            app, workshop_id, sessions = seed(folder, args.participants, args.flooders, args.each, args.voters,
                                              random.Random(args.seed))
            seeded.write_text(json.dumps({"workshop_id": workshop_id, "sessions": sessions}))
            print(f"seeded in {time.perf_counter() - started:.1f} s: {args.participants} participants, "
                  f"{args.flooders * args.each} proposals per session, methods {', '.join(sessions)}")
        load_before = os.getloadavg()[0]
        figures = measure(app, workshop_id, sessions, args.repeat, args.profile, args.top)
        load_after = os.getloadavg()[0]
    print(f"load average (1 min, 2 cores): {load_before:.2f} -> {load_after:.2f}; median / best of {args.repeat}")
    print(f"{'method':<16} {'session_results ms':>20} {'board_payload ms':>20} {'payload KB':>11}")
    for method, row in figures.items():
        print(f"{method:<16} {row['session_results']['median_ms']:>11.1f} / {row['session_results']['best_ms']:<6.1f} "
              f"{row['board_payload']['median_ms']:>11.1f} / {row['board_payload']['best_ms']:<6.1f} "
              f"{row['payload_bytes'] / 1024:>10.0f}")
    for method, row in figures.items():
        if "profile" in row:
            print(f"\n=== cProfile: board_payload, {method} ===\n{row['profile']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"load": [load_before, load_after], "figures": {
            m: {k: v for k, v in r.items() if k != "profile"} for m, r in figures.items()}}, indent=2))


if __name__ == "__main__":
    main()
