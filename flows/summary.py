"""The Prefect artifacts a run leaves, keyed per home (``kinerja-refresh-<home>``, ...) so two
homes on one server never overwrite each other's:

- ``kinerja-refresh-<home>``: the last run that did something: per period, gate outcome, counts,
  absorption per region and per unit type, the 20 units with the lowest absorption and the
  indicator table, read from the published file (markdown). Its size does not grow with the
  number of units (a national month's 25.000-row table was refused by Prefect, whose events
  stop at 2 MB): a region is one row, the units beyond the worst 20 are counted;
- ``kinerja-periods-<home>``: one row per period of the run (table);
- ``kinerja-failures-<home>``: every failing rule with file, row, column and message, the first
  50 and the total (markdown), when a period failed;
- ``kinerja-noop-<home>``: a run that changed nothing says so here, leaving the others as they were.

Numbers, percentages and month names through :mod:`kinerja.formatting` (the one Indonesian formatter); gate reports are
named by their path (the UI cannot open ``file://`` links).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from kinerja.periods import Period
from kinerja.pipeline import Outcome, RefreshResult
from kinerja.formatting import month_year, number, pct_number, percent
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.home import Home

FAILURES_SHOWN = 50


def home_key(home: Home) -> str:
    """A short, stable artifact-key suffix for a home: its folder name and a hash of its path."""
    slug = re.sub(r"[^a-z0-9]+", "-", home.root.name.lower()).strip("-")[:24] or "home"
    return f"{slug}-{hashlib.sha256(str(home.root).encode()).hexdigest()[:8]}"


WORST_SHOWN = 20


def _rows(frame: pl.DataFrame, cells: list[Callable[[dict], str]]) -> list[str]:
    """Markdown rows of an already bounded frame (at most one row per region, unit type or
    shown unit), every number through the one Indonesian formatter."""
    return ["| " + " | ".join(cell(r) for cell in cells) + " |" for r in frame.iter_rows(named=True)]


def budget_summary(con: duckdb.DuckDBPyConnection, period: Period) -> list[str]:
    """The period's budget in lines of markdown whose count does not depend on the number of
    units: counts, one row per region, one per unit type (ratios of sums over the regions), the
    WORST_SHOWN units with the lowest absorption. Selected and summed with polars from the
    published file."""
    day = period.first_day
    satker = con.sql("""SELECT kode_kanwil, nama_satker, jenis_satker, pagu, realisasi_kumulatif,
        penyerapan_pct, penyerapan_netto_pct, n_akun_over_pagu FROM out_budget_satker WHERE period = ?""",
                     params=[day]).pl()
    region = con.sql("""SELECT kode_kanwil, nama_kanwil, pagu, realisasi_kumulatif, penyerapan_pct
        FROM out_budget_region WHERE period = ? ORDER BY kode_kanwil""", params=[day]).pl()
    types = (con.sql("""SELECT jenis_satker, pagu, realisasi_kumulatif, n_satker FROM out_budget_jenis_satker
        WHERE period = ?""", params=[day]).pl()
             .group_by("jenis_satker").agg(pl.col("pagu", "realisasi_kumulatif", "n_satker").sum())
             .with_columns(pl.when(pl.col("pagu") > 0).then(pl.col("realisasi_kumulatif").cast(pl.Float64)
                                                          / pl.col("pagu").cast(pl.Float64) * 100)
                           .alias("penyerapan_pct"))
             .sort(pl.col("jenis_satker") != "KANWIL", "jenis_satker"))
    worst = (satker.sort(pl.col("penyerapan_pct").is_null(), "penyerapan_pct", "nama_satker")
             .head(WORST_SHOWN))
    counts = satker.select(pl.len().alias("units"), pl.col("kode_kanwil").n_unique().alias("regions"),
                           (pl.col("n_akun_over_pagu") > 0).sum().alias("over"),
                           pl.col("n_akun_over_pagu").sum().alias("lines_over")).row(0, named=True)
    money = ["pagu", "realisasi_kumulatif"]
    lines = ["", f"{counts['units']} satker in {counts['regions']} wilayah; {counts['lines_over']} akun line(s) "
                 f"over pagu in {counts['over']} satker.",
             "", "| wilayah | pagu (Rp) | realisasi s.d. bulan ini (Rp) | penyerapan |", "|---|---:|---:|---:|"]
    lines += _rows(region, [lambda r: f"**{r['nama_kanwil']} (wilayah)**", *(lambda r, c=c: f"**{number(r[c])}**"
                                                                            for c in money),
                            lambda r: f"**{percent(r['penyerapan_pct'])}**"])
    lines += ["", "| jenis satker | satker | pagu (Rp) | realisasi s.d. bulan ini (Rp) | penyerapan |",
              "|---|---:|---:|---:|---:|"]
    lines += _rows(types, [lambda r: r["jenis_satker"], lambda r: str(r["n_satker"]),
                           *(lambda r, c=c: number(r[c]) for c in money), lambda r: percent(r["penyerapan_pct"])])
    shown = "every satker" if counts["units"] <= WORST_SHOWN else f"the {WORST_SHOWN} of {counts['units']} satker"
    lines += ["", f"Lowest absorption first ({shown}):", "",
              "| satker | jenis | pagu (Rp) | realisasi s.d. bulan ini (Rp) | penyerapan | penyerapan netto |",
              "|---|---|---:|---:|---:|---:|"]
    lines += _rows(worst, [lambda r: r["nama_satker"], lambda r: r["jenis_satker"],
                           *(lambda r, c=c: number(r[c]) for c in money), lambda r: percent(r["penyerapan_pct"]),
                           lambda r: percent(r["penyerapan_netto_pct"])])
    return lines


def period_markdown(con: duckdb.DuckDBPyConnection | None, outcome: Outcome) -> str:
    period = outcome.period
    lines = [f"## {period} ({month_year(period.first_day)}): {outcome.status}", ""]
    errors = [i for i in outcome.issues if i.severity == "error"]
    warnings = [i for i in outcome.issues if i.severity == "warning"]
    lines.append(f"Gate: {'passed' if not errors else 'FAILED'}: {len(errors)} error(s), "
                 f"{len(warnings)} warning(s). Gate report: `{outcome.gate_report}`")
    lines.append("")
    for issue in errors[:20]:
        lines.append(f"- {issue}")
    if outcome.status != "refreshed" or con is None:
        return "\n".join(lines)
    lines += budget_summary(con, period)
    indicators = con.execute("""SELECT kode_indikator, indikator, satuan, target, realisasi, capaian_pct, status,
        keterangan FROM out_iku WHERE period = ? ORDER BY kode_indikator""", [period.first_day]).fetchall()
    if indicators:
        lines += ["", "| indikator | target | realisasi | capaian | status |", "|---|---:|---:|---:|---|"]
        lines += [f"| {k} {name} ({unit}) | {pct_number(t)} | {pct_number(r)} | {percent(c)} | "
                  f"{st}{f' ({note})' if r is None and note else ''} |"
                  for k, name, unit, t, r, c, st, note in indicators]
    return "\n".join(lines)


def publish_artifact(result: RefreshResult, home: Home) -> None:
    """The run's artifacts (see the module's docstring), keyed per home."""
    key = home_key(home)
    outcomes = [o for o in result.outcomes if o.status != "skipped"]
    create_table_artifact(key=f"kinerja-periods-{key}", description=f"kinerja periods, {home.root}", table=[
        {"period": str(o.period), "status": o.status, "seconds": round(o.seconds, 1),
         "errors": sum(i.severity == "error" for i in o.issues),
         "warnings": sum(i.severity == "warning" for i in o.issues), "gate report": str(o.gate_report or "")}
        for o in result.outcomes])
    failures = [i for o in outcomes for i in o.issues if i.severity == "error"]
    if failures:
        lines = [f"# Failing rules: {len(failures)} (the first {min(len(failures), FAILURES_SHOWN)})", "",
                 "| file | row | column | rule | message |", "|---|---:|---|---|---|"]
        lines += [f"| {i.file} | {'' if i.row is None else i.row} | {i.column or ''} | {i.rule} | "
                  f"{i.message[:200].replace('|', '/')} |" for i in failures[:FAILURES_SHOWN]]
        create_markdown_artifact(key=f"kinerja-failures-{key}", markdown="\n".join(lines),
                                 description=f"kinerja failing rules, {home.root}")
    if not outcomes and not result.published:
        create_markdown_artifact(key=f"kinerja-noop-{key}", description=f"kinerja no-op runs, {home.root}",
                                 markdown=f"# kinerja run {result.run_id}: nothing to do\n\nEvery period was "
                                          f"unchanged since its last refresh and the published file holds the "
                                          f"warehouse.")
        return
    parts = [f"# kinerja refresh, run {result.run_id}", ""]
    parts += [f"- {note}" for note in result.notes]
    if result.published:
        parts.append(f"Published `{result.published}` (periods {', '.join(result.published_periods)}; "
                     f"content sha256 `{result.content_sha256[:16]}`).")
    else:
        parts.append("Nothing published: the published file is unchanged.")
    con = connect_published(home.published_db) if result.published else None
    try:
        parts += ["", *(period_markdown(con, o) for o in outcomes)]
    finally:
        if con is not None:
            con.close()
    span = f"{outcomes[0].period}..{outcomes[-1].period}" if outcomes else "no change"
    create_markdown_artifact(key=f"kinerja-refresh-{key}", markdown="\n".join(parts),
                             description=f"kinerja refresh {span}, {home.root}")


def report_artifact(period: Period, written: list[Path]) -> None:
    lines = [f"# kinerja report {period} ({month_year(period.first_day)})", ""]
    lines += [f"- `{p}`" for p in written]
    create_markdown_artifact(key="kinerja-report", markdown="\n".join(lines), description=f"LKjIP section {period}")
