"""IKPA (Indikator Kinerja Pelaksanaan Anggaran, PER-5/PB/2024): the budget-execution score.

Pure polars, no I/O. DOMAIN.md section 2 has the formulas and how sure we are of each:

- penyerapan anggaran (2.3): per month m in quarter q, per jenis belanja j with usable pagu
  ``P_j = max(0, pagu_j - blokir_j) > 0`` and a target in the rules,
  ``cap_j = min(R_j,cum(m) / (target_j,q / 100 * P_j), 1) * 100``, weighted by
  ``P_j / sum P``: ``NK(m)``; the indicator is the mean of NK at the earlier quarter ends of
  the year and NK(m);
- deviasi Halaman III DIPA (2.4): per month, per jenis belanja, the monthly realisasi against
  the RPD (plan) of that month, ``min(|R - RPD| / RPD * 100, 100)`` (RPD 0: 0 when nothing is
  spent, 100 otherwise), weighted by pagu share: ``D(m)``; the indicator is the mean of
  D(1..m) (December uses 1..11), scoring 100 up to the rules' threshold and ``100 - mean``
  above it (never below 0);
- the score: ``sum(nilai_i * bobot_i) / sum(bobot_i)`` over the components that have a value
  (renormalised), minus the dispensasi SPM deduction when given; the category from the rules.

kinerja computes exactly and rounds only when presenting (the DJPb workbook rounds shares and
products to 2 decimals on the way; the difference is below 0,01 per jenis belanja). Every
figure computed here is an estimate (``sumber_nilai = 'estimasi'``): the parameters are not
from the regulation's own text. All parameters come from :class:`kinerja.rules.Rules` of the
period's fiscal year.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules

MONEY: Final = pl.Decimal(38, 2)

# Components as the monitoring application names them (EXTRACTS.md, kind ``ikpa``).
KOMPONEN: Final[tuple[str, ...]] = (
    "revisi_dipa", "deviasi_halaman_iii", "penyerapan_anggaran", "belanja_kontraktual",
    "penyelesaian_tagihan", "pengelolaan_up_tup", "capaian_output", "dispensasi_spm",
)
# Components kinerja estimates itself (revisi DIPA only when the pagu extracts carry the
# revision type, which they do not yet: it is published as not computable).
ESTIMASI: Final[tuple[str, ...]] = ("deviasi_halaman_iii", "penyerapan_anggaran")

RESMI, DIHITUNG, TIDAK_DAPAT_DIHITUNG = "resmi", "estimasi", "tidak_dapat_dihitung"


def quarter(month: int) -> int:
    """The triwulan (1..4) of a month (1..12)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    return (month - 1) // 3 + 1


def targets(rules: Rules, month: int) -> pl.DataFrame:
    """The cumulative absorption target in force at ``month`` per jenis belanja: the target at
    the end of the month's triwulan (``kode_jenis_belanja, target_pct``)."""
    q = quarter(month)
    codes = list(rules.target_penyerapan)
    return pl.DataFrame({"kode_jenis_belanja": codes,
                         "target_pct": [float(rules.target_penyerapan[c][q - 1]) for c in codes]},
                        schema={"kode_jenis_belanja": pl.String, "target_pct": pl.Float64})


def _efektif() -> pl.Expr:
    return (pl.when(pl.col("pagu") > pl.col("blokir")).then(pl.col("pagu") - pl.col("blokir"))
            .otherwise(pl.lit(0).cast(MONEY)).cast(MONEY))


def penyerapan_jenis(facts: pl.DataFrame, month: int, rules: Rules) -> pl.DataFrame:
    """Per satker x jenis belanja at ``month``: the penyerapan component's inputs.

    ``facts``: ``kode_satker, kode_jenis_belanja, pagu, blokir, realisasi_kumulatif`` (any
    grain below; summed here). Adds ``pagu_efektif, target_pct, target_nominal,
    capaian_target_pct`` (capped at 100) and ``bobot_pct`` (share of the satker's usable pagu
    over the jenis belanja that have a target; null for the others, which do not count).
    """
    money = ["pagu", "blokir", "realisasi_kumulatif"]
    summed = facts.group_by("kode_satker", "kode_jenis_belanja").agg(
        pl.col(c).cast(MONEY).sum() for c in money)
    rows = summed.with_columns(_efektif().alias("pagu_efektif")).join(
        targets(rules, month), on="kode_jenis_belanja", how="left")
    counted = pl.col("target_pct").is_not_null() & (pl.col("pagu_efektif") > 0)
    efektif = pl.col("pagu_efektif").cast(pl.Float64)
    target_nominal = efektif * pl.col("target_pct") / 100
    return rows.with_columns(
        target_nominal.round(2).cast(MONEY).alias("target_nominal"),
        pl.when(counted & (pl.col("target_pct") > 0))
        .then(pl.min_horizontal(pl.col("realisasi_kumulatif").cast(pl.Float64) / target_nominal,
                                pl.lit(1.0)) * 100)
        .when(counted).then(pl.lit(100.0))
        .alias("capaian_target_pct"),
        pl.when(counted).then(efektif / efektif.filter(counted).sum().over("kode_satker") * 100)
        .alias("bobot_pct"),
    ).sort("kode_satker", "kode_jenis_belanja")


