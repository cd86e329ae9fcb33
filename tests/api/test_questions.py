"""The questions' REST side: the console's list, status changes, the board's mode, and refusals."""
import pytest

from ..conftest import Api


@pytest.fixture
def asked(api, connect):
    workshop = api.workshop()
    siti = connect(api.join(workshop["join_code"], name="Siti")["token"])
    agus = connect(api.join(workshop["join_code"], name="Agus", group="opd")["token"])
    ids = [siti.emit("question:ask", {"workshop_id": workshop["id"], "text": text, "anonymous": n == 1},
                     callback=True)["question"]["id"] for n, text in enumerate(["Satu?", "Dua?", "Tiga?"])]
    for sio in (siti, agus):
        sio.emit("question:vote", {"question_id": ids[2]}, callback=True)
    agus.emit("question:vote", {"question_id": ids[1]}, callback=True)
    return {"workshop": workshop, "ids": ids}


def patch(api, url, body):
    return api.client.patch(url, json=body, headers=api.headers)


def test_the_list_is_sorted_by_votes_and_shows_anonim_as_null(api, asked):
    answer = api.get(f"/api/v1/workshops/{asked['workshop']['id']}/questions")
    assert answer.status_code == 200
    body = answer.get_json()
    ids = asked["ids"]
    assert body["board"] == "off"
    assert [(q["id"], q["votes"]) for q in body["questions"]] == [(ids[2], 2), (ids[1], 1), (ids[0], 0)]
    assert body["questions"][1]["author"] is None and body["questions"][2]["author"] == "Siti"


def test_status_changes_are_kept_listed_and_logged(api, asked):
    wid, qid = asked["workshop"]["id"], asked["ids"][0]
    for status in ("hidden", "answered", "on_board", "open"):
        answer = patch(api, f"/api/v1/questions/{qid}", {"status": status})
        assert answer.status_code == 200 and answer.get_json()["status"] == status
    log = api.get(f"/api/v1/workshops/{wid}/moderation-log").get_json()["entries"]
    assert [e["detail"]["after"] for e in log if e["action"] == "question_status"] == [
        "hidden", "answered", "on_board", "open"]


@pytest.mark.parametrize("body", [{}, {"status": "closed"}, {"status": None}, {"status": 1}])
def test_an_unknown_status_is_refused(api, asked, body):
    answer = patch(api, f"/api/v1/questions/{asked['ids'][0]}", body)
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "status"


@pytest.mark.parametrize("body", [{}, {"board": "kiri"}, {"board": True}])
def test_an_unknown_board_mode_is_refused(api, asked, body):
    answer = patch(api, f"/api/v1/workshops/{asked['workshop']['id']}/questions", body)
    assert answer.status_code == 400 and answer.get_json()["error"]["field"] == "board"


def test_unknown_ids_are_not_found(api, asked):
    assert patch(api, "/api/v1/questions/987654", {"status": "open"}).status_code == 404
    assert api.get("/api/v1/workshops/987654/questions").status_code == 404


def test_another_facilitator_is_forbidden(app, api, asked):
    other = Api(app, app.test_client(), email="lain@kominfo.go.id")
    assert other.get(f"/api/v1/workshops/{asked['workshop']['id']}/questions").status_code == 403
    answer = other.client.patch(f"/api/v1/questions/{asked['ids'][0]}", json={"status": "hidden"},
                                headers=other.headers)
    assert answer.status_code == 403


def test_no_credentials_is_unauthorized(app, asked):
    client = app.test_client()
    assert client.get(f"/api/v1/workshops/{asked['workshop']['id']}/questions").status_code == 401
    assert client.patch(f"/api/v1/questions/{asked['ids'][0]}", json={"status": "hidden"}).status_code == 401


def test_a_locked_workshop_refuses_changes_but_lists(api, asked):
    wid = asked["workshop"]["id"]
    api.post(f"/api/v1/workshops/{wid}/close")
    assert patch(api, f"/api/v1/questions/{asked['ids'][0]}", {"status": "hidden"}).status_code == 409
    assert patch(api, f"/api/v1/workshops/{wid}/questions", {"board": "beside"}).status_code == 409
    assert api.get(f"/api/v1/workshops/{wid}/questions").status_code == 200


def test_the_workbook_gets_a_tanya_jawab_sheet_and_the_report_a_section(api, asked):
    import io

    from openpyxl import load_workbook
    wid, ids = asked["workshop"]["id"], asked["ids"]
    patch(api, f"/api/v1/questions/{ids[0]}", {"status": "answered"})
    book = load_workbook(io.BytesIO(api.get(f"/api/v1/workshops/{wid}/export.xlsx").data))
    assert book.sheetnames[-1] == "Tanya Jawab" and len(book.sheetnames) == 7
    rows = list(book["Tanya Jawab"].iter_rows(values_only=True))
    assert len(rows) == 4
    assert [r[1] for r in rows[1:]] == ["Tiga?", "Dua?", "Satu?"]
    assert rows[2][2] == "Anonim" and rows[3][2] == "Siti"      # Dua? was anonymous
    assert [r[4] for r in rows[1:]] == [2, 1, 0] and rows[3][5] == "Sudah dijawab"
    data = api.get(f"/api/v1/workshops/{wid}/export.json").get_json()
    assert [q["text"] for q in data["questions"]] == ["Tiga?", "Dua?", "Satu?"]
    report = api.get(f"/api/v1/workshops/{wid}/report.html").get_data(as_text=True)
    assert 'id="questions"' in report and "Tiga?" in report and "Anonim" in report


def test_a_workshop_without_questions_keeps_its_six_sheets(api):
    import io

    from openpyxl import load_workbook
    workshop = api.workshop()
    book = load_workbook(io.BytesIO(api.get(f"/api/v1/workshops/{workshop['id']}/export.xlsx").data))
    assert len(book.sheetnames) == 6
    assert 'id="questions"' not in api.get(f"/api/v1/workshops/{workshop['id']}/report.html").get_data(as_text=True)
