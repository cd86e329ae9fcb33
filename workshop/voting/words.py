"""Indonesian words for the word cloud: one key per word, whatever its case, punctuation or affixes.

`word_key("Pelayanan!")`, `word_key("layanan")` and `word_key("LAYANAN")` are all "layan": the
text is lower-cased, cut into tokens at anything but letters, digits and inner hyphens, function
words (STOP_WORDS) are dropped and each remaining token is stemmed with Sastrawi (the maintained
Indonesian stemmer, Nazief-Adriani with its own root dictionary; it works offline). A phrase keeps
its tokens in order ("jalan rusak" -> "jalan rusak"). A text of stop words only has the key ''.

Stop words: a short list of function words (conjunctions, prepositions, pronouns, particles), not
Sastrawi's 800-word list, which also drops words a workshop may mean ("baru", "kerja", "masalah",
"baik", "jelas").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .stemming import stemmer

WORD_MAX = 40  # characters of one word or phrase, after trimming (the ballot entry's criterion column)

STOP_WORDS = frozenset("""
yang dan di ke dari untuk dengan pada dalam atau juga ini itu ada adalah akan oleh karena agar
supaya sebagai serta tetapi tapi namun jika kalau maka bahwa hingga sampai sejak tentang terhadap
antara bagi para pun lah kah tah nya si sang se per tiap setiap semua seluruh sangat lebih paling
sudah telah belum masih sedang bisa dapat harus perlu mau ingin tidak tak bukan jangan ya yg dg dgn
aku saya kami kita kamu anda engkau dia ia mereka beliau kalian
nya mu ku
""".split())

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@lru_cache(maxsize=65536)
def _stem(token: str) -> str:
    # Sastrawi folds reduplication ("anak-anak" -> "anak"); other hyphens go ("wi-fi" = "wifi").
    return stemmer().stem(token).replace("-", "") or token.replace("-", "")


def display_text(raw: str) -> str:
    """A word as its sender wrote it, with its whitespace collapsed."""
    return " ".join(raw.split())


@lru_cache(maxsize=65536)
def word_key(text: str) -> str:
    """The key one word or phrase counts under ('' when nothing but stop words or punctuation)."""
    stems = (_stem(token) for token in _TOKEN.findall(text.lower()) if token not in STOP_WORDS)
    return " ".join(stem for stem in stems if stem and stem not in STOP_WORDS)
