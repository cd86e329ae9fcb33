"""The quick poll and word cloud rules: ballots, tallies, merges, and what makes two words one."""
import pytest
from hypothesis import given, settings, strategies as st

from workshop.errors import RembukError
from workshop.voting import Rules, ballot_view, merge_entries, normalize_ballot, remaining, tally, word_key

POLL = Rules(method="poll", max_choices=2, options=(("pagi", 11), ("siang", 12), ("sore", 13)))
WORDS = Rules(method="words", max_words=3)
GROUPS = ["opd", "umkm"]


def vocabulary():
    """A resolver as the service's: each new key gets the next proposal id."""
    words: dict[str, int] = {}
    return words, lambda key, spelling: words.setdefault(key, 100 + len(words))


def code(raw, rules, resolve=None, allowed=(11, 12, 13)):
    with pytest.raises(RembukError) as caught:
        normalize_ballot(raw, allowed, rules, resolve)
    return caught.value.code


def test_poll_ballot_and_refusals():
    entries = normalize_ballot({"choices": ["sore", "pagi"]}, [11, 12, 13], POLL)
    assert entries == {(13, ""): 1, (11, ""): 1}
    assert ballot_view(entries, POLL) == {"choices": ["pagi", "sore"]} and remaining(entries, POLL) == 0
    assert code({"choices": ["malam"]}, POLL) == "unknown_option"
    assert code({"choices": ["pagi", "pagi"]}, POLL) == "duplicate_choice"
    assert code({"choices": ["pagi", "siang", "sore"]}, POLL) == "too_many_choices"
    assert code({"choices": {"pagi": 1}}, POLL) == "invalid_ballot"
    assert code({"dots": {"11": 1}}, POLL) == "wrong_method"
    # A hidden option (not active) is not an option any more.
    assert code({"choices": ["siang"]}, POLL, allowed=(11, 13)) == "unknown_option"


def test_poll_tally_per_group_and_merge():
    rows = [(11, 1, "opd", "", 1), (13, 1, "opd", "", 1), (11, 2, "umkm", "", 1)]
    results = tally([11, 12, 13], rows, GROUPS, POLL)["results"]
    assert [(r["proposal_id"], r["score"], r["by_group"]) for r in results] == [
        (11, 2, {"opd": 1, "umkm": 1}), (13, 1, {"opd": 1, "umkm": 0}), (12, 0, {"opd": 0, "umkm": 0})]
    # Merging one chosen option into another chosen one leaves one vote.
    assert merge_entries({(11, ""): 1, (13, ""): 1}, 13, 11, POLL) == {(11, ""): 1}


def test_words_ballot_and_refusals():
    words, resolve = vocabulary()
    entries = normalize_ballot({"words": [" Pelayanan  publik ", "kebanjiran", "yang"]}, [], WORDS, resolve)
    assert ballot_view(entries, WORDS) == {"words": ["Pelayanan publik", "kebanjiran"]}
    assert words == {"layan publik": 100, "banjir": 101} and remaining(entries, WORDS) == 1
    assert code({"words": ["a", "b", "c", "d"]}, WORDS, resolve) == "too_many_words"
    assert code({"words": ["  "]}, WORDS, resolve) == "empty_word"
    assert code({"words": ["x" * 41]}, WORDS, resolve) == "word_too_long"
    assert code({"words": ["ok", None]}, WORDS, resolve) == "invalid_ballot"
    assert code({"words": ["a\x00b"]}, WORDS, resolve) == "invalid_ballot"
    # A refused ballot makes no word.
    assert code({"words": ["baru", "x" * 41]}, WORDS, resolve) == "word_too_long" and "baru" not in words


def test_words_one_person_one_mention_per_word():
    _words, resolve = vocabulary()
    entries = normalize_ballot({"words": ["Banjir", "banjir!", "BANJIR"]}, [], WORDS, resolve)
    assert ballot_view(entries, WORDS) == {"words": ["Banjir"]}