def penyerapan_bulan(jenis: pl.DataFrame) -> pl.DataFrame:
    """NK(m) per satker from :func:`penyerapan_jenis`: ``kode_satker, nilai_kinerja_bulan``
    (null for a satker without usable pagu on a jenis belanja with a target)."""
    return jenis.group_by("kode_satker").agg(
        pl.when(pl.col("bobot_pct").is_not_null().any())
        .then((pl.col("capaian_target_pct") * pl.col("bobot_pct") / 100).sum())
        .alias("nilai_kinerja_bulan")).sort("kode_satker")


def penyerapan_indikator(history: pl.DataFrame, month: int) -> pl.DataFrame:
    """The penyerapan indicator at ``month``: the mean of NK at the quarter ends before the
    month's quarter and NK(month). ``history``: ``kode_satker, bulan, nilai_kinerja_bulan``
    of the fiscal year (it must hold ``month``; other months are ignored)."""
    before = 3 * (quarter(month) - 1)
    used = history.filter(((pl.col("bulan") % 3 == 0) & (pl.col("bulan") <= before))
                          | (pl.col("bulan") == month))
    return used.group_by("kode_satker").agg(
        pl.col("nilai_kinerja_bulan").filter(pl.col("bulan") == month).first().is_not_null()
        .alias("_has_month"),
        pl.col("nilai_kinerja_bulan").mean().alias("nilai")).filter("_has_month").drop("_has_month") \
        .sort("kode_satker")


def deviasi_jenis(facts: pl.DataFrame) -> pl.DataFrame:
    """Per satker x jenis belanja for one month: the deviation of the monthly realisasi from
    the RPD. ``facts``: ``kode_satker, kode_jenis_belanja, pagu, realisasi_bulan, rpd_bulan``
    (null realisasi or RPD count as 0). Adds ``deviasi_pct`` (0..100) and ``bobot_pct`` (the
    jenis belanja's share of the satker's pagu; null when the satker's pagu is 0)."""
    zero = pl.lit(0).cast(MONEY)
    rows = facts.with_columns(
        pl.col("pagu").cast(MONEY).fill_null(zero), pl.col("realisasi_bulan").cast(MONEY).fill_null(zero),
        pl.col("rpd_bulan").cast(MONEY).fill_null(zero))
    realisasi, rpd = pl.col("realisasi_bulan").cast(pl.Float64), pl.col("rpd_bulan").cast(pl.Float64)
    pagu = pl.col("pagu").cast(pl.Float64)
    total = pagu.sum().over("kode_satker")
    return rows.with_columns(
        pl.when(pl.col("rpd_bulan") > 0)
        .then(pl.min_horizontal((realisasi - rpd).abs() / rpd * 100, pl.lit(100.0)))
        .when(pl.col("realisasi_bulan") == 0).then(pl.lit(0.0))
        .otherwise(pl.lit(100.0)).alias("deviasi_pct"),
        pl.when(total > 0).then(pagu / total * 100).alias("bobot_pct"),
    ).sort("kode_satker", "kode_jenis_belanja")


def deviasi_bulan(jenis: pl.DataFrame) -> pl.DataFrame:
    """D(m) per satker from :func:`deviasi_jenis`: ``kode_satker, deviasi_bulan_pct``."""
    return jenis.group_by("kode_satker").agg(
        pl.when(pl.col("bobot_pct").is_not_null().any())
        .then((pl.col("deviasi_pct") * pl.col("bobot_pct") / 100).sum())
        .alias("deviasi_bulan_pct")).sort("kode_satker")


