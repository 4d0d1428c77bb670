"""Region sample: Kanwil Ditjenpas NTB and its 13 UPT, January-June 2025.

The indicator extracts (pk, rb, survei, iph, iku) come from :mod:`kinerja.sample.indicators`.

Figures from the report (``data/seed_facts``) are reproduced exactly at 2025-06; everything
the report does not give (codes, akun split, the January DIPA, blokir, months before June,
the per-jenis split of each UPT's realisation, SP2D lines) is SYNTHETIC, drawn from one
``random.Random(2025)`` in a fixed order, so every run writes the same bytes.
"""

from __future__ import annotations

import calendar
import csv
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from kinerja.packaged import seed_facts_dir
from kinerja.periods import Period
from kinerja.sample import writers
from kinerja.sample.narasi import write_narasi
from kinerja.sample.catalog import AKUN_NAMES, akun_weights, jenis_of
from kinerja.sample.ikpa import generate_ikpa
from kinerja.sample.indicators import generate_indicators

SEED_DIR = seed_facts_dir()
YEAR = 2025
MONTHS = 6
JENIS = ("pegawai", "barang", "modal")
# Region-wide (Kanwil + UPT) realisation to 30 June 2025 per jenis belanja: the report's
# narrative, transcribed in data/seed_facts/README.md (no CSV carries it).
REGION_REALISASI = {"pegawai": 26_930_254_163, "barang": 21_461_961_237, "modal": 417_486_498}
# SYNTHETIC satker codes, in units.csv order (Kanwil first); some keep a leading zero.
SATKER_CODES = ("410001", "410112", "410127", "041139", "410144", "410158", "041160",
                "410173", "410185", "097201", "410196", "410207", "097215", "410219")
# Keyword in the address (or, where it is blank, the name) -> kabupaten, pulau.
KABUPATEN = (("Lombok Barat", "Kabupaten Lombok Barat", "Lombok"),
             ("Lombok Timur", "Kabupaten Lombok Timur", "Lombok"),
             ("Lombok Tengah", "Kabupaten Lombok Tengah", "Lombok"),
             ("Sumbawa", "Kabupaten Sumbawa", "Sumbawa"),
             ("Bima", "Kabupaten Bima", "Sumbawa"),
             ("Dompu", "Kabupaten Dompu", "Sumbawa"),
             ("Mataram", "Kota Mataram", "Lombok"))
KANWIL = "Kantor Wilayah Ditjen Pemasyarakatan Nusa Tenggara Barat"
# SYNTHETIC "pagu berubah": January DIPA minus revision 1, applied to the unit's largest akun
# of that jenis (negative: the revision added budget).
PAGU_BERUBAH = (("Lapas Kelas IIA Lombok Barat", "barang", -1_250_000_000),
                ("Lapas Kelas IIB Dompu", "modal", 600_000_000),
                (KANWIL, "barang", 125_000_000),
                ("Rutan Kelas IIB Raba Bima", "pegawai", -85_000_000))
UNIT_CAP_PCT = 90   # a unit's realisation per jenis stays <= 90% of its smaller pagu
AKUN_CAP_PCT = 93   # and every akun line <= 93% of its smaller pagu (the brief allows 95%)
# Cumulative share of the June figure reached at the end of months 1..5, in percent.
PATH_PCT = {"pegawai": (10, 25, 40, 60, 80), "barang": (10, 25, 40, 60, 80), "modal": (0, 0, 10, 30, 55)}
JITTER_PCT = 3.0
REFUND_NOTE = "Pengembalian belanja \u2013 koreksi"


@dataclass
class Unit:
    """A satker with the report's figures: revision-1 pagu per jenis, June realisation total."""

    name: str
    unit_type: str
    kode: str
    kabupaten: str
    pulau: str
    pagu: dict[str, int]
    realisasi: int


