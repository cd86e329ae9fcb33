"""Duplicate hints: Indonesian normalisation, abbreviations, the pair score on the labelled set
(precision and recall pinned as a floor), and grouping."""
import csv
from pathlib import Path

import pytest

from workshop.voting import similarity as S

DATA = Path(__file__).resolve().parents[1] / "data"


def _pairs(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def measure(rows, threshold=S.THRESHOLD):
    """(precision, recall) of `is_duplicate` on labelled pairs."""
    tp = fp = fn = 0
    for row in rows:
        a = S.Normalised.of(row["a_title"], row["a_description"])
        b = S.Normalised.of(row["b_title"], row["b_description"])
        predicted, actual = S.is_duplicate(a, b, threshold), row["duplicate"] == "1"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
    return tp / (tp + fp), tp / (tp + fn)


def test_the_labelled_sets_are_big_enough_and_balanced():
    rows = _pairs("duplicate_pairs.csv")
    assert len(rows) >= 150
    duplicates = sum(row["duplicate"] == "1" for row in rows)
    assert 0.35 < duplicates / len(rows) < 0.65
    assert {row["duplicate"] for row in rows + _pairs("duplicate_pairs_holdout.csv")} == {"0", "1"}


def test_precision_and_recall_on_the_labelled_set_stay_above_their_floor():
    # Measured at THRESHOLD (docs/voting.md): 0.931 and 0.757 on the set the tables were written with.
    precision, recall = measure(_pairs("duplicate_pairs.csv"))
    assert precision >= 0.92 and recall >= 0.74, (precision, recall)


def test_precision_and_recall_on_the_held_out_set_stay_above_their_floor():
    # Written after the word tables, never used to choose the threshold: 0.923 and 0.60 measured.
    precision, recall = measure(_pairs("duplicate_pairs_holdout.csv"))
    assert precision >= 0.9 and recall >= 0.55, (precision, recall)


def test_stems_indonesian_affixes():
    assert S.normalise("Pelayanan perizinan") == ["layan", "izin"]
    assert S.normalise("pengelolaan") == S.normalise("kelola") or S.normalise("pengelolaan") == ["olah"]
    assert S.stem("pelayanan") == "layan" and S.stem("pelayanan") is S.stem("pelayanan")  # cached


@pytest.mark.parametrize("short, long", [
    ("yan publik", "pelayanan publik"),
    ("SPBE", "sistem pemerintahan berbasis elektronik"),
    ("UMKM", "usaha mikro kecil menengah"),
    ("TIK", "teknologi informasi komunikasi"),
    ("pemkab", "pemerintah kabupaten"),
    ("OPD", "organisasi perangkat daerah"),
    ("PJU", "penerangan jalan umum"),
    ("RTH", "ruang terbuka hijau"),
])
def test_abbreviations_expand_to_what_they_stand_for(short, long):
    assert S.normalise(short) == S.normalise(long)


def test_case_punctuation_word_order_and_online_synonyms_do_not_matter():
    same = lambda a, b: sorted(S.normalise(a)) == sorted(S.normalise(b))  # noqa: E731
    assert same("E-Retribusi PASAR!", "retribusi pasar (elektronik)")
    assert same("layanan daring", "pelayanan online")
    assert same("TPS3R", "TPS 3R")
    a, b = S.Normalised.of("Digitalisasi pelayanan publik"), S.Normalised.of("Layanan publik berbasis digital")
    assert S.pair_score(a, b) == 1.0


def test_generic_words_alone_are_kept_rather_than_leaving_nothing():
    assert S.normalise("Aplikasi sistem") == ["aplikasi", "sistem"]
    assert S.normalise("") == [] and S.Normalised.of("!!!").title == ""


def test_a_shared_generic_word_weighs_less_than_the_program_object():
    arsip = S.Normalised.of("Digitalisasi arsip desa")
    assert S.is_duplicate(arsip, S.Normalised.of("Arsip desa elektronik"))
    assert not S.is_duplicate(arsip, S.Normalised.of("Digitalisasi pembayaran desa"))


def test_typos_still_match():
    assert S.is_duplicate(S.Normalised.of("Aplikasi pelayanan terpadu"), S.Normalised.of("aplikasi pelayann trpadu"))


def test_the_cache_is_keyed_by_id_and_text():
    first = S.normalised(101, "Bank sampah digital", "")
    assert S.normalised(101, "Bank sampah digital", "") is first
    assert S.normalised(101, "Bank sampah desa", "").title != first.title  # edited: normalised again


TITLES = ["Pelayanan terpadu satu pintu", "Layanan online terpadu satu pintu", "PTSP online",
          "Bank sampah digital", "Aplikasi bank sampah", "Pemasangan CCTV di titik rawan",
          "Festival budaya tahunan", "Wifi gratis di ruang publik"]


def test_groups_join_duplicates_and_leave_the_rest_alone():
    items = [S.Normalised.of(title) for title in TITLES]
    groups = S.group_duplicates(items)
    assert [members for members, _score in groups] == [[0, 1, 2], [3, 4]]
    assert all(S.THRESHOLD <= score <= 1 for _members, score in groups)


def test_average_linkage_does_not_chain_two_topics():
    # A~B and B~C pairwise, but A and C are different programs: no group of three.
    items = [S.Normalised.of(t) for t in ("Bank sampah desa", "Bank sampah digital desa", "Bank pangan digital desa")]
    groups = S.group_duplicates(items)
    assert all(len(members) <= 2 for members, _ in groups)


def test_most_similar_gives_at_most_three_best_first():
    items = [S.Normalised.of(title) for title in TITLES]
    found = S.most_similar(S.Normalised.of("layanan terpadu satu pintu"), items)
    assert [i for i, _ in found] and len(found) <= 3 and {i for i, _ in found} <= {0, 1, 2}
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert S.most_similar(S.Normalised.of("Museum purbakala"), items) == []
    assert S.most_similar(S.Normalised.of(""), items) == []


def test_best_written_prefers_description_and_masterplan_fields():
    bare = S.completeness("Bank sampah", "")
    described = S.completeness("Bank sampah", "Nasabah menabung sampah dan saldonya tercatat di aplikasi")
    planned = S.completeness("Bank sampah", "", filled_fields=3)
    assert described > bare and planned > bare
    assert S.completeness("A b", "", 0, 2) > S.completeness("A b", "", 0, 0)
