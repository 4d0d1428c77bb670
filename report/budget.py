"""The budget tables of the LKjIP budget section (Tabel 1.10-1.12 and the headline).

Built from the ``out_budget_*`` tables of the published database (see
docs/data_dictionary.md); each builder takes the cached frames of a :class:`Source`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import polars as pl

from kinerja.formatting import as_of, month_year, round_pct, round_rupiah
from kinerja.report.queries import Source
from kinerja.report.tables import Column, Table, TableSpec, make_table

SATKER = "out_budget_satker"
SATKER_JB = "out_budget_satker_jenis_belanja"
REGION = "out_budget_region"
REGION_JB = "out_budget_region_jenis_belanja"
KANWIL = "KANWIL"

# The cumulative absorption targets per quarter and jenis belanja are a fiscal-year rule
# (kinerja/rules.toml ``target_penyerapan``, DOMAIN.md 2.3): replicated by IKPA tools, not seen
# in an official text, hence always shown as "estimasi". QUARTERS: (label, month) of TW I..IV.
QUARTERS: Final[tuple[tuple[str, int], ...]] = (
    ("TW I (s.d. Maret)", 3), ("TW II (s.d. Juni)", 6), ("TW III (s.d. September)", 9), ("TW IV (s.d. Desember)", 12),
)
ESTIMATE_NOTE: Final = (
    "Target estimasi: lintasan target penyerapan per triwulan yang direplikasi alat simulasi IKPA "
    "(PER-5/PB/2024), bukan angka resmi."
)
KANWIL_LABEL: Final = "Internal Kantor Wilayah"


# The office lists its units by type in this order, then by name (unless the satker
# reference publishes an order column, ``urutan``); unknown types follow, alphabetically.
UNIT_TYPES: Final[tuple[str, ...]] = ("KANWIL", "LAPAS", "LPKA", "RUTAN", "BAPAS", "RUPBASAN")


def office_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows (one or more per unit) in the office's order: ``urutan`` when published, else by unit
    type (:data:`UNIT_TYPES`) then name; ties by kode_satker."""
    if "urutan" in frame.columns:
        return frame.sort("urutan", "kode_satker", nulls_last=True)
    rank = pl.col("jenis_satker").replace_strict(
        {t: i for i, t in enumerate(UNIT_TYPES)}, default=len(UNIT_TYPES), return_dtype=pl.Int32)
    return frame.sort(rank, "jenis_satker", pl.col("nama_satker").fill_null(pl.col("kode_satker")), "kode_satker")


def scope_note(source: Source, shown: set[str], what: str) -> str:
    """``Cakupan: ...``: which of the region's satker (the budget's DIPA) a table covers, and which not."""
    every = office_order(source.frame(SATKER)) if source.has(SATKER) else None
    if every is None or every.is_empty():
        return f"Cakupan: {len(shown)} unit kerja."
    names = {r["kode_satker"]: r["nama_satker"] or r["kode_satker"] for r in every.iter_rows(named=True)}
    upt = sum(1 for r in every.iter_rows(named=True) if r["jenis_satker"] != KANWIL and r["kode_satker"] in shown)
    kanwil = any(r["jenis_satker"] == KANWIL and r["kode_satker"] in shown for r in every.iter_rows(named=True))
    covered = ("Kantor Wilayah dan " if kanwil else "") + f"{upt} UPT"
    absent = [names[k] for k in names if k not in shown]
    text = f"Cakupan: {covered} ({len(shown)} dari {len(names)} satker pada DIPA wilayah)"
    if absent:
        text += f"; tidak termasuk {', '.join(absent)}" + (f" ({what})" if what else "")
    return text + "."


def jenis_label(name: str | None, kode: str) -> str:
    """``barang`` -> ``Belanja Barang`` (the report's row and column labels)."""
    return f"Belanja {(name or kode).replace('_', ' ').title()}"


def _jenis(source: Source) -> list[tuple[str, str]]:
    """(kode, label) of every jenis belanja of the region in the period, by code."""
    frame = source.frame(SATKER_JB).select("kode_jenis_belanja", "jenis_belanja").unique().sort("kode_jenis_belanja")
    return [(k, jenis_label(n, k)) for k, n in frame.iter_rows()]


def _money(amount: Decimal | None) -> Decimal:
    return round_rupiah(amount or 0)