@dataclass
class Line:
    """One satker x akun: both DIPA versions, blokir and the cumulative realisation path."""

    unit: Unit
    kode_akun: str
    pagu_rev: int
    pagu_jan: int = 0
    blokir_jan: int = 0
    blokir_rev: int = 0
    cum: list[int] = field(default_factory=list)

    @property
    def jenis(self) -> str:
        return jenis_of(self.kode_akun)

    @property
    def capacity(self) -> int:
        """The smaller of the two pagu versions: the bound for every month's realisation."""
        return min(self.pagu_jan, self.pagu_rev)

    def bulan(self, month: int) -> int:
        return self.cum[month - 1] - (self.cum[month - 2] if month > 1 else 0)


def allocate(total: int, weights: list[int], caps: list[int] | None = None) -> list[int]:
    """Split ``total`` into non-negative integers proportional to ``weights`` (water-filling
    under ``caps``), fixing rounding by largest remainder; the parts sum exactly to ``total``."""
    n = len(weights)
    room = list(caps) if caps is not None else [total] * n
    parts = [0] * n
    active = [i for i in range(n) if weights[i] > 0 and room[i] > 0]
    left = total
    while left > 0:
        if not active:
            raise ValueError(f"cannot allocate {total}: caps too small")
        w = sum(weights[i] for i in active)
        full = [i for i in active if left * weights[i] // w >= room[i]]
        if full:
            for i in full:
                parts[i] += room[i]
                left -= room[i]
                room[i] = 0
            active = [i for i in active if room[i] > 0]
            continue
        remainder = {i: left * weights[i] % w for i in active}
        shares = {i: left * weights[i] // w for i in active}
        for i, share in shares.items():
            parts[i] += share
            room[i] -= share
        left -= sum(shares.values())
        for i in sorted(active, key=lambda i: (-remainder[i], i)):
            if left and room[i]:
                parts[i] += 1
                room[i] -= 1
                left -= 1
    return parts


def _read_csv(name: str, seed_dir: Path) -> list[dict[str, str]]:
    with open(seed_dir / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _kabupaten(name: str, address: str) -> tuple[str, str]:
    text = address or name
    for key, kabupaten, pulau in KABUPATEN:
        if key in text:
            return kabupaten, pulau
    raise ValueError(f"no kabupaten for {name!r}")


def load_units(seed_dir: Path = SEED_DIR) -> list[Unit]:
    """The 14 satker of units.csv with their Tabel 1.10/1.11/1.12 figures."""
    pagu = {r["unit_name"]: r for r in _read_csv("budget_2025_upt_pagu.csv", seed_dir)}
    real = {r["unit_name"]: r for r in _read_csv("budget_2025-06_upt_realisasi.csv", seed_dir)}
    kanwil = {r["jenis_belanja"]: r for r in _read_csv("budget_2025-06_kanwil.csv", seed_dir)}
    units = []
    for code, row in zip(SATKER_CODES, _read_csv("units.csv", seed_dir), strict=True):
        name, unit_type = row["unit_name"], row["unit_type"]
        if unit_type == "KANWIL":
            by_jenis = {j: int(kanwil[j]["pagu"]) for j in JENIS}
            total = sum(int(kanwil[j]["realisasi"]) for j in JENIS)
        else:
            by_jenis = {j: int(pagu[name][f"pagu_{j}"]) for j in JENIS}
            total = int(real[name]["realisasi_total"])
        units.append(Unit(name, unit_type, code, *_kabupaten(name, row["address"]), by_jenis, total))
    return units


def _kanwil_realisasi(seed_dir: Path) -> dict[str, int]:
    return {r["jenis_belanja"]: int(r["realisasi"]) for r in _read_csv("budget_2025-06_kanwil.csv", seed_dir)
            if r["jenis_belanja"] in JENIS}


def _pagu_lines(units: list[Unit], rng: random.Random) -> list[Line]:
    """Revision-1 pagu per akun: each unit x jenis figure split in whole thousands."""
    lines = []
    for unit in units:
        for jenis in JENIS:
            total = unit.pagu[jenis]
            if total == 0:
                continue
            base = akun_weights(jenis, unit.unit_type, total)
            codes = list(base)
            weights = [int(base[c] * rng.uniform(0.8, 1.2) * 1000) for c in codes]
            parts = [p * 1000 for p in allocate(total // 1000, weights)]
            parts[parts.index(max(parts))] += total % 1000
            lines.extend(Line(unit, c, p) for c, p in zip(codes, parts))
    return lines


def _january_dipa(lines: list[Line], rng: random.Random) -> None:
    """January DIPA = revision 1 undone: a barang shift between two akun of each unit, and
    the PAGU_BERUBAH changes of a few jenis totals."""
    for line in lines:
        line.pagu_jan = line.pagu_rev
    for name, jenis, delta in PAGU_BERUBAH:
        group = [ln for ln in lines if ln.unit.name == name and ln.jenis == jenis]
        max(group, key=lambda ln: ln.pagu_rev).pagu_jan += delta
    for kode in dict.fromkeys(ln.unit.kode for ln in lines):
        barang = sorted((ln for ln in lines if ln.unit.kode == kode and ln.jenis == "barang"),
                        key=lambda ln: (-ln.pagu_rev, ln.kode_akun))
        receiver, giver = barang[0], rng.choice(barang[1:])
        shift = int(receiver.unit.pagu["barang"] * rng.uniform(0.005, 0.02)) // 1000 * 1000
        receiver.pagu_jan -= shift   # the revision moved ``shift`` from giver to receiver
        giver.pagu_jan += shift


def _split_rest(rest: list[int], peg: list[int], bar: list[int], lo: list[int], hi: list[int], need: int) -> list[int]:
    """Pegawai share of each UPT's non-modal realisation: ``rest * a*peg / (a*peg + bar)``
    clamped to [lo, hi], with one region-wide intensity ``a`` found by bisection, then the
    few rupiah of rounding placed by ``allocate``; the result sums exactly to ``need``."""
    def shares(a: float) -> list[int]:
        return [min(h, max(low, int(r * a * p / (a * p + b)))) for r, p, b, low, h in zip(rest, peg, bar, lo, hi)]

    low_a, high_a = 0.0, 1e6
    for _ in range(200):
        mid = (low_a + high_a) / 2
        low_a, high_a = (mid, high_a) if sum(shares(mid)) <= need else (low_a, mid)
    x = shares(low_a)
    fix = allocate(need - sum(x), peg, [h - v for h, v in zip(hi, x)])
    return [v + f for v, f in zip(x, fix)]


def _unit_jenis_realisasi(units: list[Unit], lines: list[Line], kanwil: dict[str, int],
                          rng: random.Random) -> dict[tuple[str, str], int]:
    """June realisation per unit x jenis: the Kanwil's from Tabel 1.11; the UPT's solved so
    that each UPT's total is Tabel 1.12's and each jenis sums to the region figure minus the
    Kanwil's, with every cell <= UNIT_CAP_PCT of its capacity."""
    cap: dict[tuple[str, str], int] = {}
    for ln in lines:
        cap[ln.unit.kode, ln.jenis] = cap.get((ln.unit.kode, ln.jenis), 0) + ln.capacity
    limit = {k: v * UNIT_CAP_PCT // 100 for k, v in cap.items()}
    upt = [u for u in units if u.unit_type != "KANWIL"]
    need = {j: REGION_REALISASI[j] - kanwil[j] for j in JENIS}
    if sum(need.values()) != sum(u.realisasi for u in upt):
        raise ValueError("region per-jenis realisation minus the Kanwil's != sum of the UPT totals")
    out = {(u.kode, j): kanwil[j] for u in units if u.unit_type == "KANWIL" for j in JENIS}
    modal = allocate(need["modal"], [int(cap.get((u.kode, "modal"), 0) * rng.uniform(0.3, 1.7)) for u in upt],
                     [limit.get((u.kode, "modal"), 0) for u in upt])
    rest = [u.realisasi - m for u, m in zip(upt, modal)]
    lo = [max(0, r - limit[u.kode, "barang"]) for u, r in zip(upt, rest)]
    hi = [min(limit[u.kode, "pegawai"], r) for u, r in zip(upt, rest)]
    pegawai = _split_rest(rest, [cap[u.kode, "pegawai"] for u in upt], [cap[u.kode, "barang"] for u in upt],
                          lo, hi, need["pegawai"])
    for u, m, r, p in zip(upt, modal, rest, pegawai):
        out[u.kode, "modal"], out[u.kode, "pegawai"], out[u.kode, "barang"] = m, p, r - p
    for key, value in out.items():
        if not 0 <= value <= limit.get(key, 0) or (value and key not in limit):
            raise ValueError(f"realisation {value} of {key} outside 0..{UNIT_CAP_PCT}% of its pagu")
    return out


def _paths(lines: list[Line], per_unit_jenis: dict[tuple[str, str], int], rng: random.Random) -> None:
    """June realisation per akun (capped split of the unit x jenis figure), then the
    cumulative path Jan..Jun with jitter, never falling."""
    for (kode, jenis), total in per_unit_jenis.items():
        group = [ln for ln in lines if ln.unit.kode == kode and ln.jenis == jenis]
        weights = [int(ln.capacity * rng.uniform(0.85, 1.15)) for ln in group]
        finals = allocate(total, weights, [ln.capacity * AKUN_CAP_PCT // 100 for ln in group])
        for ln, final in zip(group, finals):
            permille, prev = [], 0
            for pct in PATH_PCT[jenis]:
                share = round((pct + rng.uniform(-JITTER_PCT, JITTER_PCT)) * 10) if pct else 0
                prev = max(prev, share)
                permille.append(prev)
            ln.cum = [final * p // 1000 for p in permille] + [final]


def _blokir(units: list[Unit], lines: list[Line], rng: random.Random) -> None:
    """SYNTHETIC blokir on barang/modal lines (never pegawai), 5-20% of the line, never more
    than pagu minus June realisation; revision 1 opens, halves or keeps each and adds some."""
    for unit in units:
        lines_u = [ln for ln in lines if ln.unit is unit and ln.jenis != "pegawai"]
        for ln in rng.sample(lines_u, min(len(lines_u), rng.randint(1, 2))):
            ln.blokir_jan = min(int(ln.pagu_jan * rng.uniform(0.05, 0.20)),
                                ln.capacity - ln.cum[-1]) // 1000 * 1000
            fate = rng.random()
            ln.blokir_rev = 0 if fate < 0.4 else (ln.blokir_jan // 2000 * 1000 if fate < 0.7 else ln.blokir_jan)
        free = [ln for ln in lines_u if ln.blokir_jan == 0]
        if free and rng.random() < 0.4:
            ln = rng.choice(free)
            ln.blokir_rev = min(int(ln.pagu_rev * rng.uniform(0.05, 0.15)),
                                ln.capacity - ln.cum[-1]) // 1000 * 1000


def _transactions(lines: list[Line], month: int, rng: random.Random) -> pl.DataFrame:
    """SP2D lines of ``month`` summing to each akun's monthly realisation; one barang akun
    gets a refund line (negative) while its month total stays positive."""
    _, ndays = calendar.monthrange(YEAR, month)
    weekdays = [date(YEAR, month, d) for d in range(1, ndays + 1) if date(YEAR, month, d).weekday() < 5]
    candidates = [ln for ln in lines if ln.jenis == "barang" and ln.bulan(month) >= 10_000_000]
    refunded = rng.choice(candidates)
    refund = refunded.bulan(month) * rng.randint(5, 20) // 100
    rows = []
    for ln in lines:
        amount = ln.bulan(month)
        if amount <= 0:
            continue
        gross = amount + (refund if ln is refunded else 0)
        k = 1 if ln.kode_akun == "511111" else rng.randint(1, 3)
        parts = allocate(gross, [rng.randint(1, 10) for _ in range(k)])
        days = sorted(rng.sample(weekdays[:-1], k))
        rows += [(d, ln.unit.kode, ln.kode_akun, p, None) for d, p in zip(days, parts)]
        if ln is refunded:
            rows.append((weekdays[-1], ln.unit.kode, ln.kode_akun, -refund, REFUND_NOTE))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    frame = pl.DataFrame(rows, schema={"tanggal_sp2d": pl.Date, "kode_satker": pl.String, "kode_akun": pl.String,
                                       "nilai": pl.Int64, "keterangan": pl.String}, orient="row")
    numbers = [f"25{month:02d}1130{i:07d}" for i in range(1, len(rows) + 1)]
    return frame.with_columns(pl.Series("nomor_sp2d", numbers))


def _satker_frame(units: list[Unit]) -> pl.DataFrame:
    kanwil = next(u.kode for u in units if u.unit_type == "KANWIL")
    return pl.DataFrame({"kode_satker": [u.kode for u in units], "nama_satker": [u.name for u in units],
                         "jenis_satker": [u.unit_type for u in units], "kode_kanwil": [kanwil] * len(units),
                         "kabupaten": [u.kabupaten for u in units], "pulau": [u.pulau for u in units]})


def _line_frame(lines: list[Line], **amounts: list[int]) -> pl.DataFrame:
    base = {"kode_satker": [ln.unit.kode for ln in lines], "nama_satker": [ln.unit.name for ln in lines],
            "kode_akun": [ln.kode_akun for ln in lines], "nama_akun": [AKUN_NAMES[ln.kode_akun] for ln in lines]}
    return pl.DataFrame(base | {k: pl.Series(k, v, dtype=pl.Int64) for k, v in amounts.items()})


def _summary(lines: list[Line], month: int) -> pl.DataFrame:
    return _line_frame(lines, realisasi_bulan_ini=[ln.bulan(month) for ln in lines],
                       realisasi_sd_bulan_ini=[ln.cum[month - 1] for ln in lines])


def generate_region(out: Path, seed_dir: Path = SEED_DIR) -> list[Path]:
    """Write the region landing (reference + 2025-01..2025-06) under ``out``; return the files."""
    rng = random.Random(YEAR)
    units = load_units(seed_dir)
    lines = _pagu_lines(units, rng)
    _january_dipa(lines, rng)
    _paths(lines, _unit_jenis_realisasi(units, lines, _kanwil_realisasi(seed_dir), rng), rng)
    _blokir(units, lines, rng)
    feb, apr = _transactions(lines, 2, rng), _transactions(lines, 4, rng)
    p = [Period(YEAR, m) for m in range(1, MONTHS + 1)]
    files = {
        "reference/satker.csv": lambda f: writers.write_satker_csv(_satker_frame(units), f),
        "2025-01/pagu.csv": lambda f: writers.write_pagu_csv(
            _line_frame(lines, pagu=[ln.pagu_jan for ln in lines], blokir=[ln.blokir_jan for ln in lines]), f),
        "2025-01/realisasi.csv": lambda f: writers.write_summary_semicolon_csv(_summary(lines, 1), f, p[0]),
        "2025-02/realisasi_sp2d.csv": lambda f: writers.write_transactions_comma_csv(feb, f),
        "2025-03/realisasi.xlsx": lambda f: writers.write_summary_xlsx(_summary(lines, 3), f, p[2], False),
        "2025-04/pagu_revisi_1.xlsx": lambda f: writers.write_pagu_xlsx(
            _line_frame(lines, pagu=[ln.pagu_rev for ln in lines], blokir=[ln.blokir_rev for ln in lines]), f, p[3], 1),
        "2025-04/realisasi_sp2d.csv": lambda f: writers.write_transactions_semicolon_csv(apr, f),
        "2025-05/realisasi.csv": lambda f: writers.write_summary_comma_csv(_summary(lines, 5), f),
        "2025-06/realisasi.xlsx": lambda f: writers.write_summary_xlsx(_summary(lines, 6), f, p[5], True),
    }
    for rel, write in files.items():
        write(out / rel)
    # Indicator extracts (issue 3): their own Random, drawn after the budget files.
    indicator_files = generate_indicators(out, seed_dir, _satker_frame(units))
    indicator_files = [*indicator_files, *write_narasi(out)]  # the office's analysis (report)
    indicator_files = [*indicator_files, *generate_ikpa(out, lines)]  # IKPA (issue 10): rpd, ikpa
    return [out / rel for rel in (*files, *indicator_files)]
