"""Consistent copies of the SQLite database, taken while the server runs, and restoring one.

Uses SQLite's online backup API: the copy is a single consistent snapshot even while
ballots are being written (WAL mode), and a restore replaces the live database atomically
for its readers.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from .errors import RembukError


def sqlite_path(database_url: str) -> Path:
    """The file behind a sqlite:/// URL; other databases have their own tools (pg_dump)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise RembukError("not_sqlite")
    return Path(url.database)


def make_private(path: str | Path) -> None:
    """Create `path` (empty) readable by its owner only, or take group and others' rights away.

    An empty file is a new database to SQLite, which gives its -wal, -shm and -journal files the
    database file's permissions. The database holds participants' names and the hashes of every
    password and token: nobody else on the laptop needs to read it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        for name in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
            if name.exists() and name.stat().st_mode & 0o077:
                os.chmod(name, name.stat().st_mode & 0o700)
    except PermissionError:  # a file of another user's: leave it as it is
        pass


def sqlite_file_of(database_url: str) -> Path | None:
    """The file behind a sqlite URL, or None (another database, or in memory)."""
    try:
        return sqlite_path(database_url)
    except RembukError:
        return None


def _read_only_uri(path: Path) -> str:
    """A SQLite URI opening `path` read-only: `?`, `#` and `%` in the name are percent-escaped,
    so that they stay part of the file name instead of starting the query."""
    return f"file:{quote(str(path.resolve()))}?mode=ro"


def backup(database_url: str, target: str | Path) -> Path:
    """Write a consistent copy of the live database to `target`."""
    source = sqlite_path(database_url)
    target = Path(target)
    if target.resolve() == source.resolve():
        raise RembukError("backup_onto_itself")
    make_private(target)
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    copy.close()
    live.close()
    return target


def restore(database_url: str, source: str | Path) -> Path:
    """Replace the live database's contents with a backup made by `backup()`."""
    live_path = sqlite_path(database_url)
    source = Path(source)
    if not source.is_file():
        raise RembukError("not_found", status=404)
    with sqlite3.connect(_read_only_uri(source), uri=True) as saved:
        try:
            tables = {name for (name,) in saved.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError:
            raise RembukError("not_a_backup") from None
        if not {"alembic_version", "workshops", "ballot_entries"} <= tables:
            raise RembukError("not_a_backup")
        with sqlite3.connect(live_path) as live:
            saved.backup(live)
        live.close()
    saved.close()
    return live_path
