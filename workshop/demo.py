"""A realistic demo workshop, built through the same services the API uses.

`flask --app workshop seed-demo` makes one for trying the console, the board and the exports;
the export benchmark makes a large one. A bimtek's usual flow: participants propose programs in
all six dimensions and spend dots; the top programs get an indicative budget in points, are
scored on Quick Win criteria, and the finalists are ranked. One duplicate is merged, one
off-topic proposal is hidden, one elder votes on paper, and the top programs get their
masterplan fields (tujuan, sasaran, indikator, OPD penanggung jawab, horizon, Quick Win).
"""
from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import select

from .domain import DIMENSION_LABELS
from .errors import RembukError
from .extensions import db
from .models import DIMENSIONS, Facilitator, Participant, Workshop, WorkshopFacilitator
from .services import accounts, moderation, participation
from .services import tables as table_service
from .services import workshops as workshop_service
from .services.results import moderation_list, session_results

# (title, dimension, description, responsible agency, success indicator, horizon in years)
PROGRAMS = (
    ("Digitalisasi layanan perizinan satu pintu", "governance", "Izin usaha dan IMB diajukan dan dilacak daring dari MPP.",
     "DPMPTSP", "80% izin terbit daring dalam 5 hari kerja", 1),
    ("Satu Data Purbalingga", "governance", "Portal data sektoral bersama semua OPD, satu standar dan satu wali data.",
     "Dinkominfo", "Seluruh OPD mengisi portal data setiap triwulan", 5),
    ("Aplikasi pengaduan masyarakat terpadu", "governance", "Satu kanal aduan (SP4N-LAPOR!) dengan tindak lanjut terpantau.",
     "Dinkominfo", "90% aduan ditindaklanjuti dalam 5 hari", 1),
    ("Tanda tangan elektronik untuk surat desa", "governance", "Surat keterangan desa ditandatangani secara elektronik.",
     "Dispermades", "Seluruh desa memakai TTE untuk surat keterangan", 1),
    ("Perizinan online lewat HP", "governance", "Izin bisa diurus dari ponsel tanpa datang ke kantor.",
     "DPMPTSP", "", 1),
    ("Festival Gunung Slamet berbasis digital", "branding", "Tiket, jadwal dan siaran langsung festival dalam satu aplikasi.",
     "Dinporapar", "Kunjungan festival naik 20% per tahun", 1),
    ("Aplikasi wisata Purbalingga", "branding", "Peta destinasi, homestay dan paket wisata desa dengan pemesanan daring.",
     "Dinporapar", "50 destinasi terdaftar dan dapat dipesan daring", 5),
    ("Promosi knalpot dan bulu mata Purbalingga di marketplace", "branding", "Toko resmi produk unggulan daerah di marketplace nasional.",
     "Dinkop UKM", "100 UMKM produk unggulan berjualan daring", 1),
    ("Wi-Fi publik dan penataan alun-alun", "branding", "Alun-alun sebagai ruang publik digital dengan papan informasi.",
     "Dinas Perkim", "Ruang publik dengan Wi-Fi di 18 kecamatan", 5),
    ("Branding desa wisata Serang", "branding", "Identitas visual dan kanal promosi desa wisata Serang.",
     "Dinporapar", "Kunjungan desa wisata naik 25%", 1),
    ("Roadshow pemulihan ekonomi pascapandemi", "economy", "Keliling kecamatan: pelatihan, permodalan dan pameran produk UMKM.",
     "Dinkop UKM", "500 UMKM mendapat pendampingan per tahun", 1),
    ("Pasar daring UMKM", "economy", "Katalog produk desa dan UMKM dengan pembayaran dan kurir lokal.",
     "Dinkop UKM", "Transaksi daring UMKM naik 30%", 5),
    ("Pembayaran nontunai retribusi pasar (QRIS)", "economy", "Retribusi pasar dan parkir dibayar dengan QRIS.",
     "Dinas Perindag", "75% retribusi pasar dibayar nontunai", 1),
    ("Pelatihan pemasaran digital UMKM", "economy", "Kelas foto produk, media sosial dan marketplace bagi pelaku UMKM.",
     "Dinkop UKM", "1.000 pelaku UMKM terlatih", 1),
    ("Inkubator bisnis digital bersama kampus", "economy", "Ruang kerja dan pendampingan usaha rintisan lokal.",
     "Bappelitbangda", "20 usaha rintisan lulus inkubasi", 5),
    ("Telemedisin puskesmas desa", "living", "Konsultasi dokter puskesmas dari balai desa lewat video.",
     "Dinas Kesehatan", "Seluruh puskesmas melayani telekonsultasi", 5),
    ("Antrean daring RSUD", "living", "Ambil nomor antrean poliklinik dari rumah.",
     "RSUD dr. R. Goeteng Taroenadibrata", "Waktu tunggu poliklinik turun 50%", 1),
    ("Informasi angkutan pedesaan waktu nyata", "living", "Posisi dan jadwal angkutan pedesaan di ponsel.",
     "Dinas Perhubungan", "Penumpang angkutan pedesaan naik 15%", 5),
    ("Peta tata ruang daring", "living", "Warga dan investor memeriksa rencana tata ruang di peta daring.",
     "Dinas PUPR", "Peta RDTR seluruh kecamatan daring", 5),
    ("Perbaikan jalan rusak di Kecamatan Rembang", "living", "Jalan kabupaten rusak berat sepanjang 4 km.",
     "Dinas PUPR", "", 10),
    ("Gebrak Gotong Royong", "society", "Gerakan kerja bakti warga yang dijadwalkan dan dilaporkan lewat aplikasi.",
     "Dinsosdalduk KB", "Kegiatan gotong royong tercatat di 239 desa", 1),
    ("Kelas literasi digital untuk warga desa", "society", "Relawan TIK mengajar keamanan akun, hoaks dan layanan daring.",
     "Dinkominfo", "10.000 warga ikut kelas literasi digital", 1),
    ("CCTV dan tombol darurat di titik rawan", "society", "Kamera dan tombol panik terhubung ke pusat panggilan 112.",
     "Satpol PP", "Respons kedaruratan di bawah 15 menit", 5),
    ("Wi-Fi gratis di balai desa", "society", "Titik akses internet untuk belajar dan layanan desa.",
     "Dinkominfo", "Balai desa terhubung internet di seluruh desa", 1),
    ("Beasiswa talenta digital", "society", "Beasiswa pelatihan pemrograman dan desain bagi pemuda.",
     "Dinas Pendidikan", "300 pemuda tersertifikasi per tahun", 5),
    ("Bank sampah digital", "environment", "Tabungan sampah tercatat di aplikasi, ditukar dengan saldo.",
     "DLH", "Sampah terpilah naik 30%", 1),
    ("Sensor banjir dan peringatan dini sungai", "environment", "Sensor muka air Sungai Klawing dengan peringatan SMS.",
     "BPBD", "Peringatan dini 2 jam sebelum banjir", 5),
    ("PLTS atap gedung pemerintah", "environment", "Panel surya di atap kantor OPD.",
     "Dinas ESDM", "20% listrik kantor dari surya", 10),
    ("Pemantauan kualitas udara", "environment", "Sensor kualitas udara di kawasan industri dan pusat kota.",
     "DLH", "Data kualitas udara terbuka setiap jam", 5),
    ("Aplikasi pengangkutan sampah terjadwal", "environment", "Jadwal dan pelacakan truk sampah bagi warga.",
     "DLH", "Keluhan sampah tidak terangkut turun 50%", 1),
)
DUPLICATE = ("Perizinan online lewat HP", "Digitalisasi layanan perizinan satu pintu")
OFF_TOPIC = ("Perbaikan jalan rusak di Kecamatan Rembang",
             "Infrastruktur fisik, di luar lingkup Smart City: diteruskan ke Musrenbang.")
