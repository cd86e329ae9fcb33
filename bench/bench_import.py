"""Invitation import benchmark: where the time of a 2,000-row list goes.

Builds an app on a fresh SQLite file in a temporary folder (migrated, no export workers), one
workshop, and an organizer's workbook (.xlsx) and CSV of N people. Then, in this process, times
each part of `services.invitations.import_list` separately, best and median of R:

- parse: reading the file, the header, the columns, every cell (`parse_list`; on a server this
  runs in an export worker, off the live loop);
- check: the rows against the workshop's unsur and tables, duplicates (`check_list`);
- write: the invitations and their badges' tickets, in one transaction, committed (a first import
  into an empty list: every row created), then a re-import of the same list (every row unchanged)
  and of the list with every job title changed (every row updated).

    .venv/bin/python bench/bench_import.py              # 2,000 rows, 5 repeats
    .venv/bin/python bench/bench_import.py --rows 1000 --repeat 3
    .venv/bin/python bench/bench_import.py --server     # the loop lag of a real server meanwhile

With `--server` it starts a real server instead (`run.py`, eventlet, SQLite, export workers, as
`scripts/serve` does), imports the list through the API three times (all created, all unchanged,
all updated) and reports, for each, the server's own loop lag from `/metrics`: the bucket every
probe tick fell within, the ticks over 50 ms, and the largest lag of the last 10 s (each import
starts after 11 quiet seconds, so that figure is the import's).
"""
from __future__ import annotations

import argparse
import io
import os
import pickle
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUPS = ("OPD", "Kecamatan/Desa", "Relawan TIK", "UMKM", "Akademisi")


def people(rows: int, job_title: str = "Staf") -> list[list]:
    return [[f"Peserta {i:04d}", GROUPS[i % len(GROUPS)], f"Instansi {i}", job_title, 81200000000 + i]
            for i in range(rows)]


def workbook(rows: list[list]) -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nama", "Unsur", "Instansi", "Jabatan", "No HP"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_file(rows: list[list]) -> bytes:
    lines = ["Nama;Unsur;Instansi;Jabatan;No HP"] + [";".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(fn, repeat: int, setup=None) -> list[float]:
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def line(label: str, times: list[float]) -> str:
    return f"{label:<46} best {min(times) * 1000:8.1f} ms   median {statistics.median(times) * 1000:8.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", action="store_true", help="measure a real server's loop lag instead")
    args = parser.parse_args()
    if args.server:
        return on_server(args.rows)

    from flask_migrate import upgrade
    from sqlalchemy import delete

    from workshop import create_app
    from workshop.extensions import db
    from workshop.models import Facilitator, Invitation, JoinTicket
    from workshop.services import accounts, workshops
    from workshop.services import invitations as service

    folder = Path(tempfile.mkdtemp(prefix="rembuk-bench-import-"))
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "PUBLIC_URL": "http://127.0.0.1:5000",
                      "BOARD_FLUSH_SECONDS": 0, "TIMER_CHECK_SECONDS": 0, "EXPORT_WORKERS": 0},
                     instance_path=str(folder / "instance"))
    rows = people(args.rows)
    xlsx, text = workbook(rows), csv_file(rows)
    updated = workbook(people(args.rows, "Kepala Seksi"))
    print(f"Invitation import, {args.rows} rows: xlsx {len(xlsx) // 1024} KiB, csv {len(text) // 1024} KiB; "
          f"best and median of {args.repeat}")
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    import logging
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with app.app_context():
        upgrade()
        owner = accounts.create_facilitator("bench@kominfo.go.id", "bench-password")
        workshop = workshops.create_workshop(owner, {"title": "Bimtek (benchmark impor)"})
        workshop_id, owner_id = workshop.id, owner.id
        db.session.commit()

        def facilitator():
            return db.session.get(Facilitator, owner_id)

        print(line("parse .xlsx (worker's part)", timed(lambda: service.parse_list(xlsx, "u.xlsx", {}), args.repeat)))
        print(line("parse .csv (worker's part)", timed(lambda: service.parse_list(text, "u.csv", {}), args.repeat)))
        parsed = service.parse_list(xlsx, "u.xlsx", {})

        def check():
            service.check_list(db.session.get(type(workshop), workshop_id), ready.pop())
            db.session.rollback()
        ready = []
        print(line("check against the workshop (server)", timed(
            check, args.repeat, setup=lambda: ready.append(pickle.loads(pickle.dumps(parsed))))))
        print(line(f"{args.rows} badge codes + their hashes (server)", timed(
            lambda: [service._ticket_hash(workshop_id, service._badge_code(workshop_id, i, 1))
                     for i in range(args.rows)], args.repeat)))

        # The worker's reply, as the server reads it off the socket.
        reply = pickle.dumps(("ok", parsed), protocol=pickle.HIGHEST_PROTOCOL)
        print(line(f"unpickle the worker's reply, {len(reply) // 1024} KiB (server)",
                   timed(lambda: pickle.loads(reply), args.repeat)))

        # The write: import_list with the parse already done (the reply, unpickled before the clock).
        real_compute = service.offload.compute
        current = {"parsed": parsed}
        ready = []

        def arrived():
            ready[:] = [pickle.loads(pickle.dumps(current["parsed"]))]
        service.offload.compute = lambda kind, *a: ready.pop()

        def empty():
            arrived()
            db.session.execute(delete(Invitation).where(Invitation.workshop_id == workshop_id))
            db.session.execute(delete(JoinTicket).where(JoinTicket.workshop_id == workshop_id))
            db.session.commit()

        def run():
            report, stored = service.import_list(facilitator(), workshop_id, b"", "", None)
            assert stored, report["errors"][:3]
            db.session.remove()
        print(line("check + write, all created (server)", timed(run, args.repeat, setup=empty)))
        print(line("check + write, all unchanged (server)", timed(run, args.repeat, setup=arrived)))
        updated_parsed = service.parse_list(updated, "u.xlsx", {})

        def back():
            current["parsed"] = parsed
            arrived()
            run()
            current["parsed"] = updated_parsed
            arrived()
        print(line("check + write, all updated (server)", timed(run, args.repeat, setup=back)))
        service.offload.compute = real_compute
        print(line("whole import_list, xlsx, all created (in-process)",
                   timed(lambda: (service.import_list(facilitator(), workshop_id, xlsx, "u.xlsx", None), db.session.remove()),
                         args.repeat, setup=empty)))


