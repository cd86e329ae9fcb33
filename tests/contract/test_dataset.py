"""The JSON export of a workshop with tables and questions for the speakers matches its schema.

Both features add optional keys to the dataset (`tables`, each result row's `table`, each person's
`table`; `questions`): Schemathesis reaches the export of a workshop with tables only when its
generated id happens to name one, so this checks it every run.
"""
from .contract import problems


def test_the_export_of_a_workshop_with_tables_and_questions_matches_dataset(api, connect):
    workshop = api.workshop()
    wid = workshop["id"]
    table = api.post(f"/api/v1/workshops/{wid}/tables", {"name": "Meja A", "dimension": "economy"}).get_json()
    session = api.session(wid, "Sesi Meja A", table_id=table["id"])
    api.phase(session["id"], "collect")
    joined = api.client.post("/api/v1/join", json={"join_code": workshop["join_code"], "name": "Siti",
                                                   "group": "umkm", "table_id": table["id"]}).get_json()
    phone = connect(joined["token"])
    ack = phone.emit("proposal:submit", {"session_id": session["id"], "title": "Pasar digital desa",
                                         "dimension": "economy", "client_id": "1"}, callback=True)
    assert ack["ok"], ack
    ack = phone.emit("question:ask", {"workshop_id": wid, "text": "Kapan mulai?", "anonymous": True}, callback=True)
    assert ack["ok"], ack
    data = api.get(f"/api/v1/workshops/{wid}/export.json").get_json()
    assert data["tables"][0]["name"] == "Meja A" and data["questions"][0]["author"] is None
    assert data["sessions"][0]["results"][0]["table"] == {"id": table["id"], "name": "Meja A"}
    assert problems("Dataset", data, "openapi") == []
