"""The invitation list's bulk write on PostgreSQL: the rows go to psycopg's own executemany
(services/invitations.py `_driver_many`), with its named parameters and its own timestamps."""
from __future__ import annotations

from flask_migrate import upgrade

from workshop import create_app
from workshop.config import sqlalchemy_url
from workshop.extensions import db
from workshop.models import Invitation, JoinTicket
from workshop.services.invitations import badge_ticket
from workshop.services.tickets import _ticket_hash

from ..api.test_invitations_import import listing, upload, xlsx
from ..conftest import Api, _test_config

HEADER = ["Nama", "Unsur", "Instansi", "Jabatan"]


def test_import_and_reimport_on_postgresql(tmp_path, postgres):
    url = sqlalchemy_url(postgres.new_database("rembuk_invitations"))
    app = create_app({**_test_config("unused"), "SQLALCHEMY_DATABASE_URI": url}, instance_path=str(tmp_path / "i"))
    try:
        with app.app_context():
            upgrade()
        api = Api(app, app.test_client())
        workshop = api.workshop()
        people = [[f"Peserta {i}", "OPD" if i % 2 else "UMKM", f"Dinas {i}", "Staf"] for i in range(40)]
        first = upload(api, workshop["id"], xlsx([HEADER, *people]))
        assert first.status_code == 201, first.get_json()
        assert first.get_json()["created"] == 40
        with app.app_context():
            invitations = db.session.query(Invitation).filter_by(workshop_id=workshop["id"]).all()
            tickets = {t.id: t for t in db.session.query(JoinTicket).filter_by(workshop_id=workshop["id"])}
            assert len(invitations) == 40 and len(tickets) == 40
            for invitation in invitations:  # each linked to the ticket its badge's code hashes to
                ticket = tickets[invitation.ticket_id]
                assert ticket.code_hash == _ticket_hash(workshop["id"], badge_ticket(invitation))
                assert ticket.label == invitation.name and invitation.created_at is not None
                assert invitation.job_title == "Staf" and invitation.phone == ""
            badge = badge_ticket(next(i for i in invitations if i.name == "Peserta 3"))
        joined = app.test_client().post("/api/v1/join", json={"join_code": workshop["join_code"], "ticket": badge})
        assert joined.status_code == 201, joined.get_json()
        assert joined.get_json()["participant"]["name"] == "Peserta 3"

        # Again, reordered, one name in capitals and every job title changed: updates, moves, a relabelled ticket.
        people.reverse()
        people = [[name.upper() if name == "Peserta 5" else name, group, org, "Kepala Seksi"]
                  for name, group, org, _title in people]  # the same person (the key ignores case)
        again = upload(api, workshop["id"], xlsx([HEADER, *people]))
        assert again.status_code == 200, again.get_json()
        assert {k: again.get_json()[k] for k in ("created", "updated", "unchanged")} == {
            "created": 0, "updated": 40, "unchanged": 0}
        listed = listing(api, workshop["id"])
        assert [p["name"] for p in listed] == [p[0] for p in people]
        assert {p["job_title"] for p in listed} == {"Kepala Seksi"}
        with app.app_context():
            renamed = db.session.query(Invitation).filter_by(workshop_id=workshop["id"], name="PESERTA 5").one()
            assert db.session.get(JoinTicket, renamed.ticket_id).label == "PESERTA 5"
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
