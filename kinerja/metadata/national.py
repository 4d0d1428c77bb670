"""The national file's tables and the national audit, generated from the regional descriptions.

A national run (``kinerja national``) refreshes each region into its own home and publishes
one national file. Its tables are not described a second time: each regional reporting table
(and ``out_load``) becomes its national version by :func:`regional`, which adds
``kode_kanwil`` where the regional table has none (``out_iku``, ``out_iku_summary``,
``out_load``) and widens the primary key with it; the national rollups take their measure
columns from the regional tables they roll up (:func:`rollup`). Only what exists nowhere
else is written here: the region status, the completeness columns and the national audit.

These tables are not in :data:`kinerja.metadata.TABLES` (a region's working DB and its
published file do not hold them); :data:`NATIONAL_TABLES` lists the national file's tables
in the order the national publish writes them, :data:`NATIONAL_AUDIT` the tables of the
national working DB (``<home>/national.duckdb``).
"""

from __future__ import annotations

from typing import Final

from kinerja import metadata

from .classes import Column, Table
from .fields import col

# Regional reporting tables copied into the national file, in the regional publish's order.
REGIONAL_TABLES: Final[tuple[str, ...]] = tuple(
    t.name for t in metadata.TABLES.values() if t.layer == "out" and t.working == "table") + ("out_load",)

_NATIONAL_NOTE = ("National file: the rows of every region whose period is included "
                  "(out_national_region_status), each carrying its kode_kanwil.")


def regional(name: str) -> Table:
    """The national version of the regional table ``name``: the same columns, with kode_kanwil
    (NOT NULL, in the key) added after ``period`` where the regional table has none."""
    base = metadata.table(name)
    kanwil = col("kode_kanwil")
    if "kode_kanwil" in base.column_names:
        columns = tuple(kanwil if c.name == "kode_kanwil" else c for c in base.columns)
        key = base.primary_key
    else:
        at = 1 if base.columns[0].name == "period" else 0
        columns = base.columns[:at] + (kanwil,) + base.columns[at:]
        key = base.primary_key[:at] + ("kode_kanwil",) + base.primary_key[at:]
    grain = base.grain
    if "kode_kanwil" not in grain and "kode_satker" not in grain:
        grain = grain.replace("period", "period x kode_kanwil", 1) if grain.startswith("period") else \
            f"kode_kanwil x {grain}"
    return Table(name, "out", grain, f"{base.description} {_NATIONAL_NOTE}", columns, primary_key=key,
                 published=True)


# Completeness of a national row: which regions it sums, and whether any is missing.
COMPLETENESS: Final[tuple[Column, ...]] = (
    col("n_kanwil", "BIGINT", "Regions whose figures the row sums (status included in "
        "out_national_region_status for the period)", unit="count", nullable=False),
    col("n_kanwil_expected", "BIGINT", "Regions of the national landing: the row is complete when it sums "
        "all of them", unit="count", nullable=False),
    col("kanwil_missing", "VARCHAR", "Comma-separated kode_kanwil of the regions missing from the row's "
        "period (failed gate, unreadable extract, not refreshed, no data); null when none"),
    col("is_complete", "BOOLEAN", "True only when every region of the landing is included for the "
        "period: a national total over fewer regions is never presented as complete", nullable=False),
)


def rollup(name: str, source: str, by: tuple[str, ...], measures: tuple[str, ...], description: str,
           overrides: dict[str, Column] | None = None) -> Table:
    """A national rollup of the regional table ``source``: ``period``, the ``by`` columns, the
    completeness columns and ``measures`` (described as in ``source``, or by ``overrides``)."""
    base = metadata.table(source)
    overrides = overrides or {}
    pick = [overrides.get(c) or base.column(c) for c in by + measures]
    columns = (base.column("period"), *pick[:len(by)], *COMPLETENESS, *pick[len(by):])
    grain = " x ".join(("period", *(c for c in by if not c.startswith("nama_") and c != "jenis_belanja")))
    return Table(name, "out", grain, description, columns,
                 primary_key=("period", *(c for c in by if c not in ("jenis_belanja",))), published=True)


_BUDGET = ("n_satker", "pagu", "blokir", "pagu_netto", "realisasi_bulan", "realisasi_kumulatif", "sisa",
           "sisa_netto", "penyerapan_pct", "penyerapan_netto_pct")
_NATIONAL_SHARE = col("pagu_share_pct", description="Share of the national pagu: the row's pagu / the "
                      "pagu of all included regions * 100")
_SUM_NOTE = ("Money and counts are sums over the included regions; every percentage is a ratio of those "
             "sums, never a mean of regional percentages.")

