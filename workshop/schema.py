"""The database schema: bring it to the newest migration before anything uses it.

run.py migrates at every start; the `flask` commands that read or write the database call
`upgrade_schema()` first, so a fresh instance folder works without a separate `flask db upgrade`.
"""
from __future__ import annotations

from alembic import command
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from .extensions import db


def _config():
    config = current_app.extensions["migrate"].migrate.get_config()
    # migrations/env.py leaves logging alone when asked: a command keeps stderr for errors.
    config.attributes["configure_logger"] = False
    return config


def pending() -> bool:
    """Whether the database is behind the newest migration (or has no schema at all)."""
    heads = set(ScriptDirectory.from_config(_config()).get_heads())
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) != heads


def upgrade_schema() -> bool:
    """Apply the migrations the database lacks, quietly; whether there were any."""
    if not pending():
        return False
    command.upgrade(_config(), "head")
    return True
