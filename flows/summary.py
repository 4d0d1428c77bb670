"""The Prefect markdown artifact a run leaves: per period, gate outcome, absorption by unit and
the indicator table (target, realisasi, capaian, status)."""

from __future__ import annotations

from prefect.artifacts import create_markdown_artifact

from kinerja.flows.steps import Outcome, RunContext
from kinerja.warehouse.publish import Published


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.2f}%".replace(",", "X").replace(".", ",").replace("X", ".")


def _num(value: float) -> str:
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _idr(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def period_markdown(ctx: RunContext, outcome: Outcome) -> str:
    period = outcome.period
    lines = [f"## {period} ({period.label_id}): {outcome.status}", ""]
    errors = [i for i in outcome.issues if i.severity == "error"]
    warnings = [i for i in outcome.issues if i.severity == "warning"]
    lines.append(f"Gate: {'passed' if not errors else 'FAILED'}: {len(errors)} error(s), "
                 f"{len(warnings)} warning(s). Gate report: [{outcome.gate_report}](file://{outcome.gate_report})")
    lines.append("")
    for issue in errors[:20]:
        lines.append(f"- {issue}")
    if outcome.status != "refreshed":
        return "\n".join(lines)
    rows = ctx.con.execute("""
        SELECT nama_satker, jenis_satker, pagu, realisasi_kumulatif, penyerapan_pct, penyerapan_netto_pct
        FROM out_budget_satker WHERE period = ? ORDER BY jenis_satker = 'KANWIL' DESC, nama_satker""",
                           [period.first_day]).fetchall()
    lines += ["", "| satker | jenis | pagu (Rp) | realisasi s.d. bulan ini (Rp) | penyerapan | penyerapan netto |",
              "|---|---|---:|---:|---:|---:|"]
    lines += [f"| {n} | {j} | {_idr(p)} | {_idr(r)} | {_pct(a)} | {_pct(b)} |" for n, j, p, r, a, b in rows]
    region = ctx.con.execute("""SELECT nama_kanwil, pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_region
        WHERE period = ? ORDER BY kode_kanwil""", [period.first_day]).fetchall()
    lines += [f"| **{n} (wilayah)** | | **{_idr(p)}** | **{_idr(r)}** | **{_pct(a)}** | |" for n, p, r, a in region]
    indicators = ctx.con.execute("""SELECT kode_indikator, indikator, satuan, target, realisasi, capaian_pct, status,
        keterangan FROM out_iku WHERE period = ? ORDER BY kode_indikator""", [period.first_day]).fetchall()
    if indicators:
        lines += ["", "| indikator | target | realisasi | capaian | status |", "|---|---:|---:|---:|---|"]
        lines += [f"| {k} {name} ({unit}) | {_num(t)} | {_num(r) if r is not None else 'n/a'} | {_pct(c)} | "
                  f"{st}{f' ({note})' if r is None and note else ''} |"
                  for k, name, unit, t, r, c, st, note in indicators]
    return "\n".join(lines)


def publish_artifact(ctx: RunContext, outcomes: list[Outcome], published: Published | None) -> None:
    """One markdown artifact per run, keyed so the UI shows its history."""
    parts = [f"# kinerja refresh, run {ctx.run_id}", ""]
    if not outcomes:
        parts.append("Every period was unchanged since its last refresh: nothing to do.")
    if published:
        parts.append(f"Published `{published.path}` (periods {', '.join(published.periods)}; "
                     f"content sha256 `{published.content_sha256[:16]}`).")
    else:
        parts.append("Nothing published: the published file is unchanged.")
    parts += ["", *(period_markdown(ctx, o) for o in outcomes)]
    span = f"{outcomes[0].period}..{outcomes[-1].period}" if outcomes else "no change"
    create_markdown_artifact(key="kinerja-refresh", markdown="\n".join(parts), description=f"kinerja refresh {span}")