KECAMATAN = ("Bobotsari", "Bojongsari", "Bukateja", "Kaligondang", "Kalimanah", "Karanganyar", "Karangjambu",
             "Karangmoncol", "Karangreja", "Kejobong", "Kemangkon", "Kertanegara", "Kutasari", "Mrebet",
             "Padamara", "Pengadegan", "Purbalingga", "Rembang")
# Share of each default group in the room: OPD staff are the largest, as in real bimtek.
GROUP_SHARES = (("opd", 20), ("desa", 14), ("relawan_tik", 8), ("umkm", 8), ("akademisi", 5), ("lainnya", 5))
ORGANIZATIONS = {
    "opd": ("Dinkominfo", "Bappelitbangda", "Dinporapar", "Dinas Kesehatan", "DPMPTSP", "Dinas Perhubungan",
            "Disdukcapil", "DLH", "Dinas Pendidikan", "BPBD", "Dinkop UKM", "Dinas PUPR"),
    "desa": tuple(f"Kecamatan {k}" for k in KECAMATAN[:8]) + ("Desa Karangsari", "Desa Serang", "Desa Limbasari"),
    "relawan_tik": ("Relawan TIK Purbalingga",),
    "umkm": ("Batik Purbalingga", "Knalpot Purbaya", "Bulu Mata Asri", "Kopi Serang", "Gula Kelapa Kemangkon"),
    "akademisi": ("Universitas Jenderal Soedirman", "Universitas Perwira Purbalingga"),
    "lainnya": ("Karang Taruna", "TP PKK", "Radio Suara Perwira", "Bank Jateng"),
}
# How much each group cares about each dimension; everyone likes a good program.
AFFINITY = {
    "opd": {"governance": 3.0, "economy": 1.5, "living": 1.5},
    "desa": {"living": 2.5, "society": 2.5, "governance": 1.5, "environment": 1.5},
    "relawan_tik": {"society": 3.0, "governance": 2.0, "branding": 1.5},
    "umkm": {"economy": 3.5, "branding": 2.5},
    "akademisi": {"environment": 2.5, "living": 2.0, "society": 1.5},
    "lainnya": {"branding": 2.0, "society": 2.0, "environment": 1.5},
}
FIRST_NAMES = ("Siti", "Agus", "Dwi", "Sri", "Budi", "Eko", "Ani", "Rina", "Joko", "Wahyu", "Tri", "Endang", "Yuli",
               "Bambang", "Nur", "Heru", "Dewi", "Slamet", "Puji", "Rahmat", "Fitri", "Hadi", "Ika", "Teguh",
               "Lestari", "Arif", "Nining", "Bayu", "Retno", "Sugeng")
