"""The Quick Win matrix in the exports: the workbook's quadrant column, the report's server-drawn SVG,
the JSON export's `matrix`."""
from .test_exports import demo, english, rows_of, workbook  # noqa: F401 - demo is a fixture

QUADRANT_NAMES = {"quick_win": "Quick Win", "major_project": "Major project", "fill_in": "Fill-in",
                  "low_priority": "Low priority", None: None}


def test_workbook_has_each_proposal_quadrant_for_score_sessions(api, demo):  # noqa: F811
    english(api)
    book = workbook(api, demo["id"])
    headers, rows = rows_of(book["Program Prioritas"])
    assert headers[-1] == "Matrix quadrant"
    number_of = {s["id"]: s["position"] + 1 for s in demo["sessions"]}
    checked = 0
    for sid, result in demo["results"].items():
        quadrant = {p["proposal_id"]: p["quadrant"] for p in result.get("matrix", {"points": []})["points"]}
        for row in rows:
            if row["Session no."] != number_of[sid]:
                continue
            expected = QUADRANT_NAMES[quadrant.get(row["Proposal ID"])] if result["method"] == "score" else None
            assert row["Matrix quadrant"] == expected, row
            checked += expected is not None
    assert checked > 3
    dimension_headers, _rows = rows_of(book["Per Dimensi"])
    assert dimension_headers[-1] == "Matrix quadrant"


def test_workbook_header_in_indonesian(api, demo):  # noqa: F811
    headers, _rows = rows_of(workbook(api, demo["id"])["Program Prioritas"])
    assert headers[-1] == "Kuadran matriks"


def test_report_draws_the_matrix_of_the_score_session(api, demo):  # noqa: F811
    english(api)
    response = api.get(f"/api/v1/workshops/{demo['id']}/report.html")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('aria-label="Quick Win matrix"') == 1  # one score session in the demo
    score = next(r for r in demo["results"].values() if r["method"] == "score")
    placed = [p for p in score["matrix"]["points"] if p["quadrant"]]
    start = html.index('aria-label="Quick Win matrix"')
    svg = html[start:html.index("</svg>", start)]
    assert svg.count("<circle") == len(placed) and "matrix-chart" in html[html.rindex("<svg", 0, start):start]
    assert "Value: Dampak, Urgensi" in svg and "Ease: Kelayakan, Efisiensi biaya" in svg
    assert " style=" not in svg and "<script" not in svg


def test_json_export_carries_the_matrix(api, demo):  # noqa: F811
    body = api.get(f"/api/v1/workshops/{demo['id']}/export.json").get_json()
    sessions = {s["method"]: s for s in body["sessions"]}
    assert "matrix" in sessions["score"] and "matrix" not in sessions["dots"]
    score = next(r for r in demo["results"].values() if r["method"] == "score")
    assert sessions["score"]["matrix"] == score["matrix"]
