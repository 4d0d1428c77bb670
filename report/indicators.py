"""The performance tables of the LKjIP section: RB action plans, indicator attainment, IKM, IPH.

Built from the ``out_rb_satker``, ``out_iku``, ``out_survey_*`` and ``out_iph_*`` tables of
the published database (docs/data_dictionary.md, generated from kinerja.metadata). Indices
and percentages are shown to 2 decimals (half-up); an n/a realisation (NULL) is shown as
``n/a`` with no capaian, never as 0. A builder returns None when its source holds no row for
the period (e.g. before the year's first RB checkpoint), so the table is skipped.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.report.budget import office_order, scope_note
from kinerja.formatting import as_of, month_year, rule_number
from kinerja.report.queries import Source
from kinerja.report.tables import Column, RawCell, Row, Table, TableSpec, make_table
from kinerja.rules import Rules

RB_SATKER = "out_rb_satker"
IKU = "out_iku"
SURVEY_SATKER = "out_survey_satker"
SURVEY_REGION = "out_survey_region"
IPH_SATKER = "out_iph_satker"
IPH_REGION = "out_iph_region"
NA: Final = "n/a"
# out_iku.status -> the label the attainment table prints (and the narrative counts).
STATUS: Final[dict[str, str]] = {
    "tercapai": "Tercapai", "tidak tercapai": "Tidak Tercapai", "tidak dapat dinilai": "Tidak Dapat Dinilai",
}
# The eight IPH dimensions (seed_facts/iph_dimensions.csv), 12,5% each: (short header, full name).
IPH_DIMENSIONS: Final[tuple[tuple[str, str], ...]] = (
    ("Pelayanan Tahanan", "Indeks Pelayanan Tahanan di Wilayah"),
    ("Pengelolaan Basan Baran", "Indeks Pengelolaan Basan Baran di Wilayah"),
    ("Pembinaan Narapidana", "Indeks Keberhasilan Pembinaan Narapidana di Wilayah"),
    ("Hak Narapidana", "Indeks Pemenuhan Hak Narapidana di Wilayah"),
    ("Pembimbingan Klien", "Indeks Keberhasilan Program Pembimbingan Klien Pemasyarakatan di Wilayah"),
    ("Pembinaan Khusus Anak", "Indeks Pembinaan Khusus Anak di Wilayah"),
    ("Derajat Kesehatan", "Indeks Derajat Kesehatan Anak, Tahanan, dan Narapidana di Wilayah"),
    ("Kamtib", "Indeks Keamanan dan Ketertiban pada Satuan Kerja Pemasyarakatan di Wilayah"),
)
RB_NOTE: Final = (
    "Target dan terlaksana bersifat kumulatif s.d. checkpoint (B03 = Maret, B06 = Juni, B09 = September, "
    "B12 = Desember); capaian = terlaksana / target. Baris TOTAL: jumlah target dan terlaksana unit yang "
    "ditampilkan, capaiannya gabungan (jumlah terlaksana / jumlah target), bukan rata-rata capaian unit."
)


def survey_note(rules: Rules) -> str:
    """The IKM table's note: the scale, the conversion and the grades of the fiscal year's rules."""
    low, high = rules.survei_skala
    k = rules.survei_konversi
    *graded, last = rules.survei_mutu
    grades = "; ".join(f"{b.mutu} ({b.kinerja_unit}) >= {rule_number(b.ikm_min, as_written=True)}" for b in graded)
    return (
        f"IKM menurut PermenPAN-RB 14/2017: rata-rata 9 unsur pelayanan (bobot 1/9), skala "
        f"{rule_number(low)}-{rule_number(high)}; nilai konversi = IKM x {rule_number(k)} (skala "
        f"{rule_number(low * k)}-{rule_number(high * k)}). Mutu: {grades}; {last.mutu} ({last.kinerja_unit}). "
        f"Baris wilayah: seluruh responden digabung, bukan rata-rata IKM unit."
    )

SURVEY_REGION_LABEL: Final = "Wilayah (seluruh responden)"
IPH_REGION_LABEL: Final = "Wilayah (rata-rata satker)"


def _units(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows in the office's order (:func:`kinerja.report.budget.office_order`)."""
    return office_order(frame)


def _unit_rows(frame: pl.DataFrame) -> list[dict]:
    """One table row per unit, Kanwil first, labelled by name (or code when unnamed)."""
    return [{**r, "_key": r["kode_satker"], "unit": r["nama_satker"] or r["kode_satker"]}
            for r in _units(frame).iter_rows(named=True)]


def pk_name(source: Source, sumber: str, default: str) -> str:
    """The name of the PK indicator computed from ``sumber``, exactly as the PK reference gives it."""
    if not source.has(IKU):
        return default
    names = source.frame(IKU).filter(pl.col("sumber") == sumber)["indikator"].to_list()
    return names[0] if names else default


