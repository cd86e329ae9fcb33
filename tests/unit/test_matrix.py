"""The Quick Win matrix: axes, coordinates and quadrants (workshop/voting/matrix.py)."""
import pytest
from hypothesis import given, strategies as st

from workshop.errors import RembukError
from workshop.voting.matrix import (axis_value, default_axes, matrix_points, quadrant, resolve_axes,
                                    session_matrix, validate_axes)

KEYS = ["dampak", "urgensi", "kelayakan", "biaya"]
WEIGHTS = {"dampak": 2.0, "urgensi": 1.0, "kelayakan": 1.0, "biaya": 1.0}
AXES = {"x": ["kelayakan", "biaya"], "y": ["dampak", "urgensi"]}


def test_default_axes_value_up_ease_across():
    assert default_axes(KEYS) == AXES
    assert default_axes(["biaya", "urgensi", "manfaat"]) == {"x": ["biaya"], "y": ["urgensi"]}


def test_default_axes_without_the_default_keys_split_the_criteria_in_halves():
    assert default_axes(["a", "b", "c", "d"]) == {"x": ["c", "d"], "y": ["a", "b"]}
    assert default_axes(["a", "b", "c"]) == {"x": ["c"], "y": ["a", "b"]}
    assert default_axes(["dampak", "b"]) == {"x": ["b"], "y": ["dampak"]}  # no ease key: halves
    assert default_axes(["a"]) == {"x": ["a"], "y": ["a"]}
    assert default_axes([]) == {"x": [], "y": []}


def test_stored_axes_hold_while_their_keys_are_criteria():
    chosen = {"x": ["biaya"], "y": ["dampak"]}
    assert resolve_axes(KEYS, chosen) == chosen
    assert resolve_axes(["dampak", "urgensi"], chosen) == default_axes(["dampak", "urgensi"])
    assert resolve_axes(KEYS, None) == AXES


@pytest.mark.parametrize("raw", [
    [], "x", {"x": ["biaya"]}, {"x": ["biaya"], "y": []}, {"x": ["biaya"], "y": ["nope"]},
    {"x": ["biaya"], "y": ["biaya"]}, {"x": ["biaya", "biaya"], "y": ["dampak"]}, {"x": [1], "y": ["dampak"]},
    {"x": ["biaya"], "y": ["dampak"], "z": []}, {"x": "biaya", "y": ["dampak"]},
])
def test_invalid_axes_are_refused_with_a_stable_code(raw):
    with pytest.raises(RembukError) as caught:
        validate_axes(raw, KEYS)
    assert caught.value.code == "invalid_matrix_axes" and caught.value.params["field"] == "matrix_axes"


def test_valid_axes_and_reset():
    assert validate_axes({"x": ["biaya"], "y": ["dampak", "urgensi"]}, KEYS) == {"x": ["biaya"],
                                                                                  "y": ["dampak", "urgensi"]}
    assert validate_axes(None, KEYS) is None


def test_axis_value_is_the_weighted_mean_of_criterion_means():
    assert axis_value({"dampak": 5.0, "urgensi": 2.0}, ["dampak", "urgensi"], WEIGHTS) == 4.0  # (10 + 2) / 3
    assert axis_value({"dampak": None, "urgensi": 2.0}, ["dampak", "urgensi"], WEIGHTS) == 2.0
    assert axis_value({}, ["dampak"], WEIGHTS) is None


@pytest.mark.parametrize("x, y, expected", [
    (4, 4, "quick_win"), (3, 3, "quick_win"), (2.99, 3, "major_project"), (5, 1, "fill_in"), (1, 1, "low_priority"),
    (None, 4, None), (4, None, None),
])
def test_quadrants_split_at_the_scale_midpoint(x, y, expected):
    assert quadrant(x, y) == expected


def test_points_from_sums():
    sums = {(1, "dampak"): (9.0, 2), (1, "urgensi"): (8.0, 2), (1, "kelayakan"): (10.0, 2), (1, "biaya"): (8.0, 2),
            (2, "dampak"): (2.0, 1), (2, "kelayakan"): (5.0, 1)}
    points = matrix_points([1, 2, 3], sums, AXES, WEIGHTS)
    # 1: value (2 * 4.5 + 4) / 3 = 4.33; ease (5 + 4) / 2 = 4.5
    assert points == [{"proposal_id": 1, "x": 4.5, "y": 4.33, "quadrant": "quick_win"},
                      {"proposal_id": 2, "x": 5.0, "y": 2.0, "quadrant": "fill_in"},
                      {"proposal_id": 3, "x": None, "y": None, "quadrant": None}]


def test_session_matrix_overall_and_per_group():
    sums = {(1, "opd", "dampak"): (5.0, 1), (1, "opd", "biaya"): (1.0, 1),
            (1, "umkm", "dampak"): (1.0, 1), (1, "umkm", "biaya"): (5.0, 1)}
    found = session_matrix([1], sums, ["opd", "umkm", "akademisi"], {"x": ["biaya"], "y": ["dampak"]}, WEIGHTS)
    assert found["x"] == ["biaya"] and found["y"] == ["dampak"] and found["midpoint"] == 3
    assert found["points"] == [{"proposal_id": 1, "x": 3.0, "y": 3.0, "quadrant": "quick_win"}]
    assert found["groups"]["opd"] == [{"proposal_id": 1, "x": 1.0, "y": 5.0, "quadrant": "major_project"}]
    assert found["groups"]["umkm"] == [{"proposal_id": 1, "x": 5.0, "y": 1.0, "quadrant": "fill_in"}]
    assert found["groups"]["akademisi"] == [{"proposal_id": 1, "x": None, "y": None, "quadrant": None}]


@given(st.dictionaries(st.sampled_from(KEYS), st.lists(st.integers(1, 5), min_size=1, max_size=6)))
def test_coordinates_stay_on_the_scale(scores):
    sums = {(1, key): (float(sum(values)), len(values)) for key, values in scores.items()}
    (point,) = matrix_points([1], sums, AXES, WEIGHTS)
    for axis in ("x", "y"):
        assert point[axis] is None or 1 <= point[axis] <= 5
    assert (point["quadrant"] is None) == (point["x"] is None or point["y"] is None)
