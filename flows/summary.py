"""The Prefect artifacts a run leaves: per period, gate outcome, absorption by unit and the
indicator table (target, realisasi, capaian, status), read from the published file."""

from __future__ import annotations

from pathlib import Path

import duckdb
from prefect.artifacts import create_markdown_artifact

from kinerja.periods import Period
from kinerja.pipeline import Outcome, RefreshResult
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.home import Home


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}%".replace(",", "X").replace(".", ",").replace("X", ".")


def _num(value: float) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _idr(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def period_markdown(con: duckdb.DuckDBPyConnection | None, outcome: Outcome) -> str:
    period = outcome.period
    lines = [f"## {period} ({period.label_id}): {outcome.status}", ""]
    errors = [i for i in outcome.issues if i.severity == "error"]
    warnings = [i for i in outcome.issues if i.severity == "warning"]
    lines.append(f"Gate: {'passed' if not errors else 'FAILED'}: {len(errors)} error(s), "
                 f"{len(warnings)} warning(s). Gate report: [{outcome.gate_report}](file://{outcome.gate_report})")
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
    lines += [f"| {n} | {j} | {_idr(p)} | {_idr(r)} | {_pct(a)} | {_pct(b)} |" for n, j, p, r, a, b in rows]
    region = con.execute("""SELECT nama_kanwil, pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_region
        WHERE period = ? ORDER BY kode_kanwil""", [period.first_day]).fetchall()
    lines += [f"| **{n} (wilayah)** | | **{_idr(p)}** | **{_idr(r)}** | **{_pct(a)}** | |" for n, p, r, a in region]
    indicators = con.execute("""SELECT kode_indikator, indikator, satuan, target, realisasi, capaian_pct, status,
        keterangan FROM out_iku WHERE period = ? ORDER BY kode_indikator""", [period.first_day]).fetchall()
    if indicators:
        lines += ["", "| indikator | target | realisasi | capaian | status |", "|---|---:|---:|---:|---|"]
        lines += [f"| {k} {name} ({unit}) | {_num(t)} | {_num(r) if r is not None else 'n/a'} | {_pct(c)} | "
                  f"{st}{f' ({note})' if r is None and note else ''} |"
                  for k, name, unit, t, r, c, st, note in indicators]
    return "\n".join(lines)


def publish_artifact(result: RefreshResult, home: Home) -> None:
    """One markdown artifact per run, keyed so the UI shows its history."""
    outcomes = [o for o in result.outcomes if o.status != "skipped"]
    parts = [f"# kinerja refresh, run {result.run_id}", ""]
    if not outcomes:
        parts.append("Every period was unchanged since its last refresh: nothing to do.")
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
    create_markdown_artifact(key="kinerja-refresh", markdown="\n".join(parts), description=f"kinerja refresh {span}")


def report_artifact(period: Period, written: list[Path]) -> None:
    lines = [f"# kinerja report {period} ({period.label_id})", ""]
    lines += [f"- [{p.name}](file://{p})" for p in written]
    create_markdown_artifact(key="kinerja-report", markdown="\n".join(lines), description=f"LKjIP section {period}")