def _kanwil_and_upt(satker: pl.DataFrame, measures: tuple[str, ...]) -> list[dict]:
    """Two rows: the Kanwil's own DIPA (key ``KANWIL``) and its UPT together (``UPT``), each
    with the sums of ``measures`` in whole rupiah."""
    upt = satker.filter(pl.col("jenis_satker") != KANWIL)
    parts = [
        ("KANWIL", KANWIL_LABEL, satker.filter(pl.col("jenis_satker") == KANWIL)),
        ("UPT", f"Unit Pelaksana Teknis ({upt.height} satker)", upt),
    ]
    return [{"_key": key, "uraian": label, **{k: _money(sum(part[k], Decimal(0))) for k in measures}}
            for key, label, part in parts]


def headline(source: Source) -> Table:
    """Pagu, realisasi and sisa: the Kanwil's own DIPA (key ``KANWIL``), its UPT together (``UPT``), the region."""
    satker = source.frame(SATKER)
    rows = _kanwil_and_upt(satker, ("pagu", "realisasi_kumulatif", "sisa"))
    columns = (
        Column("uraian", "Uraian", "text"),
        Column("pagu", "Pagu (Rp)", "money"),
        Column("porsi", "Porsi Pagu (%)", "pct", share_of="pagu"),
        Column("realisasi_kumulatif", "Realisasi (Rp)", "money"),
        Column("sisa", "Sisa Anggaran (Rp)", "money"),
        Column("persen", "Penyerapan (%)", "pct", ratio=("realisasi_kumulatif", "pagu")),
    )
    title = f"Pagu, realisasi dan sisa anggaran {source.region.nama_kanwil} s.d. {as_of(source.period)}"
    note = scope_note(source, set(satker["kode_satker"]), "")
    return make_table("ringkasan", title, "Ringkasan", columns, rows, note=note)


def blokir(source: Source) -> Table:
    """Pagu, blokir, usable pagu (pagu efektif = pagu - blokir) and absorption against both."""
    satker = source.frame(SATKER)
    rows = _kanwil_and_upt(satker, ("pagu", "blokir", "pagu_netto", "realisasi_kumulatif"))
    columns = (
        Column("uraian", "Uraian", "text"),
        Column("pagu", "Pagu (Rp)", "money"),
        Column("blokir", "Blokir (Rp)", "money"),
        Column("pagu_netto", "Pagu Efektif (Rp)", "money"),
        Column("realisasi_kumulatif", "Realisasi (Rp)", "money"),
        Column("persen", "Penyerapan thd Pagu (%)", "pct", ratio=("realisasi_kumulatif", "pagu")),
        Column("persen_netto", "Penyerapan thd Pagu Efektif (%)", "pct", ratio=("realisasi_kumulatif", "pagu_netto")),
    )
    title = f"Blokir anggaran, pagu efektif dan penyerapan {source.region.nama_kanwil} s.d. {as_of(source.period)}"
    note = ("Pagu efektif = pagu - blokir (anggaran yang dapat digunakan), dasar penilaian penyerapan "
            "IKPA. " + scope_note(source, set(satker["kode_satker"]), ""))
    return make_table("blokir", title, "Blokir", columns, rows, note=note)


def revisions(source: Source) -> Table | None:
    """The DIPA history of the year: the region's pagu and blokir at each month they changed."""
    frame = source.year_to_date(REGION).sort("period")
    rows: list[dict] = []
    before: tuple[Decimal, Decimal] | None = None
    for r in frame.iter_rows(named=True):
        now = (_money(r["pagu"]), _money(r["blokir"]))
        if now != before:
            rows.append({"_key": f"{r['period']:%Y-%m}", "bulan": month_year(r["period"]),
                         "uraian": "DIPA awal" if before is None else f"Revisi ke-{len(rows)}",
                         "pagu": now[0], "blokir": now[1], "pagu_netto": _money(r["pagu_netto"]),
                         "perubahan": None if before is None else now[0] - before[0]})
            before = now
    if not rows:
        return None
    columns = (
        Column("bulan", "Bulan", "text"),
        Column("uraian", "Keterangan", "text"),
        Column("pagu", "Pagu (Rp)", "money"),
        Column("perubahan", "Perubahan Pagu (Rp)", "money"),
        Column("blokir", "Blokir (Rp)", "money"),
        Column("pagu_netto", "Pagu Efektif (Rp)", "money"),
    )
    title = f"Riwayat pagu DIPA {source.region.nama_kanwil} beserta UPT tahun {source.period.year}"
    note = ("Pagu dan blokir menurut data pagu yang dimuat setiap bulan; baris baru menandai perubahan "
            "(revisi DIPA atau perubahan blokir).")
    return make_table("revisi", title, "Riwayat DIPA", columns, rows, total_label=None, note=note)