def deviasi_indikator(history: pl.DataFrame, month: int, rules: Rules) -> pl.DataFrame:
    """The deviasi indicator at ``month``: ``kode_satker, deviasi_rata_pct, nilai``.
    ``history``: ``kode_satker, bulan, deviasi_bulan_pct`` of the fiscal year (January to
    ``month``; December's value is November's mean)."""
    last = min(month, 11)
    limit = float(rules.deviasi_batas_pct)
    mean = pl.col("deviasi_bulan_pct").mean()
    return (history.filter(pl.col("bulan") <= last).group_by("kode_satker")
            .agg(mean.alias("deviasi_rata_pct"))
            .with_columns(pl.when(pl.col("deviasi_rata_pct") <= limit).then(pl.lit(100.0))
                          .otherwise(pl.max_horizontal(100 - pl.col("deviasi_rata_pct"), pl.lit(0.0)))
                          .alias("nilai"))
            .sort("kode_satker"))


def kategori(score: pl.Expr, rules: Rules) -> pl.Expr:
    """The IKPA category of a score (null stays null): the first band whose minimum it reaches."""
    bands = rules.ikpa_kategori
    expr = pl.when(score >= float(bands[0].nilai_min)).then(pl.lit(bands[0].nama))
    for band in bands[1:]:
        expr = expr.when(score >= float(band.nilai_min)).then(pl.lit(band.nama))
    return pl.when(score.is_null()).then(pl.lit(None, dtype=pl.String)).otherwise(expr)


def official_long(data: pl.DataFrame) -> pl.DataFrame:
    """An ``ikpa`` extract (either shape) as ``kode_satker, komponen, nilai``: one row per
    satker and component that has a value (an empty cell means "does not apply")."""
    if "komponen" in data.columns:
        long = data.select("kode_satker", "komponen", "nilai")
    else:
        present = [k for k in KOMPONEN if k in data.columns]
        long = data.unpivot(present, index="kode_satker", variable_name="komponen", value_name="nilai")
    return long.filter(pl.col("nilai").is_not_null()).select(
        "kode_satker", "komponen", pl.col("nilai").cast(pl.Float64)).sort("kode_satker", "komponen")


def choose_components(estimated: pl.DataFrame, official: pl.DataFrame, units: pl.DataFrame,
                      rules: Rules) -> pl.DataFrame:
    """One row per satker x component of the rules (weighted and deductions): the official
    value when the ``ikpa`` extract gives one, else kinerja's estimate, else none.

    ``estimated``: ``kode_satker, komponen, nilai`` (null nilai: not computable, with
    ``keterangan``); ``official``: from :func:`official_long`; ``units``: ``kode_satker``.
    Returns ``kode_satker, komponen, bobot, is_pengurang, nilai, sumber_nilai, keterangan``.
    """
    names = [*rules.ikpa_bobot, *rules.ikpa_pengurang]
    grid = units.select("kode_satker").unique().join(
        pl.DataFrame({"komponen": names,
                      "bobot": [float(rules.ikpa_bobot[n]) if n in rules.ikpa_bobot else None for n in names],
                      "is_pengurang": [n in rules.ikpa_pengurang for n in names]},
                     schema={"komponen": pl.String, "bobot": pl.Float64, "is_pengurang": pl.Boolean}),
        how="cross")
    est = estimated.select("kode_satker", "komponen", pl.col("nilai").alias("nilai_estimasi"),
                           pl.col("keterangan").alias("keterangan_estimasi"))
    off = official.select("kode_satker", "komponen", pl.col("nilai").alias("nilai_resmi"))
    rows = grid.join(est, on=["kode_satker", "komponen"], how="left").join(
        off, on=["kode_satker", "komponen"], how="left")
    return rows.select(
        "kode_satker", "komponen", "bobot", "is_pengurang",
        pl.coalesce("nilai_resmi", "nilai_estimasi").alias("nilai"),
        pl.when(pl.col("nilai_resmi").is_not_null()).then(pl.lit(RESMI))
        .when(pl.col("nilai_estimasi").is_not_null()).then(pl.lit(DIHITUNG))
        .when(pl.col("keterangan_estimasi").is_not_null()).then(pl.lit(TIDAK_DAPAT_DIHITUNG))
        .alias("sumber_nilai"),
        pl.when(pl.col("nilai_resmi").is_not_null()).then(pl.lit("nilai resmi dari ekstrak ikpa"))
        .otherwise(pl.col("keterangan_estimasi")).alias("keterangan"),
    ).sort("kode_satker", "komponen")


