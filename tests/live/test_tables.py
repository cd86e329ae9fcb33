"""Parallel tables live: choosing a table, the mode switch, wrong_table, per-table boards, and
carried proposals that remember their table."""
import pytest

from workshop.live.broadcast import broadcaster

from ..conftest import events


@pytest.fixture
def hall(api, connect):
    """A workshop with tables A and B, a session at each (in collect), a plenary session, and three
    connected phones: one at A, one at B, one not seated."""
    workshop = api.workshop()
    wid = workshop["id"]
    tables = [api.post(f"/api/v1/workshops/{wid}/tables", {"name": name, "dimension": dimension}).get_json()
              for name, dimension in (("Meja A", "economy"), ("Meja B", "society"))]
    sessions = []
    for table in tables:
        session = api.session(wid, f"Sesi {table['name']}", table_id=table["id"])
        api.phase(session["id"], "collect")
        sessions.append(session)
    plenary = api.session(wid, "Pleno")
    phones = {}
    for name, table in (("ana", tables[0]), ("budi", tables[1]), ("cici", None)):
        body = {"join_code": workshop["join_code"], "name": name, "group": "umkm"}
        if table:
            body["table_id"] = table["id"]
        joined = api.client.post("/api/v1/join", json=body)
        assert joined.status_code == 201, joined.get_json()
        phones[name] = {**joined.get_json(), "io": connect(joined.get_json()["token"])}
    return {"workshop": workshop, "tables": tables, "sessions": sessions, "plenary": plenary, "phones": phones}


def submit(sio, session_id, title, client_id):
    return sio.emit("proposal:submit", {"session_id": session_id, "title": title, "dimension": "economy",
                                        "client_id": client_id}, callback=True)


def last_state(sio):
    states = events(sio, "session:state")
    assert states, "no session:state"
    return states[-1]


def set_mode(api, workshop_id, mode):
    response = api.post(f"/api/v1/workshops/{workshop_id}/mode", {"mode": mode})
    assert response.status_code == 200 and response.get_json() == {"id": workshop_id, "mode": mode}


def test_a_workshop_carries_mode_and_tables_and_table_sessions_stay_off_the_plenary(api, hall):
    shown = api.get(f"/api/v1/workshops/{hall['workshop']['id']}").get_json()
    assert shown["mode"] == "plenary" and shown["current_session_id"] is None
    assert [(t["name"], t["dimension"], t["current_session_id"]) for t in shown["tables"]] == [
        ("Meja A", "economy", hall["sessions"][0]["id"]), ("Meja B", "society", hall["sessions"][1]["id"])]
    assert shown["tables"][0]["board_url"].endswith(f"/board/{shown['id']}?table={shown['tables'][0]['id']}")
    assert [s["table_id"] for s in shown["sessions"]] == [hall["tables"][0]["id"], hall["tables"][1]["id"], None]
    # In plenary mode the phones follow the plenary, which has no live session yet.
    state = last_state(hall["phones"]["ana"]["io"])
    assert state["session_id"] is None and state["mode"] == "plenary" and state["needs_table"] is False
    assert state["my_table"] == {"id": hall["tables"][0]["id"], "name": "Meja A", "dimension": "economy"}
    assert [t["name"] for t in state["tables"]] == ["Meja A", "Meja B"]


def test_the_mode_switch_reaches_every_phone_at_once(api, hall):
    phones = hall["phones"]
    for phone in phones.values():
        phone["io"].get_received()
    set_mode(api, hall["workshop"]["id"], "tables")
    ana, budi, cici = (last_state(phones[name]["io"]) for name in ("ana", "budi", "cici"))
    assert (ana["session_id"], ana["table_id"]) == (hall["sessions"][0]["id"], hall["tables"][0]["id"])
    assert (budi["session_id"], budi["table_id"]) == (hall["sessions"][1]["id"], hall["tables"][1]["id"])
    assert cici["session_id"] is None and cici["needs_table"] is True and len(cici["tables"]) == 2
    # A table's phase change reaches that table's phones only.
    for phone in phones.values():
        phone["io"].get_received()
    answer = api.phase(hall["sessions"][0]["id"], "review")
    assert answer["current_session_id"] == hall["sessions"][0]["id"]  # its table's current session
    assert last_state(phones["ana"]["io"])["phase"] == "review"
    assert events(phones["budi"]["io"], "session:state") == [] and events(phones["cici"]["io"], "session:state") == []
    # Back to the plenary: everyone follows the plenary's current session.
    api.phase(hall["plenary"]["id"], "collect")
    set_mode(api, hall["workshop"]["id"], "plenary")
    for name in ("ana", "budi", "cici"):
        state = last_state(phones[name]["io"])
        assert state["session_id"] == hall["plenary"]["id"] and state["table_id"] is None, name


