"""Likely duplicate proposals, in Indonesian: normalisation, a pair score, groups.

Pure (no Flask, no database) and offline: Sastrawi's stemmer ships its dictionary inside the
package, rapidfuzz is compiled code. The steps, for a proposal's title and description:

1. lower case, punctuation and digits-with-letters split (`e-KTP` -> `e ktp`, `TPS3R` -> `tps 3r`);
2. abbreviations common in government text expanded (`yan` -> pelayanan, `SPBE` -> sistem
   pemerintahan berbasis elektronik, `pemkab` -> pemerintah kabupaten, `UMKM`, `TIK`, ...);
3. synonyms folded onto one word (`online`, `daring`, `elektronik`, `e-` -> digital; `wisata`
   -> pariwisata; `web`, `situs` -> website);
4. stop words dropped, and the words every program title carries (`aplikasi`, `sistem`,
   `pembangunan`, `peningkatan`, ...) dropped too, unless nothing else is left;
5. each word stemmed with Sastrawi (`pelayanan` -> `layan`, `perizinan` -> `izin`), stems cached.

A pair's score (0..1) is rapidfuzz's token-set and token-sort ratios on the stemmed titles,
blended with the same on title + description when both have one (`pair_score`). Pairs at or
above `THRESHOLD` are likely duplicates; `group_duplicates` joins them by average linkage, so one
loose pair does not chain two topics together. The figures behind THRESHOLD (precision and
recall on tests/data/duplicate_pairs.csv) are in docs/voting.md.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

THRESHOLD = 0.70          # a pair at or above this is a likely duplicate (docs/voting.md)
W_FUZZY = 0.5             # share of rapidfuzz's ratios in a title's score (the rest: weighted overlap)
HINT_LIMIT = 3            # at most this many similar proposals on the phone

# Government abbreviations and shorthand, expanded before stemming. Keys are lower case tokens.
ABBREVIATIONS = {
    "yan": "pelayanan", "layanan": "pelayanan",
    "opd": "organisasi perangkat daerah", "skpd": "organisasi perangkat daerah",
    "dinas": "organisasi perangkat daerah",
    "umkm": "usaha mikro kecil menengah", "ukm": "usaha mikro kecil menengah",
    "ikm": "industri kecil menengah",
    "tik": "teknologi informasi komunikasi", "ict": "teknologi informasi komunikasi",
    "ti": "teknologi informasi", "it": "teknologi informasi",
    "spbe": "sistem pemerintahan berbasis elektronik", "egov": "pemerintahan elektronik",
    "government": "pemerintahan", "gov": "pemerintahan",
    "pemkab": "pemerintah kabupaten", "pemkot": "pemerintah kota", "pemda": "pemerintah daerah",
    "pemdes": "pemerintah desa", "pemprov": "pemerintah provinsi",
    "kab": "kabupaten", "kec": "kecamatan", "kel": "kelurahan",
    "kominfo": "komunikasi informatika", "diskominfo": "komunikasi informatika",
    "dinkominfo": "komunikasi informatika", "dinkes": "kesehatan", "dishub": "perhubungan",
    "disdik": "pendidikan", "disdukcapil": "kependudukan pencatatan sipil",
    "dukcapil": "kependudukan pencatatan sipil", "adminduk": "administrasi kependudukan",
    "ptsp": "pelayanan terpadu satu pintu", "mpp": "mal pelayanan publik",
    "sid": "sistem informasi desa", "siskeudes": "sistem keuangan desa",
    "simpeg": "sistem informasi kepegawaian", "sitaru": "sistem informasi tata ruang",
    "rth": "ruang terbuka hijau", "pju": "penerangan jalan umum", "pjut": "penerangan jalan umum surya",
    "ews": "peringatan dini", "tte": "tanda tangan elektronik",
    "asn": "pegawai", "pns": "pegawai", "aparatur": "pegawai", "kepegawaian": "pegawai",
    "ppdb": "penerimaan peserta didik baru", "rsud": "rumah sakit umum daerah", "rs": "rumah sakit",
    "pustu": "puskesmas pembantu", "tps": "tempat pembuangan sampah", "tpa": "tempat pemrosesan akhir sampah",
    "bts": "menara sinyal", "oss": "perizinan berusaha", "csirt": "tanggap insiden siber",
    "atcs": "pengaturan lalu lintas", "bumdes": "badan usaha milik desa",
    "pokdarwis": "kelompok sadar wisata", "pad": "pendapatan asli daerah",
    "wifi": "internet", "hotspot": "internet", "cctv": "kamera pengawas", "ktp": "kartu tanda penduduk",
    "kk": "kartu keluarga", "rt": "rukun tetangga", "rw": "rukun warga", "ibu": "ibu",
    "medsos": "media sosial", "lansia": "lanjut usia", "balita": "balita",
    "ecommerce": "marketplace", "commerce": "marketplace", "toko": "marketplace", "lapak": "marketplace",
    "library": "perpustakaan", "tour": "tur", "farming": "pertanian", "smart": "pintar", "cerdas": "pintar",
    "parking": "parkir", "center": "pusat", "centre": "pusat", "kendali": "pusat", "data": "data",
    "warning": "peringatan", "early": "dini", "call": "telepon", "planning": "perencanaan",
    "budgeting": "anggaran", "office": "persuratan", "surat": "persuratan", "naskah": "persuratan",
    "absensi": "presensi", "antrean": "antrian", "angkutan": "transportasi",
    "kamera": "kamera", "pengawas": "pengawas", "pemantau": "pengawas", "pemantauan": "pengawas",
    "daur": "olah", "ulang": "olah", "pengolahan": "olah", "pengelolaan": "olah",
}
# Words folded onto one canonical word (after abbreviations, before stemming).
SYNONYMS = {
    "online": "digital", "daring": "digital", "elektronik": "digital", "elektronis": "digital",
    "e": "digital", "virtual": "digital", "digitalisasi": "digital", "non": "digital", "tunai": "digital",
    "wisata": "pariwisata", "web": "website", "situs": "website", "portal": "website",
    "jemput": "keliling", "bola": "keliling", "kampung": "desa", "kelurahan": "desa",
    "internet": "internet", "sinyal": "internet", "blank": "internet", "spot": "internet",
    "open": "buka", "keterbukaan": "buka", "command": "pusat", "city": "kota",
    "bupati": "pimpinan", "walikota": "pimpinan", "eksekutif": "pimpinan", "kepala": "pimpinan",
    "konsultasi": "konsultasi", "telemedicine": "konsultasi dokter digital", "dokter": "dokter",
    "terpadu": "terpadu", "terintegrasi": "terpadu", "integrasi": "terpadu", "satu": "terpadu",
    "gratis": "gratis", "cuma": "gratis",
    "pasar": "pasar", "jual": "marketplace", "beli": "marketplace",
    "keluhan": "aduan", "pengaduan": "aduan", "lapor": "aduan", "melapor": "aduan", "laporan": "aduan",
    "kriminalitas": "kejahatan", "kriminal": "kejahatan", "rawan": "rawan",
    "kedaruratan": "darurat", "rute": "jadwal", "realtime": "jadwal",
    "pegawai": "pegawai", "kinerja": "kinerja", "statistik": "data", "sektoral": "data",
}
# Function words, and words that any program title carries (they say nothing about which program).
STOP_WORDS = frozenset("""
yang dan di ke dari untuk bagi dengan pada dalam oleh atau serta secara melalui agar supaya
ini itu tersebut para setiap seluruh semua se per se-kabupaten tiap masing adalah akan bisa dapat
ada juga lebih sangat tidak belum sudah telah harus perlu mau kami kita warga masyarakat
aplikasi sistem program kegiatan pengembangan pembangunan penerapan implementasi peningkatan
penyediaan pengadaan penguatan optimalisasi pemanfaatan pembuatan pembentukan penambahan
pemasangan berbasis kabupaten kota daerah teknologi baru khusus lokal bersama real time system
tanpa antar
""".split())
# Words whose stem Sastrawi gets wrong for this vocabulary.
STEM_OVERRIDES = {"pariwisata": "wisata", "pegawai": "pegawai", "pelajar": "pelajar", "kependudukan": "duduk",
                  "perizinan": "izin", "pertanian": "tani", "petani": "tani", "perpustakaan": "pustaka",
                  "marketplace": "marketplace", "website": "website", "antrian": "antri", "presensi": "presensi",
                  "pintar": "pintar", "internet": "internet", "digital": "digital",
                  "kewirausahaan": "wirausaha", "pemuda": "muda", "pimpinan": "pimpin"}

# Stems that many programs share: a match on them says less than a match on the program's object
# (`arsip`, `sampah`, `cctv`). Weight of a stem in the weighted overlap; 1 when not listed.
GENERIC_WEIGHTS = {
    "digital": 0.3, "padu": 0.3, "layan": 0.5, "informasi": 0.4, "desa": 0.5, "publik": 0.5, "data": 0.6,
    "latih": 0.5, "bayar": 0.6, "kelola": 0.5, "olah": 0.5, "website": 0.5, "pintar": 0.4, "perintah": 0.4,
    "masyarakat": 0.4, "organisasi": 0.4, "perangkat": 0.4, "pusat": 0.6, "gratis": 0.6, "online": 0.3,
    "muda": 0.7, "anak": 0.7, "kecamatan": 0.5, "sekolah": 0.7, "awas": 0.7, "pegawai": 0.7, "sehat": 0.8,
}
STEM_MATCH = 75           # two stems of 4+ letters this close (rapidfuzz ratio, 0..100) count as one (typos)

_WORD = re.compile(r"[a-z0-9]+")
_SPLIT_DIGITS = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z]{2,})")
_stemmer = None
_stemmer_lock = threading.Lock()


def _stemmer_instance():
    """Sastrawi's stemmer, built once (building it reads its dictionary)."""
    global _stemmer
    if _stemmer is None:
        with _stemmer_lock:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """One word's stem (cached: Sastrawi is slow, a session's vocabulary is small)."""
    if word in STEM_OVERRIDES:
        return STEM_OVERRIDES[word]
    if len(word) <= 3 or word.isdigit():
        return word
    return _stemmer_instance().stem(word) or word


