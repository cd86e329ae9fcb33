"""SQLite's WAL checkpoints, moved out of the serving process.

In WAL mode SQLite copies the log back into the database file (a *checkpoint*) every 1,000
pages, inside whichever commit crosses that line: the commit then writes up to 4 MB and syncs
the file, and under eventlet or gevent the whole process waits with it. A server therefore
raises that line to WAL_SAFETY_PAGES (a net, should this helper die) and runs a small helper
process that checkpoints PASSIVE-ly every second (it never waits for a lock, so it never holds
up a writer). The helper exits when the server is gone.
"""
from __future__ import annotations

import logging
import subprocess
import sys

log = logging.getLogger(__name__)

WAL_SAFETY_PAGES = 20000  # 80 MB of log at 4 KiB pages
INTERVAL_SECONDS = 1.0

HELPER = """
import os, sqlite3, sys, time
path, parent, interval = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
connection = None
while os.getppid() == parent:
    try:
        if connection is None:  # the server may not have created the database yet
            connection = sqlite3.connect("file:" + path + "?mode=rw", uri=True, timeout=0)
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass
    time.sleep(interval)
"""


def start(path: str) -> subprocess.Popen | None:
    """Start the checkpoint helper for the SQLite file at `path`; None if it cannot run."""
    import os
    try:
        return subprocess.Popen([sys.executable, "-c", HELPER, path, str(os.getpid()), str(INTERVAL_SECONDS)],
                                stdin=subprocess.DEVNULL)
    except OSError:
        log.warning("could not start the WAL checkpoint helper; SQLite checkpoints in commits", exc_info=True)
        return None
