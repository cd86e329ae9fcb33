"""The one Sastrawi stemmer of the process, shared by the word cloud (words.py) and the duplicate hints
(similarity.py).

Building a stemmer reads Sastrawi's root dictionary (some 30,000 words), so it is built once, on first
use, under a lock (two greenlets or threads may ask at once). Each caller keeps its own folding rules
and cache around `stemmer().stem(word)`.
"""
import threading

_stemmer = None
_lock = threading.Lock()


def stemmer():
    """Sastrawi's Indonesian stemmer (built once; it works offline)."""
    global _stemmer
    if _stemmer is None:
        with _lock:
            if _stemmer is None:
                from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
                _stemmer = StemmerFactory().create_stemmer()
    return _stemmer