def tokens(text: str) -> list[str]:
    """Lower-case words with abbreviations expanded and synonyms folded, stop words kept."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    out: list[str] = []
    for raw in _WORD.findall(text):
        for word in _SPLIT_DIGITS.sub(" ", raw).split():
            for expanded in ABBREVIATIONS.get(word, word).split():
                out.extend(SYNONYMS.get(expanded, expanded).split())
    return out


def normalise(text: str) -> list[str]:
    """The stems a text is compared by: stop words dropped (unless that leaves nothing), stemmed."""
    words = tokens(text)
    kept = [w for w in words if w not in STOP_WORDS] or words
    stems = []
    for word in kept:
        s = SYNONYMS.get(stem(word), stem(word))
        if s not in stems:
            stems.append(s)
    return stems


@dataclass(frozen=True)
class Normalised:
    """A proposal's text as compared: stemmed title, stemmed title + description."""

    title: str
    full: str
    has_description: bool
    size: int          # how many stems the title has

    @classmethod
    def of(cls, title: str, description: str = "") -> "Normalised":
        """Normalise a title and an optional description."""
        title_stems = normalise(title)
        described = [s for s in normalise(description) if s not in title_stems] if description else []
        return cls(" ".join(title_stems), " ".join(title_stems + described), bool(described), len(title_stems))


