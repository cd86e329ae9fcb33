"""flask --app workshop facilitator create|token."""
from workshop.extensions import db
from workshop.models import ApiToken, Facilitator
from workshop.services.accounts import facilitator_for_token, hash_token


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
