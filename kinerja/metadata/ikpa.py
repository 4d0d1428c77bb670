"""IKPA (issue 10): the Halaman III plan, the official component table, kinerja's estimates,
the score per satker and region, the reconciliation, and budget execution beside absorption.

Scores are DOUBLE on the 0..100 IKPA scale (not a percentage), unrounded: round half-up to 2
decimals only when presenting. Every figure kinerja computes is ``estimasi`` and names the
rule set (fiscal year, source) that produced it; official values from the ``ikpa`` extract are
``resmi``. The region figure is kinerja's own convention (the mean of its satker's scores):
no official regional IKPA exists (DOMAIN.md 2.2).
"""

from __future__ import annotations

from .classes import Column, Table
from .fields import MONEY_LINE, MONEY_SUM, col

_SCORE = None   # IKPA points 0..100 (not a percentage); no unit of kinerja.metadata.UNITS fits
_UNIT = (col("kode_kanwil"), col("kode_satker"), col("nama_satker"), col("jenis_satker"))
_RULES = (
    col("aturan_tahun_anggaran", "INTEGER", "Fiscal year of the rule set (kinerja/rules.toml) the estimates "
        "were computed with; its rules and their sources are the period's rows of out_ikpa_aturan",
        nullable=False),
)
_JENIS = (col("kode_jenis_belanja"), col("jenis_belanja"))
_PROVENANCE = (col("load_id"), col("source_row"))


def _out(name: str, grain: str, description: str, key: tuple[str, ...], *columns: Column) -> Table:
    return Table(name, "out", grain, description, columns, primary_key=key, published=True)


def _score(name: str, description: str, nullable: bool = True) -> Column:
    return col(name, "DOUBLE", description, unit=_SCORE, nullable=nullable)