ROLLUPS: Final[tuple[Table, ...]] = (
    rollup("out_national_budget", "out_budget_region", (), _BUDGET + ("n_akun_over_pagu",),
           f"Budget absorption of all regions together (the national headline). {_SUM_NOTE}"),
    rollup("out_national_budget_jenis_satker", "out_budget_jenis_satker", ("jenis_satker",),
           _BUDGET + ("pagu_share_pct", "n_akun_over_pagu"),
           f"Budget absorption per unit type (KANWIL, LAPAS, RUTAN, ...) over all regions. {_SUM_NOTE}",
           {"jenis_satker": col("jenis_satker", nullable=False), "pagu_share_pct": _NATIONAL_SHARE,
            "n_satker": col("n_satker", description="Number of satker of that unit type in the included "
                            "regions")}),
    rollup("out_national_budget_jenis_belanja", "out_budget_region_jenis_belanja",
           ("kode_jenis_belanja", "jenis_belanja"), _BUDGET + ("pagu_share_pct", "n_akun_over_pagu"),
           f"Budget absorption per jenis belanja over all regions. {_SUM_NOTE}",
           {"pagu_share_pct": _NATIONAL_SHARE,
            "n_satker": col("n_satker", description="Number of satker with that jenis belanja in the "
                            "included regions")}),
    rollup("out_national_rb", "out_rb_region", ("checkpoint",), ("n_satker", "target", "terlaksana",
                                                                 "capaian_pct"),
           f"RB action-plan attainment over all regions per checkpoint, pooled. {_SUM_NOTE}",
           {"capaian_pct": col("capaian_pct", "DOUBLE", "Capaian: sum(terlaksana) / sum(target) * 100 over "
                               "the included regions (null when the target is 0)", unit="percent")}),
    rollup("out_national_rb_jenis_satker", "out_rb_satker", ("checkpoint", "jenis_satker"),
           ("target", "terlaksana", "capaian_pct"),
           f"RB action-plan attainment over all regions per checkpoint and unit type, pooled. {_SUM_NOTE}",
           {"jenis_satker": col("jenis_satker", nullable=False),
            "target": col("target", description="Sum of the units' cumulative action-plan items due"),
            "terlaksana": col("terlaksana", description="Sum of the units' items completed"),
            "capaian_pct": col("capaian_pct", "DOUBLE", "Capaian: sum(terlaksana) / sum(target) * 100 "
                               "(null when the target is 0)", unit="percent")}),
)

STATUS: Final[Table] = Table(
    "out_national_region_status", "out", "period x kode_kanwil",
    "Each region of the national landing for each period of the national file: whether its figures "
    "are in the regional tables and the national rollups, and if not why (the failing rule and the "
    "region's gate report). A region's period is included only when its last national run refreshed "
    "or skipped it unchanged and its published file holds it.",
    (
        col("period"),
        col("kode_kanwil"),
        col("nama_kanwil"),
        col("status", "VARCHAR", "included; gate_failed or unreadable (the period failed its gate or "
            "could not be read); not_refreshed (an earlier period of the run failed); error (the region "
            "could not run: the message says why); kanwil_mismatch (the region's satker master names "
            "another kode_kanwil than its folder); no_data (the region holds no figures for the period)",
            nullable=False),
        col("is_included", "BOOLEAN", "The region's rows for the period are in the national file",
            nullable=False),
        col("n_errors", "BIGINT", "Rule violations found in the region's period (0 when included)",
            unit="count", nullable=False),
        col("message", "VARCHAR", "For a missing region: the first rule violation or the error, as the "
            "region's gate report states it"),
        col("gate_report", "VARCHAR", "Path of the region's gate report (index.html) for the period"),
    ),
    primary_key=("period", "kode_kanwil"), published=True,
)

NATIONAL_TABLES: Final[dict[str, Table]] = {t.name: t for t in (
    *(regional(name) for name in REGIONAL_TABLES), STATUS, *ROLLUPS, metadata.table("publish_info"))}

# The national working DB (<home>/national.duckdb): the outcome of every region and period of
# every national run, and every national publish.
NATIONAL_AUDIT: Final[tuple[Table, ...]] = (
    Table(
        "audit_national_region", "audit", "run_id x kode_kanwil x period",
        "What a national run did with each region and period: its outcome, the region's first rule "
        "violation and its gate report.",
        (
            col("run_id", description="The national run"),
            col("flow_run_id"),
            col("kode_kanwil"),
            col("period"),
            col("status", "VARCHAR", "refreshed, skipped, gate_failed, unreadable, not_refreshed or error",
                nullable=False),
            col("n_errors", "BIGINT", "Rule violations found", unit="count", nullable=False),
            col("message", "VARCHAR", "The first rule violation or the error (null when refreshed)"),
            col("gate_report", "VARCHAR", "The region's gate report for the period"),
            col("finished_at", description="When the region's refresh finished (UTC)"),
        ),
        primary_key=("run_id", "kode_kanwil", "period"),
    ),
    Table(
        "audit_national_publish", "audit", "publish_id",
        "Every publish of the national file.",
        (
            col("publish_id", "VARCHAR", "Id of the publish (uuid4)", nullable=False),
            col("run_id", description="The national run that published"),
            col("flow_run_id"),
            col("published_at", "TIMESTAMPTZ", "When the file was built (UTC)", nullable=False),
            col("periods", "VARCHAR", "Comma-separated YYYY-MM periods the file holds", nullable=False),
            col("regions", "VARCHAR", "Comma-separated kode_kanwil of the landing's regions", nullable=False),
            col("sha256", "VARCHAR", "SHA-256 of the published file", nullable=False),
            col("content_sha256", "VARCHAR", "Hash of the national content (equal content gives an equal "
                "hash)", nullable=False),
        ),
        primary_key=("publish_id",),
    ),
)
