"""dim_*, fact_* and the metric views: the BI model of the published file.

Built by the publish from the working DB's core_* and out_* tables (their SELECTs are in
``warehouse/sql/published/``); they exist only in the published file (layer ``publish``).

Conventions an analyst can rely on without reading code:

- **Summable or not.** ``realisasi_bulan`` is the flow of one month: sum it over months,
  satker, akun. ``realisasi_kumulatif``, ``pagu``, ``blokir``, ``sisa`` and counts of RB
  items are balances at period end: sum them over satker or akun, never over periods (take
  the period you want, usually the latest).
- **Ratios** in the BI model are fractions (``*_ratio``, 0.4002 = 40,02 %), unrounded: show
  them with a percent format and two decimals. The out_* reporting tables keep the LKjIP's
  ``*_pct`` on a 0..100 scale (their name says so); never give a ``*_pct`` a percent format.
  Aggregate a ratio as a ratio of sums (``sum(realisasi_kumulatif) / sum(pagu)``), never as a
  mean of ratios; the metric views show how.
- **Lingkup (scope).** ``wilayah``: the Kanwil and all its UPT; ``upt``: the UPT only
  (the report's "lingkup UPT"); ``kanwil``: the Kanwil only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .classes import Column, Table
from .fields import MONEY_SUM, col

LINGKUP = {"wilayah": "Wilayah (Kanwil dan UPT)", "upt": "Lingkup UPT", "kanwil": "Kanwil"}


def _pub(name: str, grain: str, description: str, key: tuple[str, ...], *columns: Column) -> Table:
    return Table(name, "publish", grain, description, columns, primary_key=key, working=None,
                 published=True)


def _money(name: str, description: str) -> Column:
    return col(name, MONEY_SUM, description, unit="IDR", nullable=False)


_NOT_OVER_PERIODS = "NOT summable over periods (a balance at period end: take one period)"
_PAGU = _money("pagu", "Pagu in force at period end (the latest DIPA revision on or before the period "
               f"in its fiscal year). {_NOT_OVER_PERIODS}")
_BLOKIR = _money("blokir", f"Blokir: the part of pagu suspended. {_NOT_OVER_PERIODS}")
_PAGU_NETTO = _money("pagu_netto", "pagu - blokir of the row's sums, never below 0 (computed from the "
                     f"row's sums, so not the sum of lower-level pagu_netto). {_NOT_OVER_PERIODS}")
_BULAN = _money("realisasi_bulan", "Realisasi within the month (SP2D paid; negative after refunds). "
                "SUMMABLE over periods, satker and akun: the sum over January..the period is "
                "realisasi_kumulatif")
_KUMULATIF = _money("realisasi_kumulatif", "Realisasi from 1 January to period end (s.d. bulan ini). "
                    f"{_NOT_OVER_PERIODS}; summable over satker and akun")
_SISA = _money("sisa", f"pagu - realisasi_kumulatif (sisa anggaran). {_NOT_OVER_PERIODS}")
_SISA_NETTO = _money("sisa_netto", f"pagu_netto - realisasi_kumulatif. {_NOT_OVER_PERIODS}")


def _ratio(name: str, formula: str) -> Column:
    return col(name, "DOUBLE", f"{formula}, as a fraction (null when the denominator is 0). Aggregate "
               "as a ratio of sums, never a mean", unit="fraction")


_PENYERAPAN = _ratio("penyerapan_ratio", "Penyerapan (absorption): realisasi_kumulatif / pagu")
_PENYERAPAN_NETTO = _ratio("penyerapan_netto_ratio", "Penyerapan against usable pagu: "
                           "realisasi_kumulatif / pagu_netto")
_LINGKUP = (
    col("lingkup", "VARCHAR", "Scope: wilayah (the Kanwil and all its UPT), upt (the UPT only, the "
        "report's lingkup UPT) or kanwil (the Kanwil only)", nullable=False),
    col("nama_lingkup", "VARCHAR", "Label of the scope for officers: " + ", ".join(LINGKUP.values()),
        nullable=False),
)
_N_SATKER = col("n_satker", description="Number of satker in the scope with figures in the row")
_N_OVER = col("n_akun_over_pagu", description="Akun lines (satker x akun) of the row whose "
              "realisasi_kumulatif exceeds their pagu")

BI = (
    _pub(
        "dim_satker", "kode_satker",
        "The work units (satker): one row per satker of the latest satker master, with its unit type "
        "label, region and place in the report's order.",
        ("kode_satker",),
        col("kode_satker"), col("nama_satker", nullable=False), col("jenis_satker", nullable=False),
        col("nama_jenis_satker", "VARCHAR", "Unit type label for officers: Kanwil, Lapas, Rutan, Bapas, "
            "LPKA or Rupbasan", nullable=False),
        col("is_kanwil", "BOOLEAN", "The satker is the Kanwil heading its region", nullable=False),
        col("lingkup", "VARCHAR", "The scope the satker belongs to besides wilayah: kanwil or upt",
            nullable=False),
        col("kode_kanwil"), col("nama_kanwil"), col("kabupaten"), col("pulau"), col("aktif_dari"),
        col("aktif_sampai"),
        col("urutan_laporan", "BIGINT", "Order of the satker in the report's tables: the Kanwil first, "
            "then the UPT by kode_satker (1-based, within the region)", nullable=False),
    ),
    _pub(
        "dim_period", "period",
        "The periods (months) the file holds, with Indonesian labels, triwulan and semester.",
        ("period",),
        col("period"),
        col("periode", "VARCHAR", "The period as YYYY-MM", nullable=False),
        col("tahun_anggaran", "INTEGER", "Fiscal year (tahun anggaran) = calendar year", nullable=False),
        col("bulan", "INTEGER", "Month number 1..12", nullable=False),
        col("nama_bulan", "VARCHAR", "Month name in Indonesian (Januari .. Desember)", nullable=False),
        col("triwulan", "INTEGER", "Quarter (triwulan) 1..4", nullable=False),
        col("nama_triwulan", "VARCHAR", "Quarter label: Triwulan I .. Triwulan IV", nullable=False),
        col("semester", "INTEGER", "Half year (semester) 1..2", nullable=False),
        col("nama_semester", "VARCHAR", "Half-year label: Semester I or Semester II", nullable=False),
        col("label_periode", "VARCHAR", "How the report heads the period: s.d. <bulan> <tahun>",
            nullable=False),
        col("is_akhir_triwulan", "BOOLEAN", "The month closes a quarter (an RB checkpoint month)",
            nullable=False),
    ),
    _pub(
        "dim_jenis_belanja", "kode_jenis_belanja",
        "The jenis belanja (the 2-digit akun prefix of the Bagan Akun Standar) with their labels.",
        ("kode_jenis_belanja",),
        col("kode_jenis_belanja"), col("jenis_belanja", nullable=False),
        col("nama_jenis_belanja", "VARCHAR", "Label for officers: Belanja Pegawai, Belanja Barang, ...",
            nullable=False),
    ),
    _pub(
        "fact_budget_akun", "period x kode_satker x kode_akun",
        "Budget at the finest grain the extracts give: pagu in force and realisasi per satker, akun "
        "and month. Sums over its rows equal out_budget_satker.",
        ("period", "kode_satker", "kode_akun"),
        col("period"), col("kode_satker"), col("kode_kanwil"), col("kode_akun"), col("kode_jenis_belanja"),
        _PAGU, _BLOKIR, _BULAN, _KUMULATIF, _SISA, _PENYERAPAN,
        col("is_over_pagu", "BOOLEAN", "realisasi_kumulatif exceeds the line's pagu", nullable=False),
    ),
    _pub(
        "fact_budget_lingkup", "period x kode_kanwil x lingkup",
        "Budget absorption of a region per scope: wilayah (equals out_budget_region), lingkup UPT "
        "(the report's UPT total) and the Kanwil alone.",
        ("period", "kode_kanwil", "lingkup"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), *_LINGKUP, _N_SATKER,
        _PAGU, _BLOKIR, _PAGU_NETTO, _BULAN, _KUMULATIF, _SISA, _SISA_NETTO, _PENYERAPAN,
        _PENYERAPAN_NETTO, _N_OVER,
    ),
    _pub(
        "fact_budget_lingkup_jenis_belanja", "period x kode_kanwil x lingkup x kode_jenis_belanja",
        "Budget absorption of a region per scope and jenis belanja.",
        ("period", "kode_kanwil", "lingkup", "kode_jenis_belanja"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), *_LINGKUP, col("kode_jenis_belanja"),
        col("jenis_belanja"), _N_SATKER,
        _PAGU, _BLOKIR, _PAGU_NETTO, _BULAN, _KUMULATIF, _SISA, _SISA_NETTO, _PENYERAPAN,
        _PENYERAPAN_NETTO, _N_OVER,
    ),
    _pub(
        "fact_rb_lingkup", "period x kode_kanwil x lingkup x checkpoint",
        "RB action-plan attainment of a region per scope, pooled (ratio of sums): wilayah (equals "
        "out_rb_region), lingkup UPT and the Kanwil alone. Targets are cumulative: never add "
        "checkpoints or periods together.",
        ("period", "kode_kanwil", "lingkup", "checkpoint"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), *_LINGKUP, col("checkpoint"),
        col("is_latest", "BOOLEAN", "The latest checkpoint on or before the period: the period's figure",
            nullable=False),
        col("n_satker", description="Units of the scope in the RB monitoring"),
        col("target", description="Sum of the units' cumulative action-plan items due by the checkpoint"),
        col("terlaksana", description="Sum of the units' items completed with verified documents"),
        _ratio("capaian_ratio", "Capaian: sum(terlaksana) / sum(target)"),
    ),
    _pub(
        "fact_survey_lingkup", "period x kode_kanwil x lingkup",
        "Satisfaction index (IKM) of a region per scope for the semester containing the period: every "
        "respondent of the scope's units pooled (each element's NRR is a ratio of sums). The mutu "
        "grade of the region is in out_survey_region.",
        ("period", "kode_kanwil", "lingkup"),
        col("period"), col("kode_kanwil"), col("nama_kanwil"), *_LINGKUP,
        col("n_satker", description="Units of the scope with respondents"),
        col("n_responden", "BIGINT", "Respondents of the scope in the semester", unit="count",
            nullable=False),
        col("ikm", "DOUBLE", "Indeks Kepuasan Masyarakat of the scope: the mean of the nine pooled NRR "
            "(each NRR = sum of the element's scores / respondents), scale 1-4", unit="score_1_4"),
        col("ikm_konversi", "DOUBLE", "ikm * 25 (scale 25-100)", unit="score_25_100"),
    ),
)


@dataclass(frozen=True)
class MetricView:
    """A ready view for dashboards: its SELECT is ``warehouse/sql/published/<name>.sql``."""

    name: str
    description: str
    columns: tuple[tuple[str, str], ...]

    def comment_sql(self, catalog: str) -> list[str]:
        from .classes import literal, quote
        name = f"{catalog}.main.{quote(self.name)}"
        return [f"COMMENT ON VIEW {name} IS {literal(self.description)};"] + [
            f"COMMENT ON COLUMN {name}.{quote(c)} IS {literal(d)};" for c, d in self.columns]


_LABELS = (
    ("period", "First day of the month the figures are as of"),
    ("periode", "The period as YYYY-MM"),
    ("nama_bulan", "Month name in Indonesian"),
    ("triwulan", "Quarter (triwulan) 1..4"),
    ("semester", "Half year (semester) 1..2"),
)
_SUMS = (
    ("pagu", "Sum of pagu in force [IDR]; not summable over periods"),
    ("realisasi_bulan", "Sum of realisasi within the month [IDR]; summable over periods"),
    ("realisasi_kumulatif", "Sum of realisasi s.d. period end [IDR]; not summable over periods"),
    ("penyerapan_ratio", "sum(realisasi_kumulatif) / sum(pagu) of the row, a fraction; to aggregate "
     "further, sum pagu and realisasi_kumulatif and divide again [fraction]"),
)

VIEWS = (
    MetricView(
        "v_penyerapan_satker_jenis_belanja",
        "Absorption per period, satker and jenis belanja with officer labels, from fact_budget_akun: "
        "the ratio is recomputed from sums, so any GROUP BY over it must sum pagu and "
        "realisasi_kumulatif and divide (ratio of sums), never average penyerapan_ratio.",
        (*_LABELS,
         ("kode_satker", "Code of the satker"), ("nama_satker", "Name of the satker"),
         ("nama_jenis_satker", "Unit type label (Kanwil, Lapas, Rutan, ...)"),
         ("lingkup", "kanwil or upt"), ("urutan_laporan", "Order of the satker in the report"),
         ("kode_jenis_belanja", "Jenis belanja code (51, 52, 53, 57)"),
         ("nama_jenis_belanja", "Jenis belanja label (Belanja Pegawai, ...)"), *_SUMS),
    ),
    MetricView(
        "v_penyerapan_bulanan",
        "Monthly absorption trend per region and scope (wilayah, lingkup UPT, Kanwil): the month's "
        "realisasi and the cumulative ratio of sums, with Indonesian month labels.",
        (*_LABELS, ("kode_kanwil", "Code of the region (its Kanwil's kode_satker)"),
         ("lingkup", "wilayah, upt or kanwil"), ("nama_lingkup", "Label of the scope"), *_SUMS),
    ),
    MetricView(
        "v_capaian_rb_unit",
        "RB action-plan attainment per unit at the period's latest checkpoint (is_latest), with "
        "unit labels; capaian_ratio = terlaksana / target. Pool units as sum(terlaksana) / "
        "sum(target); fact_rb_lingkup has the pooled scopes.",
        (*_LABELS, ("kode_satker", "Code of the satker"), ("nama_satker", "Name of the satker"),
         ("nama_jenis_satker", "Unit type label"), ("lingkup", "kanwil or upt"),
         ("checkpoint", "RB checkpoint (B03, B06, B09, B12)"),
         ("target", "Cumulative items due by the checkpoint [count]; not summable over periods"),
         ("terlaksana", "Items completed with verified documents [count]; not summable over periods"),
         ("capaian_ratio", "terlaksana / target, a fraction [fraction]")),
    ),
    MetricView(
        "v_capaian_indikator",
        "Attainment of every indicator of the Perjanjian Kinerja per period, as a fraction "
        "(capaian_ratio = out_iku.capaian_pct / 100), with its status.",
        (*_LABELS, ("kode_indikator", "Code of the indicator"), ("indikator", "The indicator's name"),
         ("satuan", "persen, indeks or angka"), ("target", "Target in force [satuan]"),
         ("realisasi", "Realisasi; null = n/a [satuan]"),
         ("capaian_ratio", "Capaian as a fraction (1.0 = 100 %) [fraction]"),
         ("status", "tercapai, tidak tercapai or tidak dapat dinilai")),
    ),
)
