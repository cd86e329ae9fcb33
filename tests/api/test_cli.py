"""flask --app workshop facilitator create|token, and what any command does on a fresh instance."""
import os
import subprocess
import sys
from pathlib import Path

from workshop.extensions import db
from workshop.models import ApiToken, Facilitator
from workshop.services.accounts import facilitator_for_token, hash_token

ROOT = Path(__file__).resolve().parents[2]


def test_create_and_token(app, runner):
    result = runner.invoke(args=["facilitator", "create", "Ani@Kominfo.go.id", "--password", "panjang-sekali",
                                 "--name", "Ani"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["facilitator", "token", "ani@kominfo.go.id"])
    token = result.output.strip().splitlines()[-1]
    assert result.exit_code == 0 and len(token) >= 40 and " " not in token
    with app.app_context():
        facilitator = db.session.query(Facilitator).one()
        assert facilitator.email == "ani@kominfo.go.id" and facilitator.password_hash != "panjang-sekali"
        assert facilitator_for_token(token).id == facilitator.id
        assert db.session.query(ApiToken).one().token_hash == hash_token(token)


def test_refusals(runner):
    assert runner.invoke(args=["facilitator", "create", "a@b.id", "--password", "short"]).exit_code != 0
    assert runner.invoke(args=["facilitator", "create", "a@b.id", "--password", "long-enough"]).exit_code == 0
    again = runner.invoke(args=["facilitator", "create", "a@b.id", "--password", "long-enough"])
    assert again.exit_code != 0
    missing = runner.invoke(args=["facilitator", "token", "nobody@b.id"])
    assert missing.exit_code != 0 and "nobody@b.id" in missing.output


def run_flask(instance: Path, *args: str, python_args: tuple = ()) -> subprocess.CompletedProcess:
    """A real `flask --app workshop` process on a fresh instance folder, set up the way
    docs/deployment.md sets up the server (REMBUK_ASYNC_MODE=eventlet in the environment)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("REMBUK_", "PYTHONWARNINGS"))}
    env.update(REMBUK_INSTANCE_PATH=str(instance), REMBUK_DATABASE_URL=f"sqlite:///{instance / 'rembuk.db'}",
               REMBUK_ASYNC_MODE="eventlet")
    return subprocess.run([sys.executable, *python_args, "--app", "workshop", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# `flask` itself, reporting afterwards whether eventlet was imported.
FLASK_THEN_REPORT = ("-c", "import sys\nfrom flask.cli import cli\ntry:\n    cli.main(args=sys.argv[1:], prog_name='flask')\n"
                           "except SystemExit as end:\n    code = end.code\nprint('eventlet imported:', 'eventlet' in sys.modules)\n"
                           "sys.exit(code)")


def test_commands_migrate_a_fresh_database_first_and_print_no_warning(tmp_path):
    instance = tmp_path / "instance"
    created = run_flask(instance, "facilitator", "create", "Ani@Kominfo.go.id", "--password", "panjang-sekali",
                        python_args=("-m", "flask"))
    assert created.returncode == 0, created.stdout + created.stderr
    assert created.stderr == ""
    assert created.stdout.splitlines() == ["Applied the database migrations (the schema is now up to date).",
                                           "Created facilitator ani@kominfo.go.id (id 1)."]
    token = run_flask(instance, "facilitator", "token", "ani@kominfo.go.id", python_args=FLASK_THEN_REPORT)
    assert token.returncode == 0, token.stdout + token.stderr
    assert token.stderr == ""
    lines = token.stdout.splitlines()
    assert lines[-1] == "eventlet imported: False"
    assert lines[0].startswith("New API token for ani@kominfo.go.id") and len(lines) == 3  # nothing to migrate


def test_seed_demo_on_a_fresh_database(tmp_path):
    result = run_flask(tmp_path / "instance", "seed-demo", "--email", "demo@kominfo.go.id", "--password",
                       "rahasia-demo", "--participants", "6", "--proposals", "10", python_args=("-m", "flask"))
    assert result.returncode == 0 and result.stderr == "", result.stdout + result.stderr
    assert result.stdout.startswith("Applied the database migrations") and "Join code:" in result.stdout
