"""Duplicate hints on a 500-proposal session: the console's grouping and one phone query.

Pure computation (workshop/voting/similarity.py), no server: the route and the event add one
SELECT of the session's proposals. 500 proposals are made from 60 program themes written several
ways (abbreviations, synonyms, word order, extra words), so there are real groups to find.

    .venv/bin/python bench/bench_similarity.py
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.voting import similarity  # noqa: E402

OBJECTS = ["pelayanan perizinan", "bank sampah", "CCTV titik rawan", "wifi ruang publik", "marketplace UMKM",
           "sistem informasi desa", "aplikasi pariwisata", "antrian puskesmas", "rekam medis", "pajak daerah",
           "retribusi pasar", "PJU tenaga surya", "adminduk", "parkir", "peringatan dini banjir", "literasi digital",
           "pemasaran UMKM", "satu data", "e-budgeting", "musrenbang", "website desa", "pasar tradisional",
           "angkutan umum", "bus sekolah", "ruang terbuka hijau", "TPS 3R", "festival budaya", "beasiswa",
           "PPDB", "perpustakaan", "TIK sekolah", "relawan TIK", "pusat data", "command center", "pengaduan",
           "telemedicine", "posyandu", "ambulans desa", "call center 112", "presensi ASN", "SIMPEG", "dashboard pimpinan",
           "harga pangan", "desa wisata", "tata ruang", "jalan rusak", "air bersih", "sampah plastik", "limbah medis",
           "BTS blank spot", "siskeudes", "keamanan siber", "tanda tangan elektronik", "e-office", "kartu pelajar",
           "smart farming", "stunting", "ojek lokal", "kualitas udara", "donor darah"]
PREFIXES = ["", "Aplikasi ", "Pengembangan ", "Digitalisasi ", "Peningkatan ", "Sistem ", "Program ", "Penguatan "]
SUFFIXES = ["", " online", " terpadu", " di setiap desa", " berbasis digital", " kabupaten", " untuk warga",
            " se-kabupaten", " terintegrasi"]
DESCRIPTIONS = ["", "", "Warga bisa mengakses layanan dari rumah tanpa antre.",
                "Dikelola OPD terkait dengan anggaran APBD, target tahun depan.",
                "Mendukung quick win smart city dan RPJMD 2025-2029."]


def proposals(n: int, seed: int = 7) -> list[tuple[int, str, str]]:
    rng = random.Random(seed)
    return [(i + 1, (rng.choice(PREFIXES) + rng.choice(OBJECTS) + rng.choice(SUFFIXES))[:120].strip().capitalize(),
             rng.choice(DESCRIPTIONS)) for i in range(n)]


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main(n: int = 500) -> None:
    rows = proposals(n)
    start = time.perf_counter()
    similarity.stem("pelayanan")  # Sastrawi's dictionary, read once per process
    load_ms = (time.perf_counter() - start) * 1000

    def group():
        return similarity.group_duplicates([similarity.normalised(pid, t, d) for pid, t, d in rows])

    cold_ms, groups = timed(group, 1)                    # every proposal stemmed and normalised
    warm_ms, _ = timed(group, 5)                         # as the console refreshes: all cached
    items = [similarity.normalised(pid, t, d) for pid, t, d in rows]
    queries = iter([similarity.Normalised.of(f"{prefix}{thing} baru", "usulan dari peserta")
                    for prefix in PREFIXES for thing in OBJECTS])  # each new: nothing cached
    query_ms, found = timed(lambda: similarity.most_similar(next(queries), items), 20)
    new_ms, _ = timed(lambda: similarity.group_duplicates(
        items[:-1] + [similarity.Normalised.of("Bank sampah digital di setiap desa", "nasabah menabung sampah")]), 5)
    sizes = [len(members) for members, _score in groups]
    print(f"proposals: {n}, groups found: {len(groups)} (largest {max(sizes, default=0)}, "
          f"{sum(sizes)} proposals in groups)")
    print(f"stemmer load (once per process):          {load_ms:8.1f} ms")
    print(f"console grouping, cold (nothing cached):  {cold_ms:8.1f} ms")
    print(f"console grouping, warm (all cached):      {warm_ms:8.1f} ms (median of 5)")
    print(f"console grouping, one new proposal:       {new_ms:8.1f} ms (median of 5)")
    print(f"phone query against {n}:                  {query_ms:8.2f} ms (median of 20), {len(found)} similar")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
