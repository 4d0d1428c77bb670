"""Target attainment (capaian kinerja) of the Perjanjian Kinerja indicators, per period.

DOMAIN.md section 3 and "Decisions kinerja takes":

- positive polarity: ``capaian = realisasi / target x 100``;
- negative polarity: ``capaian = (2 x target - realisasi) / target x 100``;
- a cap (e.g. 120) and a floor (e.g. 0) are fiscal-year rules (``kinerja/rules.toml``, rule
  ``capaian``: none in 2025), run-time configuration replaces them (``Rules.with_overrides``);
- status ``tercapai`` iff the realisation meets the target (capaian >= 100, compared on
  realisasi and target themselves so no float rounding decides it), else ``tidak tercapai``;
  no realisation (n/a) gives ``tidak dapat dinilai`` and a null capaian: never 0, and never
  counted among indicators achieved or not achieved.

An indicator with ``sumber`` is computed by the warehouse (``rb``: the region's RB pooled
capaian at the latest checkpoint; ``survei``: the region's 1-4 satisfaction index; ``iph``:
the region's law-enforcement index); one without is typed in the ``iku`` extract.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.periods import Period
from kinerja.rules import Rules

POLARITAS: Final[tuple[str, ...]] = ("positif", "negatif")
SATUAN: Final[tuple[str, ...]] = ("persen", "indeks", "angka")
# pk.sumber -> the metric the warehouse computes for the indicator.
SUMBER: Final[dict[str, str]] = {
    "rb": "out_rb_region.capaian_pct at the latest checkpoint",
    "survei": "out_survey_region.ikm (1-4)",
    "iph": "out_iph_region.iph",
}
TERCAPAI, TIDAK_TERCAPAI, TIDAK_DAPAT_DINILAI = "tercapai", "tidak tercapai", "tidak dapat dinilai"
NOT_REPORTED = "belum dilaporkan"

REALISATION_COLUMNS = ["kode_indikator", "realisasi", "keterangan", "iku_load_id"]
IKU_COLUMNS = ["kode_indikator", "sasaran_kegiatan", "indikator", "satuan", "polaritas", "target",
               "realisasi", "sumber", "capaian_pct", "status", "keterangan", "pk_load_id",
               "iku_load_id"]
SUMMARY_COLUMNS = ["n_indikator", "n_dinilai", "n_tercapai", "n_tidak_tercapai",
                   "n_tidak_dapat_dinilai", "tercapai_pct"]

_REALISATION_SCHEMA = {"kode_indikator": pl.String, "realisasi": pl.Float64,
                       "keterangan": pl.String, "iku_load_id": pl.String}


def _norm(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.to_lowercase()


def normalise_pk(pk: pl.DataFrame) -> pl.DataFrame:
    """pk with satuan, polaritas and sumber lower-cased (empty sumber -> null)."""
    return pk.with_columns(_norm("satuan"), _norm("polaritas"),
                           pl.when(_norm("sumber") == "").then(None).otherwise(_norm("sumber"))
                           .alias("sumber"))


def _one_region(table: pl.DataFrame | None, name: str) -> dict | None:
    if table is None or table.height == 0:
        return None
    if table["kode_kanwil"].n_unique() != 1:
        raise ValueError(f"{name}: one region expected, got {table['kode_kanwil'].n_unique()}")
    return table.row(0, named=True)


def computed_values(rb_region: pl.DataFrame | None = None,
                    survey_region: pl.DataFrame | None = None,
                    iph_region: pl.DataFrame | None = None) -> dict[str, tuple[float | None, str]]:
    """sumber -> (realisasi, keterangan) from the region metric tables of the period.

    ``rb_region`` is ``out_rb_region`` (its ``is_latest`` row is used), ``survey_region``
    ``out_survey_region``, ``iph_region`` ``out_iph_region``; None or empty means the period
    has no such data yet (n/a with the reason).
    """
    rb = _one_region(rb_region.filter(pl.col("is_latest")) if rb_region is not None else None,
                     "out_rb_region")
    survey = _one_region(survey_region, "out_survey_region")
    iph = _one_region(iph_region, "out_iph_region")
    rb_note = (f"dihitung: RB {rb['checkpoint']} {rb['terlaksana']}/{rb['target']} rencana aksi, "
               f"{rb['n_satker']} satker") if rb else "belum ada checkpoint RB s.d. periode ini"
    survey_note = (f"dihitung: IKM 1-4 dari {survey['n_responden']} responden, "
                   f"{survey['n_satker']} satker") if survey else "belum ada survei kepuasan semester ini"
    iph_note = (f"dihitung: rata-rata 8 dimensi, {iph['n_satker']} satker") if iph \
        else "belum ada nilai dimensi IPH tahun ini"
    return {
        "rb": (rb["capaian_pct"] if rb else None, rb_note),
        "survei": (survey["ikm"] if survey else None, survey_note),
        "iph": (iph["iph"] if iph else None, iph_note),
    }


def realizations(pk: pl.DataFrame, iku: pl.DataFrame | None = None, *,
                 rb_region: pl.DataFrame | None = None,
                 survey_region: pl.DataFrame | None = None,
                 iph_region: pl.DataFrame | None = None) -> pl.DataFrame:
    """One realisation per pk indicator: computed (pk.sumber) or typed (``iku``).

    ``iku`` is the canonical iku frame delivered for the period (kode_indikator, realisasi
    nullable, keterangan; optionally load_id). A typed indicator without an iku row is n/a
    "belum dilaporkan". A typed value for a computed indicator is ignored.
    Returns kode_indikator, realisasi (Float64, null = n/a), keterangan, iku_load_id.
    """
    pk = normalise_pk(pk)
    values = computed_values(rb_region, survey_region, iph_region)
    computed = [
        {"kode_indikator": code, "realisasi": values[src][0], "keterangan": values[src][1],
         "iku_load_id": None}
        for code, src in pk.filter(pl.col("sumber").is_not_null())
        .select("kode_indikator", "sumber").iter_rows()
        if src in values
    ]
    typed_codes = pk.filter(pl.col("sumber").is_null())["kode_indikator"]
    typed = pl.DataFrame({"kode_indikator": typed_codes}, schema={"kode_indikator": pl.String})
    if iku is not None and iku.height:
        given = iku.select("kode_indikator", pl.col("realisasi").cast(pl.Float64), "keterangan",
                           (pl.col("load_id") if "load_id" in iku.columns
                            else pl.lit(None, dtype=pl.String)).alias("iku_load_id"))
        typed = typed.join(given, on="kode_indikator", how="left", maintain_order="left")
    else:
        typed = typed.with_columns(pl.lit(None, dtype=pl.Float64).alias("realisasi"),
                                   pl.lit(None, dtype=pl.String).alias("keterangan"),
                                   pl.lit(None, dtype=pl.String).alias("iku_load_id"))
    reported = pl.col("iku_load_id").is_not_null() | pl.col("keterangan").is_not_null() \
        | pl.col("realisasi").is_not_null()
    typed = typed.with_columns(
        pl.when(reported).then(pl.col("keterangan")).otherwise(pl.lit(NOT_REPORTED))
        .alias("keterangan"))
    both = pl.concat([pl.DataFrame(computed, schema=_REALISATION_SCHEMA),
                      typed.select(REALISATION_COLUMNS).cast(_REALISATION_SCHEMA)])
    return both.sort("kode_indikator")


def target_in_force(period: str) -> pl.Expr:
    """The quarter's target (``target_tw<q>``) where the pk gives one, else the annual one."""
    quarter = (Period.parse(period).month - 1) // 3 + 1
    return pl.coalesce(pl.col(f"target_tw{quarter}"), pl.col("target_tahunan")).alias("target")