def region_by_jenis(source: Source) -> Table:
    """Pagu, its composition, realisasi and absorption per jenis belanja, Kanwil and UPT together."""
    frame = source.frame(REGION_JB).sort("kode_jenis_belanja")
    rows = [
        {"_key": r["kode_jenis_belanja"], "jenis": jenis_label(r["jenis_belanja"], r["kode_jenis_belanja"]),
         "pagu": r["pagu"], "realisasi_kumulatif": r["realisasi_kumulatif"], "sisa": r["sisa"],
         "pagu_netto": r["pagu_netto"]}
        for r in frame.iter_rows(named=True)
    ]
    columns = (
        Column("no", "No", "no"),
        Column("jenis", "Jenis Belanja", "text"),
        Column("pagu", "Pagu (Rp)", "money"),
        Column("porsi", "Porsi Pagu (%)", "pct", share_of="pagu"),
        Column("realisasi_kumulatif", "Realisasi (Rp)", "money"),
        Column("sisa", "Sisa Anggaran (Rp)", "money"),
        Column("persen", "Persentase Realisasi (%)", "pct", ratio=("realisasi_kumulatif", "pagu")),
        Column("pagu_netto", "Pagu Efektif (Rp)", "money"),
        Column("persen_netto", "Realisasi thd Pagu Efektif (%)", "pct", ratio=("realisasi_kumulatif", "pagu_netto")),
    )
    title = (f"Pagu dan realisasi per jenis belanja {source.region.nama_kanwil} beserta UPT "
             f"s.d. {as_of(source.period)}")
    return make_table("region_jenis", title, "Jenis Belanja", columns, rows)


def upt_pagu_by_jenis(source: Source) -> Table:
    """Pagu of each UPT per jenis belanja (the report's Tabel 1.10)."""
    jenis = _jenis(source)
    upt = source.frame(SATKER_JB).filter(pl.col("jenis_satker") != KANWIL)
    rows = []
    for (kode, nama), part in office_order(upt).group_by("kode_satker", "nama_satker", maintain_order=True):
        pagu = {k: Decimal(0) for k, _ in jenis}
        for r in part.iter_rows(named=True):
            pagu[r["kode_jenis_belanja"]] = _money(r["pagu"])
        rows.append({"_key": kode, "unit": nama or kode, **{f"jb{k}": v for k, v in pagu.items()},
                     "total": sum(pagu.values(), Decimal(0))})
    columns = (
        Column("no", "No", "no"),
        Column("unit", "UPT", "text"),
        *(Column(f"jb{k}", f"{label} (Rp)", "money") for k, label in jenis),
        Column("total", "Total (Rp)", "money"),
    )
    title = f"Sebaran anggaran dan jenis belanja UPT di lingkungan {source.region.nama_kanwil}"
    note = scope_note(source, set(upt["kode_satker"]), "Kantor Wilayah disajikan pada tabel tersendiri")
    return make_table("pagu_upt_jenis", title, "Pagu UPT", columns, rows, note=note)


def kanwil_by_jenis(source: Source) -> Table:
    """The Kanwil's own pagu and realisasi per jenis belanja (the report's Tabel 1.11)."""
    own = {r["kode_jenis_belanja"]: r for r in
           source.frame(SATKER_JB).filter(pl.col("jenis_satker") == KANWIL).iter_rows(named=True)}
    rows = [
        {"_key": k, "jenis": label, "pagu": (own.get(k) or {}).get("pagu"),
         "realisasi_kumulatif": (own.get(k) or {}).get("realisasi_kumulatif")}
        for k, label in _jenis(source)
    ]
    columns = (
        Column("no", "No", "no"),
        Column("jenis", "Jenis Belanja", "text"),
        Column("pagu", "Pagu (Rp)", "money"),
        Column("realisasi_kumulatif", "Realisasi (Rp)", "money"),
        Column("persen", "Persentase Realisasi (%)", "pct", ratio=("realisasi_kumulatif", "pagu")),
    )
    title = f"Realisasi per jenis belanja pada internal {source.region.nama_kanwil} s.d. {as_of(source.period)}"
    return make_table("kanwil_jenis", title, "Kanwil", columns, rows)