def test_words_tally_counts_people_not_places_and_merges_keep_one():
    rows = [(100, 1, "opd", "Banjir", 1), (100, 2, "umkm", "banjir", 3), (101, 1, "opd", "macet", 2)]
    results = tally([100, 101], rows, GROUPS, WORDS)["results"]
    assert [(r["proposal_id"], r["score"], r["detail"]) for r in results] == [
        (100, 2, {"words": 2}), (101, 1, {"words": 1})]
    merged = merge_entries({(100, "Banjir"): 1, (101, "macet"): 2, (102, "air"): 3}, 102, 100, WORDS)
    assert merged == {(100, "Banjir"): 1.0, (101, "macet"): 2.0}
    assert merge_entries({(101, "macet"): 1, (102, "air"): 2}, 102, 100, WORDS) == {
        (101, "macet"): 1.0, (100, "air"): 2.0}


@pytest.mark.parametrize("a,b", [("pelayanan", "Layanan"), ("kebanjiran", "banjir"), ("Kemacetan!", "macet"),
                                 ("anak-anak", "anak"), ("Wi-Fi", "wifi"), ("jalan yang rusak", "Jalan rusak")])
def test_the_same_word(a, b):
    assert word_key(a) == word_key(b) != ""


def test_stop_words_and_punctuation_alone_count_for_nothing():
    assert word_key("dan") == word_key("yang") == word_key("!!!") == ""
    assert word_key("baru") == "baru"  # Sastrawi's long stop list would drop it; ours keeps it


ROOTS = ["banjir", "macet", "layan", "sampah", "jalan", "air", "listrik", "pasar", "wisata", "sekolah"]
AFFIXED = {"banjir": ["kebanjiran", "banjir"], "macet": ["kemacetan", "macet"], "layan": ["pelayanan", "layanan"],
           "sampah": ["sampah", "persampahan"], "jalan": ["jalan", "jalanan"], "air": ["air"],
           "listrik": ["listrik", "kelistrikan"], "pasar": ["pasar", "pemasaran"], "wisata": ["wisata", "berwisata"],
           "sekolah": ["sekolah", "sekolahan"]}


@st.composite
def spelled(draw):
    """A root word written one of its ways, in random case with punctuation around it."""
    root = draw(st.sampled_from(ROOTS))
    word = draw(st.sampled_from(AFFIXED[root]))
    cased = "".join(ch.upper() if draw(st.booleans()) else ch for ch in word)
    return root, draw(st.sampled_from(["", " ", "!", "\"", "("])) + cased + draw(st.sampled_from(["", ".", "!", " ", ")"]))


@settings(max_examples=200, deadline=None)
@given(spelled())
def test_case_and_affixes_do_not_split_a_word(word):
    root, written = word
    assert word_key(written) == word_key(AFFIXED[root][0])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["pagi", "siang", "sore"]), unique=True, max_size=2))
def test_replaying_a_poll_ballot_changes_nothing(choices):
    once = normalize_ballot({"choices": choices}, [11, 12, 13], POLL)
    again = normalize_ballot(ballot_view(once, POLL), [11, 12, 13], POLL)
    assert again == once == normalize_ballot({"choices": choices}, [11, 12, 13], POLL)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.lists(spelled(), max_size=3)), max_size=8))
def test_replaying_word_ballots_changes_nothing(casts):
    """The tally of the stored ballots is the same whether each ballot is cast once or twice."""
    def tally_of(times):
        words, resolve = vocabulary()
        stored = {}
        for participant, ballot in casts:
            for _ in range(times):  # replace-whole: the last cast of a participant is their ballot
                stored[participant] = normalize_ballot({"words": [w for _r, w in ballot]}, [], WORDS, resolve)
        rows = [(pid, participant, GROUPS[participant % 2], spelling, value)
                for participant, entries in stored.items() for (pid, spelling), value in entries.items()]
        outcome = tally(sorted(words.values()), rows, GROUPS, WORDS)
        names = {pid: key for key, pid in words.items()}
        return sorted((names[r["proposal_id"]], r["score"], tuple(sorted(r["by_group"].items())))
                      for r in outcome["results"])
    assert tally_of(1) == tally_of(2)
