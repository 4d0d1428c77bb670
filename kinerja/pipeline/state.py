"""What a period needs from the warehouse, read once into a value.

Derivation never goes back to the database: it gets a :class:`PeriodState` (the previous
cumulative, the pagu in force, the indicator deliveries earlier in the year, the loads that
already brought identical files) and the period's extracts, and returns frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import polars as pl

from kinerja.periods import Period
from kinerja.pipeline.inputs import REFERENCE_KINDS
from kinerja.transforms import budget
from kinerja.warehouse import store

# Indicator kinds delivered in a period folder, and the core table that keeps each delivery.
DELIVERED = {"rb": "core_rb", "survei": "core_survei", "iph": "core_iph", "iku": "core_iku"}


@dataclass(frozen=True)
class PeriodState:
    period: Period
    # cumulative realisasi at the month before (empty in January); None: that month is not
    # refreshed in this home, so this one cannot be derived
    previous_cumulative: pl.DataFrame | None
    # the latest DIPA delivered earlier in the fiscal year and the load that brought it
    pagu_in_force: tuple[pl.DataFrame, str] | None
    # rows of core_rb / core_survei / core_iph delivered earlier in the same year (with period)
    deliveries: dict[str, pl.DataFrame]
    # (kind, sha256) -> load_id of a load that already brought these exact bytes (reference
    # kinds in any period; monthly kinds for this period)
    known_loads: dict[tuple[str, str], str]
    # IKPA (issue 10): the first DIPA of the year delivered before the period (None: this
    # period's pagu is the first), and the monthly estimates of the earlier months of the year
    pagu_awal: pl.DataFrame | None = None
    ikpa_history: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"kode_satker": pl.String, "bulan": pl.Int64, "penyerapan_nk_bulan": pl.Float64,
                "deviasi_bulan_pct": pl.Float64}))


@dataclass(frozen=True)
class Lineage:
    """The lineage hashes of this period's last refresh and of the month before's."""

    last: str | None
    previous: str | None


def load_lineage(con: duckdb.DuckDBPyConnection, period: Period) -> Lineage:
    """Enough to decide whether a period is unchanged, before reading any file."""
    last = store.last_refresh(con, period.first_day)
    before = store.last_refresh(con, period.previous().first_day) if period.month > 1 else None
    return Lineage(last[0] if last else None, before[0] if before else None)


def load_period_state(con: duckdb.DuckDBPyConnection, period: Period) -> PeriodState:
    """Read everything the period's derivation needs from the working DB, once."""
    if period.month == 1:
        previous = budget.empty_cumulative()
    else:
        previous = store.previous_cumulative(con, period.first_day)
    found = store.pagu_in_force(con, period.first_day)
    deliveries = {kind: store.deliveries(con, table, period.first_day)
                  for kind, table in DELIVERED.items() if kind != "iku"}
    known = store.known_loads(con, period.first_day, REFERENCE_KINDS)
    return PeriodState(period, previous, (found[0], found[1]) if found else None, deliveries, known,
                       pagu_awal=store.pagu_awal(con, period.first_day),
                       ikpa_history=store.ikpa_history(con, period.first_day))
