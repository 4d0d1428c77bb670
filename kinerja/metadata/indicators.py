"""out_rb_*, out_survey_*, out_iph_*, out_iku*: the non-financial performance indicators.

Ratios and indices are DOUBLE, unrounded (round half-up only when presenting); percentages
on a 0..100 scale; counts BIGINT; n/a is NULL, never 0. ``*_load_id`` columns point at
out_load (NULL when the writer did not pass the load). No table holds free-text survey
answers: the reader drops them.

Which delivery applies to period P (all within P's fiscal year): RB, every checkpoint
delivered on or before P (the latest is P's figure); survey, the semester containing P if
delivered on or before P; IPH, the latest delivery on or before P; typed iku, the file in P's
own folder (else n/a "belum dilaporkan"); pk, the latest reference/pk* file.
"""

from __future__ import annotations

from .classes import Column, Table
from .fields import col


def _out(name: str, grain: str, description: str, key: tuple[str, ...], *columns: Column) -> Table:
    return Table(name, "out", grain, description, columns, primary_key=key, published=True)


def _lineage(source: str, what: str) -> tuple[Column, Column]:
    return (col(f"{source}_load_id", "VARCHAR", f"The {what} load the figures come from "
                "(out_load.load_id; null when not passed)"),
            col("satker_load_id", nullable=True, description="The satker master load used "
                "(out_load.load_id; null when not passed)"))


_UNIT = (col("kode_kanwil"), col("kode_satker"), col("nama_satker"), col("jenis_satker"))
_REGION = (col("kode_kanwil"), col("nama_kanwil"))
_IS_LATEST = col("is_latest", "BOOLEAN", "The latest checkpoint on or before the period: the row that "
                 "is the period's figure (targets are cumulative: never add checkpoints together)",
                 nullable=False)
_NRR = tuple(col(f"nrr_l{e}", "DOUBLE", f"NRR of survey element L{e}: sum of its scores / "
                 "respondents", unit="score_1_4") for e in range(1, 10))
_IKM = (
    col("ikm", "DOUBLE", "Indeks Kepuasan Masyarakat: sum of the nine NRR x 1/9 (exact weight), scale "
        "1-4; compared with the IKU target", unit="score_1_4"),
    col("ikm_konversi", "DOUBLE", "ikm * 25 (scale 25-100)", unit="score_25_100"),
    col("mutu", "VARCHAR", "Mutu pelayanan A/B/C/D from the regulation's interval table on the 1-4 "
        "index (A >= 3,5324; B >= 3,0644; C >= 2,60; else D; the fiscal year's rules)"),
    col("kinerja_unit", "VARCHAR", "Kinerja unit pelayanan for the mutu: Sangat Baik, Baik, Kurang "
        "Baik or Tidak Baik"),
)
_DIMS = tuple(col(f"dimensi_{d}", "DOUBLE", f"Value of IPH dimension {d} on its own scale (1..4), "
                  "never rescaled (names: seed_facts/iph_dimensions.csv)", unit="score_1_4")
              for d in range(1, 9))
_IPH = col("iph", "DOUBLE", "Indeks Penegakan Hukum: the mean of the eight dimension values (12,5% "
           "each); null unless all eight are present", unit="score_1_4")

