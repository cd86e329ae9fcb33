"""The ranked CSV matches the stored ballots."""
import csv
import io

from ..conftest import events  # noqa: F401


def test_csv_is_ranked_with_group_columns(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"])
    api.phase(session["id"], "collect")
    siti = api.join(workshop["join_code"], name="Siti", group="umkm", organization="=HYPERLINK(\"x\")")
    agus = api.join(workshop["join_code"], name="Agus", group="opd", organization="Dinkominfo")
    s_io, a_io = connect(siti["token"]), connect(agus["token"])
    first = s_io.emit("proposal:submit", {"session_id": session["id"], "title": "Pasar daring UMKM",
                                          "description": "Katalog produk desa", "dimension": "economy",
                                          "client_id": "1"}, callback=True)["proposal"]["id"]
    second = a_io.emit("proposal:submit", {"session_id": session["id"], "title": "Satu data kabupaten",
                                           "dimension": "governance", "client_id": "1"}, callback=True)["proposal"]["id"]
    api.phase(session["id"], "vote")
    s_io.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(first): 3, str(second): 1}}}, callback=True)
    a_io.emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": {str(second): 3}}}, callback=True)

    response = api.get(f"/api/v1/sessions/{session['id']}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows[0]) == 8 + 6
    assert rows[1][:8] == ["1", "Satu data kabupaten", "", "Smart Governance", "OPD", "Dinkominfo", "4", "2"]
    assert rows[2][:8] == ["2", "Pasar daring UMKM", "Katalog produk desa", "Smart Economy", "UMKM",
                           "'=HYPERLINK(\"x\")", "3", "1"]
    # Group columns in the workshop's group order: opd, desa, relawan_tik, umkm, akademisi, lainnya.
    assert rows[1][8:] == ["3", "0", "0", "1", "0", "0"]
    assert rows[2][8:] == ["0", "0", "0", "3", "0", "0"]
    results = api.results(session["id"])["results"]
    assert [int(r[6]) for r in rows[1:]] == [r["score"] for r in results]


def test_csv_headers_follow_the_method(api, connect):
    workshop = api.workshop()
    session = api.session(workshop["id"], method="score")
    assert session["seq"] >= 0 and session["timer"] is None
    assert (session["dots_per_participant"], session["max_dots_per_proposal"]) == (5, 3)  # first-release keys
    text = api.get(f"/api/v1/sessions/{session['id']}/export.csv").get_data(as_text=True)
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert "dots" not in " ".join(header).lower() and "titik" not in " ".join(header).lower()
    assert len(header) == 8 + 6