def test_table_choose_acks_then_sends_a_fresh_state(api, hall):
    set_mode(api, hall["workshop"]["id"], "tables")
    cici = hall["phones"]["cici"]["io"]
    cici.get_received()
    ack = cici.emit("table:choose", {"table_id": hall["tables"][1]["id"]}, callback=True)
    assert ack == {"ok": True, "table_id": hall["tables"][1]["id"]}
    state = last_state(cici)
    assert state["session_id"] == hall["sessions"][1]["id"] and state["needs_table"] is False
    assert state["my_table"]["name"] == "Meja B"
    refused = cici.emit("table:choose", {"table_id": 987654}, callback=True)
    assert refused["ok"] is False and refused["error"]["code"] == "unknown_table"
    assert cici.emit("table:choose", {}, callback=True)["error"]["code"] == "invalid_input"
    assert cici.emit("table:choose", {"table_id": None}, callback=True) == {"ok": True, "table_id": None}
    assert last_state(cici)["needs_table"] is True
    # A facilitator's seating reaches the phone too, and the attendance list says who sits where.
    cici.get_received()
    moved = api.client.patch(f"/api/v1/participants/{hall['phones']['cici']['participant_id']}",
                             json={"table_id": hall["tables"][0]["id"]}, headers=api.headers)
    assert moved.get_json() == {"id": hall["phones"]["cici"]["participant_id"], "table_id": hall["tables"][0]["id"]}
    assert last_state(cici)["session_id"] == hall["sessions"][0]["id"]
    people = api.get(f"/api/v1/workshops/{hall['workshop']['id']}/participants").get_json()["participants"]
    assert {p["name"]: p["table_id"] for p in people} == {
        "ana": hall["tables"][0]["id"], "budi": hall["tables"][1]["id"], "cici": hall["tables"][0]["id"]}


def test_join_with_a_table_of_another_workshop_is_refused(api, hall):
    other = api.workshop("Bimtek lain")
    response = api.client.post("/api/v1/join", json={"join_code": other["join_code"], "name": "Dedi",
                                                     "group": "opd", "table_id": hall["tables"][0]["id"]})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "unknown_table"


def test_wrong_table_refuses_proposals_and_ballots_but_the_plenary_takes_everyone(api, hall):
    session_a = hall["sessions"][0]["id"]
    ana, budi, cici = (hall["phones"][name]["io"] for name in ("ana", "budi", "cici"))
    assert submit(ana, session_a, "Pasar digital", "a1")["ok"]
    for sio in (budi, cici):
        refused = submit(sio, session_a, "Bukan mejaku", "x1")
        assert refused["ok"] is False and refused["error"]["code"] == "wrong_table"
    api.phase(session_a, "vote")
    pid = str(api.get(f"/api/v1/sessions/{session_a}/proposals").get_json()["proposals"][0]["id"])
    assert ana.emit("ballot:cast", {"session_id": session_a, "ballot": {"dots": {pid: 2}}}, callback=True)["ok"]
    for sio in (budi, cici):
        refused = sio.emit("ballot:cast", {"session_id": session_a, "ballot": {"dots": {pid: 1}}}, callback=True)
        assert refused["ok"] is False and refused["error"]["code"] == "wrong_table"
    assert api.results(session_a)["voters"] == 1
    plenary = hall["plenary"]["id"]
    api.phase(plenary, "collect")
    for n, sio in enumerate((ana, budi, cici)):
        assert submit(sio, plenary, f"Usulan pleno {n}", f"p{n}")["ok"]


def test_a_tables_board_never_receives_another_tables_update(api, hall, connect):
    table_a, table_b = hall["tables"]
    board_a, board_b, plenary_board = connect(api.token), connect(api.token), connect(api.token)
    first = board_a.emit("board:watch", {"table_id": table_a["id"]}, callback=True)["update"]
    assert first["table_id"] == table_a["id"] and first["session_id"] == hall["sessions"][0]["id"]
    assert first["participants"]["total"] == 1
    board_b.emit("board:watch", {"table_id": table_b["id"]}, callback=True)
    plenary_board.emit("board:watch", {"workshop_id": hall["workshop"]["id"]}, callback=True)
    broadcaster.flush()
    for board in (board_a, board_b, plenary_board):
        board.get_received()
    assert submit(hall["phones"]["ana"]["io"], hall["sessions"][0]["id"], "Pasar digital", "a1")["ok"]
    api.phase(hall["sessions"][0]["id"], "review")
    broadcaster.flush()
    updates = events(board_a, "board:update")
    assert updates and all(u["table_id"] == table_a["id"] for u in updates)
    assert updates[-1]["phase"] == "review" and updates[-1]["proposals_count"] == 1
    assert updates[-1]["table"] == {"id": table_a["id"], "name": "Meja A", "dimension": "economy"}
    assert events(board_b, "board:update") == []
    assert all(u["table_id"] is None for u in events(plenary_board, "board:update"))
    # A new session of table B going live moves B's board, not A's.
    second = api.session(hall["workshop"]["id"], "Putaran 2", table_id=table_b["id"])
    api.phase(second["id"], "vote")
    broadcaster.flush()
    assert [u["session_id"] for u in events(board_b, "board:update")][-1] == second["id"]
    # Board A may be redrawn (a session was added to the workshop), but only ever with its own table.
    assert all((u["table_id"], u["session_id"]) == (table_a["id"], hall["sessions"][0]["id"])
               for u in events(board_a, "board:update"))
    # A person choosing a table changes the counts of table boards (the whole workshop is marked).
    hall["phones"]["cici"]["io"].emit("table:choose", {"table_id": table_b["id"]}, callback=True)
    broadcaster.flush()
    assert events(board_b, "board:update")[-1]["participants"]["total"] == 2
    assert events(board_a, "board:update")[-1]["participants"]["total"] == 1


