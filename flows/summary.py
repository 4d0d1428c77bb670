"""The Prefect artifacts a run leaves, keyed per home (``kinerja-refresh-<home>``, ...) so two
homes on one server never overwrite each other's:

- ``kinerja-refresh-<home>``: the last run that did something: per period, gate outcome,
  absorption by unit and the indicator table, read from the published file (markdown);
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
from pathlib import Path

import duckdb
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
    rows = con.execute("""
        SELECT nama_satker, jenis_satker, pagu, realisasi_kumulatif, penyerapan_pct, penyerapan_netto_pct
        FROM out_budget_satker WHERE period = ? ORDER BY jenis_satker = 'KANWIL' DESC, nama_satker""",
                       [period.first_day]).fetchall()
    lines += ["", "| satker | jenis | pagu (Rp) | realisasi s.d. bulan ini (Rp) | penyerapan | penyerapan netto |",
              "|---|---|---:|---:|---:|---:|"]
    lines += [f"| {n} | {j} | {number(p)} | {number(r)} | {percent(a)} | {percent(b)} |"
              for n, j, p, r, a, b in rows]
    region = con.execute("""SELECT nama_kanwil, pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_region
        WHERE period = ? ORDER BY kode_kanwil""", [period.first_day]).fetchall()
    lines += [f"| **{n} (wilayah)** | | **{number(p)}** | **{number(r)}** | **{percent(a)}** | |"
              for n, p, r, a in region]
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