def attainment(pk: pl.DataFrame, realized: pl.DataFrame, period: str, rules: Rules) -> pl.DataFrame:
    """``out_iku``: one row per pk indicator for ``period``.

    ``realized``: kode_indikator, realisasi (Float64, null = n/a), keterangan (see
    :func:`realizations`). ``rules.capaian_cap`` / ``rules.capaian_floor`` bound capaian_pct
    when they are set (``rules``: the rules of the period's fiscal year).
    """
    pk = normalise_pk(pk)
    for q in range(1, 5):
        if f"target_tw{q}" not in pk.columns:
            pk = pk.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"target_tw{q}"))
    real = realized.select("kode_indikator", pl.col("realisasi").cast(pl.Float64), "keterangan",
                           (pl.col("iku_load_id") if "iku_load_id" in realized.columns
                            else pl.lit(None, dtype=pl.String)).alias("iku_load_id"))
    frame = (pk.with_columns(target_in_force(period).cast(pl.Float64),
                             (pl.col("load_id") if "load_id" in pk.columns
                              else pl.lit(None, dtype=pl.String)).alias("pk_load_id"))
             .join(real, on="kode_indikator", how="left", maintain_order="left"))
    r, t = pl.col("realisasi"), pl.col("target")
    assessable = r.is_not_null() & t.is_not_null() & (t > 0)
    raw = (pl.when(pl.col("polaritas") == "negatif").then((2 * t - r) / t * 100)
           .otherwise(r / t * 100))
    capaian = raw
    if rules.capaian_cap is not None:
        capaian = pl.min_horizontal(capaian, pl.lit(float(rules.capaian_cap)))
    if rules.capaian_floor is not None:
        capaian = pl.max_horizontal(capaian, pl.lit(float(rules.capaian_floor)))
    met = pl.when(pl.col("polaritas") == "negatif").then(r <= t).otherwise(r >= t)
    frame = frame.with_columns(
        pl.when(assessable).then(capaian).alias("capaian_pct"),
        pl.when(~assessable).then(pl.lit(TIDAK_DAPAT_DINILAI))
        .when(met).then(pl.lit(TERCAPAI)).otherwise(pl.lit(TIDAK_TERCAPAI)).alias("status"),
        pl.when(r.is_null() & pl.col("keterangan").is_null()).then(pl.lit(NOT_REPORTED))
        .otherwise(pl.col("keterangan")).alias("keterangan"),
    )
    return frame.select(IKU_COLUMNS).sort("kode_indikator")


def attainment_summary(iku: pl.DataFrame) -> pl.DataFrame:
    """``out_iku_summary``: counts by status; n/a is outside both achieved and not achieved,
    and ``tercapai_pct`` is achieved / assessable (null when nothing is assessable)."""
    status = pl.col("status")
    return iku.select(
        pl.len().cast(pl.Int64).alias("n_indikator"),
        (status != TIDAK_DAPAT_DINILAI).sum().cast(pl.Int64).alias("n_dinilai"),
        (status == TERCAPAI).sum().cast(pl.Int64).alias("n_tercapai"),
        (status == TIDAK_TERCAPAI).sum().cast(pl.Int64).alias("n_tidak_tercapai"),
        (status == TIDAK_DAPAT_DINILAI).sum().cast(pl.Int64).alias("n_tidak_dapat_dinilai"),
    ).with_columns(
        pl.when(pl.col("n_dinilai") > 0)
        .then(pl.col("n_tercapai").cast(pl.Float64) / pl.col("n_dinilai") * 100)
        .alias("tercapai_pct"))