def on_server(rows: int) -> None:
    """Import through a real server's API and read its loop lag around each import."""
    import json
    import shutil
    import urllib.request
    import uuid

    from bench.loadtest import ServerProcess
    from bench.stall import scrape, ticks_between

    folder = Path(tempfile.mkdtemp(prefix="rembuk-bench-import-server-"))
    server = ServerProcess("app", folder, "eventlet")
    try:
        server.flask("facilitator", "create", "bench@kominfo.go.id", "--password", "bench-password")
        token = server.flask("facilitator", "token", "bench@kominfo.go.id").strip().splitlines()[-1]

        def call(path: str, body: bytes, content_type: str) -> dict:
            request = urllib.request.Request(server.url + path, data=body, method="POST", headers={
                "Authorization": f"Bearer {token}", "Content-Type": content_type})
            with urllib.request.urlopen(request, timeout=120) as response:
                return json.loads(response.read())

        workshop = call("/api/v1/workshops", json.dumps({"title": "Bimtek (benchmark impor)"}).encode(),
                        "application/json")
        print(f"Invitation import on a server, {rows} rows (.xlsx), eventlet, SQLite, commit "
              f"{os.popen('git -C ' + str(ROOT) + ' rev-parse --short HEAD').read().strip()}; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for label, book in (("all created", workbook(people(rows))), ("all unchanged", workbook(people(rows))),
                            ("all updated", workbook(people(rows, "Kepala Seksi")))):
            time.sleep(11)  # the lag maximum covers the last 10 s: now only the import's
            before = scrape(server.url)
            boundary = uuid.uuid4().hex
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"undangan.xlsx\"\r\n"
                    f"Content-Type: application/octet-stream\r\n\r\n").encode() + book + f"\r\n--{boundary}--\r\n".encode()
            started = time.perf_counter()
            answer = call(f"/api/v1/workshops/{workshop['id']}/invitations", body,
                          f"multipart/form-data; boundary={boundary}")
            took = (time.perf_counter() - started) * 1000
            after = scrape(server.url)
            ticks, late, within = ticks_between(before, after)
            print(f"{label:15} request {took:6.0f} ms  created/updated/unchanged "
                  f"{answer['created']}/{answer['updated']}/{answer['unchanged']}  probe ticks {ticks}: "
                  f"every one within {within * 1000 if within else 'more than 5000'} ms, {late} over 50 ms; "
                  f"loop lag max {after['rembuk_loop_lag_max_seconds{}'] * 1000:.0f} ms")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
