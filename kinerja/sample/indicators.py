"""Indicator extracts of the region sample (issue 3): pk, rb (B03, B06), survei, iph, iku.

From the report (``data/seed_facts``), reproduced exactly: the RB targets and completed
actions of Tabel 1.8 at B03 and B06 (the Kanwil and 11 UPT; the two Rupbasan are out of
scope), the three indicators of Tabel 1.5-1.7 with their targets, and the 12 units in scope.
SYNTHETIC (not in the report): indicator codes, the fourth (typed, negative-polarity)
indicator and its n/a realisation, every survey response and every IPH dimension score.
Everything synthetic is drawn from its own ``random.Random(SEED)`` in a fixed order, so the
budget files (drawn from ``random.Random(2025)``) are untouched and every run writes the same
bytes.
"""

from __future__ import annotations

import csv
import random
from datetime import date, datetime
from pathlib import Path
from typing import Final

import polars as pl
import xlsxwriter

from kinerja.sample.writers import KANWIL_TITLE, SIGN_PLACE, SIGNER

SEED: Final[int] = 20253  # issue 3's synthetic draws; independent of the budget's Random(2025)
YEAR: Final[int] = 2025

# Indicator codes (SYNTHETIC: the report numbers only the sasaran) -> pk.sumber.
PK_CODES: Final[dict[str, tuple[str, str]]] = {
    # report indicator name -> (kode_indikator, sumber)
    "Indeks Penegakan Hukum Pemasyarakatan di Wilayah": ("SK1.IKU1", "iph"),
    "Persentase Pelaksanaan Rencana Aksi Reformasi Birokrasi di Lingkup Kewilayahan":
        ("SK2.IKU1", "rb"),
    ("Indeks Kepuasan Unit Kerja lingkup UPT Pemasyarakatan Terhadap Layanan Kesekretariatan "
     "di UPT Masing-Masing"): ("SK2.IKU2", "survei"),
}
SYNTHETIC_INDICATOR: Final[dict[str, str]] = {
    "kode_indikator": "SYN.IKU1",
    "sasaran_kegiatan": "SINTETIS: Meningkatnya akuntabilitas pengelolaan keuangan",
    "indikator": "Persentase temuan BPK yang belum ditindaklanjuti (SINTETIS)",
    "satuan": "persen",
    "polaritas": "negatif",
    "target": "10",
    "keterangan": "SYNTHETIC: not in the report; exercises a typed, negative-polarity indicator",
}
NA_REASON: Final[str] = "menunggu LHP BPK"

# Survey: respondents per unit per semester, and each unit's SYNTHETIC mean tendency (the
# probability weights of scores 1..4), chosen so the units spread over grades B and A with
# one C; the region lands just above the 3,1 target.
RESPONDENTS: Final[tuple[int, int]] = (24, 40)
PROFILES: Final[tuple[tuple[int, int, int, int], ...]] = (
    (1, 8, 52, 39), (2, 10, 55, 33), (2, 14, 56, 28), (4, 20, 52, 24), (1, 5, 40, 54),
)
SARAN: Final[tuple[str, ...]] = (
    "", "", "", "Pelayanan sudah baik, pertahankan", "Mohon informasi layanan diperjelas",
    "Ruang tunggu perlu diperbaiki; AC sering mati", "Petugas ramah dan cepat",
    "Prosedur masih berbelit, perlu disederhanakan", "Terima kasih",
)
# IPH dimension scores: SYNTHETIC, 2 decimals on the 1-4 scale, around 3,5.
IPH_RANGE: Final[tuple[int, int]] = (305, 395)  # hundredths