_cache: dict[tuple, Normalised] = {}
_CACHE_MAX = 50_000


def normalised(key, title: str, description: str = "") -> Normalised:
    """`Normalised.of`, cached by (key, title, description): an edited proposal is normalised again."""
    cache_key = (key, title, description)
    found = _cache.get(cache_key)
    if found is None:
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        found = _cache[cache_key] = Normalised.of(title, description)
    return found


@lru_cache(maxsize=100_000)
def _same_stem(a: str, b: str) -> bool:
    """Whether two different stems count as one: both 4+ letters and STEM_MATCH close (a typo)."""
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b, score_cutoff=STEM_MATCH) > 0


def _weight(stem_: str) -> float:
    return GENERIC_WEIGHTS.get(stem_, 1.0)


def _weighted_overlap(a: str, b: str) -> float:
    """Dice overlap of two stem lists, each stem weighted by GENERIC_WEIGHTS; typos still match."""
    left, right = a.split(), b.split()
    total = sum(map(_weight, left)) + sum(map(_weight, right))
    if not total:
        return 0.0
    unmatched = [word for word in right if word not in left]
    shared = 0.0
    for word in left:
        if word in right:
            shared += 2 * _weight(word)
            continue
        hit = next((other for other in unmatched if _same_stem(word, other)), None)
        if hit is not None:
            unmatched.remove(hit)
            shared += _weight(word) + _weight(hit)
    return shared / total


def _ratio(a: str, b: str) -> float:
    """0..1: rapidfuzz's token-set and token-sort ratios (order never matters, typos barely)
    blended with the generic-weighted overlap (a shared `digital` says less than a shared `arsip`)."""
    if not a or not b:
        return 0.0
    fuzzy = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 200.0
    return W_FUZZY * fuzzy + (1 - W_FUZZY) * _weighted_overlap(a, b)


_pair_cache: dict[tuple[Normalised, Normalised], float] = {}
_PAIR_CACHE_MAX = 500_000


def pair_score(a: Normalised, b: Normalised) -> float:
    """How likely two proposals say the same thing, 0..1 (cached: the console asks again and again)."""
    key = (a, b)
    found = _pair_cache.get(key)
    if found is None:
        if len(_pair_cache) >= _PAIR_CACHE_MAX:
            _pair_cache.clear()
        found = _pair_cache[key] = _pair_score(a, b)
    return found


