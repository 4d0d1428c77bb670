"""The indicator part of a period's refresh: which deliveries apply, the cross-file gate, and
the rows handed to the warehouse. The rules themselves live in transforms.indicators and
expectations; this module only picks inputs (this period's files, earlier deliveries from
the core tables) and passes them on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from kinerja import expectations
from kinerja.transforms import indicators
from kinerja.warehouse import store

if TYPE_CHECKING:
    from kinerja.flows.steps import Inputs, RunContext

# Optional kinds delivered in a period folder, and the core table that keeps each delivery.
DELIVERED = {"rb": "core_rb", "survei": "core_survei", "iph": "core_iph", "iku": "core_iku"}


def _current(inputs: Inputs, kind: str) -> pl.DataFrame | None:
    extract = inputs.extracts.get(kind)
    if extract is None:
        return None
    data = extract.data.drop("source_row", "file_period", strict=False)
    if kind == "rb":
        data = indicators.with_checkpoint(data, str(inputs.period))
    return data


def gate(ctx: RunContext, inputs: Inputs) -> expectations.GateResult:
    """Cross-file rules: an RB target never falls from the previous checkpoint of the year;
    every typed iku code exists in pk."""
    period = str(inputs.period)
    rb = inputs.extracts.get("rb")
    rb_now = indicators.with_checkpoint(rb.data, period) if rb is not None else None
    earlier = store.deliveries(ctx.con, "core_rb", inputs.period.first_day)
    rb_previous = earlier.filter(pl.col("period") == pl.col("period").max()) if earlier.height else None
    pk, iku = inputs.extracts.get("pk"), inputs.extracts.get("iku")
    return expectations.gate_indicators(
        period, pk=pk.data if pk else None, iku=iku.data if iku else None, rb=rb_now, rb_previous=rb_previous,
        files={kind: e.file for kind, e in inputs.extracts.items()})


def core_rows(inputs: Inputs, load_ids: dict[str, str]) -> list[tuple[str, pl.DataFrame, str | None]]:
    """The period's deliveries for the core tables (replacing the period's earlier rows)."""
    rows = []
    for kind in (*DELIVERED, "pk"):
        data = _current(inputs, kind)
        if data is not None:
            table = DELIVERED.get(kind, "core_pk")
            rows.append((table, data.with_columns(pl.lit(load_ids[kind]).alias("load_id")), "period"))
    return rows


def _in_force(ctx: RunContext, inputs: Inputs, kind: str, load_ids: dict[str, str]) -> pl.DataFrame | None:
    """This period's delivery of ``kind``, else the earlier delivery that still applies."""
    data = _current(inputs, kind)
    if data is not None:
        return data.with_columns(pl.lit(load_ids[kind]).alias("load_id"))
    if kind == "iku":
        return None                      # typed realisations count only for their own period
    earlier = store.deliveries(ctx.con, DELIVERED[kind], inputs.period.first_day)
    if not earlier.height:
        return None
    delivered = sorted({str(p)[:7] for p in earlier["period"].to_list()})
    if kind == "survei":
        chosen = indicators.survey_in_force(delivered, str(inputs.period))
    else:
        chosen = indicators.latest_on_or_before(delivered, str(inputs.period))
    if chosen is None:
        return None
    return earlier.filter(pl.col("period").dt.strftime("%Y-%m") == chosen).drop("period")


def out_tables(ctx: RunContext, inputs: Inputs, satker: pl.DataFrame, load_ids: dict[str, str]) -> dict[str, pl.DataFrame]:
    """Every indicator reporting table of the period (absent inputs give no rows)."""
    out: dict[str, pl.DataFrame] = {}
    # RB: every checkpoint delivered this year up to the period (earlier ones from core_rb)
    checkpoints = [store.deliveries(ctx.con, "core_rb", inputs.period.first_day).drop("period")]
    if "rb" in inputs.extracts:
        checkpoints.append(_in_force(ctx, inputs, "rb", load_ids))
    checkpoints = [c for c in checkpoints if c.height]
    if checkpoints:
        out.update(indicators.rb_tables(pl.concat(checkpoints, how="diagonal_relaxed"), satker))
    survey = _in_force(ctx, inputs, "survei", load_ids)
    if survey is not None:
        out.update(indicators.survey_tables(survey, satker))
    iph = _in_force(ctx, inputs, "iph", load_ids)
    if iph is not None:
        out.update(indicators.iph_tables(iph, satker))
    pk = _current(inputs, "pk")
    if pk is not None:
        pk = pk.with_columns(pl.lit(load_ids["pk"]).alias("load_id"))
        realized = indicators.realizations(
            pk, _in_force(ctx, inputs, "iku", load_ids), rb_region=out.get("out_rb_region"),
            survey_region=out.get("out_survey_region"), iph_region=out.get("out_iph_region"))
        out["out_iku"] = indicators.attainment(pk, realized, str(inputs.period), cap=ctx.capaian_cap)
        out["out_iku_summary"] = indicators.attainment_summary(out["out_iku"])
    return out