def _read(seed_dir: Path, name: str) -> list[dict[str, str]]:
    with open(seed_dir / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _decimal_id(value: str) -> str:
    """``3.6`` -> ``3,6``; ``100`` -> ``100`` (Indonesian notation)."""
    return value.replace(".", ",")


def pk_frame(seed_dir: Path) -> pl.DataFrame:
    """The three indicators of Tabel 1.5-1.7 plus the synthetic typed one."""
    rows = []
    for r in _read(seed_dir, "iku_2025.csv"):
        code, sumber = PK_CODES[r["indikator_kinerja"]]
        rows.append({"Tahun": str(YEAR), "Kode Indikator": code,
                     "Sasaran Kegiatan": r["sasaran_kegiatan"],
                     "Indikator Kinerja": r["indikator_kinerja"], "Satuan": r["satuan"],
                     "Polaritas": "positif" if r["polarity"] == "higher_is_better" else "negatif",
                     "Target Tahunan": _decimal_id(r["target_2025"]), "Sumber": sumber,
                     "Keterangan": "dari LKjIP Semester I 2025 (Tabel 1.5-1.7)"})
    s = SYNTHETIC_INDICATOR
    rows.append({"Tahun": str(YEAR), "Kode Indikator": s["kode_indikator"],
                 "Sasaran Kegiatan": s["sasaran_kegiatan"], "Indikator Kinerja": s["indikator"],
                 "Satuan": s["satuan"], "Polaritas": s["polaritas"], "Target Tahunan": s["target"],
                 "Sumber": "", "Keterangan": s["keterangan"]})
    return pl.DataFrame(rows)


def rb_rows(seed_dir: Path, codes: dict[str, str]) -> list[dict[str, object]]:
    """Tabel 1.8 with satker codes: name, kode, target/terlaksana/stated % at B03 and B06."""
    out = []
    for r in _read(seed_dir, "rb_rat_2025.csv"):
        out.append({"kode_satker": codes[r["unit_name"]], "nama_satker": r["unit_name"],
                    **{k: int(v) for k, v in r.items() if k != "unit_name"}})
    return out


def write_rb_csv(rows: list[dict[str, object]], path: Path) -> None:
    """B03 as the RB application exports it: ``;``, UTF-8, a checkpoint column ``B-03``, the
    stated percentage (read past, never loaded)."""
    frame = pl.DataFrame({
        "Kode Satker": [r["kode_satker"] for r in rows],
        "Nama Satker": [r["nama_satker"] for r in rows],
        "Checkpoint": ["B-03"] * len(rows),
        "Target": [r["target_b03"] for r in rows],
        "Terlaksana": [r["realisasi_b03"] for r in rows],
        "Capaian (%)": [f"{r['capaian_b03_stated']}%" for r in rows],
    })
    _write(path, frame.write_csv(separator=";", quote_style="necessary").encode("utf-8"))


def write_rb_xlsx(rows: list[dict[str, object]], path: Path) -> None:
    """B06 as an office receives it: title rows naming ``Triwulan II (B-06)``, numeric cells,
    codes as TEXT, a ``JUMLAH`` row with the sums, a signature block."""
    signed = datetime(YEAR, 7, 10)  # inside the 6-15 July reporting window
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": signed, "author": "SIMONEV RB", "company": KANWIL_TITLE})
    ws = wb.add_worksheet("B06")
    bold = wb.add_format({"bold": True})
    titles = ["MONITORING RENCANA AKSI REFORMASI BIROKRASI", KANWIL_TITLE,
              f"Triwulan II (B-06) Tahun {YEAR}"]
    for r, title in enumerate(titles):
        ws.write_string(r, 0, title, bold)
    r = len(titles) + 1
    ws.write_row(r, 0, ["Kode Satker", "Nama Satker", "Target", "Terlaksana", "Capaian (%)"], bold)
    for row in rows:
        r += 1
        ws.write_string(r, 0, str(row["kode_satker"]))
        ws.write_string(r, 1, str(row["nama_satker"]))
        ws.write_number(r, 2, int(row["target_b06"]))
        ws.write_number(r, 3, int(row["realisasi_b06"]))
        ws.write_number(r, 4, int(row["capaian_b06_stated"]))
    r += 1
    ws.write_string(r, 0, "JUMLAH", bold)
    ws.write_number(r, 2, sum(int(x["target_b06"]) for x in rows), bold)
    ws.write_number(r, 3, sum(int(x["realisasi_b06"]) for x in rows), bold)
    ws.write_string(r + 2, 2, f"{SIGN_PLACE}, 10 Juli {YEAR}")
    ws.write_string(r + 3, 2, SIGNER)
    wb.close()


def survey_frame(units: list[tuple[str, str]], rng: random.Random) -> pl.DataFrame:
    """SYNTHETIC semester-I responses: 24-40 per unit, dated 6 Jan .. 27 Jun, L1..L9 in 1..4,
    a free-text ``Saran`` that the reader drops."""
    rows = []
    start = date(YEAR, 1, 6).toordinal()
    span = date(YEAR, 6, 27).toordinal() - start
    for index, (kode, _name) in enumerate(units):
        weights = PROFILES[index % len(PROFILES)]
        for n in range(1, rng.randint(*RESPONDENTS) + 1):
            day = date.fromordinal(start + rng.randrange(span + 1))
            scores = rng.choices((1, 2, 3, 4), weights=weights, k=9)
            rows.append({"ID Responden": f"S1-{kode}-{n:03d}", "Kode Satker": kode,
                         "Tanggal": day.strftime("%d/%m/%Y"),
                         **{f"L{i}": str(v) for i, v in enumerate(scores, start=1)},
                         "Saran": rng.choice(SARAN)})
    return pl.DataFrame(rows)


def iph_frame(units: list[tuple[str, str]], dimensions: list[dict[str, str]],
              rng: random.Random) -> pl.DataFrame:
    """SYNTHETIC dimension scores: 8 per UPT, 2 decimals, Indonesian comma (``3,45``)."""
    rows = []
    for kode, name in units:
        for d in dimensions:
            value = rng.randint(*IPH_RANGE)
            rows.append({"Kode Satker": kode, "Nama Satker": name, "Dimensi": d["no"],
                         "Nama Dimensi": d["dimensi"],
                         "Nilai": f"{value // 100},{value % 100:02d}"})
    return pl.DataFrame(rows)


def iku_frame() -> pl.DataFrame:
    """The typed realisation of the synthetic indicator: n/a with its reason."""
    s = SYNTHETIC_INDICATOR
    return pl.DataFrame({"kode_indikator": [s["kode_indikator"]], "indikator": [s["indikator"]],
                         "realisasi": ["n/a"], "keterangan": [NA_REASON]})


def generate_indicators(out: Path, seed_dir: Path, satker: pl.DataFrame) -> list[str]:
    """Write the indicator files under ``out``; return their paths relative to ``out``."""
    rng = random.Random(SEED)
    codes = dict(zip(satker["nama_satker"], satker["kode_satker"]))
    in_scope = {r["unit_name"] for r in _read(seed_dir, "units.csv") if r["in_rb_table"] == "yes"}
    units = [(codes[n], n) for n in satker["nama_satker"] if n in in_scope]
    upt = [(k, n) for k, n in units
           if satker.filter(pl.col("kode_satker") == k)["jenis_satker"].item() != "KANWIL"]
    rb = rb_rows(seed_dir, codes)
    files = {
        "reference/pk.csv": lambda p: _write(
            p, b"\xef\xbb\xbf" + pk_frame(seed_dir).write_csv(separator=";").encode("utf-8")),
        "2025-03/rb.csv": lambda p: write_rb_csv(rb, p),
        "2025-06/rb.xlsx": lambda p: write_rb_xlsx(rb, p),
        "2025-06/survei.csv": lambda p: _write(
            p, survey_frame(units, rng).write_csv(separator=";").encode("utf-8")),
        "2025-06/iph.csv": lambda p: _write(
            p, iph_frame(upt, _read(seed_dir, "iph_dimensions.csv"), rng)
            .write_csv(separator=";").encode("utf-8")),
        "2025-06/iku.csv": lambda p: _write(p, iku_frame().write_csv().encode("utf-8")),
    }
    for rel, write in files.items():
        write(out / rel)
    return list(files)
