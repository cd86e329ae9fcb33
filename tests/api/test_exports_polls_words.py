"""Quick polls and word clouds in the organizer's outputs: their own sheets, the session CSV, the
JSON dataset and the report; the program sheets leave them out."""
import csv
import io
import re

import openpyxl

OPTIONS = [{"key": "ya", "label": "Ya, setuju"}, {"key": "tidak", "label": "Tidak"}]


def cast(sio, sid, ballot):
    ack = sio.emit("ballot:cast", {"session_id": sid, "ballot": ballot}, callback=True)
    assert ack["ok"], ack


def workshop_with_poll_and_cloud(api, connect):
    workshop = api.workshop()
    poll = api.session(workshop["id"], title="Setuju?", method="poll", options=OPTIONS)
    words = api.session(workshop["id"], title="Satu kata", method="words", max_words=2)
    people = [connect(api.join(workshop["join_code"], name=f"P{i}", group=g)["token"])
              for i, g in enumerate(["opd", "opd", "umkm"])]
    api.phase(poll["id"], "vote")
    for sio, choice in zip(people, ["ya", "ya", "tidak"]):
        cast(sio, poll["id"], {"choices": [choice]})
    api.phase(words["id"], "vote")
    for sio, sent in zip(people, [["banjir", "macet"], ["kebanjiran"], ["banjir"]]):
        cast(sio, words["id"], {"words": sent})
    return workshop, poll, words


def test_workbook_has_poll_and_word_sheets(api, connect):
    workshop, poll, words = workshop_with_poll_and_cloud(api, connect)
    api.client.set_cookie("lang", "en")
    response = api.get(f"/api/v1/workshops/{workshop['id']}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames[-2:] == ["Jajak Pendapat", "Awan Kata"]
    assert list(book["Program Prioritas"].iter_rows(values_only=True))[1:] == []
    header, *rows = list(book["Jajak Pendapat"].iter_rows(values_only=True))
    table = [dict(zip(header, row)) for row in rows]
    assert [(r["Option"], r["Votes"], r["From OPD"], r["From UMKM"]) for r in table] == [
        ("Ya, setuju", 2, 2, 0), ("Tidak", 1, 0, 1)]
    header, *rows = list(book["Awan Kata"].iter_rows(values_only=True))
    table = [dict(zip(header, row)) for row in rows]
    assert [(r["Word"], r["People"]) for r in table] == [("banjir", 3), ("macet", 1)]
    header, *rows = list(book["Suara"].iter_rows(values_only=True))
    assert "Word as written" in header and {row[-1] for row in rows} >= {"banjir", "kebanjiran", "macet"}


def test_session_csv_json_and_report(api, connect):
    workshop, poll, words = workshop_with_poll_and_cloud(api, connect)
    api.client.set_cookie("lang", "en")
    text = api.get(f"/api/v1/sessions/{poll['id']}/export.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][6] == "Votes" and [r[1] for r in rows[1:]] == ["Ya, setuju", "Tidak"]
    data = api.get(f"/api/v1/workshops/{workshop['id']}/export.json").get_json()
    cloud = next(s for s in data["sessions"] if s["method"] == "words")
    assert [(r["title"], r["score"]) for r in cloud["results"]] == [("banjir", 3), ("macet", 1)]
    assert {b["word"] for b in data["ballots"] if "word" in b} == {"kebanjiran", "banjir", "macet"}
    html = api.get(f"/api/v1/workshops/{workshop['id']}/report.html").get_data(as_text=True)
    assert not re.search(r"\sstyle=", html) and "<script" not in html
    assert "Ya, setuju" in html and "Votes per option" in html and "People per word" in html and "banjir" in html
