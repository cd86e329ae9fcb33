"""Found (the laptop): the database and its backups were readable by every user of the machine,
and `restore` put the backup's path into a SQLite URI unescaped (`?` or `#` in it changed which
file was opened, and how)."""
import sqlite3
import stat
import subprocess
import sys

from ..servers import ROOT


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_its_journal_and_backups_are_the_owners_only(server, tmp_path):
    database = server.folder / "rembuk.db"
    server.workshop()  # writes: the -wal and -shm files exist
    for path in (database, database.with_name("rembuk.db-wal"), database.with_name("rembuk.db-shm")):
        assert path.exists() and mode(path) == 0o600, path
    assert mode(server.folder / "instance") == 0o700
    target = tmp_path / "cadangan" / "rembuk-backup.db"
    server.flask("backup", str(target))
    assert mode(target) == 0o600


def test_restore_takes_any_file_name(server, tmp_path):
    server.workshop()
    odd = tmp_path / "cadangan?mode=rwc#1%20.db"
    server.flask("backup", str(odd))
    restored = tmp_path / "dipulihkan.db"
    env = {**server.env, "REMBUK_DATABASE_URL": f"sqlite:///{restored}", "REMBUK_INSTANCE_PATH": str(tmp_path / "i"),
           "REMBUK_ASYNC_MODE": "threading"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "workshop", "restore", str(odd)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Restored" in result.stdout, result.stdout + result.stderr
    with sqlite3.connect(restored) as db:
        assert db.execute("SELECT count(*) FROM workshops").fetchone()[0] >= 1
    db.close()
    assert not (tmp_path / "cadangan").exists()
