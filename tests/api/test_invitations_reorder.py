"""A re-import that only reorders the list, or leaves people out: unchanged rows take the file's
order, the people it no longer lists stay invited after it in their earlier order, and nobody's
badge changes (the write renumbers with bulk statements, services/invitations.py `_store`)."""
from __future__ import annotations

from workshop.models import JoinTicket

from .test_invitations_import import count, listing, upload, xlsx

HEADER = ["Nama", "Unsur", "Instansi"]
ANI, BUDI, CITRA, DEDI = (["Ani", "OPD", "Dinkominfo"], ["Budi", "OPD", "Bappeda"], ["Citra", "UMKM", "Batik"],
                          ["Dedi", "Akademisi", "Unsoed"])


def test_reordered_and_shorter_lists_keep_everyone_in_a_sensible_order(app, api):
    workshop = api.workshop()
    assert upload(api, workshop["id"], xlsx([HEADER, ANI, BUDI, CITRA, DEDI])).status_code == 201
    before = {p["name"]: p["id"] for p in listing(api, workshop["id"])}
    tickets = count(app, JoinTicket)
    again = upload(api, workshop["id"], xlsx([HEADER, CITRA, ANI]))
    assert again.status_code == 200
    assert {k: again.get_json()[k] for k in ("created", "updated", "unchanged")} == {
        "created": 0, "updated": 0, "unchanged": 2}
    people = listing(api, workshop["id"])
    assert [(p["name"], p["position"]) for p in people] == [("Citra", 0), ("Ani", 1), ("Budi", 2), ("Dedi", 3)]
    assert {p["name"]: p["id"] for p in people} == before and count(app, JoinTicket) == tickets