IKPA = (
    Table("raw_rpd", "raw", "load_id x source_row x bulan",
          "A Halaman III DIPA (rpd*) as read, one row per satker x jenis belanja x month (a row of the "
          "file with a column per month gives twelve rows with its source_row).",
          (*_PROVENANCE, col("kode_satker"),
           col("jenis_belanja", description="The jenis belanja as the file writes it (\"51 BELANJA PEGAWAI\", "
               "\"52\", \"Belanja Barang\")", nullable=False),
           col("kode_jenis_belanja", nullable=True, description="Jenis belanja code read from the text (null: "
               "none, which the gate reports as rpd.jenis_belanja)"),
           col("bulan", "BIGINT", "Month of the plan, 1..12", nullable=False),
           col("rencana", MONEY_LINE, "Planned disbursement of the month in rupiah (x 1000 when the file "
               "states its amounts in thousands)", unit="IDR", nullable=False),
           col("satuan_rupiah", "BIGINT", "The file's amount unit in rupiah: 1, or 1000 for \"dalam ribuan "
               "rupiah\"", nullable=False),
           col("tahun_anggaran", "BIGINT", "Fiscal year named by the file's title (null: none)")),
          shape="rpd"),
    Table("raw_ikpa", "raw", "load_id x source_row x komponen",
          "An IKPA component table (ikpa*) from the monitoring application as read, one row per satker and "
          "component with a value (a column per component gives one row per filled column).",
          (*_PROVENANCE, col("kode_satker"),
           col("komponen", "VARCHAR", "IKPA component: revisi_dipa, deviasi_halaman_iii, penyerapan_anggaran, "
               "belanja_kontraktual, penyelesaian_tagihan, pengelolaan_up_tup, capaian_output, dispensasi_spm "
               "or nilai_akhir", nullable=False),
           _score("nilai", "The component's official value", nullable=False),
           col("bobot", "DOUBLE", "Weight as the file states it (null: not given)", unit="percent"),
           col("kategori", "VARCHAR", "Category as the file states it (only on the nilai_akhir row)")),
          shape="ikpa"),
    Table("core_rpd", "core", "period x kode_satker x kode_jenis_belanja x bulan",
          "The Halaman III plan in force for each period (the latest rpd delivery valid for it): a later "
          "delivery replaces the plan from its period on; earlier periods keep the plan they used.",
          (col("period", description="First day of the period the plan was in force for"),
           col("kode_satker"), col("kode_jenis_belanja"),
           col("bulan", "BIGINT", "Month of the plan, 1..12", nullable=False),
           col("rencana", MONEY_SUM, "Planned disbursement of the month (rupiah)", unit="IDR", nullable=False),
           col("load_id")),
          primary_key=("period", "kode_satker", "kode_jenis_belanja", "bulan")),
    Table("core_ikpa", "core", "period x kode_satker x komponen",
          "Official IKPA component values delivered for a period (ikpa extract).",
          (col("period", description="First day of the period the values were delivered for"),
           col("kode_satker"),
           col("komponen", "VARCHAR", "IKPA component (or nilai_akhir)", nullable=False),
           _score("nilai", "The official value", nullable=False),
           col("bobot", "DOUBLE", "Weight as the file states it (null: not given)", unit="percent"),
           col("kategori", "VARCHAR", "Category as the file states it"), col("load_id")),
          primary_key=("period", "kode_satker", "komponen")),
    _out("out_ikpa_satker", "period x kode_satker",
         "IKPA per satker and month (PER-5/PB/2024): the weighted total renormalised over the components "
         "that have a value, minus the dispensasi SPM deduction when given, and its category. Components come "
         "from the ikpa extract (resmi) where given, else kinerja's estimates (penyerapan, deviasi Halaman III); "
         "a score with any estimated component is status_nilai 'estimasi'.",
         ("period", "kode_satker"),
         col("period"), *_UNIT,
         _score("nilai_akhir", "The IKPA: nilai_tertimbang - pengurang, never below 0 (null: no component has "
                "a value)"),
         col("kategori", "VARCHAR", "Sangat Baik, Baik, Cukup or Kurang (rules ikpa_kategori) of nilai_akhir"),
         col("status_nilai", "VARCHAR", "resmi: every counted component is official; estimasi: at least one "
             "is kinerja's estimate", nullable=False),
         _score("nilai_tertimbang", "sum(nilai x bobot) / bobot_aktif over the weighted components with a value"),
         col("bobot_aktif", "DOUBLE", "Sum of the weights of the components that have a value (the "
             "renormalisation base; 100 when all apply)", unit="percent", nullable=False),
         _score("pengurang", "Deduction: the dispensasi SPM value when the ikpa extract gives one, else 0",
                nullable=False),
         col("n_komponen", "BIGINT", "Weighted components with a value", unit="count", nullable=False),
         col("n_resmi", "BIGINT", "Of those, official (ikpa extract)", unit="count", nullable=False),
         col("n_estimasi", "BIGINT", "Of those, kinerja's estimates", unit="count", nullable=False),
         _score("nilai_akhir_resmi", "The final score the ikpa extract states (null: not given)"),
         col("kategori_resmi", "VARCHAR", "The category the ikpa extract states (null: not given)"),
         _score("penyerapan_nk_bulan", "Penyerapan NK(m): the month's weighted capped absorption against the "
                "triwulan target (estimasi; the indicator averages it with earlier quarter ends)"),
         col("deviasi_bulan_pct", "DOUBLE", "Deviasi D(m): the month's pagu-weighted deviation of realisasi "
             "from the RPD (estimasi; null without an RPD)", unit="percent"),
         col("deviasi_rata_pct", "DOUBLE", "Mean of D over the months so far (December: January..November)",
             unit="percent"),
         *_RULES),
    _out("out_ikpa_komponen", "period x kode_satker x komponen",
         "Every IKPA component of the rules per satker and month: the value used in the score, whether it is "
         "official (resmi), kinerja's estimate (estimasi) or not computable (tidak_dapat_dihitung), its weight.",
         ("period", "kode_satker", "komponen"),
         col("period"), *_UNIT,
         col("komponen", "VARCHAR", "IKPA component (rules ikpa_bobot and its pengurang)", nullable=False),
         col("bobot", "DOUBLE", "Weight of the component (null for a deduction)", unit="percent"),
         col("is_pengurang", "BOOLEAN", "The component is a deduction, not a weight", nullable=False),
         _score("nilai", "The component's value (null: none; it does not count)"),
         col("sumber_nilai", "VARCHAR", "resmi, estimasi, tidak_dapat_dihitung, or null (no value given)"),
         col("keterangan", "VARCHAR", "Why a value is estimated or not computable"),
         *_RULES),
    _out("out_ikpa_rekonsiliasi", "period x kode_satker x komponen",
         "Components with both an official value (ikpa extract) and kinerja's estimate: both, and the "
         "difference. Never merged: the score uses the official value.",
         ("period", "kode_satker", "komponen"),
         col("period"), *_UNIT,
         col("komponen", "VARCHAR", "IKPA component", nullable=False),
         _score("nilai_resmi", "Official value", nullable=False),
         _score("nilai_estimasi", "kinerja's estimate", nullable=False),
         col("selisih", "DOUBLE", "nilai_resmi - nilai_estimasi (IKPA points)", nullable=False),
         *_RULES),
    _out("out_ikpa_region", "period x kode_kanwil",
         "IKPA of a region as kinerja's convention: the mean of the nilai_akhir of its satker that have one "
         "(no official regional IKPA exists). The category is that of the mean.",
         ("period", "kode_kanwil"),
         col("period"), col("kode_kanwil"), col("nama_kanwil"),
         col("n_satker", description="Satker with a nilai_akhir"),
         col("n_satker_resmi", "BIGINT", "Of those, with status_nilai resmi", unit="count", nullable=False),
         _score("nilai_rata_rata", "Mean of the satker's nilai_akhir", nullable=False),
         col("kategori", "VARCHAR", "Category of nilai_rata_rata (rules ikpa_kategori)", nullable=False),
         col("konvensi", "VARCHAR", "How the figure is defined (kinerja's convention)", nullable=False),
         *_RULES),
    _out("out_ikpa_deviasi", "period x kode_satker x kode_jenis_belanja",
         "Deviasi Halaman III DIPA inputs of the month per satker and jenis belanja (estimasi): the monthly "
         "realisasi against the RPD in force, and the pagu share that weights it.",
         ("period", "kode_satker", "kode_jenis_belanja"),
         col("period"), *_UNIT, *_JENIS,
         col("pagu", description="Pagu of the jenis belanja in force"),
         col("realisasi_bulan"),
         col("rpd_bulan", MONEY_SUM, "Planned disbursement of the month (RPD in force)", unit="IDR",
             nullable=False),
         col("deviasi_pct", "DOUBLE", "min(|realisasi - rpd| / rpd x 100, 100); rpd 0: 0 without spending, "
             "100 with", unit="percent", nullable=False),
         col("bobot_pct", "DOUBLE", "Share of the satker's pagu", unit="percent"),
         *_RULES),
    _out("out_ikpa_budget_execution", "period x kode_satker x kode_jenis_belanja",
         "Budget execution beside absorption per satker and jenis belanja: pagu awal (the first DIPA of the "
         "year), pagu after the revisions so far, blokir, pagu efektif, absorption gross and against pagu "
         "efektif, the triwulan target in force (estimasi) and the shortfall against it; the IKPA penyerapan "
         "inputs.",
         ("period", "kode_satker", "kode_jenis_belanja"),
         col("period"), *_UNIT, *_JENIS,
         col("pagu_awal", MONEY_SUM, "Pagu in the first DIPA delivery of the fiscal year", unit="IDR",
             nullable=False),
         col("pagu"),
         col("perubahan_pagu", MONEY_SUM, "pagu - pagu_awal: what the revisions so far changed", unit="IDR",
             nullable=False),
         col("blokir"),
         col("pagu_efektif", MONEY_SUM, "max(0, pagu - blokir): the usable pagu IKPA measures against",
             unit="IDR", nullable=False),
         col("realisasi_kumulatif"),
         col("penyerapan_pct"),
         col("penyerapan_efektif_pct", "DOUBLE", "realisasi_kumulatif / pagu_efektif x 100 (null when 0)",
             unit="percent"),
         col("target_pct", "DOUBLE", "Cumulative absorption target at the end of the month's triwulan (rules "
             "target_penyerapan; null: no target for this jenis belanja)", unit="percent"),
         col("target_nominal", MONEY_SUM, "target_pct x pagu_efektif / 100, to the sen", unit="IDR"),
         col("kekurangan_target", MONEY_SUM, "Shortfall: target_nominal - realisasi_kumulatif, 0 when met",
             unit="IDR"),
         col("capaian_target_pct", "DOUBLE", "min(realisasi / target_nominal, 1) x 100: the capped attainment "
             "IKPA penyerapan weights", unit="percent"),
         col("bobot_pct", "DOUBLE", "Share of the satker's pagu efektif over the jenis belanja with a target "
             "(the penyerapan weight)", unit="percent"),
         *_RULES),
    _out("out_ikpa_aturan", "period x aturan",
         "The rules (kinerja/rules.toml) the period's IKPA estimates were computed with, one row per rule: "
         "the row in force for the fiscal year and where its parameters come from. Kept once per period, "
         "not on every IKPA row.",
         ("period", "aturan"),
         col("period"),
         col("aturan", "VARCHAR", "Rule name in kinerja/rules.toml: target_penyerapan, deviasi_halaman_iii, "
             "ikpa_bobot or ikpa_kategori", nullable=False),
         col("aturan_tahun_anggaran", "INTEGER", "Fiscal year of the rule set (the IKPA tables' "
             "aturan_tahun_anggaran)", nullable=False),
         col("berlaku_mulai", "INTEGER", "First fiscal year of the rule's row in force", nullable=False),
         col("sumber", "VARCHAR", "Where the row's parameters come from, with their [C]/[T]/[U] tags "
             "(rules.toml sumber; docs/rules.md)", nullable=False)),
)


# The data dictionary's section for the published IKPA tables (kinerja.metadata.dictionary).
SECTION = ("IKPA (budget-execution score)", """\
Transforms: `transforms/ikpa.py`; parameters from `kinerja/rules.toml` by fiscal year
(`docs/rules.md`). IKPA scores are `DOUBLE` points on 0..100 (not a percentage), unrounded.
Every value kinerja computes (penyerapan anggaran, deviasi Halaman III DIPA) is an estimate:
`sumber_nilai`/`status_nilai` say `estimasi`, `aturan_tahun_anggaran` names the rule set, and
`out_ikpa_aturan` lists its rules with their sources once per period. Official values come
from the `ikpa` extract (`resmi`) and take precedence in the score; where both exist,
`out_ikpa_rekonsiliasi` shows both and the difference. The score is renormalised over the components that have a value. The region
figure is kinerja's convention (the mean over its satker), not an official definition.
Revisi DIPA is `tidak_dapat_dihitung` while the pagu extracts carry no revision type.
""", ("out_ikpa_satker", "out_ikpa_komponen", "out_ikpa_rekonsiliasi", "out_ikpa_region",
      "out_ikpa_deviasi", "out_ikpa_budget_execution", "out_ikpa_aturan"))