def score(components: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    """The IKPA per satker from :func:`choose_components`: ``kode_satker, bobot_aktif,
    nilai_tertimbang, pengurang, nilai_akhir, kategori, n_komponen, n_resmi, n_estimasi``.

    ``nilai_tertimbang = sum(nilai * bobot) / sum(bobot)`` over the weighted components with a
    value (renormalised: a component that does not apply does not count);
    ``nilai_akhir = nilai_tertimbang - pengurang`` (the deduction components' values, 0 when
    none is given), never below 0."""
    weighted = pl.col("nilai").is_not_null() & ~pl.col("is_pengurang")
    out = components.group_by("kode_satker").agg(
        pl.col("bobot").filter(weighted).sum().alias("bobot_aktif"),
        (pl.col("nilai") * pl.col("bobot")).filter(weighted).sum().alias("_sum"),
        pl.col("nilai").filter(pl.col("is_pengurang")).sum().alias("pengurang"),
        weighted.sum().cast(pl.Int64).alias("n_komponen"),
        (weighted & (pl.col("sumber_nilai") == RESMI)).sum().cast(pl.Int64).alias("n_resmi"),
        (weighted & (pl.col("sumber_nilai") == DIHITUNG)).sum().cast(pl.Int64).alias("n_estimasi"),
    ).with_columns(
        pl.when(pl.col("bobot_aktif") > 0).then(pl.col("_sum") / pl.col("bobot_aktif"))
        .alias("nilai_tertimbang"))
    out = out.with_columns(
        pl.when(pl.col("nilai_tertimbang").is_not_null())
        .then(pl.max_horizontal(pl.col("nilai_tertimbang") - pl.col("pengurang"), pl.lit(0.0)))
        .alias("nilai_akhir"))
    return out.with_columns(kategori(pl.col("nilai_akhir"), rules).alias("kategori")).select(
        "kode_satker", "bobot_aktif", "nilai_tertimbang", "pengurang", "nilai_akhir", "kategori",
        "n_komponen", "n_resmi", "n_estimasi").sort("kode_satker")


def reconciliation(estimated: pl.DataFrame, official: pl.DataFrame) -> pl.DataFrame:
    """Components with both an official and an estimated value, side by side:
    ``kode_satker, komponen, nilai_resmi, nilai_estimasi, selisih`` (official - estimate)."""
    est = estimated.filter(pl.col("nilai").is_not_null()).select(
        "kode_satker", "komponen", pl.col("nilai").alias("nilai_estimasi"))
    return official.select("kode_satker", "komponen", pl.col("nilai").alias("nilai_resmi")).join(
        est, on=["kode_satker", "komponen"], how="inner").with_columns(
        (pl.col("nilai_resmi") - pl.col("nilai_estimasi")).alias("selisih")).sort("kode_satker", "komponen")


def budget_execution(facts: pl.DataFrame, pagu_awal: pl.DataFrame, month: int, rules: Rules) -> pl.DataFrame:
    """Budget execution beside absorption, per satker x jenis belanja at ``month``.

    ``facts``: ``kode_satker, kode_jenis_belanja, pagu, blokir, realisasi_kumulatif`` (the
    DIPA in force, after every revision so far); ``pagu_awal``: ``kode_satker,
    kode_jenis_belanja, pagu_awal`` (the first DIPA of the fiscal year). Returns pagu awal,
    pagu after revisions, blokir, pagu efektif, realisasi, absorption gross and against pagu
    efektif, the triwulan target in force, its nominal and the shortfall against it
    (``kekurangan_target``: target nominal - realisasi, 0 when the target is met)."""
    jenis = penyerapan_jenis(facts, month, rules)
    zero = pl.lit(0).cast(MONEY)
    rows = jenis.join(pagu_awal.select("kode_satker", "kode_jenis_belanja", pl.col("pagu_awal").cast(MONEY)),
                      on=["kode_satker", "kode_jenis_belanja"], how="full", coalesce=True)
    rows = rows.with_columns(pl.col("pagu", "blokir", "pagu_efektif", "realisasi_kumulatif", "pagu_awal")
                             .fill_null(zero))
    real = pl.col("realisasi_kumulatif").cast(pl.Float64)
    return rows.with_columns(
        (pl.col("pagu") - pl.col("pagu_awal")).cast(MONEY).alias("perubahan_pagu"),
        pl.when(pl.col("pagu") > 0).then(real / pl.col("pagu").cast(pl.Float64) * 100).alias("penyerapan_pct"),
        pl.when(pl.col("pagu_efektif") > 0).then(real / pl.col("pagu_efektif").cast(pl.Float64) * 100)
        .alias("penyerapan_efektif_pct"),
        pl.when(pl.col("target_nominal").is_not_null())
        .then(pl.max_horizontal(pl.col("target_nominal") - pl.col("realisasi_kumulatif"), zero).cast(MONEY))
        .alias("kekurangan_target"),
    ).select(
        "kode_satker", "kode_jenis_belanja", "pagu_awal", "pagu", "perubahan_pagu", "blokir", "pagu_efektif",
        "realisasi_kumulatif", "penyerapan_pct", "penyerapan_efektif_pct", "target_pct", "target_nominal",
        "kekurangan_target", "capaian_target_pct", "bobot_pct",
    ).sort("kode_satker", "kode_jenis_belanja")


# --- one period's IKPA tables ---------------------------------------------------------------

SATKER_ATTRS: Final[list[str]] = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker"]
KEY: Final[list[str]] = ["kode_satker", "kode_jenis_belanja"]
REGION_CONVENTION: Final[str] = (
    "kinerja's convention: the mean of the nilai_akhir of the region's satker (the Kanwil and its UPT) "
    "that have one; no official regional IKPA exists (DOMAIN.md 2.2)")
NO_REVISION_TYPE: Final[str] = ("not computable: the pagu extracts do not carry the DIPA revision type, "
                                "so counted revisions per semester cannot be told apart")


# The rules the IKPA estimates use, in the order out_ikpa_aturan lists them.
RULES_USED: Final[tuple[str, ...]] = ("target_penyerapan", "deviasi_halaman_iii", "ikpa_bobot", "ikpa_kategori")


def rules_used(rules: Rules) -> pl.DataFrame:
    """The rows of the rule set the estimates use, with their sources: once per period (the
    IKPA rows carry the fiscal year, ``aturan_tahun_anggaran``)."""
    return pl.DataFrame({
        "aturan": list(RULES_USED),
        "aturan_tahun_anggaran": [rules.fiscal_year] * len(RULES_USED),
        "berlaku_mulai": [rules.sources[n].berlaku_mulai for n in RULES_USED],
        "sumber": [rules.sources[n].sumber for n in RULES_USED],
    }, schema={"aturan": pl.String, "aturan_tahun_anggaran": pl.Int32, "berlaku_mulai": pl.Int32,
               "sumber": pl.String})


def _jenis_facts(lines: pl.DataFrame) -> pl.DataFrame:
    return lines.group_by(KEY).agg(pl.col("pagu", "blokir", "realisasi_bulan", "realisasi_kumulatif")
                                   .cast(MONEY).sum())


def ikpa_tables(month: int, lines: pl.DataFrame, satker: pl.DataFrame, rules: Rules, *,
                rpd: pl.DataFrame | None, official: pl.DataFrame | None, history: pl.DataFrame,
                pagu_awal: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Every IKPA reporting table of one period (without ``period``).

    ``lines``: akun facts of the period (``kode_satker, kode_akun, kode_jenis_belanja, pagu,
    blokir, realisasi_bulan, realisasi_kumulatif``, transforms.budget.akun_facts); ``satker``:
    the master; ``rpd``: the Halaman III plan in force (``kode_satker, kode_jenis_belanja,
    bulan, rencana``; None: no plan, deviasi not computable); ``official``: the period's ``ikpa``
    extract (``kode_satker, komponen, nilai, kategori``; None: none); ``history``: the earlier
    months' estimates (``kode_satker, bulan, penyerapan_nk_bulan, deviasi_bulan_pct``);
    ``pagu_awal``: the first DIPA of the year at akun level (``kode_satker, kode_akun, pagu``).
    """
    facts = _jenis_facts(lines)
    attrs = satker.select(SATKER_ATTRS)
    units = facts.select("kode_satker").unique()
    rule_cols = [pl.lit(rules.fiscal_year, pl.Int32).alias("aturan_tahun_anggaran")]

    # penyerapan: NK(m) and the indicator over the quarter ends so far
    jenis = penyerapan_jenis(facts, month, rules)
    nk = penyerapan_bulan(jenis)
    nk_history = pl.concat([history.select("kode_satker", "bulan", pl.col("penyerapan_nk_bulan")
                                           .alias("nilai_kinerja_bulan")),
                            nk.with_columns(pl.lit(month, pl.Int64).alias("bulan"))
                            .select("kode_satker", "bulan", "nilai_kinerja_bulan")])
    penyerapan = penyerapan_indikator(nk_history.drop_nulls("nilai_kinerja_bulan"), month)

    # deviasi: D(m) against the plan in force, the indicator over the months so far
    if rpd is not None:
        plan = rpd.filter(pl.col("bulan") == month).group_by(KEY).agg(
            pl.col("rencana").cast(MONEY).sum().alias("rpd_bulan"))
        # the satker that have a plan, every jenis belanja of their pagu or their plan
        dev_facts = facts.filter(pl.col("kode_satker").is_in(plan["kode_satker"].implode())).join(
            plan, on=KEY, how="full", coalesce=True)
        dev_jenis = deviasi_jenis(dev_facts.select(*KEY, "pagu", "realisasi_bulan", "rpd_bulan"))
        d = deviasi_bulan(dev_jenis)
    else:
        dev_jenis = pl.DataFrame(schema={**{k: pl.String for k in KEY}, "pagu": MONEY, "realisasi_bulan": MONEY,
                                         "rpd_bulan": MONEY, "deviasi_pct": pl.Float64, "bobot_pct": pl.Float64})
        d = pl.DataFrame(schema={"kode_satker": pl.String, "deviasi_bulan_pct": pl.Float64})
    d_history = pl.concat([history.select("kode_satker", "bulan", "deviasi_bulan_pct"),
                           d.with_columns(pl.lit(month, pl.Int64).alias("bulan"))
                           .select("kode_satker", "bulan", "deviasi_bulan_pct")]).drop_nulls("deviasi_bulan_pct")
    deviasi = deviasi_indikator(d_history.filter(pl.col("kode_satker").is_in(d["kode_satker"].implode())),
                                month, rules)

    estimated = pl.concat([
        units.join(penyerapan, on="kode_satker", how="left").select(
            "kode_satker", pl.lit("penyerapan_anggaran").alias("komponen"), "nilai",
            pl.when(pl.col("nilai").is_null()).then(pl.lit("not computable: no usable pagu on a jenis belanja "
                                                           "with a target"))
            .otherwise(pl.lit(f"estimasi: PER-5/PB/2024 Pasal 9 as replicated (DOMAIN.md 2.3), rules TA "
                              f"{rules.fiscal_year}")).alias("keterangan")),
        units.join(deviasi.select("kode_satker", "nilai"), on="kode_satker", how="left").select(
            "kode_satker", pl.lit("deviasi_halaman_iii").alias("komponen"), "nilai",
            pl.when(pl.col("nilai").is_null()).then(pl.lit("not computable: no Halaman III plan (rpd) in force "
                                                           "for the satker"))
            .otherwise(pl.lit(f"estimasi: PER-5/PB/2024 Pasal 7 as replicated (DOMAIN.md 2.4), rules TA "
                              f"{rules.fiscal_year}")).alias("keterangan")),
        units.select("kode_satker", pl.lit("revisi_dipa").alias("komponen"), pl.lit(None, pl.Float64).alias("nilai"),
                     pl.lit(NO_REVISION_TYPE).alias("keterangan")),
    ])
    empty_official = pl.DataFrame(schema={"kode_satker": pl.String, "komponen": pl.String, "nilai": pl.Float64,
                                          "kategori": pl.String})
    official = empty_official if official is None else official.select("kode_satker", "komponen", "nilai",
                                                                       "kategori")
    components = official.filter(pl.col("komponen") != "nilai_akhir").select("kode_satker", "komponen", "nilai")
    stated = official.filter(pl.col("komponen") == "nilai_akhir").select(
        "kode_satker", pl.col("nilai").alias("nilai_akhir_resmi"), pl.col("kategori").alias("kategori_resmi"))
    all_units = pl.concat([units, components.select("kode_satker")]).unique()
    chosen = choose_components(estimated, components, all_units, rules)
    scored = score(chosen, rules)

    per_satker = (scored.join(attrs, on="kode_satker", how="left")
                  .join(stated, on="kode_satker", how="left")
                  .join(nk.select("kode_satker", pl.col("nilai_kinerja_bulan").alias("penyerapan_nk_bulan")),
                        on="kode_satker", how="left")
                  .join(d, on="kode_satker", how="left")
                  .join(deviasi.select("kode_satker", "deviasi_rata_pct"), on="kode_satker", how="left")
                  .with_columns(pl.when(pl.col("n_estimasi") == 0).then(pl.lit(RESMI)).otherwise(pl.lit(DIHITUNG))
                                .alias("status_nilai"), *rule_cols)
                  .select(*SATKER_ATTRS, "nilai_akhir", "kategori", "status_nilai", "nilai_tertimbang",
                          "bobot_aktif", "pengurang", "n_komponen", "n_resmi", "n_estimasi", "nilai_akhir_resmi",
                          "kategori_resmi", "penyerapan_nk_bulan", "deviasi_bulan_pct", "deviasi_rata_pct",
                          "aturan_tahun_anggaran").sort("kode_satker"))
    kanwil = satker.select(pl.col("kode_satker").alias("kode_kanwil"), pl.col("nama_satker").alias("nama_kanwil"))
    mean = pl.col("nilai_akhir").mean()
    region = (per_satker.filter(pl.col("nilai_akhir").is_not_null()).group_by("kode_kanwil").agg(
        pl.len().cast(pl.Int64).alias("n_satker"),
        (pl.col("status_nilai") == RESMI).sum().cast(pl.Int64).alias("n_satker_resmi"),
        mean.alias("nilai_rata_rata"))
        .join(kanwil, on="kode_kanwil", how="left")
        .with_columns(kategori(pl.col("nilai_rata_rata"), rules).alias("kategori"),
                      pl.lit(REGION_CONVENTION).alias("konvensi"), *rule_cols)
        .select("kode_kanwil", "nama_kanwil", "n_satker", "n_satker_resmi", "nilai_rata_rata", "kategori",
                "konvensi", "aturan_tahun_anggaran").sort("kode_kanwil"))
    komponen = (chosen.join(attrs, on="kode_satker", how="left").with_columns(rule_cols)
                .select(*SATKER_ATTRS, "komponen", "bobot", "is_pengurang", "nilai", "sumber_nilai", "keterangan",
                        "aturan_tahun_anggaran"))
    rekonsiliasi = (reconciliation(estimated, components).join(attrs, on="kode_satker", how="left")
                    .with_columns(rule_cols)
                    .select(*SATKER_ATTRS, "komponen", "nilai_resmi", "nilai_estimasi", "selisih",
                            "aturan_tahun_anggaran"))
    jenis_names = lines.select("kode_jenis_belanja", "jenis_belanja").unique()
    deviasi_rows = (dev_jenis.join(attrs, on="kode_satker", how="left")
                    .join(jenis_names, on="kode_jenis_belanja", how="left").with_columns(rule_cols)
                    .select(*SATKER_ATTRS, "kode_jenis_belanja", "jenis_belanja", "pagu", "realisasi_bulan",
                            "rpd_bulan", "deviasi_pct", "bobot_pct", "aturan_tahun_anggaran"))
    awal = pagu_awal.group_by("kode_satker", pl.col("kode_akun").str.slice(0, 2).alias("kode_jenis_belanja")).agg(
        pl.col("pagu").cast(MONEY).sum().alias("pagu_awal"))
    execution = (budget_execution(facts, awal, month, rules).join(attrs, on="kode_satker", how="left")
                 .join(jenis_names, on="kode_jenis_belanja", how="left").with_columns(rule_cols)
                 .select(*SATKER_ATTRS, "kode_jenis_belanja", "jenis_belanja", "pagu_awal", "pagu", "perubahan_pagu",
                         "blokir", "pagu_efektif", "realisasi_kumulatif", "penyerapan_pct", "penyerapan_efektif_pct",
                         "target_pct", "target_nominal", "kekurangan_target", "capaian_target_pct", "bobot_pct",
                         "aturan_tahun_anggaran"))
    return {
        "out_ikpa_satker": per_satker,
        "out_ikpa_komponen": komponen,
        "out_ikpa_rekonsiliasi": rekonsiliasi,
        "out_ikpa_region": region,
        "out_ikpa_deviasi": deviasi_rows,
        "out_ikpa_budget_execution": execution,
        "out_ikpa_aturan": rules_used(rules),
    }