def label_suffix(source: Source, sumber: str) -> str:
    """`` (SINTETIS)`` when the office labels the source synthetic or estimated (narasi.md ``# LABEL``)."""
    label = source.labels.get(sumber)
    return f" ({label.split(' ', 1)[0].split('(')[0].strip()})" if label else ""


def label_note(source: Source, sumber: str) -> str:
    label = source.labels.get(sumber)
    return f"PERHATIAN: data {sumber} berlabel {label}. " if label else ""


def checkpoints(table: Table) -> list[str]:
    """The checkpoints (``B03``, ``B06``...) an RB table shows, in order; the last is the latest."""
    return [c.key.removeprefix("capaian_") for c in table.columns if c.key.startswith("capaian_")]


def rb_by_unit(source: Source) -> Table | None:
    """Target, terlaksana and capaian of each unit's RB action plans at every checkpoint (Tabel 1.8)."""
    frame = source.frame(RB_SATKER)
    if frame.is_empty():
        return None
    points = sorted(frame["checkpoint"].unique().to_list())
    rows: list[dict[str, RawCell]] = []
    for (kode,), part in _units(frame).group_by("kode_satker", maintain_order=True):
        at = {r["checkpoint"]: r for r in part.iter_rows(named=True)}
        row: dict[str, RawCell] = {"_key": kode, "unit": part["nama_satker"][0] or kode}
        for cp in points:
            row[f"target_{cp}"] = at[cp]["target"] if cp in at else None
            row[f"terlaksana_{cp}"] = at[cp]["terlaksana"] if cp in at else None
        rows.append(row)
    columns = (
        Column("no", "No", "no"),
        Column("unit", "Unit Kerja", "text"),
        *(col for cp in points for col in (
            Column(f"target_{cp}", f"Target {cp}", "count"),
            Column(f"terlaksana_{cp}", f"Terlaksana {cp}", "count"),
            Column(f"capaian_{cp}", f"Capaian {cp} (%)", "pct", ratio=(f"terlaksana_{cp}", f"target_{cp}")),
        )),
    )
    title = (f"Capaian rencana aksi Reformasi Birokrasi per unit kerja di lingkungan {source.region.nama_kanwil} "
             f"per checkpoint s.d. {as_of(source.period)}")
    note = (label_note(source, "rb") + RB_NOTE + " "
            + scope_note(source, set(frame["kode_satker"]), "tidak memiliki rencana aksi RB pada periode ini"))
    return make_table("rb_satker", title + label_suffix(source, "rb"), "Rencana Aksi RB", columns, rows, note=note)


def indicator_row(table: Table, sumber: str) -> Row | None:
    """The attainment row of the indicator computed from ``sumber`` (``rb``, ``survei``, ``iph``), if any."""
    return next((r for k, r in zip(table.keys, table.rows, strict=True) if k.split(":")[0] == sumber), None)


def attainment(source: Source) -> Table | None:
    """Target, realisasi, capaian and status of every indicator of the performance agreement.

    The hidden key of a row is ``<sumber>:<kode_indikator>`` (sumber empty for a typed realisation).
    """
    frame = source.frame(IKU).sort("kode_indikator")
    if frame.is_empty():
        return None
    rows: list[dict[str, RawCell]] = []
    unassessable: list[str] = []
    earlier = source.year_to_date(IKU).filter(pl.col("period") < source.period)
    previous: dict[str, RawCell] = {}
    prev_label = None
    if not earlier.is_empty():
        last = earlier["period"].max()
        prev_label = month_year(last)
        previous = {r["kode_indikator"]: r["realisasi"] for r in earlier.filter(pl.col("period") == last).iter_rows(named=True)}
    year_ago = source.period.replace(year=source.period.year - 1)
    last_year = {r["kode_indikator"]: r["realisasi"] for r in source.frame_at(IKU, year_ago).iter_rows(named=True)}
    for r in frame.iter_rows(named=True):
        na = r["realisasi"] is None
        if na:
            unassessable.append(f"{r['indikator']}: {r['keterangan'] or 'realisasi belum tersedia'}")
        rows.append({
            "_key": f"{r['sumber'] or ''}:{r['kode_indikator']}", "sasaran": r["sasaran_kegiatan"] or "",
            "indikator": r["indikator"], "satuan": r["satuan"], "target": r["target"],
            "realisasi": NA if na else r["realisasi"], "capaian": None if na else r["capaian_pct"],
            "status": STATUS.get(r["status"], r["status"]),
            "sebelumnya": previous.get(r["kode_indikator"]) if r["kode_indikator"] in previous else None,
            "tahun_lalu": last_year.get(r["kode_indikator"]),
        })
    columns = (
        Column("no", "No", "no"),
        Column("sasaran", "Sasaran Kegiatan", "text"),
        Column("indikator", "Indikator Kinerja", "text"),
        Column("satuan", "Satuan", "text"),
        Column("target", "Target PK Tahunan", "num"),
        Column("realisasi", "Realisasi", "num"),
        Column("capaian", "Capaian (%)", "pct"),
        Column("status", "Status", "text"),
        # comparison columns only where the data exists (an earlier period of the year, last year)
        *([Column("sebelumnya", f"Realisasi {prev_label}", "num")]
          if any(v is not None for v in previous.values()) else []),
        *([Column("tahun_lalu", f"Realisasi {month_year(year_ago)}", "num")]
          if any(v is not None for v in last_year.values()) else []),
    )
    note = ("Capaian: realisasi / target (polaritas negatif: (2 x target - realisasi) / target). n/a: realisasi "
            "belum tersedia, tidak dapat dinilai dan tidak dihitung sebagai tercapai maupun tidak tercapai"
            + (f" ({'; '.join(unassessable)})." if unassessable else "."))
    labelled = [f"{r['indikator']}: {source.labels[r['sumber']]}" for r in frame.iter_rows(named=True)
                if r["sumber"] in source.labels]
    if labelled:
        note += " Data berlabel: " + "; ".join(labelled) + "."
    title = f"Capaian indikator kinerja {source.region.nama_kanwil} s.d. {as_of(source.period)}"
    return make_table("iku", title, "Capaian Indikator", columns, rows, total_label=None, note=note)