LAST_NAMES = ("Aminah", "Santoso", "Prasetyo", "Wahyuni", "Hartono", "Susanti", "Saputra", "Rahayu", "Nugroho",
              "Kurniawan", "Setiawan", "Handayani", "Purnomo", "Wibowo", "Lestari", "Hidayat", "Utami", "Suryadi",
              "Permana", "Maharani", "Firmansyah", "Ramadhan", "Anggraini", "Sulistyo")


def group_sizes(total: int) -> list[tuple[str, int]]:
    """Split `total` participants over the default groups in the usual proportions."""
    weight = sum(share for _key, share in GROUP_SHARES)
    sizes = [(key, total * share // weight) for key, share in GROUP_SHARES]
    sizes[0] = (sizes[0][0], sizes[0][1] + total - sum(n for _key, n in sizes))
    return sizes


def program_list(count: int) -> list[tuple]:
    """`count` programs: the thirty above, then the same ideas proposed for other kecamatan."""
    programs = list(PROGRAMS[:count])
    round_ = 0
    while len(programs) < count:
        for title, dimension, description, agency, indicator, horizon in PROGRAMS:
            if len(programs) == count:
                break
            if title in (DUPLICATE[0], OFF_TOPIC[0]):
                continue
            place = KECAMATAN[round_ % len(KECAMATAN)]
            programs.append((f"{title} di Kecamatan {place}"[:120], dimension, description, agency, indicator, horizon))
        round_ += 1
    return programs


class DemoBuilder:
    """Builds one demo workshop; every write goes through a service, as a real one would."""

    def __init__(self, owner: Facilitator, *, participants: int = 60, proposals: int = 30, seed: int = 2024,
                 title: str = "Bimtek Smart City Kabupaten Purbalingga Tahap I (demo)"):
        self.owner = owner
        self.rng = random.Random(seed)
        self.participant_count = participants
        self.proposal_count = proposals
        self.title = title
        self.appeal: dict[str, float] = {}

    def build(self) -> Workshop:
        """Create the workshop, its four sessions, participants, proposals and ballots."""
        owner = self.owner
        workshop = workshop_service.create_workshop(owner, {
            "title": self.title, "venue": "Pendopo Dipokusumo, Purbalingga", "date": dt.date.today().isoformat()})
        dots = workshop_service.create_session(owner, workshop.id, {
            "title": "Usulan program prioritas", "method": "dots", "dots_per_participant": 5,
            "max_dots_per_proposal": 3})
        points = workshop_service.create_session(owner, workshop.id, {
            "title": "Alokasi anggaran indikatif", "method": "points", "points_budget": 100})
        score = workshop_service.create_session(owner, workshop.id, {
            "title": "Penilaian Quick Win", "method": "score", "criteria": [
                {"key": "dampak", "label": "Dampak", "weight": 2}, {"key": "urgensi", "label": "Urgensi", "weight": 1},
                {"key": "kelayakan", "label": "Kelayakan", "weight": 2},
                {"key": "biaya", "label": "Efisiensi biaya", "weight": 1}]})
        rank = workshop_service.create_session(owner, workshop.id, {
            "title": "Peringkat akhir Quick Win", "method": "rank", "rank_size": 5})
        people = self._join(workshop)
        self._collect(dots.id, people)
        self._moderate(dots.id)
        self._vote(dots.id, people, self._dots_ballot)
        self._paper_ballot(dots.id)
        self._phase(dots.id, "closed")
        self._masterplan(dots.id, top=max(10, self.proposal_count // 8))
        for source, target, top_n, ballot in (
                (dots, points, max(8, self.proposal_count // 10), self._points_ballot),
                (points, score, max(6, self.proposal_count // 14), self._score_ballot),
                (score, rank, max(6, self.proposal_count // 20), self._rank_ballot)):
            moderation.carry_over(owner, target.id, {"top_n": top_n, "from_session_ids": [source.id]},
                                  session_results)
            self._vote(target.id, people, ballot)
            self._phase(target.id, "closed")
        return workshop

    def _phase(self, session_id: int, phase: str) -> None:
        workshop_service.change_phase(self.owner, session_id, {"phase": phase})

    def _join(self, workshop: Workshop) -> list[Participant]:
        people = []
        for group, size in group_sizes(self.participant_count):
            for _ in range(size):
                name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                participant, _token = participation.join({
                    "join_code": workshop.join_code, "name": name, "group": group,
                    "organization": self.rng.choice(ORGANIZATIONS[group])})
                people.append(participant)
        return people

    def _collect(self, session_id: int, people: list[Participant]) -> None:
        self._phase(session_id, "collect")
        for title, dimension, description, *_rest in program_list(self.proposal_count):
            # The proposer is someone who cares about the dimension.
            author = max(self.rng.sample(people, min(5, len(people))),
                         key=lambda p: AFFINITY[p.group.key].get(dimension, 1.0))
            participation.submit_proposal(author, {"session_id": session_id, "title": title,
                                                   "description": description, "dimension": dimension})
            self.appeal[title] = self.rng.lognormvariate(0, 0.45)

    def _proposals(self, session_id: int) -> dict[str, dict]:
        return {p["title"]: p for p in _listing(self.owner, session_id)}

    def _moderate(self, session_id: int) -> None:
        self._phase(session_id, "review")
        listed = self._proposals(session_id)
        duplicate, original = (listed.get(title) for title in DUPLICATE)
        if duplicate and original:
            moderation.merge_proposal(self.owner, duplicate["id"], {"into": original["id"]})
        off_topic = listed.get(OFF_TOPIC[0])
        if off_topic:
            moderation.edit_proposal(self.owner, off_topic["id"], {"hidden": True, "hidden_reason": OFF_TOPIC[1]})

    def _masterplan(self, session_id: int, top: int) -> None:
        """Goal, target, indicator, agency and horizon for the top programs, as the dimension
        groups draft them after the first vote; one-year programs are Quick Win candidates."""
        details = {title: (agency, indicator, horizon) for title, _d, _x, agency, indicator, horizon
                   in program_list(self.proposal_count)}
        for row in session_results(_session(self.owner, session_id))["results"][:top]:
            agency, indicator, horizon = details.get(row["title"], ("Dinkominfo", "", 5))
            moderation.edit_proposal(self.owner, row["proposal_id"], {
                "goal": f"Mewujudkan {row['title'][0].lower() + row['title'][1:]} yang dirasakan langsung warga",
                "target": "Seluruh kecamatan di Kabupaten Purbalingga" if horizon > 1 else "Tiga kecamatan percontohan",
                "indicator": indicator, "responsible_agency": agency, "horizon": horizon, "quick_win": horizon == 1})

    def _weights(self, participant: Participant, proposals: list[dict]) -> list[float]:
        affinity = AFFINITY[participant.group.key]
        return [affinity.get(p["dimension"], 1.0) * self.appeal.get(p["title"], 1.0)
                * self.rng.uniform(0.6, 1.4) for p in proposals]

    def _vote(self, session_id: int, people: list[Participant], make_ballot) -> None:
        self._phase(session_id, "vote")
        proposals = [p for p in _listing(self.owner, session_id) if p["status"] == "active"]
        for person in people:
            if self.rng.random() < 0.92:  # a few are out of the room at every vote
                participation.cast_ballot(person.id, person.workshop_id, {
                    "session_id": session_id, "ballot": make_ballot(person, proposals, session_id)})

    def _dots_ballot(self, person, proposals, _session_id) -> dict:
        weights = self._weights(person, proposals)
        dots: dict[str, int] = {}
        for _ in range(5 if self.rng.random() < 0.85 else self.rng.randint(2, 4)):
            choice = self.rng.choices(proposals, weights)[0]
            key = str(choice["id"])
            if dots.get(key, 0) < 3:
                dots[key] = dots.get(key, 0) + 1
        return {"dots": dots}

    def _points_ballot(self, person, proposals, _session_id) -> dict:
        weights = self._weights(person, proposals)
        ranked = sorted(zip(weights, proposals), key=lambda item: -item[0])[:self.rng.randint(2, 5)]
        total = sum(w for w, _p in ranked)
        points = {str(p["id"]): int(100 * w / total) // 5 * 5 for w, p in ranked}
        points[str(ranked[0][1]["id"])] += 100 - sum(points.values())
        return {"points": {k: v for k, v in points.items() if v}}

    def _score_ballot(self, person, proposals, session_id) -> dict:
        weights = self._weights(person, proposals)
        top = max(weights)
        scores = {}
        for weight, proposal in zip(weights, proposals):
            if self.rng.random() < 0.15:
                continue  # not everyone scores every program
            base = 1 + 4 * weight / top
            scores[str(proposal["id"])] = {
                criterion: max(1, min(5, round(base + self.rng.uniform(-1.2, 0.8))))
                for criterion in ("dampak", "urgensi", "kelayakan", "biaya") if self.rng.random() < 0.95}
        return {"scores": {k: v for k, v in scores.items() if v}}

    def _rank_ballot(self, person, proposals, _session_id) -> dict:
        weights = self._weights(person, proposals)
        ordered = sorted(zip(weights, proposals), key=lambda item: -item[0])
        return {"ranking": [p["id"] for _w, p in ordered[:5]]}

    def _paper_ballot(self, session_id: int) -> None:
        """An elder without a smartphone votes on a paper form, typed in by the facilitator."""
        proposals = [p for p in _listing(self.owner, session_id) if p["status"] == "active"]
        favourites = sorted(proposals, key=lambda p: (p["dimension"] != "living", -self.appeal.get(p["title"], 1)))
        participation.cast_paper_ballot(self.owner, session_id, {
            "name": "Kepala Desa Karangsari", "group": "desa", "organization": "Desa Karangsari",
            "ballot": {"dots": {str(favourites[0]["id"]): 3, str(favourites[1]["id"]): 2}}})


class TablesDemoBuilder(DemoBuilder):
    """A bimtek run in discussion groups: after the opening, the hall splits into tables (one per
    Smart City dimension, or a few each taking several), each run by its own co-facilitator (an
    OPD coordinator) from their own laptop. Each table collects the programs of its dimensions,
    cleans them up and votes with dots; the lead then carries the top 2 of every table into the
    plenary, where everyone scores them on the Quick Win criteria.

    Every write goes through a service under the name of who would do it: the lead adds the
    tables and the co-facilitators and runs the plenary, each co-facilitator runs their table.
    """

    def __init__(self, owner: Facilitator, *, tables: int = 6, password: str | None = None, **options):
        options.setdefault("title", "Bimtek Smart City Kabupaten Purbalingga Tahap II: kelompok diskusi (demo)")
        super().__init__(owner, **options)
        self.table_count = max(2, min(tables, len(DIMENSIONS)))
        self.password = password
        self.co_facilitators: list[Facilitator] = []

    def build(self) -> Workshop:
        """The workshop, its tables and co-facilitators, the table sessions and the plenary."""
        owner = self.owner
        workshop = workshop_service.create_workshop(owner, {
            "title": self.title, "venue": "Pendopo Dipokusumo, Purbalingga", "date": dt.date.today().isoformat()})
        # Table i takes the dimensions i, i + n, ...: one each when there are six tables.
        topics = [DIMENSIONS[i::self.table_count] for i in range(self.table_count)]
        self.tables = []
        for number, dimensions in enumerate(topics, start=1):
            name = f"Meja {number}: {' & '.join(DIMENSION_LABELS[d][0] for d in dimensions)}"[:80]
            self.tables.append(table_service.create_table(owner, workshop.id, {
                "name": name, "dimension": dimensions[0] if len(dimensions) == 1 else None}))
        for number, table in enumerate(self.tables, start=1):
            account = self._co_facilitator(number)
            table_service.add_facilitator(owner, workshop.id, {"email": account.email, "table_id": table.id})
            self.co_facilitators.append(account)
        people = self._join(workshop)
        seated = self._seat(people, topics)
        table_service.set_mode(owner, workshop.id, {"mode": "tables"})
        sources = []
        for table, dimensions, runner in zip(self.tables, topics, self.co_facilitators):
            sources.append(self._table_round(workshop, table, dimensions, runner, seated[table.id]))
        table_service.set_mode(owner, workshop.id, {"mode": "plenary"})
        plenary = workshop_service.create_session(owner, workshop.id, {
            "title": "Pleno: penilaian Quick Win", "method": "score", "criteria": [
                {"key": "dampak", "label": "Dampak", "weight": 2}, {"key": "urgensi", "label": "Urgensi", "weight": 1},
                {"key": "kelayakan", "label": "Kelayakan", "weight": 2},
                {"key": "biaya", "label": "Efisiensi biaya", "weight": 1}]})
        moderation.carry_over(owner, plenary.id, {"top_n": 2, "from_session_ids": [s.id for s in sources]},
                              session_results)
        self._vote(plenary.id, people, self._score_ballot)
        self._phase(plenary.id, "closed")
        return workshop

    def _co_facilitator(self, number: int) -> Facilitator:
        """The coordinator of table `number`: an account of its own, made once and reused."""
        email = f"meja{number}.{self.owner.email}"[:254]
        account = db.session.scalar(select(Facilitator).where(Facilitator.email == email))
        if account is None:
            password = self.password or secrets.token_urlsafe(12)
            account = accounts.create_facilitator(email, password, name=f"Koordinator Meja {number}")
        return account

    def _seat(self, people: list[Participant], topics: list[tuple[str, ...]]) -> dict[int, list[Participant]]:
        """Everyone picks the table of the dimension they care most about, tables kept about even;
        the last two to arrive have not picked yet (they vote in the plenary only)."""
        seated: dict[int, list[Participant]] = {t.id: [] for t in self.tables}
        cap = -(-(len(people) - 2) // len(self.tables))
        for person in people[:-2]:
            affinity = AFFINITY[person.group.key]
            order = sorted(range(len(self.tables)), key=lambda i: (
                -max(affinity.get(d, 1.0) for d in topics[i]) * self.rng.uniform(0.7, 1.3), i))
            index = next((i for i in order if len(seated[self.tables[i].id]) < cap), order[0])
            table = self.tables[index]
            person_id = person.id
            table_service.seat_participant(self.owner, person_id, {"table_id": table.id})
            seated[table.id].append(db.session.get(Participant, person_id))
        return seated

    def _table_round(self, workshop: Workshop, table, dimensions, runner: Facilitator,
                     people: list[Participant]):
        """One table's session, run by its co-facilitator: collect, merge and hide, dots, masterplan."""
        owner, self.owner = self.owner, runner
        try:
            session = workshop_service.create_session(runner, workshop.id, {
                "title": f"Usulan program {table.name.split(': ', 1)[-1]}", "method": "dots",
                "dots_per_participant": 5, "max_dots_per_proposal": 3, "table_id": table.id})
            self._phase(session.id, "collect")
            programs = [p for p in program_list(max(self.proposal_count, len(PROGRAMS))) if p[1] in dimensions]
            for title, dimension, description, *_rest in programs:
                author = max(self.rng.sample(people, min(3, len(people))),
                             key=lambda p: AFFINITY[p.group.key].get(dimension, 1.0))
                participation.submit_proposal(author, {"session_id": session.id, "title": title,
                                                       "description": description, "dimension": dimension})
                self.appeal[title] = self.rng.lognormvariate(0, 0.45)
            self._moderate(session.id)
            self._vote(session.id, people, self._dots_ballot)
            self._phase(session.id, "closed")
            self._masterplan(session.id, top=3)
            return session
        finally:
            self.owner = owner


def _session(owner: Facilitator, session_id: int):
    return workshop_service.owned_session(owner, session_id)


def _listing(owner: Facilitator, session_id: int) -> list[dict]:
    return moderation_list(_session(owner, session_id))


def demo_owner(email: str, password: str | None) -> tuple[Facilitator, bool]:
    """The facilitator with this e-mail, created with `password` if missing; (facilitator, created).

    Raises RembukError not_found when the account is missing and no password is given.
    """
    facilitator = db.session.scalar(select(Facilitator).where(Facilitator.email == email.strip().lower()))
    if facilitator is not None:
        return facilitator, False
    if not password:
        raise RembukError("not_found", status=404)
    return accounts.create_facilitator(email, password), True


def build_demo(owner: Facilitator, *, tables: int = 0, password: str | None = None, **options) -> Workshop:
    """A demo workshop owned by `owner`; options: participants, proposals, seed, title.

    With `tables` (2-6), a bimtek in discussion groups (TablesDemoBuilder); its co-facilitators'
    accounts get `password` (a random one without it).
    """
    if tables:
        return TablesDemoBuilder(owner, tables=tables, password=password, **options).build()
    return DemoBuilder(owner, **options).build()


def memberships(workshop_id: int) -> list[WorkshopFacilitator]:
    """The workshop's co-facilitators, in the order they were added."""
    return list(db.session.scalars(select(WorkshopFacilitator).where(WorkshopFacilitator.workshop_id == workshop_id)
                                   .order_by(WorkshopFacilitator.id)))