def _pair_score(a: Normalised, b: Normalised) -> float:
    title = _ratio(a.title, b.title)
    if a.has_description and b.has_description:
        return max(title * 0.85, 0.6 * title + 0.4 * _ratio(a.full, b.full))
    return title


def is_duplicate(a: Normalised, b: Normalised, threshold: float = THRESHOLD) -> bool:
    """Whether a pair is a likely duplicate."""
    return pair_score(a, b) >= threshold


def _index(items: list[Normalised]) -> dict[str, set[int]]:
    """Stem -> the items whose title has that stem, or one a typo away (`_same_stem`)."""
    exact: dict[str, set[int]] = {}
    for i, item in enumerate(items):
        for word in item.title.split():
            exact.setdefault(word, set()).add(i)
    vocabulary = list(exact)
    index = {}
    for word, holders in exact.items():
        index[word] = set(holders)
        if len(word) >= 4:
            for other, _score, _k in process.extract(word, vocabulary, scorer=fuzz.ratio, score_cutoff=STEM_MATCH,
                                                     limit=None):
                if other != word and len(other) >= 4:
                    index[word] |= exact[other]
    return index


def _candidates(items: list[Normalised], cutoff: float) -> dict[tuple[int, int], float]:
    """Every pair (i < j) scoring at least `cutoff`.

    Only pairs whose titles share a stem (or a typo of one) are scored: without one the title
    part is at most half the fuzzy ratio, below 0.5, and the blend with a description at most
    0.6 * 0.5 + 0.4 = 0.7, reached only by identical strings, which share stems. So for a cutoff
    of 0.7 or more nothing is missed, and a 500-proposal session scores a fraction of its
    125,000 pairs; scores are cached, so a refresh scores only what is new.
    """
    pairs: dict[tuple[int, int], float] = {}
    seen: set[tuple[int, int]] = set()
    for holders in _index(items).values():
        ordered = sorted(holders)
        for k, i in enumerate(ordered):
            for j in ordered[k + 1:]:
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                score = pair_score(items[i], items[j])
                if score >= cutoff:
                    pairs[(i, j)] = score
    return pairs


def group_duplicates(items: list[Normalised], threshold: float = THRESHOLD) -> list[tuple[list[int], float]]:
    """Groups of likely duplicates among `items`: ([indexes], mean pair score), biggest first.

    Average linkage: two groups join when the mean score of every pair across them is at least
    `threshold` (a missing pair counts as 0), so A~B and B~C do not pull in an unrelated C.
    Thresholds below 0.7 may miss pairs that share no stem (see `_candidates`).
    """
    pairs = _candidates(items, threshold)
    score = lambda i, j: pairs.get((i, j) if i < j else (j, i), 0.0)  # noqa: E731
    groups: dict[int, list[int]] = {}
    where: dict[int, int] = {}
    for (i, j), _s in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        gi, gj = where.get(i, i), where.get(j, j)
        if gi == gj:
            continue
        a, b = groups.get(gi, [gi]), groups.get(gj, [gj])
        mean = sum(score(x, y) for x in a for y in b) / (len(a) * len(b))
        if mean < threshold:
            continue
        merged = sorted(a + b)
        groups.pop(gi, None)
        groups.pop(gj, None)
        groups[merged[0]] = merged
        for member in merged:
            where[member] = merged[0]
    found = []
    for members in groups.values():
        inner = [score(x, y) for k, x in enumerate(members) for y in members[k + 1:]]
        found.append((members, sum(inner) / len(inner)))
    found.sort(key=lambda g: (-len(g[0]), -g[1], g[0][0]))
    return found


def most_similar(query: Normalised, items: list[Normalised], limit: int = HINT_LIMIT,
                 threshold: float = THRESHOLD) -> list[tuple[int, float]]:
    """The (index, score) of at most `limit` items scoring at least `threshold` against `query`, best first."""
    if not query.title:
        return []
    words = query.title.split()
    found = []
    for i, item in enumerate(items):
        if not any(w == o or _same_stem(w, o) for w in words for o in item.title.split()):
            continue  # nothing shared: cannot reach the threshold (see _candidates)
        score = pair_score(query, item)
        if score >= threshold:
            found.append((i, score))
    found.sort(key=lambda f: (-f[1], f[0]))
    return found[:limit]


def completeness(title: str, description: str = "", filled_fields: int = 0, merged_count: int = 0) -> tuple:
    """How well-written a proposal is, for choosing the one a group merges into (higher first).

    Words of description (up to 60), ten per filled masterplan field (goal, target, indicator,
    responsible agency, horizon), and the title's words (up to 12); ties go to the one that
    already absorbed merges.
    """
    words = len((description or "").split())
    return (min(words, 60) + 10 * filled_fields + min(len((title or "").split()), 12), merged_count)