def _region_row(source: Source, table: str, label: str) -> dict[str, RawCell] | None:
    region = source.frame(table)
    return None if region.is_empty() else {**region.row(0, named=True), "unit": label}


def satisfaction(source: Source) -> Table | None:
    """IKM of each unit and of the region (every respondent pooled), for the semester of the period."""
    units = source.frame(SURVEY_SATKER)
    if units.is_empty():
        return None
    rows = _unit_rows(units)
    columns = (
        Column("no", "No", "no"),
        Column("unit", "Unit Kerja", "text"),
        Column("n_responden", "Jumlah Responden", "count"),
        Column("ikm", "IKM (1-4)", "num"),
        Column("ikm_konversi", "Nilai Konversi (25-100)", "num"),
        Column("mutu", "Mutu Pelayanan", "text"),
        Column("kinerja_unit", "Kinerja Unit", "text"),
    )
    semester = "I" if source.period.month <= 6 else "II"
    title = (f"{pk_name(source, 'survei', 'Indeks Kepuasan Masyarakat (IKM)')} per unit kerja di lingkungan "
             f"{source.region.nama_kanwil}, semester {semester} tahun {source.period.year}"
             f"{label_suffix(source, 'survei')}")
    note = (label_note(source, "survei") + survey_note(source.rules) + " "
            + scope_note(source, set(units["kode_satker"]), "tidak ada responden survei pada periode ini"))
    return make_table("ikm", title, "IKM", columns, rows, note=note,
                      summary=_region_row(source, SURVEY_REGION, SURVEY_REGION_LABEL))


def law_enforcement(source: Source) -> Table | None:
    """The eight IPH dimension values and the index of each unit and of the region."""
    units = source.frame(IPH_SATKER)
    if units.is_empty():
        return None
    rows = _unit_rows(units)
    columns = (
        Column("no", "No", "no"),
        Column("unit", "Unit Kerja", "text"),
        *(Column(f"dimensi_{i}", f"D{i} {short}", "num") for i, (short, _) in enumerate(IPH_DIMENSIONS, start=1)),
        Column("iph", "IPH", "num"),
    )
    names = "; ".join(f"D{i} = {name}" for i, (_, name) in enumerate(IPH_DIMENSIONS, start=1))
    low, high = (rule_number(v) for v in source.rules.iph_skala)
    note = (f"Nilai dimensi pada skala {low}-{high}; IPH = rata-rata 8 dimensi (bobot 12,5% masing-masing). Baris wilayah: "
            f"rata-rata satker per dimensi. {names}.")
    title = (f"{pk_name(source, 'iph', 'Indeks Penegakan Hukum Pemasyarakatan')} (IPH) per unit kerja di lingkungan "
             f"{source.region.nama_kanwil} s.d. {as_of(source.period)}{label_suffix(source, 'iph')}")
    note = (label_note(source, "iph") + note + " "
            + scope_note(source, set(units["kode_satker"]), "tidak ada nilai IPH pada periode ini"))
    return make_table("iph", title, "IPH", columns, rows, note=note,
                      summary=_region_row(source, IPH_REGION, IPH_REGION_LABEL))


SPECS: Final[tuple[TableSpec, ...]] = (
    TableSpec("rb_satker", (RB_SATKER,), rb_by_unit),
    TableSpec("iku", (IKU,), attainment),
    TableSpec("ikm", (SURVEY_SATKER, SURVEY_REGION), satisfaction),
    TableSpec("iph", (IPH_SATKER, IPH_REGION), law_enforcement),
)