INDICATORS = (
    _out(
        "out_rb_satker", "period x kode_satker x checkpoint",
        "RB (Reformasi Birokrasi) action-plan attainment per satker, every checkpoint of the year on "
        "or before the period. Reproduces Tabel 1.8 (B03 and B06 rows).",
        ("period", "kode_satker", "checkpoint"),
        col("period"), *_UNIT, col("checkpoint"), _IS_LATEST, col("target"), col("terlaksana"),
        col("capaian_pct", "DOUBLE", "Capaian: terlaksana / target * 100 (null when target is 0)",
            unit="percent"),
        *_lineage("rb", "RB monitoring"),
    ),
    _out(
        "out_rb_region", "period x kode_kanwil x checkpoint",
        "RB action-plan attainment of a region: sums over the units in the file (the Kanwil and its "
        "UPT in scope), pooled. At 2025-06 the sample gives 508 / 578 = 87,89% (the report's 92,47% "
        "is not reproducible, DOMAIN.md 5).",
        ("period", "kode_kanwil", "checkpoint"),
        col("period"), *_REGION, col("checkpoint"), _IS_LATEST,
        col("n_satker", description="Units in the file for the region"),
        col("target", description="Sum of the units' cumulative action-plan items due by the checkpoint"),
        col("terlaksana", description="Sum of the units' items completed with verified documents"),
        col("capaian_pct", "DOUBLE", "Capaian: sum(terlaksana) / sum(target) * 100 (pooled; null when "
            "the target is 0)", unit="percent"),
        *_lineage("rb", "RB monitoring"),
    ),
    _out(
        "out_survey_satker", "period x kode_satker",
        "Satisfaction index (IKM, PermenPAN-RB 14/2017) per satker for the semester containing the "
        "period.",
        ("period", "kode_satker"),
        col("period"), *_UNIT,
        col("n_responden", "BIGINT", "Respondents of the satker in the semester", unit="count",
            nullable=False),
        *_NRR, *_IKM, *_lineage("survei", "survey"),
    ),
    _out(
        "out_survey_region", "period x kode_kanwil",
        "Satisfaction index of a region: every respondent of its units pooled (ratio of sums), not a "
        "mean of unit indices.",
        ("period", "kode_kanwil"),
        col("period"), *_REGION,
        col("n_satker", description="Units with respondents in the region"),
        col("n_responden", "BIGINT", "Respondents of the region in the semester", unit="count",
            nullable=False),
        *_NRR, *_IKM, *_lineage("survei", "survey"),
    ),
    _out(
        "out_iph_satker", "period x kode_satker",
        "Law-enforcement index (IPH/IPHP) per satker: the latest delivery on or before the period in "
        "its year.",
        ("period", "kode_satker"),
        col("period"), *_UNIT,
        col("n_dimensi", "BIGINT", "Dimensions delivered for the unit", unit="count", nullable=False),
        *_DIMS, _IPH, *_lineage("iph", "IPH"),
    ),
    _out(
        "out_iph_region", "period x kode_kanwil",
        "Law-enforcement index of a region: each dimension value is the mean over the region's units; "
        "iph the mean of the eight.",
        ("period", "kode_kanwil"),
        col("period"), *_REGION,
        col("n_satker", description="Units with dimension scores in the region"),
        *_DIMS, _IPH, *_lineage("iph", "IPH"),
    ),
    _out(
        "out_iku", "period x kode_indikator",
        "Target attainment (capaian) of every indicator of the Perjanjian Kinerja.",
        ("period", "kode_indikator"),
        col("period"), col("kode_indikator"), col("sasaran_kegiatan"), col("indikator"), col("satuan"),
        col("polaritas"),
        col("target", "DOUBLE", "Target in force: target_tw<quarter of the period> when the pk gives "
            "it, else target_tahunan", unit="satuan", nullable=True),
        col("realisasi", description="Realisasi: computed when sumber is rb (out_rb_region.capaian_pct "
            "at the latest checkpoint), survei (out_survey_region.ikm) or iph (out_iph_region.iph); "
            "typed from the iku extract when sumber is null; null = n/a"),
        col("sumber"),
        col("capaian_pct", "DOUBLE", "Capaian: positif realisasi / target * 100, negatif (2 * target - "
            "realisasi) / target * 100; capped/floored only when the fiscal year's rules say so; null "
            "when n/a", unit="percent"),
        col("status", "VARCHAR", "tercapai (the realisasi meets the target), tidak tercapai, or tidak "
            "dapat dinilai (n/a)", nullable=False),
        col("keterangan", description="The reason for n/a, or how a computed realisasi was obtained"),
        col("pk_load_id", "VARCHAR", "The pk load the indicator comes from (out_load.load_id)"),
        col("iku_load_id", "VARCHAR", "The iku load a typed realisasi comes from (out_load.load_id; null "
            "for computed or missing realisasi)"),
    ),
    _out(
        "out_iku_summary", "period",
        "Counts of out_iku by status. n/a indicators are outside both achieved and not achieved.",
        ("period",),
        col("period"),
        col("n_indikator", "BIGINT", "Indicators of the pk", unit="count", nullable=False),
        col("n_dinilai", "BIGINT", "Assessable indicators (realisasi present)", unit="count",
            nullable=False),
        col("n_tercapai", "BIGINT", "Indicators tercapai", unit="count", nullable=False),
        col("n_tidak_tercapai", "BIGINT", "Indicators tidak tercapai", unit="count", nullable=False),
        col("n_tidak_dapat_dinilai", "BIGINT", "Indicators tidak dapat dinilai (n/a)", unit="count",
            nullable=False),
        col("tercapai_pct", "DOUBLE", "n_tercapai / n_dinilai * 100 (null when nothing is assessable)",
            unit="percent"),
    ),
)