def test_the_plenary_carries_the_top_of_every_table_and_remembers_where_each_came_from(api, hall):
    phones = hall["phones"]
    for (name, session), titles in zip((("ana", hall["sessions"][0]), ("budi", hall["sessions"][1])),
                                       (("A satu", "A dua", "A tiga"), ("B satu", "B dua", "B tiga"))):
        for n, title in enumerate(titles):
            assert submit(phones[name]["io"], session["id"], title, f"{name}{n}")["ok"]
        api.phase(session["id"], "vote")
        listed = api.get(f"/api/v1/sessions/{session['id']}/proposals").get_json()["proposals"]
        top = {p["title"]: str(p["id"]) for p in listed}
        ballot = {top[titles[0]]: 3, top[titles[1]]: 2}
        assert phones[name]["io"].emit("ballot:cast", {"session_id": session["id"], "ballot": {"dots": ballot}},
                                       callback=True)["ok"]
        api.phase(session["id"], "closed")
    plenary = hall["plenary"]["id"]
    carried = api.post(f"/api/v1/sessions/{plenary}/carry",
                       {"from_session_ids": [s["id"] for s in hall["sessions"]], "top_n": 2})
    assert carried.status_code == 201
    copies = carried.get_json()["copied"]
    assert [(c["title"], c["origin_table"]["name"]) for c in copies] == [
        ("A satu", "Meja A"), ("A dua", "Meja A"), ("B satu", "Meja B"), ("B dua", "Meja B")]
    api.phase(plenary, "vote")
    state = last_state(phones["cici"]["io"])  # plenary mode: everyone, seated or not
    assert {p["title"]: p["origin_table"]["id"] for p in state["proposals"]} == {
        "A satu": hall["tables"][0]["id"], "A dua": hall["tables"][0]["id"],
        "B satu": hall["tables"][1]["id"], "B dua": hall["tables"][1]["id"]}
    pid = str(copies[2]["id"])
    assert phones["ana"]["io"].emit("ballot:cast", {"session_id": plenary, "ballot": {"dots": {pid: 1}}},
                                    callback=True)["ok"]
    results = api.results(plenary)
    assert results["table_id"] is None
    assert results["results"][0]["origin_table"] == {"id": hall["tables"][1]["id"], "name": "Meja B"}
    # Through a chain of carry-overs the table stays the one it was collected at.
    final = api.session(hall["workshop"]["id"], "Quick Win")
    again = api.post(f"/api/v1/sessions/{final['id']}/carry", {"from_session_ids": [plenary], "top_n": 1})
    assert again.get_json()["copied"][0]["origin_table"]["name"] == "Meja B"
    # Proposals that were not carried from a table carry no origin_table at all.
    own = api.get(f"/api/v1/sessions/{hall['sessions'][0]['id']}/proposals").get_json()["proposals"]
    assert all("origin_table" not in p for p in own)


def test_paper_ballots_at_a_table_seat_their_voter_there(api, hall):
    session_a = hall["sessions"][0]["id"]
    assert submit(hall["phones"]["ana"]["io"], session_a, "Pasar digital", "a1")["ok"]
    api.phase(session_a, "vote")
    pid = str(api.get(f"/api/v1/sessions/{session_a}/proposals").get_json()["proposals"][0]["id"])
    paper = api.post(f"/api/v1/sessions/{session_a}/paper-ballots", {"group": "opd", "ballot": {"dots": {pid: 1}}})
    assert paper.status_code == 201
    people = api.get(f"/api/v1/workshops/{hall['workshop']['id']}/participants").get_json()["participants"]
    assert [p["table_id"] for p in people if p["kind"] == "paper"] == [hall["tables"][0]["id"]]
