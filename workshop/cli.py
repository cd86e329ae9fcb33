"""Flask commands: `flask --app workshop facilitator create|token`, backup, restore, seed-demo."""
import functools

import click
from flask import Flask
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from . import backup
from .demo import build_demo, demo_owner, memberships
from .errors import RembukError
from .messages import error_body
from .schema import upgrade_schema
from .services import accounts


def migrated(command):
    """Run a command on the newest schema: apply any pending migrations first, as run.py does.

    So the first command on a fresh instance folder works instead of failing on a missing table.
    """
    @functools.wraps(command)
    @with_appcontext
    def wrapper(*args, **kwargs):
        if upgrade_schema():
            click.echo("Applied the database migrations (the schema is now up to date).")
        return command(*args, **kwargs)
    return wrapper


facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", default="", help="Display name.")
@migrated
def create_facilitator(email: str, password: str, name: str):
    """Create a facilitator account."""
    try:
        facilitator = accounts.create_facilitator(email, password, name)
    except RembukError as error:
        raise click.ClickException(error_body(error)["message"]) from None
    click.echo(f"Created facilitator {facilitator.email} (id {facilitator.id}).")


@facilitator_cli.command("token")
@click.argument("email")
@migrated
def issue_token(email: str):
    """Print a new API token for a facilitator (alone on the last line)."""
    try:
        token = accounts.issue_api_token(email)
    except RembukError:
        raise click.ClickException(f"No facilitator with e-mail {email}.") from None
    click.echo(f"New API token for {email.strip().lower()} (shown once; only its hash is stored):")
    click.echo(token)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str):
    """Write a consistent copy of the SQLite database to PATH (safe while the server runs)."""
    from .offload import lower_priority
    lower_priority()  # the copy may take a while longer; the hall's server must not
    try:
        written = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except RembukError as error:
        raise click.ClickException(error_body(error)["message"]) from None
    click.echo(f"Backup written to {written}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def restore_command(path: str):
    """Bring back a backup made by `backup`: it replaces the current database's contents."""
    try:
        restored = backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except RembukError as error:
        raise click.ClickException(error_body(error)["message"]) from None
    click.echo(f"Restored {path} into {restored}. Boards and phones catch up when they reconnect.")


@click.command("seed-demo")
@click.option("--email", required=True, help="The facilitator who owns the demo workshop.")
@click.option("--password", default=None, help="Creates that facilitator if missing (at least 8 characters).")
@click.option("--participants", default=60, show_default=True, type=click.IntRange(6, 5000))
@click.option("--proposals", default=30, show_default=True, type=click.IntRange(10, 1000))
@click.option("--seed", default=2024, show_default=True, help="Random seed: the same seed gives the same votes.")
@click.option("--tables", default=0, show_default=True, type=click.IntRange(0, 6),
              help="Run it in discussion groups: this many tables (2-6; 6 = one per dimension), each with its "
                   "own co-facilitator and session, feeding a plenary by carry-over.")
@migrated
def seed_demo_command(email: str, password: str | None, participants: int, proposals: int, seed: int, tables: int):
    """Create a realistic demo workshop: four sessions (dots, points, score, rank) with ballots,
    or with --tables a bimtek in parallel tables and a plenary."""
    if tables == 1:
        raise click.BadParameter("a workshop in tables has at least 2 (0: no tables)", param_hint="--tables")
    try:
        facilitator, created = demo_owner(email, password)
        if created:
            click.echo(f"Created facilitator {facilitator.email} (id {facilitator.id}).")
        workshop = build_demo(facilitator, participants=participants, proposals=proposals, seed=seed,
                              tables=tables, password=password)
    except RembukError as error:
        if error.code == "not_found":
            raise click.ClickException(f"No facilitator with e-mail {email}: give --password to create one.") from None
        raise click.ClickException(error_body(error)["message"]) from None
    click.echo(f"Created demo workshop \"{workshop.title}\" for {facilitator.email}.")
    click.echo(f"Workshop id: {workshop.id}")
    click.echo(f"Join code: {workshop.join_code}")
    for table in workshop.tables:
        coordinators = ", ".join(m.facilitator.email for m in memberships(workshop.id) if m.table_id == table.id)
        click.echo(f"Table {table.id}: {table.name} (co-facilitator: {coordinators or '-'})")
    if workshop.tables and not password:
        click.echo("The co-facilitators' accounts have random passwords: give --password to set theirs too.")


def register_commands(app: Flask) -> None:
    """Attach the command groups to the app."""
    app.cli.add_command(facilitator_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(seed_demo_command)
