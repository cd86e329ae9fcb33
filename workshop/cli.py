"""Flask commands: `flask --app workshop facilitator create|token`."""
import click
from flask import Flask
from flask.cli import AppGroup

from .errors import RembukError
from .messages import error_body
from .services import accounts

facilitator_cli = AppGroup("facilitator", help="Manage facilitator accounts.")


@facilitator_cli.command("create")
@click.argument("email")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", default="", help="Display name.")
def create_facilitator(email: str, password: str, name: str):
    """Create a facilitator account."""
    try:
        facilitator = accounts.create_facilitator(email, password, name)
    except RembukError as error:
        raise click.ClickException(error_body(error)["message"]) from None
    click.echo(f"Created facilitator {facilitator.email} (id {facilitator.id}).")


@facilitator_cli.command("token")
@click.argument("email")
def issue_token(email: str):
    """Print a new API token for a facilitator (alone on the last line)."""
    try:
        token = accounts.issue_api_token(email)
    except RembukError:
        raise click.ClickException(f"No facilitator with e-mail {email}.") from None
    click.echo(f"New API token for {email.strip().lower()} (shown once; only its hash is stored):")
    click.echo(token)


def register_commands(app: Flask) -> None:
    """Attach the command groups to the app."""
    app.cli.add_command(facilitator_cli)