def upt_realisasi(source: Source) -> Table:
    """Pagu, cumulative realisasi and absorption of each UPT (the report's Tabel 1.12)."""
    upt = office_order(source.frame(SATKER).filter(pl.col("jenis_satker") != KANWIL))
    rows = [
        {"_key": r["kode_satker"], "unit": r["nama_satker"] or r["kode_satker"],
         "pagu": r["pagu"], "realisasi_kumulatif": r["realisasi_kumulatif"]}
        for r in upt.iter_rows(named=True)
    ]
    columns = (
        Column("no", "No", "no"),
        Column("unit", "Unit Kerja", "text"),
        Column("pagu", "Pagu Anggaran (Rp)", "money"),
        Column("realisasi_kumulatif", "Realisasi (Rp)", "money"),
        Column("persen", "% Realisasi Anggaran", "pct", ratio=("realisasi_kumulatif", "pagu")),
    )
    title = (f"Realisasi anggaran tahun {source.period.year} UPT di lingkungan {source.region.nama_kanwil} "
             f"s.d. {as_of(source.period)}")
    note = scope_note(source, set(upt["kode_satker"]), "Kantor Wilayah disajikan pada tabel tersendiri")
    return make_table("realisasi_upt", title, "Realisasi UPT", columns, rows, note=note)


def monthly_absorption(source: Source) -> Table:
    """Cumulative absorption per jenis belanja at each published month of the year."""
    frame = source.year_to_date(REGION_JB)
    jenis = [(k, jenis_label(n, k)) for k, n in
             frame.select("kode_jenis_belanja", "jenis_belanja").unique().sort("kode_jenis_belanja").iter_rows()]
    rows = []
    for (period,), part in frame.sort("period").group_by("period", maintain_order=True):
        pct = {r["kode_jenis_belanja"]: r["penyerapan_pct"] for r in part.iter_rows(named=True)}
        rows.append({"_key": f"{period:%Y-%m}", "bulan": month_year(period),
                     **{f"jb{k}": None if pct.get(k) is None else round_pct(pct[k]) for k, _ in jenis}})
    columns = (Column("bulan", "Bulan", "text"), *(Column(f"jb{k}", f"{label} (%)", "pct") for k, label in jenis))
    title = (f"Penyerapan kumulatif per jenis belanja per bulan, {source.region.nama_kanwil} beserta UPT, "
             f"tahun {source.period.year}")
    return make_table("trajektori", title, "Penyerapan Bulanan", columns, rows, total_label=None)


def quarterly_targets(source: Source) -> Table:
    """The estimated quarterly trajectory targets (the rules of the period's fiscal year) for
    the region's jenis belanja."""
    targets = source.rules.target_penyerapan
    jenis = [(k, label) for k, label in _jenis(source) if k in targets]
    rows = [
        {"_key": str(month), "triwulan": name, **{f"jb{k}": targets[k][q] for k, _ in jenis}}
        for q, (name, month) in enumerate(QUARTERS)
    ]
    columns = (Column("triwulan", "Triwulan", "text"), *(Column(f"jb{k}", f"{label} (%)", "pct") for k, label in jenis))
    title = "Target penyerapan kumulatif per triwulan per jenis belanja (estimasi)"
    return make_table("target", title, "Target (estimasi)", columns, rows, total_label=None, note=ESTIMATE_NOTE)


SPECS: Final[tuple[TableSpec, ...]] = (
    TableSpec("ringkasan", (SATKER,), headline),
    TableSpec("blokir", (SATKER,), blokir),
    TableSpec("region_jenis", (REGION_JB,), region_by_jenis),
    TableSpec("pagu_upt_jenis", (SATKER_JB,), upt_pagu_by_jenis),
    TableSpec("kanwil_jenis", (SATKER_JB,), kanwil_by_jenis),
    TableSpec("realisasi_upt", (SATKER,), upt_realisasi),
    TableSpec("trajektori", (REGION_JB,), monthly_absorption),
    TableSpec("target", (SATKER_JB,), quarterly_targets),
    TableSpec("revisi", (REGION,), revisions),
)
